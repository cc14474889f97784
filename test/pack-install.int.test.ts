import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withBuildLock } from './build-lock.js';
import { offlineLockfile, type PackedTarball } from './pack/offline-lockfile.js';

/**
 * What a user gets from `npm pack` + `npm install`: every publishable workspace package is
 * packed (its `prepack` builds `dist/`), the tarballs are installed OFFLINE into a throwaway ESM
 * TypeScript app (from the npm cache `npm ci` filled; npm must not resolve anything, so the app
 * gets a lockfile pinned to the repository's versions), a small program is type-checked there
 * without `skipLibCheck`, compiled and run, and run once more from the shipped sources through
 * the `source` export condition.
 */

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

/** The parent's npm_* variables (set by `npm test`) would configure the app's npm: drop them. */
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'INIT_CWD'),
) as NodeJS.ProcessEnv;

async function sh(cmd: string, args: string[], cwd: string, timeout = 240_000) {
  try {
    return await run(cmd, args, { cwd, timeout, env: { ...cleanEnv, NODE_NO_WARNINGS: '1' }, maxBuffer: 64 << 20 });
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${e.stderr ?? ''}\n${e.stdout ?? ''}\n${e.message}`);
  }
}

interface Workspace {
  dir: string;
  name: string;
  version: string;
  exports: Record<string, unknown>;
}

/** The string leaves of an exports map / bin field. */
function leaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(leaves);
  return [];
}

async function publishableWorkspaces(): Promise<Workspace[]> {
  const rootPkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { workspaces: string[] };
  const found: Workspace[] = [];
  for (const dir of rootPkg.workspaces) {
    const pkg = JSON.parse(await readFile(join(root, dir, 'package.json'), 'utf8'));
    if (!pkg.private) found.push({ dir, name: pkg.name, version: pkg.version, exports: pkg.exports ?? {} });
  }
  return found;
}

let app: string;
let workspaces: Workspace[];
let tarballs: PackedTarball[];
const contents = new Map<string, string[]>();
let installLog = '';
let specifiers: string[];
let typeErrors: { ours: string[]; thirdParty: string[] };

/**
 * Type-checks and emits a tsconfig's program. `ours`: diagnostics in the app and in every
 * `@synapse-rag/*` file; `thirdParty`: names of other packages whose .d.ts fail strict checking.
 */
function compile(tsconfigPath: string): { ours: string[]; thirdParty: string[] } {
  const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} };
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfigPath, {}, host);
  if (!parsed || parsed.errors.length > 0) throw new Error(`bad ${tsconfigPath}: ${parsed?.errors.map((e) => e.messageText)}`);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...program.emit().diagnostics];
  const formatHost = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => app, getNewLine: () => '\n' };
  const isThirdParty = (d: ts.Diagnostic) =>
    !!d.file && d.file.fileName.includes('/node_modules/') && !d.file.fileName.includes('/node_modules/@synapse-rag/');
  return {
    ours: diagnostics.filter((d) => !isThirdParty(d)).map((d) => ts.formatDiagnostic(d, formatHost)),
    thirdParty: [
      ...new Set(
        diagnostics.filter(isThirdParty).map((d) => d.file!.fileName.replace(/.*\/node_modules\/((@[^/]+\/)?[^/]+).*/, '$1')),
      ),
    ],
  };
}

beforeAll(async () => {
  const started = Date.now();
  const phases: string[] = [];
  const phase = (name: string) => phases.push(`${name} ${((Date.now() - started) / 1000).toFixed(0)} s`);
  app = await mkdtemp(join(tmpdir(), 'synapse-pack-app-'));
  const tarballDir = join(app, 'tarballs');
  await mkdir(tarballDir);
  workspaces = await publishableWorkspaces();

  // 1. Pack (each package's prepack runs `tsc -b`, so this also builds dist/).
  await withBuildLock(() =>
    sh('npm', ['pack', '--pack-destination', tarballDir, ...workspaces.flatMap((w) => ['-w', w.dir])], root, 280_000),
  );
  phase('packed');
  tarballs = [];
  for (const file of await readdir(tarballDir)) {
    const absolutePath = join(tarballDir, file);
    const { stdout: list } = await sh('tar', ['-tzf', absolutePath], app);
    const { stdout: manifest } = await sh('tar', ['-xzOf', absolutePath, 'package/package.json'], app);
    const pkg = JSON.parse(manifest);
    contents.set(pkg.name, list.split('\n').filter(Boolean));
    tarballs.push({ name: pkg.name, version: pkg.version, relativePath: `tarballs/${file}`, absolutePath, manifest: pkg });
  }

  // 2. The app: ESM, TypeScript, the tarballs as dependencies.
  const repoLock = JSON.parse(await readFile(join(root, 'package-lock.json'), 'utf8'));
  const appPkg = {
    name: 'synapse-pack-app',
    version: '1.0.0',
    private: true,
    type: 'module',
    dependencies: Object.fromEntries(tarballs.map((t) => [t.name, `file:${t.relativePath}`])),
    // fast-check: the optional peer dependency whose types @synapse-rag/core/testing's random
    // corpora expose (a user importing that subpath installs it, as its README says).
    devDependencies: {
      '@types/node': repoLock.packages['node_modules/@types/node'].version,
      'fast-check': repoLock.packages['node_modules/fast-check'].version,
    },
    // As the READMEs tell users: no CUDA download from onnxruntime-node's postinstall (npm 11),
    // and the Chroma bindings that load on glibc 2.36 (packages/chroma/README.md).
    // better-sqlite3's native build (≈ 2 min on 2 busy cores; the repository's own `npm ci` builds
    // and tests it) is skipped to keep this test short: its addon loads lazily, on the first
    // `new Database()`, which nothing here calls.
    allowScripts: { 'onnxruntime-node': false, protobufjs: false, 'better-sqlite3': false },
    overrides: { 'chromadb-js-bindings-linux-x64-gnu': '1.0.5' },
  };
  await writeFile(join(app, 'package.json'), `${JSON.stringify(appPkg, null, 2)}\n`);
  const lock = offlineLockfile({ repoLock, app: appPkg, tarballs });
  await writeFile(join(app, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);

  // 3. Install offline: any registry request fails with ENOTCACHED instead of downloading.
  const installed = await sh('npm', ['install', '--offline', '--no-audit', '--no-fund'], app, 280_000);
  installLog = `${installed.stdout}\n${installed.stderr}`;
  phase('installed');

  // 4. The programs: the README's core example, the fixture, and every export of every package.
  await mkdir(join(app, 'src'));
  await copyFile(fileURLToPath(new URL('./pack-app/main.ts', import.meta.url)), join(app, 'src', 'main.ts'));
  await copyFile(join(root, 'examples', 'in-memory-hybrid.ts'), join(app, 'src', 'readme-example.ts'));
  specifiers = workspaces.flatMap((w) =>
    Object.keys(w.exports)
      .filter((sub) => sub !== './package.json')
      .map((sub) => (sub === '.' ? w.name : `${w.name}/${sub.slice(2)}`)),
  );
  // The type check covers every export (type-only imports); at run time imports.ts loads each.
  await copyFile(fileURLToPath(new URL('./pack-app/imports.ts', import.meta.url)), join(app, 'src', 'imports.ts'));
  const typeImports = specifiers.map((s, i) => `import type * as T${i} from '${s}';`);
  const tuple = `export type AllExports = [${specifiers.map((_, i) => `typeof T${i}`).join(', ')}];`;
  await writeFile(join(app, 'src', 'exports.ts'), `${[...typeImports, tuple].join('\n')}\n`);
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2023'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      skipLibCheck: false,
      types: ['node'],
      rootDir: 'src',
      outDir: 'dist',
    },
    include: ['src'],
  };
  await writeFile(join(app, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);

  // 5. Type-check and emit with the TypeScript API, telling our diagnostics from third parties'.
  typeErrors = compile(join(app, 'tsconfig.json'));
  phase('compiled');
  console.info(`pack-and-install setup: ${phases.join(', ')}`);
}, 600_000);

afterAll(async () => {
  if (app && !process.env.KEEP_PACK_APP) await rm(app, { recursive: true, force: true });
});

describe('packed tarballs installed into a fresh ESM TypeScript app (offline)', () => {
  it('packs every publishable package with what its exports and bin name, LICENSE and README, without build info or tests', () => {
    expect(workspaces.map((w) => w.name)).toEqual(expect.arrayContaining(['@synapse-rag/core', '@synapse-rag/pgvector']));
    expect([...contents.keys()].sort()).toEqual(workspaces.map((w) => w.name).sort());
    for (const [name, files] of contents) {
      expect(files, name).toEqual(expect.arrayContaining(['package/LICENSE', 'package/README.md', 'package/package.json']));
      expect(
        files.filter((f) => /tsbuildinfo|\.test\.ts$|\.test-d\.ts$/.test(f)),
        name,
      ).toEqual([]);
      // Every path the manifest points at is in the tarball (the `source` condition's too).
      const manifest = tarballs.find((t) => t.name === name)!.manifest;
      const targets = [manifest.types, ...leaves(manifest.exports), ...leaves(manifest.bin)].filter((t) => typeof t === 'string');
      for (const target of targets) expect(files, `${name} names ${target}`).toContain(`package/${target.replace(/^\.\//, '')}`);
    }
  });

  it('installs from the npm cache alone, without onnxruntime-node fetching CUDA files', () => {
    expect(existsSync(join(app, 'node_modules', '@synapse-rag', 'core', 'dist', 'index.js'))).toBe(true);
    const ortBin = join(app, 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6', 'linux', 'x64');
    if (process.platform === 'linux' && process.arch === 'x64') {
      expect(existsSync(join(ortBin, 'onnxruntime_binding.node'))).toBe(true); // CPU build ships in the package
      expect(existsSync(join(ortBin, 'libonnxruntime_providers_cuda.so'))).toBe(false);
    }
    expect(installLog).not.toMatch(/EBADENGINE|ENOTCACHED|Unknown project config/);
  });

  it("type-checks the program against the packages' own .d.ts without skipLibCheck", () => {
    expect(typeErrors.ours).toEqual([]);
    if (typeErrors.thirdParty.length > 0) {
      console.info(
        `third-party .d.ts with strict errors (a user needs skipLibCheck for these): ${typeErrors.thirdParty.join(', ')}`,
      );
    }
  });

  it("runs the README's core example (examples/in-memory-hybrid.ts) compiled", { timeout: 120_000 }, async () => {
    const { stdout } = await sh('node', ['dist/readme-example.js'], app);
    expect(stdout.split('\n')[0]).toBe('Paris is the capital of France.');
  });

  it('runs the compiled program: pgvector on PGlite, the GloVe model shipped in transformers', { timeout: 120_000 }, async () => {
    const { stdout } = await sh('node', ['dist/main.js'], app);
    expect(stdout).toContain('pgvector: 2 a');
    expect(stdout).toContain('transformers: 100 related-closer');
  });

  it('imports every export of every package at run time (or names the optional peer it needs)', {
    timeout: 120_000,
  }, async () => {
    const { stdout } = await sh('node', ['dist/imports.js', ...specifiers], app);
    for (const w of workspaces) {
      const pkg = tarballs.find((t) => t.name === w.name)!.manifest;
      const optionalPeers = Object.keys(pkg.peerDependenciesMeta ?? {}).filter((n) => pkg.peerDependenciesMeta?.[n]?.optional);
      for (const sub of Object.keys(w.exports).filter((k) => k !== './package.json')) {
        const specifier = sub === '.' ? w.name : `${w.name}/${sub.slice(2)}`;
        const line = new RegExp(`^import ${specifier}: (.+)$`, 'm').exec(stdout)?.[1];
        expect(line, specifier).toBeDefined();
        if (line?.startsWith('needs ')) expect(optionalPeers, `${specifier} ${line}`).toContain(line.slice('needs '.length));
        else expect(Number(line), specifier).toBeGreaterThan(0);
      }
    }
  });

  it("runs every package's bin with --help", { timeout: 120_000 }, async () => {
    const bins = tarballs.flatMap((t) => Object.keys((t.manifest.bin as Record<string, string> | undefined) ?? {}));
    for (const name of bins) {
      const { stdout } = await sh(join(app, 'node_modules', '.bin', name), ['--help'], app);
      expect(stdout, name).toMatch(/usage/i);
    }
  });

  it('loads every package from its shipped TypeScript sources with --conditions=source (tsx)', { timeout: 120_000 }, async () => {
    const { stdout } = await sh(bin('tsx'), ['--conditions=source', 'src/imports.ts', ...specifiers], app);
    for (const w of workspaces) expect(stdout, w.name).toMatch(new RegExp(`^import ${w.name}: [1-9]`, 'm'));
  });
});
