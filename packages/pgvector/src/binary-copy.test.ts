import { describe, expect, it } from 'vitest';
import {
  COPY_SIGNATURE,
  decodeVectorBinary,
  encodeBinaryCopy,
  encodeVectorParam,
  float16Bits,
  float16Value,
} from './binary-copy.js';

const concat = (chunks: Uint8Array[]) => Buffer.concat(chunks.map((c) => Buffer.from(c)));

describe('binary COPY encoder', () => {
  it('writes header, tuples and trailer', () => {
    const buf = concat([
      ...encodeBinaryCopy(
        ['text', 'jsonb', 'vector', 'int4'],
        [
          ['é', '{"a":1}', [1, -2], 7],
          [null, null, null, null],
        ],
      ),
    ]);
    expect(buf.subarray(0, 11)).toEqual(Buffer.from(COPY_SIGNATURE));
    expect(buf.readInt32BE(11)).toBe(0); // flags
    expect(buf.readInt32BE(15)).toBe(0); // header extension
    let o = 19;
    expect(buf.readInt16BE(o)).toBe(4);
    o += 2;
    expect(buf.readInt32BE(o)).toBe(2); // "é" is 2 UTF-8 bytes
    expect(buf.subarray(o + 4, o + 6).toString('utf8')).toBe('é');
    o += 6;
    expect(buf.readInt32BE(o)).toBe(8); // version byte + 7
    expect(buf[o + 4]).toBe(1);
    expect(buf.subarray(o + 5, o + 12).toString()).toBe('{"a":1}');
    o += 12;
    expect(buf.readInt32BE(o)).toBe(4 + 2 * 4);
    expect(buf.readInt16BE(o + 4)).toBe(2); // dim
    expect(buf.readInt16BE(o + 6)).toBe(0); // unused
    expect(buf.readFloatBE(o + 8)).toBe(1);
    expect(buf.readFloatBE(o + 12)).toBe(-2);
    o += 16;
    expect(buf.readInt32BE(o)).toBe(4);
    expect(buf.readInt32BE(o + 4)).toBe(7);
    o += 8;
    expect(buf.readInt16BE(o)).toBe(4);
    for (let i = 0; i < 4; i++) expect(buf.readInt32BE(o + 2 + i * 4)).toBe(-1);
    o += 18;
    expect(buf.readInt16BE(o)).toBe(-1);
    expect(buf.length).toBe(o + 2);
  });

  it('streams in chunks whose concatenation equals the one-shot encoding', () => {
    const rows = Array.from({ length: 500 }, (_, i) => [`id-${i}`, [i, i + 0.5, -i]] as [string, number[]]);
    const small = [...encodeBinaryCopy(['text', 'vector'], rows, 256)];
    const big = [...encodeBinaryCopy(['text', 'vector'], rows)];
    expect(small.length).toBeGreaterThan(10);
    expect(big.length).toBe(1);
    expect(concat(small)).toEqual(concat(big));
  });

  it('float32 vectors at unaligned offsets, and rows larger than a chunk, encode exactly', () => {
    const vec = Array.from({ length: 384 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 - 0.1 * i);
    const rows = [
      ['x', vec], // 'x' puts the vector at an odd offset
      ['héllo', vec.map((v) => -v)],
    ] as [string, number[]][];
    const chunks = [...encodeBinaryCopy(['text', 'vector'], rows, 64)]; // each row is > 64 bytes
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    const buf = concat(chunks);
    let o = 19;
    for (const [text, v] of rows) {
      expect(buf.readInt16BE(o)).toBe(2);
      const tlen = buf.readInt32BE(o + 2);
      expect(buf.subarray(o + 6, o + 6 + tlen).toString('utf8')).toBe(text);
      o += 6 + tlen;
      expect(buf.readInt32BE(o)).toBe(4 + 4 * v.length);
      expect(buf.readInt16BE(o + 4)).toBe(v.length);
      for (let i = 0; i < v.length; i++) expect(buf.readFloatBE(o + 8 + 4 * i)).toBe(Math.fround(v[i] as number));
      o += 8 + 4 * v.length;
    }
    expect(buf.readInt16BE(o)).toBe(-1);
  });

  it('timestamptz counts microseconds from 2000-01-01', () => {
    const buf = concat([...encodeBinaryCopy(['timestamptz'], [[new Date('2000-01-01T00:00:01Z')]])]);
    expect(buf.readBigInt64BE(19 + 2 + 4)).toBe(1_000_000n);
  });

  it('float16 conversion rounds to nearest even and saturates to infinity', () => {
    expect(float16Bits(1)).toBe(0x3c00);
    expect(float16Bits(-2)).toBe(0xc000);
    expect(float16Bits(65504)).toBe(0x7bff);
    expect(float16Bits(1e6)).toBe(0x7c00);
    expect(float16Bits(0)).toBe(0);
    expect(float16Bits(2 ** -24)).toBe(1); // smallest subnormal
    expect(float16Bits(0.1)).toBe(0x2e66);
  });

  it('encodes query vectors as vector_recv / halfvec_recv read them (no length word)', () => {
    const v = Buffer.from(encodeVectorParam([1, -2.5, 0.1], false));
    expect(v.length).toBe(4 + 3 * 4);
    expect([v.readInt16BE(0), v.readInt16BE(2)]).toEqual([3, 0]);
    expect([v.readFloatBE(4), v.readFloatBE(8), v.readFloatBE(12)]).toEqual([1, -2.5, Math.fround(0.1)]);
    const h = Buffer.from(encodeVectorParam(new Float32Array([1, -2.5]), true));
    expect(h.length).toBe(4 + 2 * 2);
    expect([h.readInt16BE(0), h.readUInt16BE(4), h.readUInt16BE(6)]).toEqual([2, 0x3c00, 0xc100]);
  });

  it('decodes binary vectors back to the stored float32 / float16 values exactly', () => {
    const values = [1, -2.5, 0.1, 3.4e38, -1e-45, 0];
    expect(decodeVectorBinary(encodeVectorParam(values, false), false)).toEqual(values.map(Math.fround));
    // at an odd byte offset inside a larger buffer (as drivers hand out slices)
    const padded = new Uint8Array(1 + 4 + 6 * 4);
    padded.set(encodeVectorParam(values, false), 1);
    expect(decodeVectorBinary(padded.subarray(1), false)).toEqual(values.map(Math.fround));
    const half = [1, -2.5, 0.1, 65504, 2 ** -24, -0];
    expect(decodeVectorBinary(encodeVectorParam(half, true), true)).toEqual([1, -2.5, 0.0999755859375, 65504, 2 ** -24, -0]);
  });

  it('float16Value inverts float16Bits for every finite half and maps Inf / NaN', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const v = float16Value(bits);
      if (Number.isFinite(v)) expect(float16Bits(v)).toBe(bits);
    }
    expect(float16Value(0x7c00)).toBe(Number.POSITIVE_INFINITY);
    expect(float16Value(0xfc00)).toBe(Number.NEGATIVE_INFINITY);
    expect(float16Value(0x7e00)).toBeNaN();
  });

  it('rejects bytes that are not a binary vector of the size they announce', () => {
    expect(() => decodeVectorBinary(new Uint8Array([0, 2, 0, 0, 1]), false)).toThrow(/5 bytes for 2 dimensions/);
    expect(() => decodeVectorBinary(new Uint8Array([0]), true)).toThrow(/Not a binary halfvec: 1 bytes/);
  });
});
