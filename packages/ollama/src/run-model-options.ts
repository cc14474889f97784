import { parseOptions } from '@synapse-rag/core';
import { type ModelOptions, ModelOptionsSchema } from './connection-options.js';

/** Validates a `modelOptions` run input (pipelines validate sockets; direct `run` calls are checked here). */
export function runModelOptions(value: ModelOptions | undefined, owner: string): ModelOptions | undefined {
  return value === undefined ? undefined : parseOptions(ModelOptionsSchema, value, `${owner} (modelOptions input)`);
}
