import { type Document, evaluateFilter } from '@synapse-rag/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgvectorDocumentStore } from '../src/pgvector-document-store.js';
import { closeSharedPglite, sharedPglite, uniqueTable } from './helpers.js';

// Equality and `in` on meta fields compile to jsonb containment (`meta @> {"a":{"b":v}}`), which
// must select exactly the rows core's in-memory evaluator selects — typed values (1 ≠ "1" ≠ true),
// lists and objects never equal to scalars, paths through lists matching nothing, missing fields,
// JSON null — on a NOT NULL meta column (bare containment) and a nullable one (COALESCE-wrapped).

const KEYS = ['a', 'b', 'c'] as const;
const key = fc.constantFrom(...KEYS);
const scalar = fc.constantFrom<string | number | boolean | null>(0, 1, -1, 1.5, 2, 'a', 'b', '1', '', true, false, null);
const leaf = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 3 }),
  fc.array(fc.dictionary(key, scalar, { maxKeys: 2 }), { maxLength: 2 }),
);
const value = fc.oneof(leaf, fc.dictionary(key, leaf, { maxKeys: 3 }));
const meta = fc.dictionary(key, value, { maxKeys: 3 });

const field = fc.array(key, { minLength: 1, maxLength: 2 }).map((path) => `meta.${path.join('.')}`);
const comparison = fc.oneof(
  fc.record({ field, operator: fc.constantFrom('==' as const, '!=' as const), value: scalar }),
  fc.record({
    field,
    operator: fc.constantFrom('in' as const, 'not in' as const),
    // up to 20 values: short lists compile to ORed containment tests, long ones to IN (…)
    value: fc.array(scalar, { maxLength: 20 }),
  }),
);
const filter = fc.oneof(
  { weight: 3, arbitrary: comparison },
  fc.record({
    operator: fc.constantFrom('AND' as const, 'OR' as const, 'NOT' as const),
    conditions: fc.array(comparison, { maxLength: 3 }),
  }),
);

const corpus: Document[] = fc
  .sample(meta, { numRuns: 160, seed: 7 })
  .map((m, i) => ({ id: `p-${String(i).padStart(3, '0')}`, content: `doc ${i}`, meta: m, embedding: [1, i] }));

describe('meta filters on PGlite select what core evaluateFilter selects', () => {
  let created: PgvectorDocumentStore;
  let nullable: PgvectorDocumentStore;

  beforeAll(async () => {
    const pglite = await sharedPglite();
    created = new PgvectorDocumentStore({ pglite, tableName: uniqueTable('fprop'), embeddingDimension: 2 });
    await created.writeDocuments(corpus);
    // A table made by someone else, with a nullable meta column and one NULL meta.
    const table = uniqueTable('fnull');
    await pglite.query(`CREATE TABLE ${table} (id text PRIMARY KEY, content text NOT NULL, meta jsonb, embedding vector(2))`);
    for (const d of corpus) {
      await pglite.query(`INSERT INTO ${table} VALUES ($1, $2, $3::text::jsonb, '[1,0]')`, [
        d.id,
        d.content,
        JSON.stringify(d.meta),
      ]);
    }
    await pglite.query(`INSERT INTO ${table} VALUES ('p-null', 'no meta', NULL, '[1,0]')`);
    nullable = new PgvectorDocumentStore({ pglite, tableName: table, embeddingDimension: 2, createTable: false });
  }, 120_000);

  afterAll(async () => {
    await created?.dropTable();
    await nullable?.dropTable();
    await created?.close();
    await nullable?.close();
    await closeSharedPglite();
  });

  const cases = [
    { name: 'on the store-created table (meta NOT NULL: bare containment)', store: () => created, docs: corpus, seed: 11 },
    {
      name: 'on a table with a nullable meta column (a NULL meta behaves like {})',
      store: () => nullable,
      docs: [...corpus, { id: 'p-null', content: 'no meta', meta: {} }],
      seed: 12,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      await fc.assert(
        fc.asyncProperty(filter, async (f) => {
          const got = (await c.store().filterDocuments(f)).map((d) => d.id);
          expect(got).toEqual(c.docs.filter((d) => evaluateFilter(f, d)).map((d) => d.id));
        }),
        { numRuns: 250, seed: c.seed },
      );
    }, 120_000);
  }
});
