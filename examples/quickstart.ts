/**
 * Synapse RAG quickstart — runs fully offline on the embedded default. It indexes the shipped
 * PostgreSQL 15 documentation subset (332 HTML pages, examples/data/postgresql-docs, PostgreSQL
 * License) into PGlite in `.synapse/` and answers a question with numbered sources:
 *
 *   npm start                                                  # asks the default question
 *   npm start -- "How do I load a CSV file into a table?"      # your question
 *   npm start -- --explain "..."                               # each source's rank per retriever, timings
 *   npm start -- --pglite-dir /tmp/pg "..."                    # keep the index somewhere else
 *
 * It is exactly `synapse index` then `synapse ask` (the `@synapse-rag/cli` program, run in this
 * process): HTML → text (boilerplate removed) → cleaner → splitter → the shipped GloVe embedder →
 * pgvector in PGlite; then vector + keyword retrieval fused with RRF → the extractive answerer
 * (no LLM: it quotes the best sentences and cites their pages). With Ollama running and its
 * models pulled, the same commands use mxbai-embed-large and an Ollama LLM instead.
 *
 * The first run converts and indexes the corpus; re-runs skip every unchanged page (content hash)
 * and answer in seconds. `examples/small-corpus.ts` builds the same kind of pipeline by hand with
 * the library API over a 24-document sample corpus.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildProgram } from '@synapse-rag/cli';

const corpus = fileURLToPath(new URL('data/postgresql-docs', import.meta.url));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'pglite-dir': { type: 'string', default: '.synapse/' },
    explain: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const question = positionals.join(' ').trim() || 'How do I build an index without blocking writes to the table?';
// Its own table, so `synapse index ~/notes` into the default table does not mix with the docs.
const store = ['--pglite-dir', values['pglite-dir'], '--table', 'postgresql_docs'];

const run = async (args: string[]) => {
  process.exitCode = 0;
  await buildProgram().parseAsync(args, { from: 'user' });
  if (process.exitCode !== 0) process.exit(process.exitCode);
};

console.log(`$ synapse index 'examples/data/postgresql-docs/*.html' ${store.join(' ')}`);
await run(['index', `${corpus}/*.html`, ...store]);
console.log(`\n$ synapse ask ${store.join(' ')} "${question}"\n`);
await run(['ask', question, ...store, ...(values.explain ? ['--explain'] : []), ...(values.json ? ['--json'] : [])]);
