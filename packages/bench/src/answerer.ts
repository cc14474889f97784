/**
 * `npm run bench:answerer` — answer quality of the extractive answerer on the quickstart
 * pipeline (examples/quickstart-pipeline.ts: PGlite, GloVe, hybrid retrieval, top 4): the
 * answerable and unanswerable questions of answerer-questions.ts, scored as precision on
 * answered questions, recall on answerable ones and abstention on unanswerable ones. Prints a
 * Markdown table for docs/benchmarks.md and every miss.
 *
 *   npm run bench:answerer
 *   npm run bench:answerer -- --min-coverage=0.6   # try another threshold
 */
import { openQuickstart } from '../../../examples/quickstart-pipeline.js';
import { type AnswererScores, evaluateAnswerer } from './answerer-eval.js';
import { HELD_OUT_ANSWERABLE_QUESTIONS, HELD_OUT_UNANSWERABLE_QUESTIONS } from './answerer-questions.js';
import { flag } from './bench-utils.js';

const minCoverage = flag('min-coverage', 'MIN_COVERAGE', '');
const answerer = { maxSentences: 2, ...(minCoverage ? { minCoverage: Number(minCoverage) } : {}) };
const { store, pipeline } = await openQuickstart({ answerer });
const ask = async (question: string) => {
  const result = await pipeline.run({ text: question, query: question });
  return { reply: result.answerer?.replies[0] ?? '', citations: result.answerer?.citations ?? [] };
};
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const count = (scores: AnswererScores, answerable: boolean, correct: boolean) =>
  scores.results.filter((r) => r.answerable === answerable && r.correct === correct).length;

try {
  const sets = [
    ['tuning set', await evaluateAnswerer(ask)],
    [
      'held-out set',
      await evaluateAnswerer(ask, { answerable: HELD_OUT_ANSWERABLE_QUESTIONS, unanswerable: HELD_OUT_UNANSWERABLE_QUESTIONS }),
    ],
  ] as const;
  console.log(`Extractive answerer, options ${JSON.stringify(answerer)}\n`);
  console.log('| Set | Answerable | Recall | Unanswerable | Abstention | Answered | Precision |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, scores] of sets) {
    const answered = scores.results.filter((r) => r.answered).length;
    console.log(
      `| ${name} | ${scores.answerable} | ${pct(scores.recall)} (${count(scores, true, true)}) | ${scores.unanswerable} | ${pct(scores.abstention)} (${count(scores, false, true)}) | ${answered} | ${pct(scores.precision)} |`,
    );
  }
  for (const [name, scores] of sets) {
    const misses = scores.results.filter((r) => !r.correct);
    if (misses.length === 0) continue;
    console.log(`\nMisses (${name}):`);
    for (const m of misses) console.log(`- ${m.answerable ? 'answerable' : 'unanswerable'}: ${m.question}\n    ${m.reply}`);
  }
} finally {
  await store.close();
}
