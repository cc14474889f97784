import {
  type AnyComponent,
  CsvToDocument,
  DocumentCleaner,
  DocumentJoiner,
  DocumentSplitter,
  type DocumentSplitterOptions,
  type DocumentStore,
  DocumentWriter,
  FileTypeRouter,
  HtmlToDocument,
  JsonToDocument,
  MarkdownToDocument,
  PdfToDocument,
  Pipeline,
  TextFileToDocument,
} from '@synapse-rag/core';

/** What {@link indexingPipeline} is built from. */
export interface IndexingPipelineDeps {
  /** `documents` → `documents` with embeddings (see `documentEmbedderFor`). */
  documentEmbedder: AnyComponent;
  /** Where the chunks go (policy `overwrite`: a re-indexed chunk replaces its old copy). */
  store: DocumentStore;
  /**
   * How documents are cut into chunks.
   * @default INDEX_SPLITTER (about 120 words, whole sentences, about 20 words of overlap)
   */
  splitter?: DocumentSplitterOptions;
  /**
   * `files`: byte streams in (`router.sources`); `documents`: ready documents in
   * (`embedder.documents`, ids kept), as `synapse serve`'s `POST /index` sends them. @default "files"
   */
  from?: 'files' | 'documents';
  /** With `from: "documents"`: clean and split them first (`documents` enter at `cleaner`). @default false */
  split?: boolean;
}

const writer = (store: DocumentStore) => new DocumentWriter({ store, policy: 'overwrite' });

/**
 * Chunking of `synapse index`: whole sentences up to 120 words with about 20 words of overlap.
 * Chosen on the quickstart corpus with `npm run bench:quickstart` (docs/benchmarks.md).
 */
export const INDEX_SPLITTER: DocumentSplitterOptions = {
  splitBy: 'word',
  splitLength: 120,
  splitOverlap: 20,
  respectSentenceBoundary: true,
};

/** The converters of `synapse index`, by the router output that feeds them. */
export const INDEX_CONVERTERS = {
  markdown: { mimeType: 'text/markdown', create: () => new MarkdownToDocument() },
  html: { mimeType: 'text/html', create: () => new HtmlToDocument() },
  pdf: { mimeType: 'application/pdf', create: () => new PdfToDocument() },
  // One document per row / record, the whole record as `field: value` lines (layout unknown).
  csv: { mimeType: 'text/csv', create: () => new CsvToDocument() },
  json: { mimeType: 'application/json', create: () => new JsonToDocument() },
  jsonl: { mimeType: 'application/x-ndjson', create: () => new JsonToDocument({ jsonLines: true }) },
  // Everything else is read as UTF-8 text; binary files fail decoding and are reported.
  text: { mimeType: 'unclassified', create: () => new TextFileToDocument() },
} as const;

/** Component names of the converters, whose `failures` `synapse index` reports. */
export const CONVERTER_NAMES = Object.keys(INDEX_CONVERTERS) as Array<keyof typeof INDEX_CONVERTERS>;

/**
 * The indexing pipeline of `synapse index`: `{ data, meta }` byte streams → FileTypeRouter →
 * the converter of each type (Markdown, HTML, PDF, CSV and JSON rows, else text) → joiner → cleaner → splitter →
 * embedder → writer. Run it with `{ router: { sources } }` and
 * `includeOutputsFrom: [...CONVERTER_NAMES, 'embedder']` to learn which files failed and which
 * chunk ids each file produced (`meta.file_path`).
 */
export function indexingPipeline(deps: IndexingPipelineDeps): Pipeline {
  if (deps.from === 'documents' && deps.split) {
    return addChunkingTail(new Pipeline({ metadata: { name: 'synapse index (text)' } }), deps);
  }
  if (deps.from === 'documents') {
    return new Pipeline({ metadata: { name: 'synapse index (documents)' } })
      .addComponent('embedder', deps.documentEmbedder)
      .addComponent('writer', writer(deps.store))
      .connect('embedder.documents', 'writer.documents');
  }
  const mimeTypes = Object.values(INDEX_CONVERTERS)
    .map((c) => c.mimeType)
    .filter((m) => m !== 'unclassified');
  // Built statement by statement, so typed as the untyped Pipeline (names checked when connecting).
  const pipeline: Pipeline = new Pipeline({ metadata: { name: 'synapse index' } });
  pipeline.addComponent('router', new FileTypeRouter({ mimeTypes }));
  pipeline.addComponent('joiner', new DocumentJoiner());
  for (const name of CONVERTER_NAMES) {
    const { mimeType, create } = INDEX_CONVERTERS[name];
    pipeline.addComponent(name, create());
    pipeline.connect(`router.${mimeType}`, `${name}.sources`);
    pipeline.connect(`${name}.documents`, 'joiner.documents');
  }
  return addChunkingTail(pipeline, deps, 'joiner.documents');
}

/**
 * Adds the tail both chunking pipelines share, cleaner → splitter → embedder → writer, fed from
 * the `feed` output socket when given (else `documents` enter at `cleaner`).
 */
function addChunkingTail(pipeline: Pipeline, deps: IndexingPipelineDeps, feed?: string): Pipeline {
  pipeline.addComponent('cleaner', new DocumentCleaner());
  pipeline.addComponent('splitter', new DocumentSplitter(deps.splitter ?? INDEX_SPLITTER));
  pipeline.addComponent('embedder', deps.documentEmbedder);
  pipeline.addComponent('writer', writer(deps.store));
  if (feed !== undefined) pipeline.connect(feed, 'cleaner.documents');
  pipeline.connect('cleaner.documents', 'splitter.documents');
  pipeline.connect('splitter.documents', 'embedder.documents');
  pipeline.connect('embedder.documents', 'writer.documents');
  return pipeline;
}
