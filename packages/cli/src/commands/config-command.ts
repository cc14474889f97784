import { Command } from 'commander';
import { effectiveConfig } from '../config/effective-config.js';
import { addStoreOptions, resolveStoreSettings, type StoreFlags } from '../store/store-options.js';

/** `synapse config`: the effective configuration, secrets masked. */
export function configCommand(): Command {
  const cmd = new Command('config')
    .description('Show the effective configuration (store, models, flags) from options and environment; passwords masked.')
    .option('--json', 'print it as JSON');
  addStoreOptions(cmd).action((flags: StoreFlags & { json?: boolean }) => {
    const config = effectiveConfig(resolveStoreSettings(flags));
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(config)}\n`);
      return;
    }
    const { store, models } = config;
    const lines = [
      'store:',
      `  pgvector: ${store.pgvector.databaseUrl ?? `PGlite in ${store.pgvector.pgliteDir}`}, table ${store.pgvector.table}`,
      `  chroma: ${store.chroma ? `${store.chroma.url}, collection ${store.chroma.collection}` : 'not configured'}`,
      `  index writes to: ${store.writes}`,
      `  ask reads: ${store.queryPath} path${store.queryNote ? ` (${store.queryNote})` : ''}`,
      'models:',
      `  ollama: ${models.ollamaHost} (${models.ollamaHostSource})`,
      `  embedding: ${models.embedding}`,
      `  generator: ${models.generator}`,
      ...(models.modelsDir ? [`  SYNAPSE_MODELS_DIR: ${models.modelsDir}`] : []),
      'flags:',
      ...Object.entries(config.flags).map(([k, v]) => `  ${k}=${v}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  });
  return cmd;
}
