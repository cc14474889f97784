import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createLegacyFixture, type LegacyFixture, type PlantedRows } from '../../migration/test/legacy-fixture.js';

/** A legacy fixture in a temp dir + Chroma, a target schema on the PostgreSQL server, and the CLI's source/target arguments. */
export interface LegacySetup {
  dir: string;
  fixture: LegacyFixture;
  pool: pg.Pool;
  schema: string;
  /** `--sqlite … --chroma-url … --chroma-collection … --database-url … --schema … --table docs` */
  args(): string[];
}

/** Registers beforeAll / afterAll that build the fixture and drop the schema afterwards. */
export function useLegacySetup(
  name: string,
  servers: { pgUrl: string | null; chromaUrl: string },
  fixture: { count: number; dimension: number; planted?: PlantedRows },
): LegacySetup {
  const schema = `cli_${name}_${process.pid}`;
  const setup = { schema } as LegacySetup;
  setup.args = () => [
    '--sqlite',
    setup.fixture.sqlitePath,
    '--chroma-url',
    servers.chromaUrl,
    '--chroma-collection',
    setup.fixture.collection,
    '--database-url',
    servers.pgUrl as string,
    '--schema',
    schema,
    '--table',
    'docs',
  ];
  beforeAll(async () => {
    setup.dir = await mkdtemp(join(tmpdir(), `synapse-cli-${name}-`));
    setup.fixture = await createLegacyFixture({
      sqlitePath: join(setup.dir, 'legacy.db'),
      chromaUrl: servers.chromaUrl,
      collection: `${name}-${process.pid}-${Date.now()}`,
      ...fixture,
    });
    setup.pool = new pg.Pool({ connectionString: servers.pgUrl as string, max: 2 });
  });
  afterAll(async () => {
    await setup.pool?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await setup.pool?.end();
    if (setup.dir) await rm(setup.dir, { recursive: true, force: true });
  });
  return setup;
}
