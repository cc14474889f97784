import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { ModelNotFoundError } from '@synapse-rag/core';
import { shippedModelsDir } from './shipped-models.js';

/** ONNX weight precisions transformers.js can load; each maps to a file name suffix. */
export const MODEL_DTYPES = ['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4'] as const;
export type ModelDtype = (typeof MODEL_DTYPES)[number];

const DTYPE_SUFFIX: Record<ModelDtype, string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

/** Where and how to look for a model. */
export interface ModelLocationOptions {
  /** Model id (`owner/name`, resolved inside the model folders) or a path to a model folder. */
  model: string;
  /** Folder holding models as `<folder>/<owner>/<name>/`. Searched before the shipped models. */
  localModelPath?: string | undefined;
  /** Let transformers.js download the model from the Hugging Face Hub when no local copy exists. */
  allowRemoteModels: boolean;
  /** transformers.js download cache; also searched for an earlier download. */
  cacheDir?: string | undefined;
  /** Weight precision: which `onnx/model*.onnx` file is loaded. */
  dtype: ModelDtype;
}

/** A resolved model: a local folder, or a Hub id transformers.js may download. */
export type ResolvedModel = { kind: 'local'; dir: string; id: string } | { kind: 'remote'; id: string };

/** The files a model folder needs for the given precision. */
export function expectedModelFiles(dtype: ModelDtype): string[] {
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', `onnx/model${DTYPE_SUFFIX[dtype]}.onnx`];
}

/** Whether `model` names a folder (absolute, `./`, `../`, `~`-free) rather than a Hub-style id. */
export function isPathLike(model: string): boolean {
  return isAbsolute(model) || model.startsWith('./') || model.startsWith('../') || model.startsWith('.\\') || model === '.';
}

function missingFiles(dir: string, files: string[]): string[] {
  return files.filter((f) => {
    const p = join(dir, f);
    return !existsSync(p) || !statSync(p).isFile();
  });
}

/**
 * Finds a model's folder and checks that every file transformers.js needs is there, BEFORE any
 * transformers.js call (whose own error for a missing folder is an unreadable TypeError).
 *
 * Search order for an id: `localModelPath/<id>`, then the models shipped in this package, then
 * `cacheDir/<id>` (an earlier download). A path is used as is. When nothing complete is found:
 * with `allowRemoteModels` the id is returned for download, otherwise {@link ModelNotFoundError}
 * names every folder looked at, the files missing there, and how to fetch the model.
 */
export function resolveModel(options: ModelLocationOptions): ResolvedModel {
  const files = expectedModelFiles(options.dtype);
  const candidates: string[] = [];
  if (isPathLike(options.model)) {
    candidates.push(resolve(options.model));
  } else {
    if (options.localModelPath) candidates.push(resolve(options.localModelPath, options.model));
    candidates.push(resolve(shippedModelsDir(), options.model));
    if (options.cacheDir) candidates.push(resolve(options.cacheDir, options.model));
  }
  const looked: { dir: string; missing: string[] }[] = [];
  for (const dir of candidates) {
    const missing = existsSync(dir) ? missingFiles(dir, files) : ['(folder does not exist)'];
    if (missing.length === 0) return { kind: 'local', dir, id: options.model };
    looked.push({ dir, missing });
  }
  if (options.allowRemoteModels && !isPathLike(options.model)) return { kind: 'remote', id: options.model };

  const target = options.localModelPath
    ? resolve(options.localModelPath, options.model)
    : isPathLike(options.model)
      ? resolve(options.model)
      : `<models folder>/${options.model}`;
  const fetchHint = isPathLike(options.model)
    ? `Point "model" at a folder that holds these files (an ONNX export of the model in the transformers.js layout).`
    : `Download it once, e.g. \`huggingface-cli download ${options.model} ${files.join(' ')} --local-dir ${target}\` ` +
      `(the repository must contain an ONNX export in onnx/; transformers.js-ready copies are often published as Xenova/<name> or onnx-community/<name>, ` +
      `or export one with \`optimum-cli export onnx --model ${options.model} ${target}\`), then pass localModelPath` +
      `${options.localModelPath ? '' : ' (or set SYNAPSE_MODELS_DIR where your app reads it with modelLocationFromEnv())'}; ` +
      `or set allowRemoteModels: true to let transformers.js download it from the Hugging Face Hub.`;
  throw new ModelNotFoundError(
    `Model "${options.model}" (dtype ${options.dtype}) was not found locally. Looked in: ${looked
      .map((l) => `${l.dir} (missing: ${l.missing.join(', ')})`)
      .join('; ')}. A model folder needs: ${files.join(', ')}. ${fetchHint}`,
    { model: options.model, lookedIn: looked.map((l) => l.dir), missing: looked, expectedFiles: files },
  );
}

/**
 * Model location settings from environment variables, for applications and examples (components
 * never read the environment themselves): `SYNAPSE_MODELS_DIR` → `localModelPath`,
 * `SYNAPSE_ALLOW_REMOTE_MODELS=1|true` → `allowRemoteModels`, `SYNAPSE_MODELS_CACHE_DIR` → `cacheDir`.
 */
export function modelLocationFromEnv(env: NodeJS.ProcessEnv = process.env): {
  localModelPath?: string;
  allowRemoteModels?: boolean;
  cacheDir?: string;
} {
  const out: { localModelPath?: string; allowRemoteModels?: boolean; cacheDir?: string } = {};
  if (env.SYNAPSE_MODELS_DIR) out.localModelPath = env.SYNAPSE_MODELS_DIR;
  if (env.SYNAPSE_MODELS_CACHE_DIR) out.cacheDir = env.SYNAPSE_MODELS_CACHE_DIR;
  const remote = env.SYNAPSE_ALLOW_REMOTE_MODELS?.toLowerCase();
  if (remote !== undefined && remote !== '') out.allowRemoteModels = remote === '1' || remote === 'true' || remote === 'yes';
  return out;
}
