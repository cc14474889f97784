import type { Meta } from '@synapse-rag/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentHash, decodeMetadata, encodeMetadata, isSynapseRecord, pathKey } from './metadata-codec.js';

const roundTrip = (meta: Meta) => decodeMetadata(JSON.parse(JSON.stringify(encodeMetadata({ id: 'x', content: 'c', meta }))));

describe('metadata codec', () => {
  it('stores scalars natively, flattens nested objects and adds shadow keys', () => {
    const encoded = encodeMetadata({
      id: 'doc-1',
      content: 'text',
      meta: { s: 'x', n: 1.5, b: true, d: '2024-01-01', nested: { k: 1 }, nil: null, list: [1, 'a'], empty: {} },
    });
    expect(encoded).toEqual({
      'synapse:v': 1,
      'synapse:id': 'doc-1',
      'synapse:content': contentHash('text'),
      s: 'x',
      'synapse:type:s': 's',
      n: 1.5,
      'synapse:type:n': 'n',
      b: true,
      'synapse:type:b': 'b',
      d: '2024-01-01',
      'synapse:type:d': 'd',
      'synapse:date:d': Date.UTC(2024, 0, 1),
      'synapse:type:nested': 'o',
      'nested.k': 1,
      'synapse:type:nested.k': 'n',
      nil: 'synapse:json:null',
      list: 'synapse:json:[1,"a"]',
      'synapse:type:list': 'l',
      empty: 'synapse:json:{}',
      'synapse:type:empty': 'o',
    });
  });

  it('escapes keys with dots / backslashes and reserved prefixes, and strings that look encoded', () => {
    expect(pathKey(['a.b'])).toBe('a\\.b');
    expect(pathKey(['a', 'b'])).toBe('a.b');
    expect(pathKey(['chroma:x'])).toBe('synapse:key:chroma:x');
    const meta: Meta = JSON.parse('{"__proto__": "proto"}') as Meta;
    Object.assign(meta, {
      'a.b': 1,
      a: { b: 2 },
      'x\\': { '.': 3 },
      'chroma:doc': 'kept',
      'synapse:id': 'mine',
      s: 'synapse:json:null',
      '': '',
    });
    expect(Object.keys(meta)).toContain('__proto__');
    expect(roundTrip(meta)).toEqual(meta);
    expect(Object.keys(roundTrip(meta))).toContain('__proto__');
    expect(Object.getPrototypeOf(roundTrip(meta))).toBe(Object.prototype);
  });

  it('round-trips any JSON metadata exactly (property)', () => {
    const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('a.b', '\\', 'chroma:k', 'synapse:k', '.', '__proto__'));
    const meta = fc.dictionary(key, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }) as fc.Arbitrary<Meta>;
    fc.assert(
      fc.property(meta, (m) => {
        const normalized = JSON.parse(JSON.stringify(m)) as Meta; // -0 → 0, as any JSON transport
        expect(roundTrip(normalized)).toEqual(normalized);
      }),
      { numRuns: 300 },
    );
  });

  it('returns records written by other tools verbatim (no marker)', () => {
    const foreign = { 'a.b': 'synapse:json:null', n: 1 };
    expect(isSynapseRecord(foreign)).toBe(false);
    expect(decodeMetadata(foreign)).toEqual(foreign);
    expect(decodeMetadata(null)).toEqual({});
  });
});
