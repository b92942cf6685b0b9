import { spawnSync } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** What bin/pgverify.js runs; CLI tests run it as users do, so it must be built from the current sources. */
const BUNDLE = join('dist', 'cli', 'pgverify.cjs');

/** Runs `npm run build` (tsc, then the bundle) unless the bundle is newer than every source file. */
export async function ensureBuilt(root: string): Promise<void> {
  const built = await stat(join(root, BUNDLE)).then(
    (info) => info.mtimeMs,
    () => 0,
  );
  const inputs = [
    join(root, 'package.json'),
    join(root, 'tsconfig.json'),
    join(root, 'scripts', 'bundle.mjs'),
    ...(await filesUnder(join(root, 'src'))),
  ];
  const newest = Math.max(...(await Promise.all(inputs.map(async (file) => (await stat(file)).mtimeMs))));
  if (built > newest) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  for (const args of [[tsc, '-p', 'tsconfig.json'], [join(root, 'scripts', 'bundle.mjs')]]) {
    const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`the build before the tests failed: ${result.stdout}${result.stderr}`);
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}
