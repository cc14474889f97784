import { z } from 'zod';
import { MODEL_DTYPES, type ModelDtype, type ModelLocationOptions } from './model-location.js';

/**
 * Options every transformers.js component shares: which model, where to find it, and how to
 * load it. Spread into each component's zod schema.
 */
export const modelOptionFields = {
  /**
   * Where to find the model: local folders first (`localModelPath/<id>`, then the models shipped
   * in this package, then `cacheDir/<id>`), the Hugging Face Hub only with `allowRemoteModels`.
   */
  localModelPath: z.string().min(1).optional(),
  /**
   * Let transformers.js download a model that is not found locally. Off by default so nothing is
   * ever fetched behind your back; a missing model raises `ModelNotFoundError` instead.
   * @default false
   */
  allowRemoteModels: z.boolean().default(false),
  /** Download cache for remote models (transformers.js `cache_dir`); also searched locally. */
  cacheDir: z.string().min(1).optional(),
  /**
   * Weight precision, i.e. which ONNX file is loaded: `fp32` → `onnx/model.onnx`,
   * `q8` → `onnx/model_quantized.onnx`, `fp16` → `onnx/model_fp16.onnx`, …
   * @default 'fp32' (or 'q8' when `quantized` is true)
   */
  dtype: z.enum(MODEL_DTYPES).optional(),
  /** Shorthand for `dtype: 'q8'` (the `model_quantized.onnx` file of transformers.js v2 exports). */
  quantized: z.boolean().optional(),
  /** Execution device. Only the CPU (onnxruntime-node) is supported and tested. @default 'cpu' */
  device: z.enum(['cpu']).default('cpu'),
} as const;

/** The parsed shared options. */
export interface ModelOptions {
  model: string;
  localModelPath?: string | undefined;
  allowRemoteModels: boolean;
  cacheDir?: string | undefined;
  dtype?: ModelDtype | undefined;
  quantized?: boolean | undefined;
  device: 'cpu';
}

/** The effective dtype of parsed options. */
export function effectiveDtype(options: ModelOptions): ModelDtype {
  return options.dtype ?? (options.quantized ? 'q8' : 'fp32');
}

/** The location options of parsed model options. */
export function locationOf(options: ModelOptions): ModelLocationOptions {
  return {
    model: options.model,
    localModelPath: options.localModelPath,
    allowRemoteModels: options.allowRemoteModels,
    cacheDir: options.cacheDir,
    dtype: effectiveDtype(options),
  };
}
