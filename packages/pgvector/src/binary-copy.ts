/**
 * Encoder for PostgreSQL's binary COPY format (`COPY … FROM STDIN (FORMAT binary)`):
 * an 11-byte signature, int32 flags, int32 header-extension length, then per row an int16
 * field count and per field an int32 byte length (-1 = NULL) followed by the field's binary
 * "send" representation, and finally an int16 -1 trailer. All integers are big-endian.
 */

export const COPY_SIGNATURE = new Uint8Array([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]);

/** Binary representation of one column type. */
export type BinaryColumnType = 'text' | 'jsonb' | 'vector' | 'halfvec' | 'int4' | 'int8' | 'float8' | 'bool' | 'timestamptz';

export type BinaryValue = string | number | bigint | boolean | Date | readonly number[] | Float32Array | null | undefined;

/** Microseconds between 1970-01-01 and PostgreSQL's epoch 2000-01-01. */
const PG_EPOCH_OFFSET_US = 946_684_800_000_000n;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 binary16 bits of `value` (round to nearest even; overflow → ±Infinity). */
export function float16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0] as number;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf / NaN
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && (half & 1) === 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1) === 1)) half++;
  // rounding may carry into the exponent; a carry into 0x7c00 is the correct ±Infinity
  return sign | half;
}

const encoder = new TextEncoder();

function fieldBytes(type: BinaryColumnType, value: Exclude<BinaryValue, null | undefined>): Uint8Array {
  switch (type) {
    case 'text':
      return encoder.encode(String(value));
    case 'jsonb': {
      const body = encoder.encode(typeof value === 'string' ? value : JSON.stringify(value));
      const out = new Uint8Array(body.length + 1);
      out[0] = 1; // jsonb binary format version
      out.set(body, 1);
      return out;
    }
    case 'vector':
    case 'halfvec': {
      const vec = value as readonly number[] | Float32Array;
      const width = type === 'vector' ? 4 : 2;
      const out = new Uint8Array(4 + vec.length * width);
      const view = new DataView(out.buffer);
      view.setInt16(0, vec.length);
      view.setInt16(2, 0);
      for (let i = 0; i < vec.length; i++) {
        const v = vec[i] as number;
        if (type === 'vector') view.setFloat32(4 + i * 4, v);
        else view.setUint16(4 + i * 2, float16Bits(v));
      }
      return out;
    }
    case 'int4': {
      const out = new Uint8Array(4);
      new DataView(out.buffer).setInt32(0, Number(value));
      return out;
    }
    case 'int8': {
      const out = new Uint8Array(8);
      new DataView(out.buffer).setBigInt64(0, BigInt(value as number | bigint));
      return out;
    }
    case 'float8': {
      const out = new Uint8Array(8);
      new DataView(out.buffer).setFloat64(0, Number(value));
      return out;
    }
    case 'bool':
      return new Uint8Array([value ? 1 : 0]);
    case 'timestamptz': {
      const ms = value instanceof Date ? value.getTime() : Number(value);
      const out = new Uint8Array(8);
      new DataView(out.buffer).setBigInt64(0, BigInt(Math.round(ms)) * 1000n - PG_EPOCH_OFFSET_US);
      return out;
    }
  }
}

/**
 * Encodes rows as binary COPY, yielding chunks of about `chunkBytes` so large loads stream
 * with bounded memory. The first chunk starts with the header, the last ends with the trailer.
 */
export function* encodeBinaryCopy(
  types: readonly BinaryColumnType[],
  rows: Iterable<readonly BinaryValue[]>,
  chunkBytes = 1 << 20,
): Generator<Uint8Array> {
  let parts: Uint8Array[] = [];
  let size = 0;
  const header = new Uint8Array(19);
  header.set(COPY_SIGNATURE, 0); // flags (int32 0) and extension length (int32 0) stay zero
  parts.push(header);
  size += header.length;
  const flush = (): Uint8Array => {
    const out = concat(parts, size);
    parts = [];
    size = 0;
    return out;
  };
  for (const row of rows) {
    if (row.length !== types.length) throw new Error(`binary COPY row has ${row.length} fields, expected ${types.length}`);
    const head = new Uint8Array(2);
    new DataView(head.buffer).setInt16(0, types.length);
    parts.push(head);
    size += 2;
    for (let i = 0; i < types.length; i++) {
      const value = row[i];
      const len = new Uint8Array(4);
      if (value === null || value === undefined) {
        new DataView(len.buffer).setInt32(0, -1);
        parts.push(len);
        size += 4;
        continue;
      }
      const bytes = fieldBytes(types[i] as BinaryColumnType, value);
      new DataView(len.buffer).setInt32(0, bytes.length);
      parts.push(len, bytes);
      size += 4 + bytes.length;
    }
    if (size >= chunkBytes) yield flush();
  }
  const trailer = new Uint8Array(2);
  new DataView(trailer.buffer).setInt16(0, -1);
  parts.push(trailer);
  size += 2;
  yield flush();
}

function concat(parts: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
