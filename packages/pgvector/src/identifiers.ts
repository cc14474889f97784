import { createHash } from 'node:crypto';
import { InvalidOptionsError } from '@synapse-rag/core';

/**
 * Identifiers (schema, table and index names, text-search configurations) are validated against
 * a conservative pattern AND double-quoted everywhere they appear in SQL. Values never go
 * through this module: they are always bind parameters.
 */
const IDENTIFIER_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** PostgreSQL truncates identifiers to NAMEDATALEN - 1 = 63 bytes. */
export const MAX_IDENTIFIER_LENGTH = 63;

/** Throws {@link InvalidOptionsError} unless `name` is a plain SQL identifier (letters, digits, `_`; ≤ 63 chars). */
export function assertIdentifier(name: unknown, what: string, owner = 'PgvectorDocumentStore'): string {
  if (typeof name !== 'string' || !IDENTIFIER_RE.test(name) || name.length > MAX_IDENTIFIER_LENGTH) {
    const shown = typeof name === 'string' ? JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name) : String(name);
    throw new InvalidOptionsError(
      owner,
      `${what} ${shown} is not a valid identifier: use 1-${MAX_IDENTIFIER_LENGTH} letters, digits or "_", not starting with a digit.`,
    );
  }
  return name;
}

/** Double-quotes an identifier (doubling embedded quotes, although validated names have none). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `"schema"."table"` */
export function qualifiedName(schema: string, name: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
}

/**
 * Builds a derived identifier (index names, staging tables) that stays within 63 characters:
 * too-long names are cut and suffixed with a short hash so different tables never collide.
 */
export function derivedIdentifier(base: string, suffix: string): string {
  const full = `${base}_${suffix}`;
  if (full.length <= MAX_IDENTIFIER_LENGTH) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, MAX_IDENTIFIER_LENGTH - 9)}_${hash}`;
}

/** A SQL string literal (only for validated, non-user-value text such as a regconfig name). */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
