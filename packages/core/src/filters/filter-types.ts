import { z } from 'zod';

/** Comparison operators of the filter language. */
export const COMPARISON_OPERATORS = ['==', '!=', '>', '>=', '<', '<=', 'in', 'not in'] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];
/** Logical operators; `NOT` negates the AND of its conditions. */
export const LOGICAL_OPERATORS = ['AND', 'OR', 'NOT'] as const;
export type LogicalOperator = (typeof LOGICAL_OPERATORS)[number];

/** A scalar a filter compares against. */
export type FilterScalar = string | number | boolean | null;

/** `{ field: "meta.year", operator: ">=", value: 2020 }` */
export interface ComparisonFilter {
  /** `"id"`, `"content"` or `"meta.<key>[.<key>…]"`. */
  field: string;
  operator: ComparisonOperator;
  value: FilterScalar | FilterScalar[];
}

/** `{ operator: "AND", conditions: [...] }` */
export interface LogicalFilter {
  operator: LogicalOperator;
  conditions: Filter[];
}

/** A node of the filter language (Haystack 2's syntax). */
export type Filter = ComparisonFilter | LogicalFilter;

export const FilterScalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const ComparisonFilterSchema = z.strictObject({
  field: z.string(),
  operator: z.enum(COMPARISON_OPERATORS),
  value: z.union([FilterScalarSchema, z.array(FilterScalarSchema)]),
});

/** Structural zod schema of {@link Filter}. Semantic checks live in `validateFilter`. */
export const FilterSchema: z.ZodType<Filter> = z.lazy(() =>
  z.union([ComparisonFilterSchema, z.strictObject({ operator: z.enum(LOGICAL_OPERATORS), conditions: z.array(FilterSchema) })]),
);

export function isLogicalFilter(filter: Filter): filter is LogicalFilter {
  return 'conditions' in filter;
}
