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
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
let scratch = new Float32Array(0);

/**
 * Writes rows into one chunk buffer at a time (no per-field allocations): text goes in with
 * `TextEncoder.encodeInto`, float32 vectors are copied as a block and byte-swapped natively
 * (`Buffer#swap32`) on little-endian hosts. Encoding runs on the same cores as the server's
 * COPY, so its cost shows directly in bulk-load throughput.
 */
class ChunkWriter {
  buf: Buffer;
  view: DataView;
  pos = 0;

  constructor(private readonly chunkBytes: number) {
    this.buf = Buffer.allocUnsafe(chunkBytes);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  /** Makes room for `bytes` more; returns the finished chunk if a new buffer had to be started. */
  reserve(bytes: number): Uint8Array | undefined {
    return this.pos + bytes <= this.buf.length ? undefined : this.flush(bytes);
  }

  /** Returns what has been written (if anything) and starts a new buffer of at least `bytes`. */
  flush(bytes = 0): Uint8Array | undefined {
    const done = this.pos > 0 ? this.buf.subarray(0, this.pos) : undefined;
    this.buf = Buffer.allocUnsafe(Math.max(this.chunkBytes, bytes));
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.pos = 0;
    return done;
  }

  int16(v: number): void {
    this.view.setInt16(this.pos, v);
    this.pos += 2;
  }

  int32(v: number): void {
    this.view.setInt32(this.pos, v);
    this.pos += 4;
  }

  /** Length-prefixed UTF-8 (with an optional leading version byte, for jsonb). */
  text(value: string, versionByte?: number): void {
    const lenAt = this.pos;
    this.pos += 4;
    const start = this.pos;
    if (versionByte !== undefined) this.buf[this.pos++] = versionByte;
    const { written } = encoder.encodeInto(value, this.buf.subarray(this.pos));
    this.pos += written;
    this.view.setInt32(lenAt, this.pos - start);
  }

  vector(vec: readonly number[] | Float32Array, half: boolean): void {
    const width = half ? 2 : 4;
    this.int32(4 + vec.length * width);
    this.int16(vec.length);
    this.int16(0);
    if (half) {
      for (let i = 0; i < vec.length; i++) this.view.setUint16(this.pos + i * 2, float16Bits(vec[i] as number));
    } else if (LITTLE_ENDIAN) {
      // float32 conversion as one native copy into an aligned scratch array, then byte swap + copy
      if (scratch.length < vec.length) scratch = new Float32Array(vec.length);
      scratch.set(vec);
      const bytes = Buffer.from(scratch.buffer, 0, vec.length * 4);
      bytes.swap32();
      this.buf.set(bytes, this.pos);
    } else {
      for (let i = 0; i < vec.length; i++) this.view.setFloat32(this.pos + i * 4, vec[i] as number);
    }
    this.pos += vec.length * width;
  }

  field(type: BinaryColumnType, value: Exclude<BinaryValue, null | undefined>): void {
    switch (type) {
      case 'text':
        this.text(String(value));
        return;
      case 'jsonb':
        this.text(typeof value === 'string' ? value : JSON.stringify(value), 1); // jsonb binary format version 1
        return;
      case 'vector':
      case 'halfvec':
        this.vector(value as readonly number[] | Float32Array, type === 'halfvec');
        return;
      case 'int4':
        this.int32(4);
        this.view.setInt32(this.pos, Number(value));
        this.pos += 4;
        return;
      case 'int8':
        this.int32(8);
        this.view.setBigInt64(this.pos, BigInt(value as number | bigint));
        this.pos += 8;
        return;
      case 'float8':
        this.int32(8);
        this.view.setFloat64(this.pos, Number(value));
        this.pos += 8;
        return;
      case 'bool':
        this.int32(1);
        this.buf[this.pos++] = value ? 1 : 0;
        return;
      case 'timestamptz': {
        const ms = value instanceof Date ? value.getTime() : Number(value);
        this.int32(8);
        this.view.setBigInt64(this.pos, BigInt(Math.round(ms)) * 1000n - PG_EPOCH_OFFSET_US);
        this.pos += 8;
        return;
      }
    }
  }
}

/**
 * A `vector` (float32) or `halfvec` (float16) in PostgreSQL's binary format — int16 dimensions,
 * int16 zero, then the big-endian values — for sending a query vector as a binary parameter:
 * the server reads it with `vector_recv` instead of parsing hundreds of decimal numbers with
 * `vector_in` (docs/benchmarks.md, "Measured figures behind pgvector defaults"). Works with
 * node-postgres and PGlite alike through the store's client:
 *
 * ```ts
 * await store.query('SELECT id FROM documents ORDER BY embedding <=> $1::vector LIMIT 5', [
 *   encodeVectorParam(queryEmbedding, false),
 * ]);
 * ```
 */
export function encodeVectorParam(vec: readonly number[] | Float32Array, half: boolean): Uint8Array {
  const w = new ChunkWriter(8 + vec.length * (half ? 2 : 4));
  w.vector(vec, half);
  return w.buf.subarray(4, w.pos); // without the field's int32 length word
}

/** The number an IEEE 754 binary16 bit pattern stands for. */
export function float16Value(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24; // zero and subnormals
  if (exp === 0x1f) return mant ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/**
 * Reads a `vector` / `halfvec` in PostgreSQL's binary format (what `vector_send` /
 * `halfvec_send` return as `bytea`; the layout {@link encodeVectorParam} writes). Values are the
 * stored float32 / float16 numbers exactly, e.g. `0.1` stored as float32 reads back as
 * `0.10000000149011612` — the number every distance was computed with.
 *
 * Reading vectors this way instead of as text (`embedding::text`) spares the server printing and
 * the client parsing hundreds of decimals per row (docs/benchmarks.md, "Measured figures behind pgvector defaults").
 */
export function decodeVectorBinary(bytes: Uint8Array, half: boolean): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = half ? 2 : 4;
  const dim = bytes.byteLength >= 4 ? view.getInt16(0) : -1;
  if (dim < 0 || bytes.byteLength !== 4 + dim * size) {
    throw new RangeError(
      `Not a binary ${half ? 'halfvec' : 'vector'}: ${bytes.byteLength} bytes${dim < 0 ? '' : ` for ${dim} dimensions`}.`,
    );
  }
  const out = new Array<number>(dim);
  if (half) for (let i = 0; i < dim; i++) out[i] = float16Value(view.getUint16(4 + 2 * i));
  else for (let i = 0; i < dim; i++) out[i] = view.getFloat32(4 + 4 * i);
  return out;
}

/** Upper bound of a field's encoded size, length word included. */
function maxFieldBytes(type: BinaryColumnType, value: BinaryValue): number {
  if (value === null || value === undefined) return 4;
  switch (type) {
    case 'text':
      return 4 + 3 * String(value).length; // a UTF-16 code unit is at most 3 UTF-8 bytes
    case 'jsonb':
      return 5 + 3 * (typeof value === 'string' ? value : JSON.stringify(value)).length;
    case 'vector':
      return 8 + 4 * (value as readonly number[]).length;
    case 'halfvec':
      return 8 + 2 * (value as readonly number[]).length;
    default:
      return 12;
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
  const w = new ChunkWriter(Math.max(64, chunkBytes));
  w.buf.set(COPY_SIGNATURE, 0);
  w.buf.fill(0, COPY_SIGNATURE.length, 19); // flags (int32 0) and extension length (int32 0)
  w.pos = 19;
  for (const row of rows) {
    if (row.length !== types.length) throw new Error(`binary COPY row has ${row.length} fields, expected ${types.length}`);
    let need = 2;
    for (let i = 0; i < types.length; i++) need += maxFieldBytes(types[i] as BinaryColumnType, row[i]);
    const full = w.reserve(need);
    if (full) yield full;
    w.int16(types.length);
    for (let i = 0; i < types.length; i++) {
      const value = row[i];
      if (value === null || value === undefined) w.int32(-1);
      else w.field(types[i] as BinaryColumnType, value);
    }
    if (w.pos >= chunkBytes) yield w.flush() as Uint8Array;
  }
  const last = w.reserve(2);
  if (last) yield last;
  w.int16(-1);
  yield w.buf.subarray(0, w.pos);
}
