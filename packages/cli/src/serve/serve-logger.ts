import type { MigrationLogger } from '@synapse-rag/migration';

/**
 * Where `synapse serve` logs (stderr, one line each): failed requests with their stack (never sent
 * to clients), store problems the migration runtime handles itself, shutdown steps.
 */
export const SERVE_LOGGER: MigrationLogger & { info(message: string, details?: Record<string, unknown>): void } = {
  info: (message, details) => process.stderr.write(`[synapse serve] ${message}${details ? ` ${JSON.stringify(details)}` : ''}\n`),
  warn: (message, details) =>
    process.stderr.write(`[synapse serve] warning: ${message}${details ? ` ${JSON.stringify(details)}` : ''}\n`),
  error: (message, details) =>
    process.stderr.write(`[synapse serve] error: ${message}${details ? ` ${JSON.stringify(details)}` : ''}\n`),
};
