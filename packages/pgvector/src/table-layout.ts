import { InvalidOptionsError } from '@synapse-rag/core';
import { assertIdentifier, derivedIdentifier, qualifiedName, quoteIdentifier, quoteLiteral } from './identifiers.js';
import type { PgvectorStoreOptions, VectorFunction } from './pgvector-store-options.js';

const LANGUAGE_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Everything the SQL of one store is written for, fixed at construction: quoted names, the
 * vector type and dimension, the distance function and the text-search configuration.
 */
export interface TableLayout {
  /** Quoted `"schema"."table"`. */
  readonly table: string;
  readonly schemaName: string;
  /** Index names (unquoted), derived from the table name unless configured. */
  readonly hnswIndex: string;
  readonly keywordIndex: string;
  readonly metaIndex: string;
  /** `'<language>'::regconfig`. */
  readonly regconfig: string;
  /** `vector` or `halfvec`, resolved from `vectorType`. */
  readonly vectorType: 'vector' | 'halfvec';
  readonly dimension: number;
  readonly vectorFunction: VectorFunction;
}

/**
 * What initialization found in the table (tables made by other tools or other settings) and in
 * the server; queries compile against it.
 */
export interface DetectedTable {
  /** A stored `content_tsv` column exists (else keyword SQL uses the indexed expression). */
  hasStoredTsvector: boolean;
  /** `meta` is `NOT NULL` (filters then compile to bare, indexable containment tests). */
  metaNotNull: boolean;
  /** pgvector ≥ 0.8: `hnsw.iterative_scan` exists. */
  iterativeScanSupported: boolean;
}

/** A table nothing is known about yet (before initialization). */
export const UNDETECTED_TABLE: DetectedTable = { hasStoredTsvector: false, metaNotNull: false, iterativeScanSupported: false };

/**
 * The layout of `options`, after checking the names (identifiers, text-search configuration) and
 * that an HNSW index can hold the dimension; InvalidOptionsError otherwise.
 */
export function tableLayout(options: PgvectorStoreOptions): TableLayout {
  assertIdentifier(options.schemaName, 'schemaName');
  assertIdentifier(options.tableName, 'tableName');
  if (options.hnswIndexName !== undefined) assertIdentifier(options.hnswIndexName, 'hnswIndexName');
  if (options.keywordIndexName !== undefined) assertIdentifier(options.keywordIndexName, 'keywordIndexName');
  if (!LANGUAGE_RE.test(options.language)) {
    throw new InvalidOptionsError(
      'PgvectorDocumentStore',
      `language ${JSON.stringify(options.language)} is not a text-search configuration name.`,
    );
  }
  const vectorType =
    options.vectorType === 'auto' ? (options.embeddingDimension > 2000 ? 'halfvec' : 'vector') : options.vectorType;
  if (options.searchStrategy === 'hnsw') {
    const limit = vectorType === 'vector' ? 2000 : 4000;
    if (options.embeddingDimension > limit) {
      throw new InvalidOptionsError(
        'PgvectorDocumentStore',
        `HNSW indexes support at most ${limit} dimensions for ${vectorType}; got ${options.embeddingDimension}. Use vectorType "halfvec" (≤ 4000) or searchStrategy "exact_nearest_neighbor".`,
      );
    }
  }
  return {
    table: qualifiedName(options.schemaName, options.tableName),
    schemaName: options.schemaName,
    hnswIndex: options.hnswIndexName ?? derivedIdentifier(options.tableName, 'embedding_hnsw'),
    keywordIndex: options.keywordIndexName ?? derivedIdentifier(options.tableName, 'keyword_idx'),
    metaIndex: options.metaIndexName ?? derivedIdentifier(options.tableName, 'meta_idx'),
    regconfig: `${quoteLiteral(options.language)}::regconfig`,
    vectorType,
    dimension: options.embeddingDimension,
    vectorFunction: options.vectorFunction,
  };
}

/** The tsvector of rows of `alias`: the stored column, or the expression the GIN index is built on. */
export function tsvectorSql(layout: TableLayout, detected: DetectedTable, alias: string): string {
  if (detected.hasStoredTsvector) return `${quoteIdentifier(alias)}.content_tsv`;
  return `to_tsvector(${layout.regconfig}, ${quoteIdentifier(alias)}.content)`;
}
