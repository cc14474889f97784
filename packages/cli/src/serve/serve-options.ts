import { z } from 'zod';

/** The port `synapse serve` listens on (docker-compose.yml and prometheus.yml use it). */
export const DEFAULT_SERVE_PORT = 8101;

/** Options of the HTTP service (`createApp` / `startServer`); the command fills them from its flags. */
export const ServeOptionsSchema = z.strictObject({
  /** TCP port; 0 picks a free one (tests). @default 8101 */
  port: z.number().int().min(0).max(65_535).default(DEFAULT_SERVE_PORT),
  /** Interface to listen on (`0.0.0.0` in a container). @default "127.0.0.1" */
  host: z.string().min(1).default('127.0.0.1'),
  /**
   * Bearer token of the `/admin/*` routes (`SYNAPSE_ADMIN_TOKEN`). Without one they are disabled
   * (404). At least 16 characters. @default undefined
   */
  adminToken: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Largest request body accepted; bigger ones get 413. @default 1048576 (1 MiB) */
  bodyLimitBytes: z
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  /** A request still running after this long is aborted and answered 504 (not `/events`). @default 30000 */
  requestTimeoutMs: z.number().int().positive().default(30_000),
  /** How often `/events` sends the live figures (a client may ask for 250–60000 ms with `?intervalMs=`). @default 2000 */
  eventsIntervalMs: z.number().int().min(50).default(2000),
  /** Time budget of each store check of `/health`. @default 2000 */
  healthTimeoutMs: z.number().int().positive().default(2000),
  /** On shutdown, in-flight requests get this long to finish before their connections are closed. @default 10000 */
  drainTimeoutMs: z.number().int().nonnegative().default(10_000),
});

/** Serve options as given (defaults applied by {@link ServeOptionsSchema}). */
export type ServeOptionsInput = z.input<typeof ServeOptionsSchema>;
/** Validated serve options. */
export type ServeOptions = z.output<typeof ServeOptionsSchema>;
