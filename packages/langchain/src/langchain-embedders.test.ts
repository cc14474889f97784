import { FakeEmbeddings, SyntheticEmbeddings } from '@langchain/core/utils/testing';
import { type Document, PipelineAbortedError, standaloneContext } from '@synapse-rag/core';
import { describe, expect, it } from 'vitest';
import { LangChainInteropError } from './errors.js';
import { LangChainDocumentEmbedder } from './langchain-document-embedder.js';
import { LangChainTextEmbedder } from './langchain-text-embedder.js';

/** SyntheticEmbeddings that records every embedDocuments call. */
class RecordingEmbeddings extends SyntheticEmbeddings {
  calls: string[][] = [];
  override async embedDocuments(texts: string[]): Promise<number[][]> {
    this.calls.push(texts);
    return super.embedDocuments(texts);
  }
}

const docs: Document[] = [
  { id: 'a', content: 'alpha text', meta: { title: 'First' } },
  { id: 'b', content: 'beta text', meta: {} },
  { id: 'c', content: 'gamma text', meta: { title: 'Third' } },
];

describe('LangChainTextEmbedder', () => {
  it('embeds with embedQuery (prefix/suffix applied)', async () => {
    const embeddings = new SyntheticEmbeddings({ vectorSize: 8 });
    const embedder = new LangChainTextEmbedder({ embeddings, prefix: 'query: ' });
    const { embedding, meta } = await embedder.run({ text: 'what is rag' }, standaloneContext('e'));
    expect(embedding).toEqual(await embeddings.embedQuery('query: what is rag'));
    expect(meta).toEqual({ embeddings: 'SyntheticEmbeddings', dimension: 8 });
  });

  it('rejects a broken embedding with LangChainInteropError', async () => {
    class Broken extends FakeEmbeddings {
      override embedQuery(): Promise<number[]> {
        return Promise.resolve([0.1, Number.NaN]);
      }
    }
    await expect(new LangChainTextEmbedder({ embeddings: new Broken() }).run({ text: 'x' })).rejects.toBeInstanceOf(
      LangChainInteropError,
    );
  });

  it('rejects at once when aborted, even though LangChain embeddings take no signal', async () => {
    class Hanging extends FakeEmbeddings {
      override embedQuery(): Promise<number[]> {
        return new Promise(() => {});
      }
    }
    const controller = new AbortController();
    const run = new LangChainTextEmbedder({ embeddings: new Hanging() }).run(
      { text: 'x' },
      standaloneContext('e', controller.signal),
    );
    setTimeout(() => controller.abort(), 10);
    await expect(run).rejects.toBeInstanceOf(PipelineAbortedError);
  });
});

describe('LangChainDocumentEmbedder', () => {
  it('embeds copies in batches with embedDocuments, meta fields included', async () => {
    const embeddings = new RecordingEmbeddings({ vectorSize: 6 });
    const progress: number[] = [];
    const embedder = new LangChainDocumentEmbedder({
      embeddings,
      batchSize: 2,
      metaFieldsToEmbed: ['title'],
      embeddingSeparator: ': ',
      progress: (p) => progress.push(p.done),
    });
    const { documents, meta } = await embedder.run({ documents: docs });
    expect(embeddings.calls).toEqual([['First: alpha text', 'beta text'], ['Third: gamma text']]);
    expect(documents.map((d) => d.id)).toEqual(['a', 'b', 'c']);
    expect(documents[0]?.embedding).toEqual(await embeddings.embedQuery('First: alpha text'));
    expect(docs[0]).not.toHaveProperty('embedding');
    expect(meta).toEqual({ embeddings: 'RecordingEmbeddings', batches: 2, dimension: 6 });
    expect(progress).toEqual([2, 3]);
  });

  it('fails clearly when the embeddings return the wrong number of vectors', async () => {
    class Short extends FakeEmbeddings {
      override embedDocuments(): Promise<number[][]> {
        return Promise.resolve([[1, 2]]);
      }
    }
    await expect(new LangChainDocumentEmbedder({ embeddings: new Short() }).run({ documents: docs })).rejects.toThrow(
      /returned 1 vectors for 3 documents/,
    );
  });
});
