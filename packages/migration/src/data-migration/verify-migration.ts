import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { Document, JsonValue } from '@synapse-rag/core';
import { ChromaEmbeddings } from './chroma-embeddings.js';
import { convertLegacyRow, type Reject } from './legacy-document.js';
import { type MigrationOptionsInput, parseMigrationOptions } from './migration-options.js';
import { openTarget } from './migration-target.js';
import { SqliteSource } from './sqlite-source.js';

/** A source document that is absent from the target or differs from it. */
export interface Mismatch {
  id: string;
  /** `missing`, or what differs: `content` (with both hashes), `meta` (the differing keys), `embedding` (max deviation). */
  problems: string[];
}

/** Result of {@link verifyMigration}. `ok` = every non-rejected source document is present and equal, and nothing extra. */
export interface VerificationReport {
  ok: boolean;
  /** Source rows compared (including rejects). */
  checked: number;
  matched: number;
  /** Rows the migration rejects (not counted as mismatches). */
  rejected: Reject[];
  mismatches: Mismatch[];
  /** Target ids with no source row. */
  extra: string[];
  docsPerSecond: number;
}

/** Progress after each page. */
export interface VerifyProgress {
  checked: number;
  total: number;
  mismatches: number;
  docsPerSecond: number;
}

/** Embedding components may differ by this much relative to max(1, |value|) (float32 rounding). */
export const EMBEDDING_TOLERANCE = 1e-6;

const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

/** JSON with object keys sorted (jsonb does not keep key order). */
function canonical(value: JsonValue | undefined): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
    .join(',')}}`;
}

/** What differs between the expected document and the stored one (empty = equal). */
export function compareDocuments(expected: Document, actual: Document, tolerance = EMBEDDING_TOLERANCE): string[] {
  const problems: string[] = [];
  if (expected.content !== actual.content)
    problems.push(`content: sha256 ${sha(expected.content)} in the source, ${sha(actual.content)} in the target`);
  const keys = new Set([...Object.keys(expected.meta), ...Object.keys(actual.meta)]);
  const differing = [...keys].filter((k) => canonical(expected.meta[k]) !== canonical(actual.meta[k])).sort();
  if (differing.length > 0) problems.push(`meta: ${differing.join(', ')}`);
  const a = expected.embedding ?? [];
  const b = actual.embedding ?? [];
  if (a.length !== b.length) problems.push(`embedding: dimension ${a.length} in the source, ${b.length} in the target`);
  else {
    let worst = 0;
    let at = -1;
    for (let i = 0; i < a.length; i++) {
      const x = a[i] as number;
      const d = Math.abs(x - (b[i] as number)) / Math.max(1, Math.abs(x));
      if (!(d <= tolerance)) {
        if (Number.isNaN(d) || d > worst) {
          worst = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
          at = i;
        }
      }
    }
    if (at >= 0) problems.push(`embedding: component ${at} differs by ${worst.toPrecision(3)} (tolerance ${tolerance})`);
  }
  return problems;
}

/**
 * Compares EVERY source document with the target: for each page of source rows (keyset order)
 * one Chroma `get` by ids and one target query by ids (no per-id round trips); then the target's
 * ids are streamed (keyset) and looked up in SQLite page by page to find extra rows. Rows the
 * migration would reject are reported as rejects, not mismatches.
 */
export async function verifyMigration(
  input: MigrationOptionsInput,
  onProgress: (p: VerifyProgress) => void = () => {},
): Promise<VerificationReport> {
  const options = parseMigrationOptions({ ...input, dryRun: false });
  const spec = options.target;
  if (!spec) throw new Error('unreachable: parseMigrationOptions requires a target');
  const source = new SqliteSource(resolve(options.sqlitePath), options.mapping);
  const chroma = new ChromaEmbeddings(options.chromaUrl, options.chromaCollection);
  try {
    const dimension = options.dimension ?? (await chroma.sampleDimension()) ?? 1;
    const target = await openTarget(spec, dimension, { createTable: false });
    try {
      const { store } = target;
      await store.initialize();
      const total = source.count();
      const began = Date.now();
      const rate = (n: number) => (n * 1000) / Math.max(1, Date.now() - began);
      const rejected: Reject[] = [];
      const mismatches: Mismatch[] = [];
      let checked = 0;
      let matched = 0;
      // The next page (SQLite rows, their Chroma embeddings, their target rows) is fetched while
      // the current one is compared.
      const fetchPage = async (afterId: string | undefined) => {
        const rows = source.readPage(afterId, options.batchSize);
        if (rows.length === 0) return undefined;
        const ids = rows.map((r) => r.id);
        const [embeddings, stored] = await Promise.all([
          chroma.embeddings(ids),
          store.filterDocuments({ field: 'id', operator: 'in', value: ids }),
        ]);
        return { rows, embeddings, stored };
      };
      let pending = fetchPage(undefined);
      for (;;) {
        const page = await pending;
        if (!page) break;
        const { rows, embeddings, stored } = page;
        pending = fetchPage(rows[rows.length - 1]?.id);
        pending.catch(() => {});
        const byId = new Map(stored.map((d) => [d.id, d]));
        for (const row of rows) {
          const c = convertLegacyRow(row, embeddings.get(row.id), dimension, store.vectorType);
          if (!c.ok) {
            rejected.push(c.reject);
            continue;
          }
          const actual = byId.get(row.id);
          const problems = actual ? compareDocuments(c.document, actual) : ['missing: not in the target'];
          if (problems.length === 0) matched += 1;
          else mismatches.push({ id: row.id, problems });
        }
        checked += rows.length;
        onProgress({ checked, total, mismatches: mismatches.length, docsPerSecond: rate(checked) });
      }
      const extra: string[] = [];
      let afterTarget = '';
      for (;;) {
        const page = await store.query<{ id: string }>(
          `SELECT id FROM ${store.qualifiedTableName} WHERE id > $1::text ORDER BY id LIMIT 5000`,
          [afterTarget],
        );
        const lastRow = page[page.length - 1];
        if (!lastRow) break;
        afterTarget = lastRow.id;
        const ids = page.map((r) => r.id);
        const known = source.existing(ids);
        for (const id of ids) if (!known.has(id)) extra.push(id);
      }
      return {
        ok: mismatches.length === 0 && extra.length === 0,
        checked,
        matched,
        rejected,
        mismatches,
        extra,
        docsPerSecond: Math.round(rate(checked)),
      };
    } finally {
      await target.close();
    }
  } finally {
    source.close();
  }
}
