import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineLockfile, type PackedTarball } from './offline-lockfile.js';

const repoLock = {
  packages: {
    '': { name: 'repo' },
    'node_modules/@scope/a': { resolved: 'packages/a', link: true },
    'node_modules/@scope/b': { resolved: 'packages/b', link: true },
    'packages/a': { version: '1.0.0' },
    'node_modules/zod': { version: '4.0.0', integrity: 'sha512-zod', dev: true },
    'node_modules/left': { version: '2.0.0', integrity: 'sha512-left', dependencies: { right: '^1' } },
    'node_modules/right': { version: '1.0.0', integrity: 'sha512-right-root' },
    'node_modules/left/node_modules/right': { version: '1.5.0', integrity: 'sha512-right-nested' },
    'packages/b/node_modules/left': { version: '3.0.0', integrity: 'sha512-left-b' },
    'node_modules/peer-user': {
      version: '1.0.0',
      peerDependencies: { zod: '*', vitest: '*' },
      peerDependenciesMeta: { vitest: { optional: true } },
    },
    'node_modules/unused': { version: '9.9.9' },
  },
};

let dir: string;
let tarballs: PackedTarball[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'offline-lockfile-'));
  const make = async (name: string, manifest: PackedTarball['manifest']): Promise<PackedTarball> => {
    const file = `${name.replace('@', '').replace('/', '-')}-1.0.0.tgz`;
    await writeFile(join(dir, file), `tarball of ${name}`);
    return { name, version: '1.0.0', relativePath: `tarballs/${file}`, absolutePath: join(dir, file), manifest };
  };
  tarballs = [
    await make('@scope/a', {
      license: 'MIT',
      dependencies: { zod: '^4', left: '^2', 'peer-user': '1' },
      optionalDependencies: { 'other-os-binary': '1' },
    }),
    await make('@scope/b', { bin: { bee: './bin/bee.js' }, dependencies: { '@scope/a': '1.0.0', left: '^3' } }),
  ];
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('offlineLockfile', () => {
  it("pins the tarballs and the closure of their dependencies at the repository's versions", () => {
    const app = {
      name: 'app',
      version: '1.0.0',
      dependencies: { '@scope/b': 'file:tarballs/scope-b-1.0.0.tgz', '@scope/a': 'file:x' },
    };
    const lock = offlineLockfile({ repoLock, app, tarballs }) as { packages: Record<string, Record<string, unknown>> };
    expect(Object.keys(lock.packages)).toEqual([
      '',
      'node_modules/@scope/a',
      'node_modules/@scope/b',
      'node_modules/@scope/b/node_modules/left', // packages/b's nested copy moves under its tarball
      'node_modules/left',
      'node_modules/left/node_modules/right', // the nested copy wins over the root one
      'node_modules/peer-user',
      'node_modules/zod', // required peer included; the optional peer (vitest) is not
    ]);
    const a = lock.packages['node_modules/@scope/a']!;
    const digest = createHash('sha512').update('tarball of @scope/a').digest('base64');
    expect(a).toMatchObject({
      version: '1.0.0',
      resolved: 'file:tarballs/scope-a-1.0.0.tgz',
      integrity: `sha512-${digest}`,
      license: 'MIT',
    });
    expect(lock.packages['node_modules/@scope/b']).toMatchObject({ bin: { bee: './bin/bee.js' } }); // npm links bins from the lock
    expect(lock.packages['node_modules/zod']).toEqual({ version: '4.0.0', integrity: 'sha512-zod' }); // dev flag dropped
    expect(lock.packages['node_modules/@scope/b/node_modules/left']).toMatchObject({ version: '3.0.0' });
    expect(lock.packages['']).toBe(app);
  });

  it('names a dependency the repository lockfile cannot resolve', () => {
    const app = { name: 'app', version: '1.0.0', dependencies: { missing: '1' } };
    expect(() => offlineLockfile({ repoLock, app, tarballs })).toThrow(
      /missing \(node_modules\/missing\) is not in the repository's package-lock.json/,
    );
  });
});
