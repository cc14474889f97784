import { type Command, Option } from 'commander';
import { z } from 'zod';
import { UsageError } from '../usage-error.js';

/** Where the embedded store lives when no `--database-url` / `DATABASE_URL` is given. */
export const DEFAULT_PGLITE_DIR = '.synapse/';
/** Table (pgvector) written and read when `--table` is not given. */
export const DEFAULT_TABLE = 'documents';
/** Chroma collection written and read when `--chroma-collection` is not given. */
export const DEFAULT_CHROMA_COLLECTION = 'synapse';

/** The store options as commander parses them (before the environment is applied). */
export interface StoreFlags {
  databaseUrl?: string;
  pgliteDir?: string;
  chromaUrl?: string;
  chromaCollection?: string;
  table?: string;
  store?: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * The validated store settings every store command uses: the pgvector store (a server, or PGlite
 * in a directory), the Chroma store when one is configured, and which of them `--store` named.
 */
export const StoreSettingsSchema = z.strictObject({
  /** The store named by `--store`; `undefined`: not given (the flags decide where both exist). */
  store: z.enum(['pgvector', 'chroma']).optional(),
  pgvector: z.strictObject({
    /** PostgreSQL server (`--database-url`, else `DATABASE_URL`); absent: PGlite in `pgliteDir`. */
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
    /** PGlite data directory used without a server. @default ".synapse/" */
    pgliteDir: z.string().min(1).default(DEFAULT_PGLITE_DIR),
    /** Table holding the documents (`schema.table` or `table`). @default "documents" */
    table: z
      .string()
      .refine((t) => t.split('.').length <= 2 && t.split('.').every((p) => IDENTIFIER.test(p)), {
        message: 'must be an identifier or schema.identifier (letters, digits, _)',
      })
      .default(DEFAULT_TABLE),
  }),
  /** The Chroma server (`--chroma-url`, else `CHROMA_URL`) and collection; absent: none configured. */
  chroma: z
    .strictObject({
      url: z.url({ protocol: /^https?$/ }),
      /** @default "synapse" */
      collection: z.string().min(3).default(DEFAULT_CHROMA_COLLECTION),
    })
    .optional(),
});

/** Validated store settings (see {@link StoreSettingsSchema}). */
export type StoreSettings = z.output<typeof StoreSettingsSchema>;

/**
 * Registers the shared store options on `cmd`: `--database-url`, `--pglite-dir`, `--chroma-url`,
 * `--chroma-collection`, `--table`, `--store`. Environment defaults (`DATABASE_URL`,
 * `CHROMA_URL`) are applied by {@link resolveStoreSettings}, so help shows where they come from.
 */
export function addStoreOptions(cmd: Command): Command {
  return cmd
    .option('--database-url <url>', 'PostgreSQL server with pgvector (default: $DATABASE_URL; none: embedded PGlite)')
    .option('--pglite-dir <dir>', `embedded PGlite data directory, used without a server (default: ${DEFAULT_PGLITE_DIR})`)
    .option('--chroma-url <url>', 'Chroma server, e.g. http://127.0.0.1:8000 (default: $CHROMA_URL)')
    .option('--chroma-collection <name>', `Chroma collection (default: ${DEFAULT_CHROMA_COLLECTION})`)
    .option('--table <name>', `pgvector table, [schema.]table (default: ${DEFAULT_TABLE})`)
    .addOption(
      new Option(
        '--store <kind>',
        'the store to use (default: pgvector; with Chroma configured the FF_* flags decide reads)',
      ).choices(['pgvector', 'chroma']),
    );
}

/** Whether a value is set (commander leaves absent options undefined; env vars may be empty). */
const given = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

/**
 * The store settings from the parsed flags and the environment (flags win; `DATABASE_URL`,
 * `CHROMA_URL`). Throws {@link UsageError} naming the bad option, e.g. `--store chroma` without
 * a Chroma URL.
 */
export function resolveStoreSettings(
  flags: StoreFlags,
  env: Readonly<Record<string, string | undefined>> = process.env,
): StoreSettings {
  const databaseUrl = given(flags.databaseUrl) ? flags.databaseUrl : given(env.DATABASE_URL) ? env.DATABASE_URL : undefined;
  const chromaUrl = given(flags.chromaUrl) ? flags.chromaUrl : given(env.CHROMA_URL) ? env.CHROMA_URL : undefined;
  if (flags.store === 'chroma' && chromaUrl === undefined) {
    throw new UsageError('--store chroma needs a Chroma server: give --chroma-url or set CHROMA_URL.');
  }
  if (given(flags.databaseUrl) && given(flags.pgliteDir)) {
    throw new UsageError('give only one of --database-url and --pglite-dir.');
  }
  const input = {
    ...(flags.store !== undefined ? { store: flags.store } : {}),
    pgvector: {
      ...(databaseUrl !== undefined && !given(flags.pgliteDir) ? { databaseUrl } : {}),
      ...(given(flags.pgliteDir) ? { pgliteDir: flags.pgliteDir } : {}),
      ...(given(flags.table) ? { table: flags.table } : {}),
    },
    ...(chromaUrl !== undefined
      ? {
          chroma: {
            url: chromaUrl.replace(/\/+$/, ''),
            ...(given(flags.chromaCollection) ? { collection: flags.chromaCollection } : {}),
          },
        }
      : {}),
  };
  const result = StoreSettingsSchema.safeParse(input);
  if (result.success) return result.data;
  const names: Record<string, string> = {
    'pgvector.databaseUrl': given(flags.databaseUrl) ? '--database-url' : 'DATABASE_URL',
    'pgvector.pgliteDir': '--pglite-dir',
    'pgvector.table': '--table',
    'chroma.url': given(flags.chromaUrl) ? '--chroma-url' : 'CHROMA_URL',
    'chroma.collection': '--chroma-collection',
    store: '--store',
  };
  const problems = result.error.issues.map((i) => `${names[i.path.join('.')] ?? i.path.join('.')} ${i.message}`);
  throw new UsageError(`bad store options: ${problems.join('; ')}.`);
}

/** The kind of pgvector store the settings open: a server or embedded PGlite. */
export function pgvectorLocation(settings: StoreSettings): string {
  return settings.pgvector.databaseUrl !== undefined ? 'server' : `PGlite in ${settings.pgvector.pgliteDir}`;
}
