import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** One `packages` entry of a v3 `package-lock.json`. */
interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dev?: boolean;
  optional?: boolean;
  peer?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

/** A tarball made by `npm pack`, installed as `file:` dependency of the app. */
export interface PackedTarball {
  name: string;
  version: string;
  /** Path relative to the app directory, e.g. `tarballs/synapse-rag-core-0.1.0.tgz`. */
  relativePath: string;
  absolutePath: string;
  /** The packed `package.json` (dependencies as a registry user would see them). */
  manifest: LockEntry;
}

export interface OfflineLockfileInput {
  /** The repository's `package-lock.json` (parsed). */
  repoLock: { packages: Record<string, LockEntry> };
  /** The app's `package.json`; every dependency that is not a tarball must be in `repoLock`. */
  app: { name: string; version: string } & Record<string, unknown>;
  tarballs: PackedTarball[];
}

/**
 * A `package-lock.json` for a throwaway app that installs the packed tarballs with `npm install
 * --offline` from the npm cache `npm ci` filled. `npm ci` caches tarballs, not registry metadata,
 * so npm must not resolve any version range itself: every package the app needs is pinned here
 * to the exact version (and integrity) the repository's lockfile holds, and the tarballs' own
 * dependencies are walked with Node's lookup rules (nested `node_modules` first, then upwards).
 * Registry entries are copied as they are; `packages/<dir>/node_modules/*` nests become
 * `node_modules/@scope/name/node_modules/*` under the tarball of that workspace.
 */
export function offlineLockfile({ repoLock, app, tarballs }: OfflineLockfileInput): Record<string, unknown> {
  const source = repoLock.packages;
  const byName = new Map(tarballs.map((t) => [t.name, t]));
  const workspaceDir = new Map<string, string>();
  for (const [key, entry] of Object.entries(source)) {
    if (entry.link && typeof entry.resolved === 'string' && key.startsWith('node_modules/')) {
      workspaceDir.set(key.slice('node_modules/'.length), entry.resolved);
    }
  }
  const out: Record<string, LockEntry> = {};

  const locate = (fromKey: string, name: string): string | undefined => {
    let base = fromKey;
    for (;;) {
      const key = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
      if (source[key] && !source[key].link) return key;
      if (!base) return undefined;
      const cut = base.lastIndexOf('/node_modules/');
      base = cut < 0 ? '' : base.slice(0, cut);
    }
  };

  const requires = (entry: LockEntry): string[] => {
    const optionalPeers = entry.peerDependenciesMeta ?? {};
    return [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}).filter((n) => !optionalPeers[n]?.optional),
    ];
  };

  // Repository paths → app paths: a workspace's nested node_modules moves under its tarball.
  const mapKey = (key: string): string => {
    for (const [name, dir] of workspaceDir) {
      if (key.startsWith(`${dir}/node_modules/`)) return `node_modules/${name}${key.slice(dir.length)}`;
    }
    return key;
  };

  // `sourceKey`: where the package sits in the repository (a tarball: its workspace directory,
  // whose nested node_modules are searched first); `appKey`: where it goes in the app.
  const visit = (name: string, sourceKey: string, appKey: string): void => {
    if (out[appKey]) return;
    const tarball = byName.get(name);
    let manifest: LockEntry;
    if (tarball) {
      out[appKey] = tarballEntry(tarball);
      manifest = tarball.manifest;
    } else {
      const entry = source[sourceKey];
      if (!entry) throw new Error(`${name} (${sourceKey}) is not in the repository's package-lock.json`);
      const { dev: _dev, optional: _optional, peer: _peer, ...rest } = entry;
      out[appKey] = rest;
      manifest = entry;
    }
    const optional = new Set(Object.keys(manifest.optionalDependencies ?? {}));
    for (const dep of requires(manifest)) {
      if (byName.has(dep)) {
        visit(dep, workspaceDir.get(dep) ?? '', `node_modules/${dep}`);
        continue;
      }
      const found = locate(sourceKey, dep);
      if (found) visit(dep, found, mapKey(found));
      else if (!optional.has(dep)) {
        throw new Error(`${name} needs ${dep}, which the repository's lockfile does not resolve from ${sourceKey || 'the root'}`);
      }
      // An optional dependency missing from the lockfile is another platform's binary.
    }
  };

  const deps = {
    ...((app.dependencies as Record<string, string> | undefined) ?? {}),
    ...((app.devDependencies as Record<string, string> | undefined) ?? {}),
  };
  for (const name of Object.keys(deps)) {
    visit(name, byName.has(name) ? (workspaceDir.get(name) ?? '') : `node_modules/${name}`, `node_modules/${name}`);
  }

  return {
    name: app.name,
    version: app.version,
    lockfileVersion: 3,
    requires: true,
    packages: { '': app, ...Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1))) },
  };
}

function tarballEntry(tarball: PackedTarball): LockEntry {
  const { manifest } = tarball;
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball.absolutePath)).digest('base64')}`;
  const entry: LockEntry = { version: tarball.version, resolved: `file:${tarball.relativePath}`, integrity };
  for (const field of [
    'license',
    'bin',
    'dependencies',
    'optionalDependencies',
    'peerDependencies',
    'peerDependenciesMeta',
    'engines',
  ]) {
    if (manifest[field] !== undefined) entry[field] = manifest[field];
  }
  return entry;
}
