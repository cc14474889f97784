/**
 * A small helper to write ONNX models from TypeScript with `onnx-proto` (generated protobuf
 * classes for onnx.proto) — enough for the lookup/arithmetic graphs of the shipped models.
 * Used only by the generator scripts; not part of the package's runtime.
 */
import { createRequire } from 'node:module';
import { fnv1a, seededRandom } from '@synapse-rag/core';
import type * as OnnxProto from 'onnx-proto';

const require = createRequire(import.meta.url);
// onnx-proto is CommonJS without named-export hints, so load it through require().
const { onnx } = require('onnx-proto') as typeof OnnxProto;

export { onnx };

const DT = onnx.TensorProto.DataType;
const AT = onnx.AttributeProto.AttributeType;

/** A dimension: a fixed size or a symbolic name such as `batch`. */
export type Dim = number | string;
export type ElemType = 'float' | 'int64' | 'int8';

const ELEM: Record<ElemType, number> = { float: DT.FLOAT, int64: DT.INT64, int8: DT.INT8 };

export type AttrValue = number | number[] | string | { int: number } | { ints: number[] };

function attribute(name: string, value: AttrValue): OnnxProto.onnx.IAttributeProto {
  if (typeof value === 'string') return { name, type: AT.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: AT.FLOATS, floats: value };
  if (typeof value === 'number') return { name, type: AT.FLOAT, f: value };
  if ('int' in value) return { name, type: AT.INT, i: value.int };
  return { name, type: AT.INTS, ints: value.ints };
}

function valueInfo(name: string, elem: ElemType, dims: Dim[]): OnnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: ELEM[elem],
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/** Builds one ONNX graph: add inputs, constant tensors and nodes, then `toBytes()`. */
export class GraphBuilder {
  private readonly nodes: OnnxProto.onnx.INodeProto[] = [];
  private readonly initializers: OnnxProto.onnx.ITensorProto[] = [];
  private readonly inputs: OnnxProto.onnx.IValueInfoProto[] = [];
  private readonly outputs: OnnxProto.onnx.IValueInfoProto[] = [];
  private counter = 0;

  constructor(private readonly name: string) {}

  input(name: string, elem: ElemType, dims: Dim[]): string {
    this.inputs.push(valueInfo(name, elem, dims));
    return name;
  }

  output(name: string, elem: ElemType, dims: Dim[]): void {
    this.outputs.push(valueInfo(name, elem, dims));
  }

  /** A constant float tensor (initializer). */
  float(name: string, values: ArrayLike<number>, dims: number[]): string {
    const data = Float32Array.from(values as ArrayLike<number>);
    this.initializers.push({ name, dims, dataType: DT.FLOAT, rawData: new Uint8Array(data.buffer) });
    return name;
  }

  /** A constant int64 tensor (initializer). */
  int64(name: string, values: ArrayLike<number>, dims: number[]): string {
    const data = BigInt64Array.from(Array.from(values as ArrayLike<number>, (v) => BigInt(v)));
    this.initializers.push({ name, dims, dataType: DT.INT64, rawData: new Uint8Array(data.buffer) });
    return name;
  }

  /** A constant int8 tensor (initializer). */
  int8(name: string, values: Int8Array, dims: number[]): string {
    this.initializers.push({
      name,
      dims,
      dataType: DT.INT8,
      rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
    });
    return name;
  }

  /** Adds a node and returns the name of its (first) output. */
  op(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, output?: string): string {
    const out = output ?? `${opType.toLowerCase()}_${this.counter++}`;
    this.nodes.push({
      opType,
      name: `${opType}_${this.nodes.length}`,
      input: inputs,
      output: [out],
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return out;
  }

  /** Serializes the model (IR version 8, default-domain opset `opset`). */
  toBytes({ opset = 14, docString = '' }: { opset?: number; docString?: string } = {}): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'synapse-rag model generator',
      producerVersion: '1',
      docString,
      opsetImport: [{ domain: '', version: opset }],
      graph: {
        name: this.name,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

/** Deterministic PRNG (core's mulberry32) so generated weights are identical on every run. */
export const prng = seededRandom;

export { fnv1a };

/** Writes a JSON file with stable 2-space formatting and a trailing newline. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
