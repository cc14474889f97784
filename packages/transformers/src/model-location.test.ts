import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelNotFoundError } from '@synapse-rag/core';
import { afterAll, describe, expect, it } from 'vitest';
import { expectedModelFiles, modelLocationFromEnv, resolveModel } from './model-location.js';
import { SHIPPED_MODELS, shippedModelPath, shippedModelsDir } from './shipped-models.js';

const tmp = mkdtempSync(join(tmpdir(), 'synapse-models-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('resolveModel', () => {
  it('finds the shipped models by id without any option', () => {
    const r = resolveModel({ model: SHIPPED_MODELS.glove, allowRemoteModels: false, dtype: 'fp32' });
    expect(r).toEqual({ kind: 'local', dir: join(shippedModelsDir(), SHIPPED_MODELS.glove), id: SHIPPED_MODELS.glove });
    expect(shippedModelPath(SHIPPED_MODELS.glove).replace(/\/$/, '')).toBe(r.kind === 'local' ? r.dir : '');
  });

  it('prefers localModelPath over the shipped copy and accepts folder paths', () => {
    const dir = join(tmp, 'synapse', 'glove-wiki-100d-20k');
    mkdirSync(join(dir, 'onnx'), { recursive: true });
    for (const f of expectedModelFiles('fp32')) writeFileSync(join(dir, f), '{}');
    expect(
      resolveModel({ model: SHIPPED_MODELS.glove, localModelPath: tmp, allowRemoteModels: false, dtype: 'fp32' }),
    ).toMatchObject({ kind: 'local', dir });
    expect(resolveModel({ model: dir, allowRemoteModels: false, dtype: 'fp32' })).toMatchObject({ kind: 'local', dir });
  });

  it('raises ModelNotFoundError naming the folders, the missing files and how to fetch the model', () => {
    const partial = join(tmp, 'BAAI', 'bge-reranker-base');
    mkdirSync(partial, { recursive: true });
    writeFileSync(join(partial, 'config.json'), '{}');
    let error: unknown;
    try {
      resolveModel({ model: 'BAAI/bge-reranker-base', localModelPath: tmp, allowRemoteModels: false, dtype: 'fp32' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelNotFoundError);
    const err = error as ModelNotFoundError;
    expect(err.code).toBe('MODEL_NOT_FOUND');
    expect(err.message).toContain(partial);
    expect(err.message).toContain('missing: tokenizer.json, tokenizer_config.json, onnx/model.onnx');
    expect(err.message).toContain(`huggingface-cli download BAAI/bge-reranker-base`);
    expect(err.message).toContain(`--local-dir ${partial}`);
    expect(err.message).toContain('allowRemoteModels: true');
    expect(err.details['lookedIn']).toContain(partial);
  });

  it('looks for the dtype-specific ONNX file', () => {
    expect(expectedModelFiles('q8')).toContain('onnx/model_quantized.onnx');
    expect(() => resolveModel({ model: SHIPPED_MODELS.glove, allowRemoteModels: false, dtype: 'q8' })).toThrow(
      /missing: onnx\/model_quantized\.onnx/,
    );
  });

  it('hands the id to transformers.js only when remote models are allowed', () => {
    expect(resolveModel({ model: 'BAAI/bge-reranker-base', allowRemoteModels: true, dtype: 'fp32' })).toEqual({
      kind: 'remote',
      id: 'BAAI/bge-reranker-base',
    });
    expect(() => resolveModel({ model: join(tmp, 'nope'), allowRemoteModels: true, dtype: 'fp32' })).toThrow(ModelNotFoundError);
  });
});

describe('modelLocationFromEnv', () => {
  it('maps SYNAPSE_* variables', () => {
    expect(
      modelLocationFromEnv({ SYNAPSE_MODELS_DIR: '/m', SYNAPSE_ALLOW_REMOTE_MODELS: 'true', SYNAPSE_MODELS_CACHE_DIR: '/c' }),
    ).toEqual({ localModelPath: '/m', allowRemoteModels: true, cacheDir: '/c' });
    expect(modelLocationFromEnv({ SYNAPSE_ALLOW_REMOTE_MODELS: '0' })).toEqual({ allowRemoteModels: false });
    expect(modelLocationFromEnv({})).toEqual({});
  });
});
