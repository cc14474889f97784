/** Where the migration runtime reports problems it handles itself (legacy failures, shadow errors, flag reloads). */
export interface MigrationLogger {
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

/** Logs to `console.warn` / `console.error` with a `[synapse-rag/migration]` prefix. */
export const CONSOLE_LOGGER: MigrationLogger = {
  warn: (message, details) => console.warn(`[synapse-rag/migration] ${message}`, details ?? ''),
  error: (message, details) => console.error(`[synapse-rag/migration] ${message}`, details ?? ''),
};

/** Discards everything (tests, or apps that watch the events instead). */
export const SILENT_LOGGER: MigrationLogger = { warn() {}, error() {} };
