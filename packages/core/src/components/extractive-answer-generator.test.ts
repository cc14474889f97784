import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../component/registry.js';
import type { Document } from '../document.js';
import { InvalidOptionsError } from '../errors.js';
import { ExtractiveAnswerGenerator, type ExtractiveCitation } from './extractive-answer-generator.js';

const docs: Document[] = [
  {
    id: 'france',
    content:
      'France is a country in Western Europe. Paris is the capital and largest city of France. The country is famous for its wine and cheese.',
    meta: {},
    score: 0.82,
  },
  {
    id: 'pgvector',
    content:
      'pgvector is an open-source extension for PostgreSQL. It adds a vector data type and similarity search operators. HNSW and IVFFlat indexes make approximate nearest neighbour queries fast.',
    meta: {},
    score: 0.75,
  },
  {
    id: 'chroma',
    content:
      'Chroma is an embedding database. It stores collections of embeddings with metadata.\n\nChroma runs in memory or as a client-server deployment.',
    meta: {},
    score: 0.4,
  },
];

const citationsOf = (meta: Record<string, unknown>) => meta['citations'] as ExtractiveCitation[];

describe('ExtractiveAnswerGenerator', () => {
  it('picks the sentence that answers the question and cites its document', async () => {
    const g = new ExtractiveAnswerGenerator();
    const { replies, meta } = await g.run({ query: 'What is the capital of France?', documents: docs });
    expect(replies).toHaveLength(1);
    expect(replies[0]!.startsWith('Paris is the capital and largest city of France. [1]')).toBe(true);
    expect(meta[0]).toMatchObject({ model: 'extractive', extractive: true, answered: true });
    const citations = citationsOf(meta[0]!);
    expect(citations[0]).toMatchObject({
      index: 1,
      documentId: 'france',
      sentence: 'Paris is the capital and largest city of France.',
    });
    for (const c of citations) expect(c.documentId).toBe('france');
  });

  it('finds answers in any retrieved document, matching plurals and case', async () => {
    const g = new ExtractiveAnswerGenerator({ maxSentences: 1 });
    const { replies, meta } = await g.run({
      query: 'Which index speeds up nearest neighbour queries in pgvector?',
      documents: docs,
    });
    expect(replies[0]).toBe('HNSW and IVFFlat indexes make approximate nearest neighbour queries fast. [1]');
    expect(citationsOf(meta[0]!)).toEqual([
      expect.objectContaining({ index: 1, documentId: 'pgvector', sentence: expect.stringContaining('HNSW') }),
    ]);
  });

  it('numbers citations per source document and orders sentences best first', async () => {
    // Keywords rather than a question: minCoverage 0 quotes every sentence sharing a term.
    const g = new ExtractiveAnswerGenerator({ maxSentences: 3, minRelativeScore: 0, minCoverage: 0 });
    const { replies, meta } = await g.run({ query: 'embeddings database and vector similarity search', documents: docs });
    const citations = citationsOf(meta[0]!);
    expect(citations.length).toBeGreaterThanOrEqual(2);
    const byDoc = new Map<string, number>();
    for (const c of citations) {
      if (byDoc.has(c.documentId)) expect(c.index).toBe(byDoc.get(c.documentId));
      else byDoc.set(c.documentId, c.index);
      expect(replies[0]).toContain(`${c.sentence} [${c.index}]`);
    }
    expect([...byDoc.values()]).toEqual([...byDoc.values()].map((_, i) => i + 1));
    for (let i = 1; i < citations.length; i++) expect(citations[i - 1]!.score).toBeGreaterThanOrEqual(citations[i]!.score);
    expect(new Set(citations.map((c) => c.documentId))).toEqual(new Set(['chroma', 'pgvector']));
  });

  it('uses the retrieval rank to break ties between equally matching sentences', async () => {
    const same = (id: string, score: number): Document => ({
      id,
      content: 'Redis is an in-memory key value store.',
      meta: {},
      score,
    });
    const g = new ExtractiveAnswerGenerator({ maxSentences: 1 });
    const a = await g.run({ query: 'What is Redis?', documents: [same('low', 0.1), same('high', 0.9)] });
    expect(citationsOf(a.meta[0]!)[0]!.documentId).toBe('high');
    const noScores = [
      { id: 'first', content: 'Redis is an in-memory key value store.', meta: {} },
      { id: 'second', content: 'Redis is an in-memory key value store.', meta: {} },
    ];
    const b = await g.run({ query: 'What is Redis?', documents: noScores });
    expect(citationsOf(b.meta[0]!)[0]!.documentId).toBe('first');
  });

  it('skips duplicate sentences from overlapping chunks', async () => {
    const g = new ExtractiveAnswerGenerator({ minRelativeScore: 0 });
    const { meta } = await g.run({
      query: 'capital of France',
      documents: [
        { id: 'chunk-1', content: 'Paris is the capital of France.', meta: {} },
        { id: 'chunk-2', content: 'Paris is the capital of France. Lyon is a city in France.', meta: {} },
      ],
    });
    const sentences = citationsOf(meta[0]!).map((c) => c.sentence);
    expect(sentences.filter((s) => s === 'Paris is the capital of France.')).toHaveLength(1);
  });

  it('respects maxSentences, minScore and minRelativeScore', async () => {
    const query = 'Chroma embedding database collections deployment';
    const loose = { minCoverage: 0 };
    const all = await new ExtractiveAnswerGenerator({ ...loose, maxSentences: 10, minRelativeScore: 0 }).run({
      query,
      documents: docs,
    });
    const scores = citationsOf(all.meta[0]!).map((c) => c.score);
    expect(scores.length).toBe(3);
    for (const s of scores) {
      expect(s).toBeGreaterThan(0);
      expect(s).toBeLessThanOrEqual(1);
    }
    const two = await new ExtractiveAnswerGenerator({ ...loose, maxSentences: 2, minRelativeScore: 0 }).run({
      query,
      documents: docs,
    });
    expect(citationsOf(two.meta[0]!)).toHaveLength(2);
    const threshold = (scores[1]! + scores[2]!) / 2;
    const strict = await new ExtractiveAnswerGenerator({
      ...loose,
      maxSentences: 10,
      minRelativeScore: 0,
      minScore: threshold,
    }).run({
      query,
      documents: docs,
    });
    expect(citationsOf(strict.meta[0]!)).toHaveLength(2);
    const relative = await new ExtractiveAnswerGenerator({ ...loose, maxSentences: 10, minRelativeScore: 1 }).run({
      query,
      documents: docs,
    });
    expect(citationsOf(relative.meta[0]!).map((c) => c.score)).toEqual([scores[0]]);
  });

  it('says clearly when no document answers the question', async () => {
    const g = new ExtractiveAnswerGenerator();
    const none = await g.run({ query: 'How tall is Mount Everest?', documents: docs });
    expect(none.replies).toEqual([
      'No answer found in the 3 retrieved documents: none of them mentions the terms of the question "How tall is Mount Everest?".',
    ]);
    expect(none.meta).toEqual([{ model: 'extractive', extractive: true, answered: false, coverage: 0, citations: [] }]);
    expect(none.citations).toEqual([]);
    const empty = await g.run({ query: 'capital of France', documents: [] });
    expect(empty.replies[0]).toBe('No answer found: no documents were retrieved for the question "capital of France".');
    const blank = await g.run({ query: '  ', documents: docs });
    expect(blank.replies[0]).toBe('No answer found: the question is empty.');
  });

  it('falls back to all query words when the query has only stop words', async () => {
    const g = new ExtractiveAnswerGenerator({ maxSentences: 1 });
    const { meta } = await g.run({
      query: 'Who are they?',
      documents: [{ id: 'x', content: 'They are the Beatles. Nobody knows.', meta: {} }],
    });
    expect(citationsOf(meta[0]!)[0]!.sentence).toBe('They are the Beatles.');
  });

  const capitals: Document[] = [
    { id: 'berlin', content: 'Berlin is the capital of Germany and its most populous city.', meta: {}, score: 0.5 },
    {
      id: 'paris',
      content: 'Paris is the capital and largest city of France. It sits on the Seine river.',
      meta: {},
      score: 0.49,
    },
    {
      id: 'madrid',
      content: 'Madrid is the capital of Spain. The city is home to the Prado, one of the great art museums.',
      meta: {},
      score: 0.48,
    },
    { id: 'rome', content: 'Rome was founded according to legend in 753 BC.', meta: {}, score: 0.47 },
  ];

  it('abstains when no sentence covers the key terms of the question, naming the missing ones', async () => {
    const g = new ExtractiveAnswerGenerator({ maxSentences: 2 });
    const japan = await g.run({ query: 'What is the capital of Japan?', documents: capitals });
    expect(japan.replies).toEqual([
      'No answer found in the 4 retrieved documents: no passage covers the question "What is the capital of Japan?" (none mentions "Japan" with the rest).',
    ]);
    expect(japan.citations).toEqual([]);
    expect(japan.meta[0]).toMatchObject({ answered: false });
    expect(japan.meta[0]!['coverage']).toBeGreaterThan(0);
    expect(japan.meta[0]!['coverage']).toBeLessThan(0.7);
    // minCoverage 0 without requireNames: any shared word qualifies again (the former behavior).
    const loose = await new ExtractiveAnswerGenerator({ maxSentences: 2, minCoverage: 0, requireNames: false }).run({
      query: 'What is the capital of Japan?',
      documents: capitals,
    });
    expect(loose.citations.length).toBeGreaterThan(0);
  });

  it('requires the names of the question in the quoted sentence or its document', async () => {
    const g = new ExtractiveAnswerGenerator();
    const founded = await g.run({ query: 'Who founded Berlin?', documents: capitals });
    expect(founded.citations).toEqual([]);
    const rome = await g.run({ query: 'Who founded Rome?', documents: capitals });
    expect(rome.replies).toEqual(['Rome was founded according to legend in 753 BC. [1]']);
    const relaxed = await new ExtractiveAnswerGenerator({ requireNames: false, minCoverage: 0.5 }).run({
      query: 'Who founded Berlin?',
      documents: capitals,
    });
    expect(relaxed.citations.length).toBeGreaterThan(0);
  });

  it('quotes one passage, not unrelated second sentences', async () => {
    const g = new ExtractiveAnswerGenerator({ maxSentences: 3 });
    const france = await g.run({ query: 'What is the capital of France?', documents: [...docs, ...capitals] });
    expect(france.replies).toEqual(['Paris is the capital and largest city of France. [1]']);
    const spain = await g.run({ query: 'What is the capital of Spain?', documents: capitals });
    expect(spain.replies).toEqual(['Madrid is the capital of Spain. [1]']);
  });

  it('quotes the neighbouring sentence a passage needs to answer', async () => {
    const g = new ExtractiveAnswerGenerator({ maxSentences: 2 });
    const home = await g.run({ query: 'What is Madrid home to?', documents: capitals });
    expect(home.replies).toEqual([
      'Madrid is the capital of Spain. The city is home to the Prado, one of the great art museums. [1]',
    ]);
    const river = await g.run({ query: 'Which river does Paris sit on?', documents: capitals });
    expect(river.replies).toEqual(['Paris is the capital and largest city of France. It sits on the Seine river. [1]']);
    expect(river.citations).toHaveLength(1);
    // With room for one sentence only, the sentence that covers the question is quoted alone.
    const one = await new ExtractiveAnswerGenerator({ maxSentences: 1 }).run({
      query: 'Which river does Paris sit on?',
      documents: capitals,
    });
    expect(one.replies).toEqual(['It sits on the Seine river. [1]']);
  });

  it('counts terms of the same document at contextWeight', async () => {
    const query = 'Which index speeds up nearest neighbour queries in pgvector?';
    const withContext = await new ExtractiveAnswerGenerator().run({ query, documents: docs });
    expect(withContext.citations.map((c) => c.documentId)).toEqual(['pgvector']);
    const sentenceOnly = await new ExtractiveAnswerGenerator({ contextWeight: 0 }).run({ query, documents: docs });
    expect(sentenceOnly.citations).toEqual([]);
  });

  it('answers "when / how many" questions only with a sentence stating a number', async () => {
    const g = new ExtractiveAnswerGenerator();
    const when = await g.run({ query: 'When did Madrid become the capital of Spain?', documents: capitals });
    expect(when.replies).toEqual([
      'No answer found in the 4 retrieved documents: the passages about the question "When did Madrid become the capital of Spain?" state no date or number.',
    ]);
    const founded = await g.run({ query: 'When was Rome founded?', documents: capitals });
    expect(founded.replies[0]).toContain('753 BC');
    const unchecked = await new ExtractiveAnswerGenerator({ checkAnswerType: false }).run({
      query: 'When did Madrid become the capital of Spain?',
      documents: capitals,
    });
    expect(unchecked.replies).toEqual(['Madrid is the capital of Spain. [1]']);
  });

  it('outputs typed citations with the title, source or first words of each document', async () => {
    const g = new ExtractiveAnswerGenerator({ snippetWords: 4 });
    const documents: Document[] = [
      { id: 'a', content: 'Paris is the capital of France.', meta: { title: 'France', file_path: 'docs/france.md' } },
      { id: 'b', content: 'Paris is the capital and largest city of France.', meta: { url: 'https://example.org/paris' } },
    ];
    const { citations, meta } = await g.run({ query: 'What is the capital of France?', documents });
    expect(citations).toEqual([
      {
        index: 1,
        documentId: 'a',
        sentence: 'Paris is the capital of France.',
        score: expect.any(Number),
        title: 'France',
        source: 'docs/france.md',
        snippet: 'Paris is the capital…',
      },
      {
        index: 2,
        documentId: 'b',
        sentence: 'Paris is the capital and largest city of France.',
        score: expect.any(Number),
        source: 'https://example.org/paris',
        snippet: 'Paris is the capital…',
      },
    ]);
    expect(meta[0]!['citations']).toEqual(citations);
    const nested = await new ExtractiveAnswerGenerator({ titleFields: ['doc.heading'], sourceFields: [] }).run({
      query: 'capital of France',
      documents: [{ id: 'c', content: 'Paris is the capital of France.', meta: { doc: { heading: 'Paris' } } }],
    });
    expect(nested.citations[0]).toMatchObject({ title: 'Paris', snippet: 'Paris is the capital of France.' });
    expect(nested.citations[0]).not.toHaveProperty('source');
    expect(() => new ExtractiveAnswerGenerator({ snippetWords: 0 })).toThrow(/snippetWords/);
  });

  it('does not mutate its inputs', async () => {
    const snapshot = structuredClone(docs);
    await new ExtractiveAnswerGenerator().run({ query: 'capital of France', documents: docs });
    expect(docs).toEqual(snapshot);
  });

  it('rejects bad options and inputs', async () => {
    expect(() => new ExtractiveAnswerGenerator({ maxSentences: 0 })).toThrow(InvalidOptionsError);
    expect(() => new ExtractiveAnswerGenerator({ minScore: 2 })).toThrow(/minScore/);
    expect(() => new ExtractiveAnswerGenerator({ retrievalWeight: -0.1 })).toThrow(/retrievalWeight/);
    expect(() => new ExtractiveAnswerGenerator({ maxSentenceLength: 5 })).toThrow(/maxSentenceLength/);
    const g = new ExtractiveAnswerGenerator();
    await expect(g.run({ query: 42 as never, documents: docs })).rejects.toThrow(/query must be a string, got number/);
    await expect(g.run({ query: 'q', documents: null as never })).rejects.toThrow(/documents must be an array/);
  });

  it('round-trips through the registry', async () => {
    const g = new ExtractiveAnswerGenerator({ maxSentences: 2, minScore: 0.1, retrievalWeight: 0.2 });
    const json = g.toJSON();
    expect(json).toEqual({
      type: 'core.ExtractiveAnswerGenerator',
      options: {
        maxSentences: 2,
        minCoverage: 0.7,
        contextWeight: 0.5,
        requireNames: true,
        checkAnswerType: true,
        minScore: 0.1,
        minRelativeScore: 0.5,
        retrievalWeight: 0.2,
        maxSentenceLength: 500,
        titleFields: ['title', 'name'],
        sourceFields: ['source', 'file_path', 'path', 'url'],
        snippetWords: 8,
      },
    });
    const copy = defaultRegistry.createComponent(JSON.parse(JSON.stringify(json)));
    expect(copy).toBeInstanceOf(ExtractiveAnswerGenerator);
    const inputs = { query: 'What is pgvector?', documents: docs };
    expect(await copy.run(inputs, undefined as never)).toEqual(await g.run(inputs));
  });
});
