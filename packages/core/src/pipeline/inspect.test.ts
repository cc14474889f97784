import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readmePipeline } from '../../test/readme-pipeline.js';
import { DocumentJoiner } from '../components/document-joiner.js';
import { InMemoryDocumentStore } from '../store/in-memory-document-store.js';
import { describePipeline } from './inspect.js';
import { Pipeline } from './pipeline.js';

const store = new InMemoryDocumentStore();

const README_SUMMARY = `Pipeline (3 components, 2 connections)
  components:
    vector   core.InMemoryEmbeddingRetriever
    keyword  core.InMemoryBM25Retriever
    joiner   core.DocumentJoiner
  connections:
    vector.documents → joiner.documents  Document[]
    keyword.documents → joiner.documents  Document[]
  inputs:
    vector.queryEmbedding: number[]
    vector.filters?: Filter
    vector.topK?: number
    keyword.query: string
    keyword.filters?: Filter
    keyword.topK?: number
    joiner.topK?: number
  outputs:
    joiner.documents: Document[]`;

describe('Pipeline in the REPL (util.inspect)', () => {
  it('prints components with types, connections, open inputs and outputs instead of private fields', () => {
    const pipeline = readmePipeline(store);
    expect(describePipeline(pipeline)).toBe(README_SUMMARY);
    expect(inspect(pipeline)).toBe(README_SUMMARY);
    expect(inspect({ pipeline })).toContain('core.DocumentJoiner');
    expect(inspect(pipeline)).not.toContain('compiled');
    expect(inspect(pipeline)).not.toContain('warming');
  });

  it('summarizes an empty pipeline and marks variadic inputs', () => {
    expect(inspect(new Pipeline())).toBe('Pipeline (0 components, 0 connections)');
    const one = new Pipeline().addComponent('joiner', new DocumentJoiner());
    expect(inspect(one)).toBe(
      [
        'Pipeline (1 component, 0 connections)',
        '  components:',
        '    joiner  core.DocumentJoiner',
        '  inputs:',
        '    joiner.documents: Document[] (variadic)',
        '    joiner.topK?: number',
        '  outputs:',
        '    joiner.documents: Document[]',
      ].join('\n'),
    );
  });
});
