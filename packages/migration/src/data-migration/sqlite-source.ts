import { InvalidOptionsError, StoreUnavailableError } from '@synapse-rag/core';
import Database from 'better-sqlite3';
import type { LegacyMapping } from './legacy-mapping.js';

/** One legacy row as read: the key, the content, the raw metadata text and the meta columns. */
export interface LegacyRow {
  id: string;
  content: unknown;
  metadata: unknown;
  columns: Record<string, unknown>;
}

const q = (name: string) => `"${name}"`;

/**
 * Reads the legacy SQLite file read-only, in primary-key order with keyset pagination
 * (`WHERE id > ? ORDER BY id LIMIT n`: each page is an index range scan, unlike OFFSET, whose
 * cost grows with the offset). Order is SQLite's BINARY collation, i.e. UTF-8 byte order.
 */
export class SqliteSource {
  private readonly db: Database.Database;
  private readonly page: Database.Statement<[string, number]>;
  private readonly first: Database.Statement<[number]>;

  constructor(
    readonly path: string,
    readonly mapping: LegacyMapping,
  ) {
    try {
      this.db = new Database(path, { readonly: true, fileMustExist: true });
    } catch (error) {
      throw new StoreUnavailableError(`cannot open the SQLite file ${path}: ${(error as Error).message}`, { cause: error });
    }
    this.checkColumns();
    const m = mapping;
    const cols = [
      `${q(m.idColumn)} AS k`,
      `${q(m.contentColumn)} AS c`,
      m.metadataColumn ? `${q(m.metadataColumn)} AS m` : 'NULL AS m',
      ...m.metaColumns.map((c, i) => `${q(c)} AS x${i}`),
    ].join(', ');
    const from = `FROM ${q(m.table)}`;
    this.page = this.db.prepare(`SELECT ${cols} ${from} WHERE ${q(m.idColumn)} > ? ORDER BY ${q(m.idColumn)} LIMIT ?`);
    this.first = this.db.prepare(`SELECT ${cols} ${from} ORDER BY ${q(m.idColumn)} LIMIT ?`);
  }

  private checkColumns(): void {
    const m = this.mapping;
    const info = this.db.prepare(`PRAGMA table_info(${q(m.table)})`).all() as Array<{ name: string }>;
    if (info.length === 0)
      throw new InvalidOptionsError('SqliteSource', `the SQLite file ${this.path} has no table "${m.table}".`);
    const have = new Set(info.map((c) => c.name));
    const wanted = [m.idColumn, m.contentColumn, ...(m.metadataColumn ? [m.metadataColumn] : []), ...m.metaColumns];
    const missing = wanted.filter((c) => !have.has(c));
    if (missing.length > 0) {
      throw new InvalidOptionsError(
        'SqliteSource',
        `table "${m.table}" in ${this.path} has no column(s) ${missing.map((c) => `"${c}"`).join(', ')} (it has ${[...have].join(', ')}); adjust the mapping.`,
      );
    }
  }

  /** Rows with a key greater than `afterId` (all when undefined). */
  count(afterId?: string): number {
    const m = this.mapping;
    const sql = `SELECT count(*) AS n FROM ${q(m.table)}${afterId === undefined ? '' : ` WHERE ${q(m.idColumn)} > ?`}`;
    const stmt = this.db.prepare(sql);
    const row = (afterId === undefined ? stmt.get() : stmt.get(afterId)) as { n: number };
    return row.n;
  }

  /** The next page of at most `limit` rows after `afterId` (from the start when undefined). */
  readPage(afterId: string | undefined, limit: number): LegacyRow[] {
    const raw = (afterId === undefined ? this.first.all(limit) : this.page.all(afterId, limit)) as Array<Record<string, unknown>>;
    return raw.map((r) => {
      const columns: Record<string, unknown> = {};
      this.mapping.metaColumns.forEach((c, i) => {
        columns[c] = r[`x${i}`];
      });
      return { id: String(r.k), content: r.c, metadata: r.m, columns };
    });
  }

  /** Which of `ids` exist in the table (one statement per call). */
  existing(ids: readonly string[]): Set<string> {
    if (ids.length === 0) return new Set();
    const m = this.mapping;
    const rows = this.db
      .prepare(`SELECT ${q(m.idColumn)} AS k FROM ${q(m.table)} WHERE ${q(m.idColumn)} IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(ids)) as Array<{ k: unknown }>;
    return new Set(rows.map((r) => String(r.k)));
  }

  close(): void {
    this.db.close();
  }
}
