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
import { evaluateAnswerer } from './answerer-eval.js';
import { flag } from './bench-utils.js';

const minCoverage = flag('min-coverage', 'MIN_COVERAGE', '');
const answerer = { maxSentences: 2, ...(minCoverage ? { minCoverage: Number(minCoverage) } : {}) };
const { store, pipeline } = await openQuickstart({ answerer });
try {
  const scores = await evaluateAnswerer(async (question) => {
    const result = await pipeline.run({ text: question, query: question });
    return { reply: result.answerer?.replies[0] ?? '', citations: result.answerer?.citations ?? [] };
  });
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const right = scores.results.filter((r) => r.answerable && r.correct).length;
  const abstained = scores.results.filter((r) => !r.answerable && r.correct).length;
  const answered = scores.results.filter((r) => r.answered).length;
  const wrong = answered - right;
  console.log(`Extractive answerer, options ${JSON.stringify(answerer)}\n`);
  console.log('| Questions | Count | Measure | Value |');
  console.log('| --- | ---: | --- | ---: |');
  console.log(`| answerable | ${scores.answerable} | recall (answered right) | ${pct(scores.recall)} (${right}) |`);
  console.log(`| unanswerable | ${scores.unanswerable} | abstention | ${pct(scores.abstention)} (${abstained}) |`);
  console.log(`| all answered | ${answered} | precision | ${pct(scores.precision)} (${wrong} wrong) |`);
  console.log(`| right answers | ${right} | quoting 2 passages | ${scores.multiPassage} |`);
  const misses = scores.results.filter((r) => !r.correct);
  if (misses.length > 0) {
    console.log('\nMisses:');
    for (const m of misses) console.log(`- ${m.answerable ? 'answerable' : 'unanswerable'}: ${m.question}\n    ${m.reply}`);
  }
} finally {
  await store.close();
}
