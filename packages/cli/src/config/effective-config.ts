import { type FeatureFlags, FLAG_VARIABLES, type FlagName, loadFlags } from '@synapse-rag/migration';
import { resolveOllamaHost } from '@synapse-rag/ollama';
import { DEFAULT_OLLAMA_GENERATOR, OLLAMA_EMBEDDING_MODEL } from '../models/model-choice.js';
import { queryPlan } from '../query/query-plan.js';
import type { StoreSettings } from '../store/store-options.js';
import { maskSecret } from './mask-secret.js';

/** One FF_* flag: its value and where the value came from. */
export interface FlagRow {
  name: FlagName;
  env: string;
  value: FeatureFlags[FlagName];
  source: 'environment' | 'default';
  allowed: string;
}

/** The effective FF_* flags (validated; InvalidFlagsError names each bad variable). */
export function effectiveFlags(env: Readonly<Record<string, string | undefined>> = process.env): FlagRow[] {
  const flags = loadFlags(env);
  return (Object.keys(FLAG_VARIABLES) as FlagName[]).map((name) => {
    const spec = FLAG_VARIABLES[name];
    const raw = env[spec.env];
    return {
      name,
      env: spec.env,
      value: flags[name],
      source: raw !== undefined && raw.trim() !== '' ? 'environment' : 'default',
      allowed: spec.allowed,
    };
  });
}

/** `synapse config`: everything a command would use, secrets masked. */
export interface EffectiveConfig {
  store: {
    /** The store `index` writes (`--store`, default pgvector). */
    writes: 'pgvector' | 'chroma';
    /** The query path `ask` takes and why. */
    queryPath: string;
    queryNote?: string;
    pgvector: { databaseUrl: string | null; pgliteDir: string | null; table: string };
    chroma: { url: string; collection: string } | null;
  };
  models: {
    ollamaHost: string;
    ollamaHostSource: 'OLLAMA_HOST' | 'default';
    embedding: string;
    generator: string;
    /** SYNAPSE_MODELS_DIR (transformers.js models), if set. */
    modelsDir: string | null;
  };
  flags: Record<string, string | number | boolean>;
}

/** The effective configuration of `settings` and the environment, secrets masked. */
export function effectiveConfig(
  settings: StoreSettings,
  env: Readonly<Record<string, string | undefined>> = process.env,
): EffectiveConfig {
  const rows = effectiveFlags(env);
  const flags = Object.fromEntries(rows.map((r) => [r.env, r.value]));
  const flagsSet = rows.some((r) => r.source === 'environment');
  const plan = queryPlan(settings, loadFlags(env), flagsSet);
  const host = env.OLLAMA_HOST;
  return {
    store: {
      writes: settings.store ?? 'pgvector',
      queryPath: plan.path,
      ...(plan.note ? { queryNote: plan.note } : {}),
      pgvector: {
        databaseUrl: settings.pgvector.databaseUrl !== undefined ? maskSecret(settings.pgvector.databaseUrl) : null,
        pgliteDir: settings.pgvector.databaseUrl === undefined ? settings.pgvector.pgliteDir : null,
        table: settings.pgvector.table,
      },
      chroma: settings.chroma ? { url: maskSecret(settings.chroma.url), collection: settings.chroma.collection } : null,
    },
    models: {
      ollamaHost: maskSecret(resolveOllamaHost(env)),
      ollamaHostSource: host !== undefined && host.trim() !== '' ? 'OLLAMA_HOST' : 'default',
      embedding: `ollama:${OLLAMA_EMBEDDING_MODEL} when Ollama has it, else the shipped GloVe (an index keeps the embedder it was built with)`,
      generator: `ollama:${env.SYNAPSE_OLLAMA_MODEL || DEFAULT_OLLAMA_GENERATOR} when Ollama has it, else extractive`,
      modelsDir: env.SYNAPSE_MODELS_DIR || null,
    },
    flags,
  };
}
