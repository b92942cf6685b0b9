import { readFileSync } from 'node:fs';

let cached: string | undefined;

/**
 * pgverify's version, from its package.json: the one place it is written. Found by walking up from this
 * module, since it runs from src/, from tsc's dist/ and from the CLI bundle in dist/cli/, each at its own depth.
 */
export function pgverifyVersion(): string {
  cached ??= readVersion();
  return cached;
}

function readVersion(): string {
  let url = new URL('./package.json', import.meta.url);
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(url, 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === 'pgverify' && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // No package.json at this level: look one level up.
    }
    const parent = new URL('../package.json', url);
    if (parent.href === url.href) return 'unknown';
    url = parent;
  }
}
