/**
 * A package-lock.json for a blank app, cut from the repository's own lock, so that `npm ci --offline` installs the
 * packed tarball and its peers from npm's cache (filled by the repository's `npm ci`) with no network.
 *
 * Why not `npm install --offline <tgz> @tensorflow/tfjs@4.22.0 …`: to resolve a version (or check a peer range) npm
 * reads the package's registry document, and `npm ci` caches only tarballs, never those documents; offline, that
 * install fails with ERESOLVE ("Found: @tensorflow/tfjs@undefined"). With a lock npm reads no registry document: it
 * fetches each tarball by its integrity, which the cache has.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';


interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  [key: string]: unknown;
}

export interface Lock {
  packages: Record<string, LockEntry>;
}

/** Node's lookup from the package at lock path `from` ('' = the root): from/node_modules/name, then each parent's. */
function resolveFrom(packages: Lock['packages'], from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!dir) return undefined;
    const i = dir.lastIndexOf('/node_modules/');
    dir = i < 0 ? '' : dir.slice(0, i);
  }
}

/**
 * The lock entries `roots` (name → exact version, as the repository's lock has them) reach through dependencies,
 * optional dependencies and peers, at the paths the repository's tree has them (a subtree of a valid tree is valid).
 * `alsoReached` are more names to start from (the tarball's own dependencies, which its lock entry points to).
 * Throws when a root is missing or at another version: the app must use what `npm ci` put in the cache.
 */
export function lockSubset(repoLock: Lock, roots: Record<string, string>, alsoReached: string[] = []): Record<string, LockEntry> {
  const { packages } = repoLock;
  for (const [name, version] of Object.entries(roots)) {
    const got = packages[`node_modules/${name}`]?.version;
    if (got !== version) throw new Error(`app lock: ${name}@${version} is not in the repository's package-lock.json (it has ${got ?? 'none'}).`);
  }
  const keep = new Map<string, LockEntry>();
  const todo: [from: string, name: string, optional: boolean][] = [...Object.keys(roots), ...alsoReached].map((n) => ['', n, false]);
  while (todo.length > 0) {
    const [from, name, optional] = todo.pop() as [string, string, boolean];
    const at = resolveFrom(packages, from, name);
    if (!at) {
      if (optional) continue;
      throw new Error(`app lock: ${name} (needed by ${from || 'the app'}) is not in the repository's package-lock.json.`);
    }
    if (keep.has(at)) continue;
    const entry = packages[at] as LockEntry;
    keep.set(at, entry);
    for (const d of Object.keys(entry.dependencies ?? {})) todo.push([at, d, false]);
    for (const d of Object.keys(entry.optionalDependencies ?? {})) todo.push([at, d, true]);
    for (const d of Object.keys(entry.peerDependencies ?? {})) todo.push([at, d, entry.peerDependenciesMeta?.[d]?.optional === true]);
  }
  const out: Record<string, LockEntry> = {};
  for (const [at, entry] of [...keep].sort(([a], [b]) => a.localeCompare(b))) {
    // In the app every package is a production dependency.
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...rest } = entry;
    out[at] = rest;
  }
  return out;
}

export interface AppPackage {
  packageJson: Record<string, unknown>;
  packageLock: Record<string, unknown>;
}

export interface PackedManifest {
  name: string;
  version: string;
  license?: string;
  bin?: unknown;
  engines?: unknown;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/**
 * package.json and package-lock.json of an app depending on the tarball (`tarballFromApp`: its path relative to the
 * app, e.g. '../storefront-ml-0.1.0.tgz'; `tarballFile`: where it is now) and on `roots` from the repository's lock.
 */
export function appPackage(options: { name: string; repoLock: Lock; packed: PackedManifest; tarballFromApp: string; tarballFile: string; roots: Record<string, string> }): AppPackage {
  const { name, repoLock, packed, tarballFromApp, tarballFile, roots } = options;
  const packages = lockSubset(repoLock, roots, Object.keys(packed.dependencies ?? {}));
  const spec = `file:${tarballFromApp}`;
  const dependencies = { [packed.name]: spec, ...roots };
  packages[`node_modules/${packed.name}`] = {
    version: packed.version,
    resolved: spec,
    integrity: `sha512-${createHash('sha512').update(readFileSync(tarballFile)).digest('base64')}`,
    license: packed.license,
    dependencies: packed.dependencies,
    bin: packed.bin,
    engines: packed.engines,
    peerDependencies: packed.peerDependencies,
    peerDependenciesMeta: packed.peerDependenciesMeta,
  };
  const packageJson = { name, private: true, type: 'module', dependencies };
  const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => a.localeCompare(b)));
  const packageLock = { name, lockfileVersion: 3, requires: true, packages: { '': { name, dependencies }, ...sorted } };
  return { packageJson, packageLock };
}
