// The CLI as one file: Node's ES module loader pays for every file it resolves and compiles, and the CLI's
// ~250 modules (its own and pg's, yargs', ...) cost about a quarter of a second before any work starts;
// bundled, the same code starts about 70 ms sooner (see docs/performance.md). The library (dist/index.js)
// stays tsc's output. Run by `npm run build` after tsc; bin/pgverify.js loads the result.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/cli/bin.js'],
  outfile: 'dist/cli/pgverify.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // pg's optional native driver, loaded on demand only. (The demo's server binaries are found at run time.)
  external: ['pg-native'],
  // pg and zod ask whether they run in a Cloudflare Worker; on Node 20, which has no `navigator`, pg finds out
  // by constructing a fetch Response, which loads undici: 35 ms of every start. This file only ever runs on Node.
  define: { navigator: 'pgverifyNavigator' },
  // CommonJS packages inside an ES module bundle still call require() for Node's built-ins.
  banner: {
    js: [
      "import { createRequire as pgverifyCreateRequire } from 'node:module';",
      'const require = pgverifyCreateRequire(import.meta.url);',
      "const pgverifyNavigator = { userAgent: 'Node.js' };",
    ].join(' '),
  },
  logLevel: 'warning',
});
