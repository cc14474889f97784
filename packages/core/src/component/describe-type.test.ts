import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DocumentSchema, MetaSchema } from '../document.js';
import { FilterSchema } from '../filters/filter-types.js';
import { describeType, isTypeCompatible, nameType, typeName } from './describe-type.js';
import { SocketSchemas } from './socket-schemas.js';

describe('describeType', () => {
  const labels: [z.ZodType, string][] = [
    [z.string(), 'string'],
    [z.number().int().positive(), 'number'],
    [z.int(), 'number'],
    [z.boolean(), 'boolean'],
    [z.null(), 'null'],
    [z.unknown(), 'unknown'],
    [z.any(), 'any'],
    [z.date(), 'Date'],
    [z.array(z.string()), 'string[]'],
    [z.array(z.union([z.string(), z.number()])), '(string | number)[]'],
    [z.array(z.array(z.number())), 'number[][]'],
    [
      z.object({ a: z.string(), b: z.number().optional(), 'x-y': z.boolean().default(true) }),
      '{ a: string; b?: number; "x-y"?: boolean }',
    ],
    [z.object({}), '{}'],
    [z.record(z.string(), z.number()), 'Record<string, number>'],
    [z.union([z.string(), z.number()]), 'string | number'],
    [z.string().optional(), 'string | undefined'],
    [z.string().nullable(), 'string | null'],
    [z.string().default('x'), 'string'],
    [z.lazy(() => z.string()), 'string'],
    [z.literal('a'), '"a"'],
    [z.literal(['a', 3]), '"a" | 3'],
    [z.enum(['x', 'y']), '"x" | "y"'],
    [z.tuple([z.string(), z.number()]), '[string, number]'],
    [z.map(z.string(), z.number()), 'Map<string, number>'],
    [z.set(z.string()), 'Set<string>'],
    [z.intersection(z.object({ a: z.string() }), z.object({ b: z.number() })), '{ a: string } & { b: number }'],
    [z.string().transform((s) => s.length), 'string'],
    [z.custom<string>(), 'custom'],
  ];
  for (const [schema, label] of labels) {
    it(`labels ${label}`, () => {
      expect(describeType(schema)).toBe(label);
    });
  }

  it('names core schemas, also nested', () => {
    expect(describeType(DocumentSchema)).toBe('Document');
    expect(describeType(SocketSchemas.documents)).toBe('Document[]');
    expect(describeType(FilterSchema)).toBe('Filter');
    expect(describeType(SocketSchemas.filters.optional())).toBe('Filter | undefined');
    expect(describeType(MetaSchema)).toBe('Meta');
    expect(describeType(SocketSchemas.metaList)).toBe('Meta[]');
    expect(describeType(z.record(z.string(), z.array(DocumentSchema)))).toBe('Record<string, Document[]>');
  });

  it('nameType names package schemas and returns the schema', () => {
    const Answer = nameType(z.object({ text: z.string() }), 'Answer');
    expect(typeName(Answer)).toBe('Answer');
    expect(describeType(z.array(Answer))).toBe('Answer[]');
  });

  it('terminates on unnamed recursive schemas', () => {
    type Tree = { children: Tree[] };
    const Tree: z.ZodType<Tree> = z.lazy(() => z.object({ children: z.array(Tree) }));
    expect(describeType(Tree)).toContain('children');
  });
});

describe('isTypeCompatible', () => {
  const cases: [string, z.ZodType, z.ZodType, boolean][] = [
    ['equal primitives', z.string(), z.string(), true],
    ['different primitives', z.string(), z.number(), false],
    ['refinements do not matter', z.number().int(), z.number().positive(), true],
    ['receiver unknown', SocketSchemas.documents, z.unknown(), true],
    ['receiver any', z.number(), z.any(), true],
    ['sender unknown into string', z.unknown(), z.string(), false],
    ['receiver union containing sender', z.string(), z.union([z.number(), z.string()]), true],
    ['sender union ⊂ receiver union', z.union([z.string(), z.number()]), z.union([z.number(), z.boolean(), z.string()]), true],
    ['sender union ⊄ receiver', z.union([z.string(), z.number()]), z.string(), false],
    ['optional receiver', z.string(), z.string().optional(), true],
    ['nullable receiver', SocketSchemas.filters, SocketSchemas.filters.nullable(), true],
    ['nullable sender into plain receiver', z.string().nullable(), z.string(), false],
    ['literal into base', z.literal('a'), z.string(), true],
    ['enum into base', z.enum(['a', 'b']), z.string(), true],
    ['base into literal', z.string(), z.literal('a'), false],
    ['array element-wise', z.array(z.enum(['a', 'b'])), z.array(z.string()), true],
    ['array into unknown[]', SocketSchemas.documents, z.array(z.unknown()), true],
    ['Document[] into Document[] built separately', z.array(DocumentSchema), SocketSchemas.documents, true],
    ['Document[] into string[]', SocketSchemas.documents, SocketSchemas.texts, false],
    ['same custom schema', z.custom<Date>(), z.custom<Date>(), false],
  ];
  for (const [name, sender, receiver, expected] of cases) {
    it(`${name} → ${expected}`, () => {
      expect(isTypeCompatible(sender, receiver)).toBe(expected);
    });
  }

  it('a custom schema matches itself', () => {
    const c = z.custom<Date>((v) => v instanceof Date);
    expect(isTypeCompatible(c, c)).toBe(true);
    expect(isTypeCompatible(c, c.optional())).toBe(true);
  });
});
