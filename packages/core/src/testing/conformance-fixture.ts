import type { Document, Meta } from '../document.js';

/**
 * Meta of the filter fixture corpus. Every field deliberately mixes kinds so that each operator
 * meets numbers (0, negatives, floats), strings (case, whitespace, unicode, numeric-looking),
 * booleans, null, missing fields, lists, objects and ISO dates with and without offsets.
 *
 * Instants of `meta.date` (UTC), ascending:
 * doc-15 2023-06-01T02:30 < doc-04 2023-12-31T00:00 < doc-02 2023-12-31T22:00 < doc-03 2023-12-31T23:00
 * < doc-01 = doc-09 = doc-13 = doc-16 2024-01-01T00:00 < doc-14 2024-02-29 < doc-05 2024-06-15T12:30:00.5
 * < doc-10 2025-03-01T15:00. doc-06 holds the non-date string "not a date".
 *
 * `meta.due`: doc-01 "2023-03-01", doc-09 "2024-02-29T12:00:00Z" (a leap day) and doc-06
 * "2023-02-29", which matches the ISO pattern but is not a real day: it must never match an
 * ordering comparison, and must not make the query fail (SQL casts reject it).
 */
const FIXTURE: ReadonlyArray<{ id: string; content: string; meta: Meta }> = [
  {
    id: 'doc-01',
    content: 'The quick brown fox jumps over the lazy dog',
    meta: {
      year: 2020,
      rating: 4.5,
      published: true,
      category: 'news',
      date: '2024-01-01T00:00:00Z',
      author: { name: 'Alice', country: 'fr' },
      tags: ['animals', 'fast'],
      code: 1,
      lang: 'en',
      due: '2023-03-01',
    },
  },
  {
    id: 'doc-02',
    content: 'Lazy dogs sleep all day',
    meta: {
      year: 2021,
      rating: 3,
      published: false,
      category: 'blog',
      date: '2024-01-01T00:00:00+02:00',
      author: { name: 'Bob' },
      tags: [],
      code: '1',
      lang: 'en',
    },
  },
  {
    id: 'doc-03',
    content: 'Über die Straße gehen',
    meta: {
      year: 0,
      rating: -1.5,
      published: true,
      category: 'news',
      date: '2023-12-31T23:00:00Z',
      author: { name: 'Ünal' },
      code: 2,
      lang: 'de',
    },
  },
  {
    id: 'doc-04',
    content: '日本語のテキストです',
    meta: { year: -50, rating: 0, category: 'archive', date: '2023-12-31', lang: 'ja', note: null },
  },
  {
    id: 'doc-05',
    content: 'مرحبا بالعالم',
    meta: {
      year: 2020.5,
      rating: 2.25,
      published: false,
      category: 'Blog',
      date: '2024-06-15T12:30:00.500Z',
      author: { name: 'Alice' },
      lang: 'ar',
      note: 'x',
    },
  },
  {
    id: 'doc-06',
    content: 'Rocket launch 🚀 today',
    meta: {
      year: 1999,
      published: true,
      category: 'news',
      date: 'not a date',
      author: 'Alice',
      tags: 'animals',
      code: true,
      lang: '🚀',
      due: '2023-02-29',
    },
  },
  { id: 'doc-07', content: '', meta: {} },
  {
    id: 'doc-08',
    content: 'Null values everywhere',
    meta: {
      year: null,
      rating: null,
      published: null,
      category: null,
      date: null,
      author: null,
      tags: null,
      code: null,
      lang: null,
      note: null,
    },
  },
  {
    id: 'doc-09',
    content: 'Numbers stored as strings',
    meta: {
      year: '2020',
      rating: '4.5',
      published: 'true',
      category: 'news',
      date: '2024-01-01',
      code: 'true',
      lang: 'en',
      due: '2024-02-29T12:00:00Z',
    },
  },
  {
    id: 'doc-10',
    content: 'Deeply nested metadata',
    meta: {
      year: 2022,
      category: 'science',
      author: { name: 'Carol', address: { city: 'Paris' } },
      date: '2025-03-01T10:00:00-05:00',
      tags: ['science', 'animals'],
      lang: 'fr',
    },
  },
  {
    id: 'doc-11',
    content: 'List valued metadata',
    meta: { year: [2020, 2021], rating: 5, category: ['news', 'blog'], author: { name: ['Alice'] }, tags: ['fast'] },
  },
  {
    id: 'doc-12',
    content: 'Object valued metadata',
    meta: { year: { value: 2020 }, rating: 0.001, category: { name: 'news' }, author: { name: null } },
  },
  {
    id: 'doc-13',
    content: 'Offsets make equal instants',
    meta: { year: 10000, rating: 100, published: false, category: 'news', date: '2024-01-01T01:00:00+01:00', lang: 'en' },
  },
  {
    id: 'doc-14',
    content: 'Leap day with a trailing space',
    meta: { year: 2024, category: 'news ', date: '2024-02-29', lang: 'EN' },
  },
  {
    id: 'doc-15',
    content: 'Café crème et thé',
    meta: {
      year: 2023,
      rating: 4.5,
      published: true,
      category: 'blog',
      date: '2023-06-01T08:00:00+05:30',
      author: { name: 'Zoë' },
      tags: ['food'],
      code: 0,
      lang: 'fr',
    },
  },
  {
    id: 'doc-16',
    content: 'Zero and false are values',
    meta: { year: -0.5, rating: 0, published: false, category: '', date: '2024-01-01T00:00', code: false, lang: '' },
  },
];

/** Ids of the fixture corpus, `doc-01` … `doc-16`. */
export const CONFORMANCE_IDS: readonly string[] = FIXTURE.map((d) => d.id);

/** A deterministic, non-zero embedding whose components are exact in float32. */
export function fixtureEmbedding(seed: number, dimension: number): number[] {
  const v: number[] = [];
  for (let j = 0; j < dimension; j++) v.push(Math.round(Math.sin(seed * 7.31 + j * 1.7 + 0.3) * 64) / 64);
  if (!v.some((x) => x !== 0)) v[0] = 1;
  return v;
}

/**
 * The filter fixture corpus (16 documents, each with an embedding of `embeddingDimension`).
 * Returns fresh objects on every call.
 */
export function conformanceDocuments(embeddingDimension = 4): Document[] {
  return FIXTURE.map((d, i) => ({
    id: d.id,
    content: d.content,
    meta: JSON.parse(JSON.stringify(d.meta)) as Meta,
    embedding: fixtureEmbedding(i + 1, embeddingDimension),
  }));
}
