import { Command } from 'commander';
import { integerArgument } from '../integer-argument.js';
import type { AskResult } from '../query/ask.js';
import { parseFilters } from '../query/parse-filters.js';
import { addStoreOptions, resolveStoreSettings, type StoreFlags } from '../store/store-options.js';

interface AskFlags extends StoreFlags {
  topK: number;
  filter?: string[];
  showPrompt?: boolean;
  explain?: boolean;
  json?: boolean;
}

const fmt = (n: number | null, digits = 3) => (n === null ? '—' : n.toFixed(digits));

/** The answer as printed for people. */
export function formatAnswer(r: AskResult): string {
  const lines = [`Question: ${r.question}`, ''];
  const kind = r.generator === 'extractive' ? 'extractive — quoted from the documents, no LLM' : r.generator;
  lines.push(`Answer (${kind}):`, `  ${r.answer.replace(/\n/g, '\n  ')}`, '');
  if (r.sources.length > 0) {
    lines.push('Sources:');
    for (const s of r.sources) {
      const label = [s.path ?? s.id, s.title ? `"${s.title}"` : undefined].filter(Boolean).join(' — ');
      lines.push(`  [${s.n}] ${label}  (score ${fmt(s.score)})`);
    }
    lines.push('');
  }
  if (r.prompt !== undefined) lines.push('Prompt:', r.prompt, '');
  if (r.explain) {
    const e = r.explain;
    lines.push(`Explain (${r.path} path; rank/score per stage, rank 1 = best, — = not returned):`);
    for (const [i, d] of e.documents.entries()) {
      const stages = e.stages.map((s) => `${s} ${d.stages[s]?.rank ?? '—'}/${fmt(d.stages[s]?.score ?? null)}`).join(', ');
      lines.push(`  ${i + 1}. ${d.path ?? d.id}: ${stages}`);
    }
    lines.push(`Timings: ${e.timings.map((t) => `${t.component} ${t.ms.toFixed(1)} ms`).join(', ')}`, '');
  }
  lines.push(`Answered in ${r.elapsedMs.toFixed(0)} ms (${r.path} path, ${r.documents.length} documents to the answerer).`);
  return lines.join('\n');
}

const topKArgument = integerArgument(1, 100, 'an integer from 1 to 100');

/** `synapse ask "<question>"`. */
export function askCommand(): Command {
  const cmd = new Command('ask')
    .description(
      'Answer a question from the indexed documents, citing each source by path ([n]); the FF_* flags pick the query path.',
    )
    .argument('<question...>', 'the question (quote it, or give it as several words)')
    .option('--top-k <n>', 'documents handed to the answerer', topKArgument, 5)
    .option('--filter <key=value>', 'only documents whose meta.key equals value (repeatable; AND)', (v, all: string[] = []) => [
      ...all,
      v,
    ])
    .option('--show-prompt', 'print the prompt built for the generator')
    .option(
      '--explain',
      "each source's rank and score per retriever, after fusion and after reranking, and per-component timings",
    )
    .option('--json', 'print { answer, sources: [{ n, id, score, path, meta }], … } as JSON');
  addStoreOptions(cmd).action(async (words: string[], flags: AskFlags) => {
    const question = words.join(' ').trim();
    const settings = resolveStoreSettings(flags);
    const filters = parseFilters(flags.filter);
    const { openAsk } = await import('../query/open-ask.js');
    const { ask } = await import('../query/ask.js');
    const session = await openAsk(settings, { topK: flags.topK });
    try {
      for (const notice of session.notices) process.stderr.write(`${notice}\n`);
      const result = await ask(session.pipeline, question, session.deps, {
        ...(filters ? { filters } : {}),
        showPrompt: Boolean(flags.showPrompt),
        explain: Boolean(flags.explain),
      });
      process.stdout.write(flags.json ? `${JSON.stringify(result)}\n` : `${formatAnswer(result)}\n`);
    } finally {
      await session.close();
    }
  });
  return cmd;
}
