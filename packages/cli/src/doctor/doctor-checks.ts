import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { errorReason } from '@synapse-rag/core';
import { PgvectorDocumentStore } from '@synapse-rag/pgvector';
import { SHIPPED_MODELS, shippedModelPath, TransformersTextEmbedder } from '@synapse-rag/transformers';
import { maskSecret } from '../config/mask-secret.js';
import { DEFAULT_OLLAMA_GENERATOR, OLLAMA_EMBEDDING_MODEL } from '../models/model-choice.js';
import { hasModel, probeOllama } from '../models/ollama-probe.js';
import { openStores } from '../store/open-stores.js';
import type { StoreSettings } from '../store/store-options.js';

/** One doctor finding. `fail` on a required part makes the exit code non-zero. */
export interface DoctorCheck {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  /** What was found. */
  detail: string;
  /** How to fix it (for warn / fail). */
  fix?: string;
  /** A failure here breaks the configured setup (a warning never does). */
  required: boolean;
}

/** PostgreSQL server (with the pgvector extension available / installed), or PGlite with pgvector. */
async function checkPostgres(settings: StoreSettings): Promise<DoctorCheck[]> {
  const url = settings.pgvector.databaseUrl;
  if (url === undefined) {
    const dir = settings.pgvector.pgliteDir;
    const fresh = !existsSync(join(dir, 'PG_VERSION'));
    // A directory that does not hold a database yet is not created here: PGlite is checked in memory.
    const store = new PgvectorDocumentStore(fresh ? {} : { dataDir: dir });
    try {
      const [row] = await store.query<{ v: string }>(
        "SELECT extversion AS v FROM pg_available_extensions JOIN pg_extension ON extname = name WHERE name = 'vector' UNION ALL SELECT default_version FROM pg_available_extensions WHERE name = 'vector' LIMIT 1",
      );
      return [
        {
          name: 'PGlite',
          status: 'ok',
          detail: `embedded PostgreSQL in ${dir}${fresh ? ' (created by the first `synapse index`)' : ''}, pgvector ${row?.v ?? '?'}`,
          required: true,
        },
      ];
    } catch (error) {
      return [
        {
          name: 'PGlite',
          status: 'fail',
          detail: `cannot open ${dir}: ${errorReason(error)}`,
          fix: `another process may hold it (one PGlite process per directory), or it is not a PGlite directory: use --pglite-dir <another dir>`,
          required: true,
        },
      ];
    } finally {
      await store.close().catch(() => {});
    }
  }
  const store = new PgvectorDocumentStore({ connectionString: url, poolMax: 1 });
  try {
    const [version] = await store.query<{ v: string }>('SHOW server_version');
    const checks: DoctorCheck[] = [
      { name: 'PostgreSQL', status: 'ok', detail: `${maskSecret(url)}: server ${version?.v ?? '?'}`, required: true },
    ];
    const [installed] = await store.query<{ v: string }>("SELECT extversion AS v FROM pg_extension WHERE extname = 'vector'");
    const [available] = await store.query<{ v: string }>(
      "SELECT default_version AS v FROM pg_available_extensions WHERE name = 'vector'",
    );
    if (installed)
      checks.push({ name: 'pgvector', status: 'ok', detail: `extension vector ${installed.v} installed`, required: true });
    else if (available)
      checks.push({
        name: 'pgvector',
        status: 'warn',
        detail: `extension vector ${available.v} available, not yet created in this database`,
        fix: 'nothing to do if the role may CREATE EXTENSION (the store runs it); else a superuser runs `CREATE EXTENSION vector;`',
        required: true,
      });
    else
      checks.push({
        name: 'pgvector',
        status: 'fail',
        detail: 'the server has no pgvector extension',
        fix: 'install pgvector on the server (Debian: see scripts/install-postgres.sh; or the pgvector/pgvector Docker image)',
        required: true,
      });
    return checks;
  } catch (error) {
    return [
      {
        name: 'PostgreSQL',
        status: 'fail',
        detail: `${maskSecret(url)}: ${errorReason(error)}`,
        fix: 'start the server or correct --database-url / DATABASE_URL (drop it to use the embedded PGlite)',
        required: true,
      },
    ];
  } finally {
    await store.close().catch(() => {});
  }
}

async function checkChroma(settings: StoreSettings): Promise<DoctorCheck[]> {
  const chroma = settings.chroma;
  if (!chroma) return [];
  try {
    const res = await fetch(`${chroma.url}/api/v2/heartbeat`, { signal: AbortSignal.timeout(3000) });
    if (!res.ok) throw new Error(`heartbeat answered HTTP ${res.status}`);
    return [
      {
        name: 'Chroma',
        status: 'ok',
        detail: `${maskSecret(chroma.url)} answers (collection ${chroma.collection})`,
        required: true,
      },
    ];
  } catch (error) {
    return [
      {
        name: 'Chroma',
        status: 'fail',
        detail: `${maskSecret(chroma.url)}: ${errorReason(error)}`,
        fix: 'start it (`npx chroma run --path <dir>`) or correct --chroma-url / CHROMA_URL (drop it when you do not use Chroma)',
        required: true,
      },
    ];
  }
}

async function checkOllama(generatorModel: string): Promise<DoctorCheck[]> {
  const probe = await probeOllama(undefined, 3000);
  if (!probe.reachable) {
    return [
      {
        name: 'Ollama',
        status: 'warn',
        detail: `no server at ${probe.url} (${probe.error}); the offline GloVe embedder and the extractive answerer are used`,
        fix: `for the production models start Ollama (or set OLLAMA_HOST), then \`ollama pull ${OLLAMA_EMBEDDING_MODEL}\` and \`ollama pull ${generatorModel}\``,
        required: false,
      },
    ];
  }
  const checks: DoctorCheck[] = [
    { name: 'Ollama', status: 'ok', detail: `${probe.url}: ${probe.models.length} model(s) pulled`, required: false },
  ];
  for (const [what, model] of [
    ['embedding model', OLLAMA_EMBEDDING_MODEL],
    ['generator model', generatorModel],
  ] as const) {
    checks.push(
      hasModel(probe, model)
        ? { name: `Ollama ${what}`, status: 'ok', detail: `${model} is pulled`, required: false }
        : {
            name: `Ollama ${what}`,
            status: 'warn',
            detail: `${model} is not pulled (have: ${probe.models.join(', ') || 'none'})`,
            fix: `\`ollama pull ${model}\` on ${probe.url}`,
            required: false,
          },
    );
  }
  return checks;
}

async function checkGlove(): Promise<DoctorCheck> {
  const dir = shippedModelPath(SHIPPED_MODELS.glove);
  try {
    const { embedding } = await new TransformersTextEmbedder({ model: SHIPPED_MODELS.glove }).run({ text: 'doctor check' });
    return {
      name: 'GloVe model',
      status: 'ok',
      detail: `${SHIPPED_MODELS.glove} loads (${embedding.length}-d) from ${dir}`,
      required: true,
    };
  } catch (error) {
    return {
      name: 'GloVe model',
      status: 'fail',
      detail: `${SHIPPED_MODELS.glove} does not load from ${dir}: ${errorReason(error)}`,
      fix: 'reinstall @synapse-rag/transformers (`npm ci`): its models/ folder ships the model',
      required: true,
    };
  }
}

async function checkIndex(settings: StoreSettings): Promise<DoctorCheck[]> {
  if (settings.pgvector.databaseUrl === undefined && !existsSync(join(settings.pgvector.pgliteDir, 'PG_VERSION'))) {
    return [
      {
        name: 'index',
        status: 'warn',
        detail: `nothing indexed in ${settings.pgvector.pgliteDir} yet`,
        fix: 'run `synapse index <paths>` (or `npm start` for the PostgreSQL docs quickstart)',
        required: false,
      },
    ];
  }
  const { IndexLedger } = await import('../indexing/index-ledger.js');
  const stores = await openStores(settings);
  try {
    const kind = settings.store ?? 'pgvector';
    const ledger = await IndexLedger.load(stores.ledger(kind));
    if (!ledger.embedder) {
      return [
        {
          name: 'index',
          status: 'warn',
          detail: `table ${settings.pgvector.table}: nothing indexed yet`,
          fix: 'run `synapse index <paths>` with the same store options',
          required: false,
        },
      ];
    }
    const e = ledger.embedder;
    return [
      {
        name: 'index',
        status: 'ok',
        detail: `${ledger.files.length} files indexed with ${e.provider}:${e.model} (${e.dimension}-d)`,
        required: false,
      },
    ];
  } catch (error) {
    return [{ name: 'index', status: 'warn', detail: `cannot read the index: ${errorReason(error)}`, required: false }];
  } finally {
    await stores.close();
  }
}

/**
 * Checks every configured server and model: the PostgreSQL server and its pgvector extension
 * (or PGlite), Chroma when configured, Ollama at OLLAMA_HOST (optional: the offline defaults
 * stand in), the shipped GloVe model, and what the index holds.
 */
export async function runDoctor(
  settings: StoreSettings,
  generatorModel: string = process.env.SYNAPSE_OLLAMA_MODEL || DEFAULT_OLLAMA_GENERATOR,
): Promise<DoctorCheck[]> {
  const checks = [...(await checkPostgres(settings)), ...(await checkChroma(settings)), ...(await checkOllama(generatorModel))];
  checks.push(await checkGlove());
  if (!checks.some((c) => c.required && c.status === 'fail')) checks.push(...(await checkIndex(settings)));
  return checks;
}
