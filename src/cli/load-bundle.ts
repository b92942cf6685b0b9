import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import * as vm from 'node:vm';

/** What the bundle exports: the CLI as a process runs it (runCli, src/cli/main.ts). */
type Run = (argv: readonly string[]) => Promise<unknown>;

/**
 * Runs the bundled CLI (dist/cli/pgverify.cjs), which exits with its exit code. Node 20 compiles the bundle's
 * 1.7 MB again on every start: compiled once and its V8 code cache kept beside it, a run starts about 70 ms sooner
 * (see docs/performance.md). The cache lives next to the bundle, so only who may change the bundle may change it;
 * where that directory is not writable, or the cache is stale or from another Node, the bundle is compiled as
 * before.
 */
export async function runBundled(bundle: string): Promise<void> {
  const loaded = loadBundle(bundle);
  // Written as the process exits, which the CLI does itself (process.exit), whichever way it ends.
  process.once('exit', () => loaded.saveCache());
  await loaded.run(process.argv);
}

/** A loaded bundle: its CLI, and whether V8 took its code from the cache. */
export interface Loaded {
  readonly run: Run;
  readonly fromCache: boolean;
  /** Writes the code cache, with every function the run compiled, when there was none that V8 accepted. */
  saveCache(): void;
}

/** Loads the CommonJS `bundle` with its code cache, when there is one for it and this Node. */
export function loadBundle(bundle: string): Loaded {
  const requireBundle = createRequire(bundle);
  const source = readFileSync(bundle);
  const build = buildOf(source);
  const cacheFile = cacheFileOf(bundle, build);
  const cachedData = readIfPresent(cacheFile);
  const script = new vm.Script(Module.wrap(source.toString('utf8')), {
    filename: bundle,
    cachedData,
  });
  const module = { exports: {} as { runCli: Run } };
  (script.runInThisContext() as (...args: unknown[]) => void).call(
    module.exports,
    module.exports,
    requireBundle,
    module,
    bundle,
    dirname(bundle),
  );
  const fromCache = cachedData !== undefined && !script.cachedDataRejected;
  return {
    run: module.exports.runCli,
    fromCache,
    saveCache() {
      if (!fromCache) writeCache(bundle, build, cacheFile, script.createCachedData());
    },
  };
}

/**
 * The cache's file for this bundle and this Node. V8 rejects a cache from another V8 or other flags, but it tells
 * sources apart only by their length: the bundle's own hash is in the name, so a rebuilt bundle never runs an
 * older one's code (its time of change would not do: npm gives every installed file the same one).
 */
function cacheFileOf(bundle: string, build: string): string {
  return join(dirname(bundle), `${basename(bundle)}.${process.version}-${process.arch}-${build}.cache`);
}

/** The bundle's build, as its cache files end: a hash of its bytes (about 1 ms for 1.7 MB). */
function buildOf(source: Buffer): string {
  return createHash('sha256').update(source).digest('hex').slice(0, 16);
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Written whole or not at all (a rename); the caches of older builds of the bundle are removed, those of other
 * Node versions kept (a machine may run two). Any failure leaves the run as it was.
 */
function writeCache(bundle: string, build: string, file: string, data: Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, file);
    const current = `-${build}.cache`;
    for (const name of readdirSync(dirname(file)))
      if (name.startsWith(`${basename(bundle)}.`) && name.endsWith('.cache') && !name.endsWith(current))
        unlinkSync(join(dirname(file), name));
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // Nothing was written.
    }
  }
}
