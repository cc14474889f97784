import {
  AutoModelForSequenceClassification,
  AutoTokenizer,
  type FeatureExtractionPipeline,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  pipeline,
} from '@huggingface/transformers';
import type { ModelDtype } from './model-location.js';
import { resolveModel } from './model-location.js';
import { effectiveDtype, locationOf, type ModelOptions } from './model-options.js';

/** Something loaded that holds ONNX sessions. */
export interface Loaded {
  dispose(): Promise<unknown>;
}

/** A loaded cross-encoder: tokenizer + sequence-classification model. */
export interface CrossEncoder extends Loaded {
  tokenizer: PreTrainedTokenizer;
  model: PreTrainedModel;
}

const cache = new Map<string, Promise<Loaded>>();
let generation = 0;

function loadArgs(options: ModelOptions): {
  key: string;
  source: string;
  pretrained: { local_files_only: boolean; cache_dir?: string; dtype: ModelDtype; device: 'cpu' };
} {
  const resolved = resolveModel(locationOf(options));
  const dtype = effectiveDtype(options);
  const source = resolved.kind === 'local' ? resolved.dir : resolved.id;
  const key = JSON.stringify([resolved.kind, source, dtype, options.device, options.cacheDir ?? null]);
  return {
    key,
    source,
    pretrained: {
      local_files_only: resolved.kind === 'local',
      dtype,
      device: options.device,
      ...(options.cacheDir ? { cache_dir: options.cacheDir } : {}),
    },
  };
}

function cached<T extends Loaded>(kind: string, key: string, load: () => Promise<T>): Promise<T> {
  const fullKey = `${kind}:${key}`;
  let entry = cache.get(fullKey);
  if (!entry) {
    entry = load();
    cache.set(fullKey, entry);
    // A failed load must not poison the cache: the next call retries.
    entry.catch(() => cache.delete(fullKey));
  }
  return entry as Promise<T>;
}

/**
 * The `feature-extraction` pipeline for a model, loaded once per (model folder, dtype, device)
 * and shared by every component that asks for the same one. Checks the model's files first and
 * throws `ModelNotFoundError` when they are missing.
 */
export function loadFeatureExtractor(options: ModelOptions): Promise<FeatureExtractionPipeline> {
  const { key, source, pretrained } = loadArgs(options);
  return cached('feature-extraction', key, async () => {
    const extractor = (await pipeline('feature-extraction', source, pretrained)) as FeatureExtractionPipeline;
    return extractor;
  });
}

/** Tokenizer + `AutoModelForSequenceClassification` for a cross-encoder, shared like {@link loadFeatureExtractor}. */
export function loadCrossEncoder(options: ModelOptions): Promise<CrossEncoder> {
  const { key, source, pretrained } = loadArgs(options);
  return cached('cross-encoder', key, async () => {
    const [tokenizer, model] = await Promise.all([
      AutoTokenizer.from_pretrained(source, {
        local_files_only: pretrained.local_files_only,
        ...(pretrained.cache_dir ? { cache_dir: pretrained.cache_dir } : {}),
      }),
      AutoModelForSequenceClassification.from_pretrained(source, pretrained),
    ]);
    return { tokenizer, model, dispose: () => model.dispose() };
  });
}

/** Releases every model loaded by this package (ONNX sessions). Components reload on next use. */
export async function releaseModels(): Promise<void> {
  const entries = [...cache.values()];
  cache.clear();
  generation++;
  await Promise.all(entries.map(async (e) => (await e.catch(() => undefined))?.dispose()));
}

/** Number of distinct models currently loaded or loading (for tests and diagnostics). */
export function loadedModelCount(): number {
  return cache.size;
}

/**
 * Memoises a component's model promise until {@link releaseModels} runs (or the load fails), so
 * a run does not re-check files or re-resolve the model while the loaded copy is alive.
 */
export class ModelHandle<T> {
  private promise: Promise<T> | undefined;
  private loadedIn = -1;

  constructor(private readonly load: () => Promise<T>) {}

  get(): Promise<T> {
    if (!this.promise || this.loadedIn !== generation) {
      const promise = this.load();
      this.promise = promise;
      this.loadedIn = generation;
      promise.catch(() => {
        if (this.promise === promise) this.promise = undefined;
      });
    }
    return this.promise;
  }
}
