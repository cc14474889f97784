import {
  type ComparisonFilter,
  type Filter,
  FilterError,
  type FilterScalar,
  isLogicalFilter,
  parseField,
  parseIsoDate,
  validateFilter,
} from '@synapse-rag/core';
import type { Where, WhereDocument } from 'chromadb';
import {
  CONTENT_FIELD_KEYS,
  contentHash,
  encodeString,
  type FieldKeys,
  ID_FIELD_KEYS,
  metaFieldKeys,
  VALUE_KINDS,
} from './metadata-codec.js';

/**
 * A core filter compiled for Chroma's `get` / `query`; Chroma joins the parts with AND.
 */
export interface ChromaFilter {
  where?: Where;
  whereDocument?: WhereDocument;
  /** Restricts the result to these ids (Chroma's `ids` parameter). */
  ids?: string[];
  /** The filter is unsatisfiable (e.g. `in []`): skip the request, the answer is empty. */
  matchesNothing: boolean;
  /**
   * The `where` uses shadow keys that only records written by Synapse carry (`synapse:type:…`,
   * `synapse:date:…`, `synapse:id`, `synapse:content`): the store checks that the collection
   * holds no other records before running it (else `FilterError`).
   */
  requiresSynapseRecords: boolean;
}

type Conj = { kind: 'conj'; where: Where[]; doc: WhereDocument[]; ids: string[] | undefined };
type Compiled = { kind: 'const'; value: boolean } | Conj;

const TRUE: Compiled = { kind: 'const', value: true };
const FALSE: Compiled = { kind: 'const', value: false };
const whereOf = (where: Where): Compiled => ({ kind: 'conj', where: [where], doc: [], ids: undefined });
const docOf = (doc: WhereDocument): Compiled => ({ kind: 'conj', where: [], doc: [doc], ids: undefined });
const idsOf = (ids: string[]): Compiled =>
  ids.length === 0 ? FALSE : { kind: 'conj', where: [], doc: [], ids: [...new Set(ids)] };

/** Thrown in "native" mode for what the "metadata" mode can express; never escapes. */
class NeedsMetadataMode extends Error {}

interface Context {
  /** `native`: id → `ids`, content → `whereDocument`; `metadata`: both via shadow keys in `where`. */
  mode: 'native' | 'metadata';
  usesShadowKeys: boolean;
}

const andWhere = (parts: Where[]): Where => (parts.length === 1 ? parts[0]! : { $and: parts });
const andDoc = (parts: WhereDocument[]): WhereDocument => (parts.length === 1 ? parts[0]! : { $and: parts });
/** Chroma needs ≥ 2 operands in `$and` / `$or`. */
const orWhere = (parts: Where[]): Where => (parts.length === 1 ? parts[0]! : { $or: parts });

function conjunction(parts: Compiled[]): Compiled {
  const where: Where[] = [];
  const doc: WhereDocument[] = [];
  let ids: Set<string> | undefined;
  for (const part of parts) {
    if (part.kind === 'const') {
      if (!part.value) return FALSE;
      continue;
    }
    where.push(...part.where);
    doc.push(...part.doc);
    if (part.ids) {
      const previous = ids;
      ids = new Set(previous ? part.ids.filter((id) => previous.has(id)) : part.ids);
    }
  }
  if (ids && ids.size === 0) return FALSE;
  if (where.length === 0 && doc.length === 0 && !ids) return TRUE;
  return { kind: 'conj', where, doc, ids: ids ? [...ids] : undefined };
}

function disjunction(parts: Compiled[]): Compiled {
  const live: Conj[] = [];
  for (const part of parts) {
    if (part.kind === 'const') {
      if (part.value) return TRUE;
      continue;
    }
    live.push(part);
  }
  if (live.length === 0) return FALSE;
  if (live.length === 1) return live[0]!;
  const kindOf = (p: Conj) => {
    const kinds = [p.where.length > 0 && 'where', p.doc.length > 0 && 'doc', p.ids !== undefined && 'ids'].filter(Boolean);
    return kinds.length === 1 ? (kinds[0] as string) : 'mixed';
  };
  const kinds = new Set(live.map(kindOf));
  // where, whereDocument and ids are separate Chroma parameters joined by AND only.
  if (kinds.size > 1 || kinds.has('mixed')) throw new NeedsMetadataMode();
  const kind = [...kinds][0];
  if (kind === 'where') return whereOf(orWhere(live.map((p) => andWhere(p.where))));
  if (kind === 'doc') return docOf({ $or: live.map((p) => andDoc(p.doc)) });
  return idsOf(live.flatMap((p) => p.ids ?? []));
}

/** Escapes text for a Rust `regex` pattern, so that it matches itself literally. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** An anchored regex matching exactly one of `texts`. */
function exactRegex(texts: readonly string[]): string {
  const alternatives = [...new Set(texts)].map(escapeRegex);
  return alternatives.length === 1 ? `^${alternatives[0]}$` : `^(?:${alternatives.join('|')})$`;
}

type Op = ComparisonFilter['operator'];
type OrderingOp = '>' | '>=' | '<' | '<=';
const NEGATED: Record<'==' | '!=' | 'in' | 'not in', Op> = { '==': '!=', '!=': '==', in: 'not in', 'not in': 'in' };
const OPPOSITE: Record<OrderingOp, OrderingOp> = { '>': '<=', '>=': '<', '<': '>=', '<=': '>' };
const CHROMA_ORDERING = { '>': '$gt', '>=': '$gte', '<': '$lt', '<=': '$lte' } as const;

/** What a field is and how its operands map to stored values. */
interface FieldSpec {
  keys: FieldKeys;
  /** `meta` fields hold any JSON; `id` / `content` are never null and always strings. */
  kind: 'meta' | 'id' | 'content';
}

function stringOperand(spec: FieldSpec, value: string): string {
  if (spec.kind === 'meta') return encodeString(value);
  return spec.kind === 'content' ? contentHash(value) : value;
}

/**
 * Chroma 1.0 compares a non-integer operand with integer-valued metadata after truncating the
 * operand (`1.5` is compared as `1` against ints), so `n == 1.5` would match `n = 1`. Non-integer
 * operands are rewritten into forms that are exact for integer and float metadata alike.
 */
function numericOrdering(key: string, op: OrderingOp, v: number): Where {
  const c = (expr: Record<string, number>): Where => ({ [key]: expr }) as Where;
  if (Number.isInteger(v)) return c({ [CHROMA_ORDERING[op]]: v });
  switch (op) {
    case '>':
      return { $or: [c({ $gt: v }), c({ $gte: Math.ceil(v) })] };
    case '>=':
      return { $and: [c({ $gte: v }), c({ $ne: Math.floor(v) })] };
    case '<':
      return { $or: [c({ $lt: v }), c({ $lte: Math.floor(v) })] };
    default:
      return { $and: [c({ $lte: v }), c({ $ne: Math.ceil(v) })] };
  }
}

function fieldComparison(
  spec: FieldSpec,
  operator: Op,
  value: FilterScalar | FilterScalar[],
  negate: boolean,
  ctx: Context,
): Compiled {
  const { keys } = spec;
  const c = (key: string, expr: Record<string, unknown>): Where => {
    // Everything but a metadata value key exists only on records written by Synapse.
    if (spec.kind !== 'meta' || key !== keys.value) ctx.usesShadowKeys = true;
    return { [key]: expr } as Where;
  };
  const isNull = (): Compiled => (spec.kind === 'meta' ? whereOf(c(keys.type, { $nin: [...VALUE_KINDS] })) : FALSE);
  const notNull = (): Compiled => (spec.kind === 'meta' ? whereOf(c(keys.type, { $in: [...VALUE_KINDS] })) : TRUE);

  if (operator === '>' || operator === '>=' || operator === '<' || operator === '<=') {
    const op = negate ? OPPOSITE[operator] : operator;
    if (typeof value === 'number') {
      if (spec.kind !== 'meta') return negate ? TRUE : FALSE; // ids and content are strings
      const positive = numericOrdering(keys.value, op, value);
      return whereOf(negate ? { $or: [c(keys.type, { $ne: 'n' }), positive] } : positive);
    }
    const instant = parseIsoDate(value as string);
    const positive = c(keys.date, { [CHROMA_ORDERING[op]]: instant });
    return whereOf(negate ? { $or: [c(keys.type, { $ne: 'd' }), positive] } : positive);
  }

  const op = negate ? NEGATED[operator] : operator;
  const eq = (v: FilterScalar): Compiled => {
    if (v === null) return isNull();
    if (typeof v === 'string') return whereOf(c(keys.value, { $eq: stringOperand(spec, v) }));
    if (spec.kind !== 'meta') return FALSE;
    if (typeof v === 'boolean' || Number.isInteger(v)) return whereOf(c(keys.value, { $eq: v }));
    return whereOf({ $and: [c(keys.value, { $eq: v }), c(keys.value, { $ne: Math.trunc(v) })] });
  };
  const ne = (v: FilterScalar): Compiled => {
    if (v === null) return notNull();
    if (typeof v === 'string') return whereOf(c(keys.value, { $ne: stringOperand(spec, v) }));
    if (spec.kind !== 'meta') return TRUE;
    if (typeof v === 'boolean' || Number.isInteger(v)) return whereOf(c(keys.value, { $ne: v }));
    return whereOf({ $or: [c(keys.value, { $ne: v }), c(keys.value, { $eq: Math.trunc(v) })] });
  };
  if (op === '==') return eq(value as FilterScalar);
  if (op === '!=') return ne(value as FilterScalar);

  const positive = op === 'in';
  const items = value as FilterScalar[];
  const strings = [...new Set(items.filter((i): i is string => typeof i === 'string').map((s) => stringOperand(spec, s)))];
  const numeric = spec.kind === 'meta';
  const bools = numeric ? [...new Set(items.filter((i): i is boolean => typeof i === 'boolean'))] : [];
  const ints = numeric ? [...new Set(items.filter((i): i is number => typeof i === 'number' && Number.isInteger(i)))] : [];
  const floats = numeric ? [...new Set(items.filter((i): i is number => typeof i === 'number' && !Number.isInteger(i)))] : [];
  const truncs = [...new Set(floats.map(Math.trunc))];
  const parts: Compiled[] = [];
  const setOp = positive ? '$in' : '$nin';
  // Chroma wants non-empty lists of ONE type in $in / $nin.
  for (const group of [strings, bools, ints]) if (group.length > 0) parts.push(whereOf(c(keys.value, { [setOp]: group })));
  if (floats.length > 0) {
    parts.push(
      whereOf(
        positive
          ? { $and: [c(keys.value, { $in: floats }), c(keys.value, { $nin: truncs })] }
          : { $or: [c(keys.value, { $nin: floats }), c(keys.value, { $in: truncs })] },
      ),
    );
  }
  if (items.includes(null)) parts.push(positive ? isNull() : notNull());
  return positive ? disjunction(parts) : conjunction(parts);
}

/** `id` in native mode: Chroma's `ids` parameter (a positive list only). */
function nativeId(operator: Op, value: FilterScalar | FilterScalar[]): Compiled {
  switch (operator) {
    case '==':
      return typeof value === 'string' ? idsOf([value]) : FALSE;
    case 'in':
      return idsOf((value as FilterScalar[]).filter((v): v is string => typeof v === 'string'));
    case '!=':
      if (typeof value === 'string') throw new NeedsMetadataMode();
      return TRUE;
    case 'not in':
      if ((value as FilterScalar[]).some((v) => typeof v === 'string')) throw new NeedsMetadataMode();
      return TRUE;
    default:
      if (typeof value === 'number') return FALSE;
      throw new NeedsMetadataMode();
  }
}

/** `content` in native mode: anchored regexes in `whereDocument`. */
function nativeContent(operator: Op, value: FilterScalar | FilterScalar[]): Compiled {
  switch (operator) {
    case '==':
      return typeof value === 'string' ? docOf({ $regex: exactRegex([value]) }) : FALSE;
    case '!=':
      return typeof value === 'string' ? docOf({ $not_regex: exactRegex([value]) }) : TRUE;
    case 'in':
    case 'not in': {
      const strings = (value as FilterScalar[]).filter((v): v is string => typeof v === 'string');
      if (strings.length === 0) return operator === 'in' ? FALSE : TRUE;
      return docOf(operator === 'in' ? { $regex: exactRegex(strings) } : { $not_regex: exactRegex(strings) });
    }
    default:
      if (typeof value === 'number') return FALSE;
      throw new NeedsMetadataMode();
  }
}

function compileComparison(node: ComparisonFilter, negate: boolean, path: string, ctx: Context): Compiled {
  const field = parseField(node.field, `${path}.field`);
  const { operator, value } = node;
  const ordering = operator === '>' || operator === '>=' || operator === '<' || operator === '<=';
  // Haystack: an ordering against null matches no document (its negation, every document).
  if (ordering && value === null) return negate ? TRUE : FALSE;
  if (field.kind === 'meta')
    return fieldComparison({ keys: metaFieldKeys(field.path), kind: 'meta' }, operator, value, negate, ctx);
  if (ctx.mode === 'native' && ordering && typeof value === 'number') return negate ? TRUE : FALSE; // strings only
  if (ctx.mode === 'native' && !(negate && ordering)) {
    const op = negate ? NEGATED[operator as keyof typeof NEGATED] : operator;
    return field.kind === 'id' ? nativeId(op, value) : nativeContent(op, value);
  }
  if (ctx.mode === 'native') throw new NeedsMetadataMode();
  const spec: FieldSpec =
    field.kind === 'id' ? { keys: ID_FIELD_KEYS, kind: 'id' } : { keys: CONTENT_FIELD_KEYS, kind: 'content' };
  return fieldComparison(spec, operator, value, negate, ctx);
}

function compileNode(node: Filter, negate: boolean, path: string, ctx: Context): Compiled {
  if (!isLogicalFilter(node)) return compileComparison(node, negate, path, ctx);
  const children = (neg: boolean) => node.conditions.map((c, i) => compileNode(c, neg, `${path}.conditions[${i}]`, ctx));
  switch (node.operator) {
    case 'AND':
      return negate ? disjunction(children(true)) : conjunction(children(false));
    case 'OR':
      return negate ? conjunction(children(true)) : disjunction(children(false));
    default: // NOT = negation of the AND of its conditions
      return negate ? conjunction(children(false)) : disjunction(children(true));
  }
}

function finish(compiled: Compiled, ctx: Context): ChromaFilter {
  if (compiled.kind === 'const') return { matchesNothing: !compiled.value, requiresSynapseRecords: false };
  const out: ChromaFilter = { matchesNothing: false, requiresSynapseRecords: ctx.usesShadowKeys };
  if (compiled.where.length > 0) out.where = andWhere(compiled.where);
  if (compiled.doc.length > 0) out.whereDocument = andDoc(compiled.doc);
  if (compiled.ids) out.ids = compiled.ids;
  return out;
}

/**
 * Compiles a core filter into Chroma's `where` / `whereDocument` / `ids` with EXACTLY the core
 * semantics (see `validateFilter`). Invalid filters raise `FilterError`; every valid filter
 * compiles. `undefined` compiles to "no restriction".
 *
 * `id` and `content` conditions use Chroma's `ids` parameter and anchored `whereDocument`
 * regexes when the filter allows it (a positive conjunction at the top), else the shadow keys
 * `synapse:id` / `synapse:content`; null tests and NOT over orderings use `synapse:type:<path>`,
 * date orderings `synapse:date:<path>` (see `metadata-codec.ts`).
 */
export function filterToChroma(filter: Filter | undefined): ChromaFilter {
  if (filter === undefined) return { matchesNothing: false, requiresSynapseRecords: false };
  const valid = validateFilter(filter);
  const native: Context = { mode: 'native', usesShadowKeys: false };
  try {
    return finish(compileNode(valid, false, '$', native), native);
  } catch (error) {
    if (!(error instanceof NeedsMetadataMode)) throw error;
  }
  const metadata: Context = { mode: 'metadata', usesShadowKeys: false };
  try {
    return finish(compileNode(valid, false, '$', metadata), metadata);
  } catch (error) {
    if (error instanceof NeedsMetadataMode) throw new FilterError('Chroma cannot express this filter.', { cause: error });
    throw error;
  }
}
