import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const LOADER = fileURLToPath(new URL('../../../src/cli/load-bundle.ts', import.meta.url));

/**
 * Loads `bundle` in a process of its own, as bin/pgverify.js does (in this one, V8 would find a source it has
 * compiled before in its own memory and never look at the cache), runs its CLI and saves the cache.
 */
function loadBundle(bundle: string, argv: string[]): { fromCache: boolean; result: unknown } {
  const script = `import { loadBundle } from ${JSON.stringify(LOADER)};
    const loaded = loadBundle(${JSON.stringify(bundle)});
    const result = await loaded.run(${JSON.stringify(argv)});
    loaded.saveCache();
    console.log(JSON.stringify({ fromCache: loaded.fromCache, result }));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as { fromCache: boolean; result: unknown };
}

/** A CommonJS bundle like dist/cli/pgverify.cjs: its runCli resolves to what `label` and a required module give. */
function bundleSource(label: string): string {
  return `const path = require('node:path'); exports.runCli = async (argv) => '${label}:' + path.basename(argv[0]);`;
}

const cachesIn = async (dir: string) => (await readdir(dir)).filter((name) => name.endsWith('.cache'));

describe('loadBundle', () => {
  let dir: string;
  let bundle: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pgverify-load-bundle-'));
    bundle = join(dir, 'cli.cjs');
    await writeFile(bundle, bundleSource('one'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('compiles the bundle once and runs it from the cache kept beside it afterwards', async () => {
    expect(loadBundle(bundle, ['/x/a.sql'])).toEqual({ fromCache: false, result: 'one:a.sql' });
    expect(await cachesIn(dir)).toHaveLength(1);
    expect(loadBundle(bundle, ['/x/b.sql'])).toEqual({ fromCache: true, result: 'one:b.sql' });
  });

  it("never runs an older bundle's code: a rebuilt bundle of the same length gets a cache of its own", async () => {
    loadBundle(bundle, ['/x/a.sql']);
    const [oldCache] = await cachesIn(dir);
    // Same length, and the same time of change: only the bytes differ.
    const { mtime } = await stat(bundle);
    await writeFile(bundle, bundleSource('two'));
    await utimes(bundle, mtime, mtime);

    expect(loadBundle(bundle, ['/x/c.sql'])).toEqual({ fromCache: false, result: 'two:c.sql' });
    const caches = await cachesIn(dir);
    expect(caches).toHaveLength(1);
    expect(caches[0]).not.toBe(oldCache);
  });

  it("keeps another Node's cache of the same build, and drops those of older builds", async () => {
    loadBundle(bundle, ['/x/a.sql']);
    const [own] = await cachesIn(dir);
    const otherNode = own!.replace(process.version, 'v99.0.0');
    const olderBuild = own!.replace(/-[0-9a-f]{16}\.cache$/, '-0123456789abcdef.cache');
    await writeFile(join(dir, otherNode), 'another Node');
    await writeFile(join(dir, olderBuild), 'an older build');
    await rm(join(dir, own!));

    loadBundle(bundle, ['/x/b.sql']);
    expect((await cachesIn(dir)).sort()).toEqual([own!, otherNode].sort());
  });

  it('compiles the bundle as usual when its cache is damaged, and writes a good one', async () => {
    loadBundle(bundle, ['/x/a.sql']);
    const [cache] = await cachesIn(dir);
    await writeFile(join(dir, cache!), 'not a code cache');

    expect(loadBundle(bundle, ['/x/d.sql'])).toEqual({ fromCache: false, result: 'one:d.sql' });
    expect(loadBundle(bundle, ['/x/e.sql'])).toEqual({ fromCache: true, result: 'one:e.sql' });
  });
});
