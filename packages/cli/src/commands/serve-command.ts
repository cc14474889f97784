import { Command } from 'commander';
import { integerArgument } from '../integer-argument.js';
import { addStoreOptions, resolveStoreSettings, type StoreFlags } from '../store/store-options.js';
import { UsageError } from '../usage-error.js';

interface ServeFlags extends StoreFlags {
  port: number;
  host: string;
  flagsFile?: string;
  stateFile?: string;
  outbox?: string;
}

const port = integerArgument(0, 65_535, 'a port from 0 to 65535');

/** `synapse serve`: the HTTP service (see packages/cli/README.md for the routes). */
export function serveCommand(): Command {
  const cmd = new Command('serve')
    .description(
      'Serve queries, indexing, /health, /metrics (Prometheus), the pipeline drawing, live figures (SSE) and, with SYNAPSE_ADMIN_TOKEN set, admin routes (flags, rollout, reconcile) over HTTP; SIGTERM / SIGINT drain in-flight requests and exit 0.',
    )
    .option('--port <n>', 'TCP port (0: a free one)', port, 8101)
    .option('--host <address>', 'interface to listen on (0.0.0.0 in a container)', '127.0.0.1')
    .option('--flags-file <file>', 'JSON flag file to follow live (synapse rollout edits it); default: the FF_* environment')
    .option('--state-file <file>', 'durable rollout state (default: <flags-file>.rollout.json)')
    .option('--outbox <file>', "the hybrid store's outbox (JSONL) for dual-write legs Chroma failed")
    .addHelpText(
      'after',
      '\nEnvironment: SYNAPSE_ADMIN_TOKEN (≥ 16 characters) enables /admin/*; DATABASE_URL, CHROMA_URL, OLLAMA_HOST, FF_*.',
    );
  addStoreOptions(cmd).action(async (flags: ServeFlags) => {
    const settings = resolveStoreSettings(flags);
    const token = process.env.SYNAPSE_ADMIN_TOKEN?.trim() || undefined;
    if (token !== undefined && token.length < 16) throw new UsageError('SYNAPSE_ADMIN_TOKEN must be at least 16 characters.');
    if (flags.stateFile && !flags.flagsFile) throw new UsageError('--state-file goes with --flags-file.');
    const { ServiceRuntime } = await import('../serve/service-runtime.js');
    const { startServer } = await import('../serve/start-server.js');
    const { SERVE_LOGGER } = await import('../serve/serve-logger.js');
    const runtime = await ServiceRuntime.open({
      settings,
      ...(flags.flagsFile ? { flagsFile: flags.flagsFile } : {}),
      ...(flags.stateFile ? { rolloutStateFile: flags.stateFile } : {}),
      ...(flags.outbox ? { outbox: flags.outbox } : {}),
    });
    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      server = await startServer(runtime, { port: flags.port, host: flags.host, ...(token ? { adminToken: token } : {}) });
    } catch (error) {
      await runtime.close();
      throw error;
    }
    const plan = runtime.plan();
    SERVE_LOGGER.info(`listening on ${server.url}`, {
      stores: runtime.storeKinds(),
      queryPath: plan.path,
      flags: runtime.flags.origin,
      generator: runtime.generator.name,
      admin: token ? 'enabled' : 'disabled',
      dashboard: `${server.url}/`,
    });
    process.stdout.write(`${JSON.stringify({ event: 'listening', url: server.url, port: server.port })}\n`);
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGTERM', () => resolve('SIGTERM'));
      process.once('SIGINT', () => resolve('SIGINT'));
    });
    SERVE_LOGGER.info(`${signal}: draining ${server.inFlight()} request(s), then closing the stores`);
    await server.close();
    SERVE_LOGGER.info('stopped');
    process.exitCode = 0;
    // Anything still holding the event loop (a library timer) must not keep a stopped service alive.
    setTimeout(() => process.exit(0), 2000).unref();
  });
  return cmd;
}
