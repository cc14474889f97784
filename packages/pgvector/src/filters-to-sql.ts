import {
  type ComparisonFilter,
  type FieldRef,
  type Filter,
  FilterError,
  type FilterScalar,
  hasLoneSurrogate,
  isLogicalFilter,
  parseField,
  parseIsoDate,
  validateFilter,
} from '@synapse-rag/core';
import { quoteIdentifier } from './identifiers.js';
import type { SqlParam } from './sql-client.js';

/**
 * Collects bind parameters for one statement and hands out `$n` placeholders.
 * Every value is passed as TEXT (or NULL) and cast in SQL (`$3::text::jsonb`), so the same SQL
 * behaves identically on node-postgres and PGlite, whose parameter serializers differ.
 */
export class SqlParams {
  readonly values: SqlParam[] = [];

  /** Adds a value and returns its placeholder, e.g. `$4`. */
  add(value: SqlParam): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Column names the compiled SQL refers to (optionally behind a table alias). */
export interface FilterColumns {
  /** Table alias to prefix columns with, e.g. `d` → `d."meta"`. */
  alias?: string;
  /**
   * The `meta` column is `NOT NULL` (tables the store creates). Equality on a meta field then
   * compiles to a bare `meta @> $v` — usable by a GIN index on `meta` and estimated from the
   * column's statistics — instead of `COALESCE(meta @> $v, FALSE)`, which keeps a NULL `meta`
   * from turning a condition NULL but hides it from the planner.
   * @default false
   */
  metaNotNull?: boolean;
}

/**
 * POSIX regex (PostgreSQL ARE) equivalent to core's `ISO_DATE_PATTERN`, with capture groups:
 * 1 year, 2 month, 3 day, 4 hour, 5 minute, 6 second, 7 fraction, 8 zone, 9 sign, 10 offset
 * hours, 11 offset minutes.
 */
export const ISO_CAPTURE_PATTERN =
  '^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})([.][0-9]+)?)?(Z|([+-])([0-9]{2}):?([0-9]{2})?)?)?$';

/**
 * SQL expression: milliseconds since the epoch of an ISO 8601 text, computed arithmetically
 * with the exact rules of core's `parseIsoDate`: no offset → UTC, fractions truncated to
 * milliseconds, impossible dates (Feb 30, month 13, minute 60, hour 24 with minutes) → NULL. It never raises, unlike a
 * `::timestamptz` cast on a malformed stored value would, so one odd row can't fail a query.
 */
export function isoMillisSql(textExpr: string): string {
  const m = (i: number) => `m[${i}]`;
  const int = (i: number, dflt = '0') => `COALESCE(${m(i)}::int, ${dflt})`;
  // days_from_civil (H. Hinnant), with y/m shifted so March is the first month.
  const y = `(${m(1)}::int - CASE WHEN ${m(2)}::int <= 2 THEN 1 ELSE 0 END)`;
  const era = `floor(${y}::numeric / 400)`;
  const yoe = `(${y} - ${era} * 400)`;
  const doy = `(floor((153 * (${m(2)}::int + CASE WHEN ${m(2)}::int > 2 THEN -3 ELSE 9 END) + 2)::numeric / 5) + ${m(3)}::int - 1)`;
  const doe = `(${yoe} * 365 + floor(${yoe} / 4) - floor(${yoe} / 100) + ${doy})`;
  const days = `(${era} * 146097 + ${doe} - 719468)`;
  const frac = `COALESCE(floor(('0' || ${m(7)})::numeric * 1000), 0)`;
  const offset = `(CASE WHEN ${m(9)} = '-' THEN -1 ELSE 1 END) * (${int(10)} * 60 + ${int(11)}) * 60000`;
  const valid = [
    `${m(2)}::int BETWEEN 1 AND 12`,
    `${m(3)}::int BETWEEN 1 AND (CASE WHEN ${m(2)}::int = 2 THEN CASE WHEN (${m(1)}::int % 4 = 0 AND ${m(1)}::int % 100 <> 0) OR ${m(1)}::int % 400 = 0 THEN 29 ELSE 28 END WHEN ${m(2)}::int IN (4, 6, 9, 11) THEN 30 ELSE 31 END)`,
    `${int(4)} <= 24`,
    `${int(5)} <= 59`,
    `${int(6)} <= 59`,
    `(${int(4)} < 24 OR (${int(5)} = 0 AND ${int(6)} = 0 AND ${frac} = 0))`,
    `${int(10)} <= 23`,
    `${int(11)} <= 59`,
  ].join(' AND ');
  const ms = `${days} * 86400000 + ${int(4)} * 3600000 + ${int(5)} * 60000 + ${int(6)} * 1000 + ${frac} - ${offset}`;
  return `(SELECT CASE WHEN ${valid} THEN ${ms} END FROM (SELECT regexp_match(${textExpr}, '${ISO_CAPTURE_PATTERN}') AS m) AS iso WHERE m IS NOT NULL)`;
}

/** `in` lists on a meta field up to this length compile to ORed containment tests, longer ones to one `IN (…)`. */
const CONTAINMENT_IN_MAX = 16;

const ORDERING_SQL: Record<string, string> = { '>': '>', '>=': '>=', '<': '<', '<=': '<=' };

class FilterCompiler {
  constructor(
    private readonly params: SqlParams,
    private readonly columns: FilterColumns,
  ) {}

  private col(name: string): string {
    return this.columns.alias ? `${quoteIdentifier(this.columns.alias)}.${quoteIdentifier(name)}` : quoteIdentifier(name);
  }

  compile(filter: Filter): string {
    if (isLogicalFilter(filter)) {
      const parts = filter.conditions.map((c) => this.compile(c));
      switch (filter.operator) {
        case 'AND':
          return parts.length === 0 ? 'TRUE' : `(${parts.join(' AND ')})`;
        case 'OR':
          return parts.length === 0 ? 'FALSE' : `(${parts.join(' OR ')})`;
        case 'NOT':
          return parts.length === 0 ? 'FALSE' : `(NOT (${parts.join(' AND ')}))`;
      }
    }
    return this.comparison(filter as ComparisonFilter);
  }

  /**
   * The field as jsonb (NULL when missing). Meta paths are a chain of `-> $key::text`, each key a
   * parameter: `jsonb -> text` never indexes into arrays (unlike `#>`), so a path through a list is
   * missing, as core specifies.
   */
  private jsonExpr(ref: FieldRef): string {
    if (ref.kind === 'meta') {
      return `(${this.col('meta')}${ref.path.map((key) => ` -> ${this.params.add(key)}::text`).join('')})`;
    }
    return `to_jsonb(${this.col(ref.kind)})`;
  }

  private comparison(node: ComparisonFilter): string {
    const ref = parseField(node.field);
    switch (node.operator) {
      case '==':
        return this.equals(ref, node.value as FilterScalar);
      case '!=':
        return `(NOT ${this.equals(ref, node.value as FilterScalar)})`;
      case 'in':
        return this.inList(ref, node.value as FilterScalar[]);
      case 'not in':
        return `(NOT ${this.inList(ref, node.value as FilterScalar[])})`;
      default:
        // Haystack: an ordering against null matches no document.
        return node.value === null ? 'FALSE' : this.ordering(ref, node.operator, node.value as number | string);
    }
  }

  /** Never NULL: TRUE or FALSE for every row. */
  private equals(ref: FieldRef, value: FilterScalar): string {
    if (ref.kind !== 'meta') {
      // id and content are NOT NULL text columns: only strings can ever equal them.
      if (typeof value !== 'string') return 'FALSE';
      return `(${this.col(ref.kind)} = ${this.params.add(value)}::text)`;
    }
    if (value === null) {
      const x = this.jsonExpr(ref);
      return `(${x} IS NULL OR ${x} = 'null'::jsonb)`;
    }
    return this.contains(ref.path, value);
  }

  /**
   * `meta.a.b == v` for a non-null scalar as `meta @> '{"a":{"b":v}}'`. The same rows as
   * `meta -> 'a' -> 'b' = v`: jsonb containment compares scalars by value (numbers numerically,
   * `1` = `1.0`), an object only contains `{"b": v}` through its key `b`, and below the top level
   * an array does not contain a bare scalar or an object (so a path through a list matches
   * nothing, as core specifies). Unlike the `->` chain it is an indexable operator (GIN
   * `jsonb_path_ops` / `jsonb_ops`) with a real selectivity estimate.
   */
  private contains(path: readonly string[], value: Exclude<FilterScalar, null>): string {
    let doc: unknown = value;
    for (let i = path.length - 1; i >= 0; i--) doc = { [path[i] as string]: doc };
    const test = `${this.col('meta')} @> ${this.params.add(JSON.stringify(doc))}::text::jsonb`;
    return this.columns.metaNotNull ? `(${test})` : `COALESCE(${test}, FALSE)`;
  }

  private inList(ref: FieldRef, values: readonly FilterScalar[]): string {
    const hasNull = values.includes(null);
    const scalars = values.filter((v) => v !== null);
    const parts: string[] = [];
    if (ref.kind !== 'meta') {
      const strings = scalars.filter((v): v is string => typeof v === 'string');
      if (strings.length > 0) {
        parts.push(
          `(${this.col(ref.kind)} IN (SELECT jsonb_array_elements_text(${this.params.add(JSON.stringify(strings))}::text::jsonb)))`,
        );
      }
    } else {
      if (scalars.length <= CONTAINMENT_IN_MAX) {
        // a few values: one containment test each (indexable, see `contains`), ORed
        for (const v of scalars) parts.push(this.contains(ref.path, v));
      } else {
        const x = this.jsonExpr(ref);
        parts.push(
          `COALESCE(${x} IN (SELECT jsonb_array_elements(${this.params.add(JSON.stringify(scalars))}::text::jsonb)), FALSE)`,
        );
      }
      if (hasNull) parts.push(this.equals(ref, null));
    }
    if (parts.length === 0) return 'FALSE';
    return parts.length === 1 ? (parts[0] as string) : `(${parts.join(' OR ')})`;
  }

  private ordering(ref: FieldRef, operator: string, value: number | string): string {
    const op = ORDERING_SQL[operator];
    if (op === undefined) throw new Error(`unreachable: operator ${operator}`);
    if (typeof value === 'number') {
      if (ref.kind !== 'meta') return 'FALSE';
      const x = this.jsonExpr(ref);
      return `(CASE WHEN jsonb_typeof(${x}) = 'number' THEN (${x})::numeric ${op} ${this.params.add(String(value))}::text::numeric ELSE FALSE END)`;
    }
    const bound = this.params.add(String(parseIsoDate(value)));
    if (ref.kind !== 'meta') return `COALESCE(${isoMillisSql(this.col(ref.kind))} ${op} ${bound}::text::numeric, FALSE)`;
    const x = this.jsonExpr(ref);
    return `(CASE WHEN jsonb_typeof(${x}) = 'string' THEN COALESCE(${isoMillisSql(`(${x} #>> '{}')`)} ${op} ${bound}::text::numeric, FALSE) ELSE FALSE END)`;
  }
}

/**
 * Compiles a filter (validated first: malformed filters throw core's `FilterError`) into a SQL
 * boolean expression that is TRUE or FALSE for every row — never NULL, so `NOT` and `!=` keep
 * core's two-valued semantics. Values become bind parameters in `params`; field names only
 * ever reach SQL as parameters (meta keys) or fixed quoted column names (`id`, `content`).
 *
 * | filter                         | SQL (meta field `x = meta -> $k1 -> $k2 …`, keys as parameters)      |
 * |--------------------------------|---------------------------------------------------------------------|
 * | `== v` (scalar)                | `meta @> $doc` with `$doc = {"k1":{"k2":v}}` — typed: 1 ≠ "1", lists ≠ scalars; wrapped in `COALESCE(…, FALSE)` unless `metaNotNull` |
 * | `== null`                      | `x IS NULL OR x = 'null'::jsonb` (missing or JSON null)              |
 * | `!= v`, `not in`               | `NOT (…)` of the above (so missing fields match)                     |
 * | `in [..]` (≤ 16 values)        | one containment test per value, ORed                                  |
 * | `in [..]` (more)               | `COALESCE(x IN (SELECT jsonb_array_elements($list)), FALSE)`         |
 * | `> n` (number)                 | `CASE WHEN jsonb_typeof(x)='number' THEN x::numeric > $n ELSE FALSE` |
 * | `> "2024-01-01"` (ISO date)    | string matching the ISO pattern, compared as epoch ms (no tz → UTC)  |
 * | `AND []` / `OR []` / `NOT`     | `TRUE` / `FALSE` / `NOT (AND …)`                                      |
 */
export function filterToSql(filter: unknown, params: SqlParams, columns: FilterColumns = {}): string {
  if (filter === undefined || filter === null) return 'TRUE';
  const valid = validateFilter(filter);
  rejectUnstorableText(valid, '$');
  return new FilterCompiler(params, columns).compile(valid);
}

/**
 * PostgreSQL text cannot hold NUL characters or (as UTF-8) lone surrogates, so no stored
 * document can contain them: a filter using them is a `FilterError`, not a server error.
 */
function rejectUnstorableText(node: Filter, path: string): void {
  if (isLogicalFilter(node)) {
    for (const [i, c] of node.conditions.entries()) rejectUnstorableText(c, `${path}.conditions[${i}]`);
    return;
  }
  const bad = (v: unknown) => typeof v === 'string' && (v.includes('\u0000') || hasLoneSurrogate(v));
  if (bad(node.field))
    throw new FilterError('the field contains a NUL character or a lone surrogate, which PostgreSQL cannot store.', {
      path: `${path}.field`,
    });
  const values = Array.isArray(node.value) ? node.value : [node.value];
  if (values.some(bad)) {
    throw new FilterError('the value contains a NUL character or a lone surrogate, which PostgreSQL cannot store.', {
      path: `${path}.value`,
    });
  }
}
