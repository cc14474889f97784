/**
 * Index your own folder, then ask it a question — offline, on the embedded default store
 * (PGlite + pgvector) with the shipped GloVe embedder.
 *
 * Indexing is a pipeline too (Haystack's shape): route files by type → convert (Markdown, HTML,
 * PDF, else text) → join → clean → split into chunks → embed → write.
 *
 *   npx tsx --conditions=source examples/index-your-folder.ts                 # indexes ./docs
 *   npx tsx --conditions=source examples/index-your-folder.ts ~/notes "How do I back up?"
 *   npx tsx --conditions=source examples/index-your-folder.ts --data-dir .synapse/notes ~/notes
 *   npx tsx --conditions=source examples/index-your-folder.ts --ext md,html,pdf,txt ./folder
 *
 * With `--data-dir` the store persists; re-running writes nothing new (same content → same id →
 * `skip`). `synapse index` (the CLI) builds the same pipeline and also skips unchanged files
 * before converting them.
 */
import { readdir } from 'node:fs/promises';
import { extname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DocumentCleaner,
  DocumentJoiner,
  DocumentSplitter,
  DocumentWriter,
  FileTypeRouter,
  HtmlToDocument,
  MarkdownToDocument,
  PdfToDocument,
  Pipeline,
  TextFileToDocument,
} from '@synapse-rag/core';
import { PgvectorDocumentStore, PgvectorHybridRetriever } from '@synapse-rag/pgvector';
import { TransformersDocumentEmbedder, TransformersTextEmbedder } from '@synapse-rag/transformers';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'data-dir': { type: 'string' },
    ext: { type: 'string', default: 'md,html,pdf,txt' },
    'top-k': { type: 'string', default: '3' },
  },
});
const folder = resolve(positionals[0] ?? 'docs');
const question = positionals.slice(1).join(' ').trim() || 'How do I write a component?';
const extensions = new Set(values.ext.split(',').map((e) => `.${e.trim().replace(/^\./, '')}`));

/** Every file under `dir` with one of the extensions (hidden folders and node_modules skipped). */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && extensions.has(extname(e.name).toLowerCase()))
    .map((e) => join(e.parentPath, e.name))
    .filter((path) => !/(^|[/\\])(\.|node_modules[/\\])/.test(relative(dir, path)))
    .sort();
}

const store = new PgvectorDocumentStore({
  ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
  tableName: 'folder_documents',
  embeddingDimension: 100, // the shipped GloVe embedder's dimension
});

// 1. The indexing pipeline. The router sends each file to its converter (only converters with
//    files run); the joiner gathers their documents. `skip`: a chunk already stored (same content →
//    same id) is left alone.
const indexingPipeline = new Pipeline({ metadata: { name: 'index-your-folder' } })
  .addComponent('router', new FileTypeRouter({ mimeTypes: ['text/markdown', 'text/html', 'application/pdf'] }))
  .addComponent('markdown', new MarkdownToDocument())
  .addComponent('html', new HtmlToDocument())
  .addComponent('pdf', new PdfToDocument())
  .addComponent('text', new TextFileToDocument())
  .addComponent('joiner', new DocumentJoiner())
  .addComponent('cleaner', new DocumentCleaner())
  .addComponent(
    'splitter',
    new DocumentSplitter({ splitBy: 'word', splitLength: 120, splitOverlap: 20, respectSentenceBoundary: true }),
  )
  .addComponent('embedder', new TransformersDocumentEmbedder({ metaFieldsToEmbed: ['title'] }))
  .addComponent('writer', new DocumentWriter({ store, policy: 'skip' }))
  .connect('router.text/markdown', 'markdown.sources')
  .connect('router.text/html', 'html.sources')
  .connect('router.application/pdf', 'pdf.sources')
  .connect('router.unclassified', 'text.sources')
  .connect('markdown.documents', 'joiner.documents')
  .connect('html.documents', 'joiner.documents')
  .connect('pdf.documents', 'joiner.documents')
  .connect('text.documents', 'joiner.documents')
  .connect('joiner.documents', 'cleaner.documents')
  .connect('cleaner.documents', 'splitter.documents')
  .connect('splitter.documents', 'embedder.documents')
  .connect('embedder.documents', 'writer.documents');

const files = await listFiles(folder);
if (files.length === 0) {
  console.log(`No ${[...extensions].join(' / ')} files under ${folder}. Pass a folder (and --ext).`);
  await store.close();
  process.exit(0);
}
const t0 = performance.now();
const indexed = await indexingPipeline.run(
  { router: { sources: files } },
  { includeOutputsFrom: ['markdown', 'html', 'pdf', 'text', 'splitter'] },
);
const converters = [indexed.markdown, indexed.html, indexed.pdf, indexed.text];
const failures = converters.flatMap((c) => c?.failures ?? []);
const chunks = indexed.splitter?.documents?.length ?? 0;
console.log(
  `Indexed ${files.length} files from ${folder} (${chunks} chunks): ${indexed.writer?.documentsWritten ?? 0} new chunks written, ` +
    `${failures.length} unreadable, ${await store.countDocuments()} in the store (${(performance.now() - t0).toFixed(0)} ms).`,
);
for (const f of failures) console.log(`  skipped ${f.source}: ${f.error}`);

// 2. The query pipeline: embed the question → hybrid retrieval (vector + full text, one SQL query).
const queryPipeline = new Pipeline()
  .addComponent('embedder', new TransformersTextEmbedder())
  .addComponent('retriever', new PgvectorHybridRetriever({ documentStore: store, topK: Number(values['top-k']) }))
  .connect('embedder.embedding', 'retriever.queryEmbedding');

const result = await queryPipeline.run({ text: question, query: question });
console.log(`\nQuestion: ${question}`);
for (const [i, d] of result.retriever.documents.entries()) {
  const firstLine = d.content.split('\n')[0]?.slice(0, 70) ?? '';
  console.log(`  ${i + 1}. ${d.score?.toFixed(3)}  ${String(d.meta.file_path)}  — ${firstLine}`);
}
await store.close();
