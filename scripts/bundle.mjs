// The CLI as one file: Node's ES module loader pays for every file it resolves and compiles, and the CLI's
// ~250 modules (its own and pg's, yargs', ...) cost about a quarter of a second before any work starts;
// bundled, the same code starts about 70 ms sooner (see docs/performance.md). The library (dist/index.js)
// stays tsc's output. Run by `npm run build` after tsc; bin/pgverify.js loads the result with its code cache
// (src/cli/load-bundle.ts), which is why the bundle is CommonJS: Node 20 keeps no code cache for ES modules.
import { dirname } from 'node:path';
import { build } from 'esbuild';

/**
 * string-width (the terminal table's, and yargs' for its help) builds an Intl.Segmenter and Unicode-property
 * regular expressions when its module is evaluated: ICU's data, about 30 ms of every start, for text that is
 * most often never measured. Every import of it is given a stand-in that loads the real module on its first call;
 * esbuild then evaluates that module only when required.
 */
const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(build) {
    build.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData === 'real') return undefined;
      const real = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'real' });
      if (real.errors.length > 0) return { errors: real.errors };
      return { path: real.path, namespace: 'lazy-string-width' };
    });
    build.onLoad({ filter: /.*/, namespace: 'lazy-string-width' }, (args) => ({
      contents: `export default function stringWidth(...args) { return require(${JSON.stringify(args.path)}).default(...args); }`,
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

await build({
  entryPoints: ['dist/cli/main.js'],
  outfile: 'dist/cli/pgverify.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // pg's optional native driver, loaded on demand only. (The demo's server binaries are found at run time.)
  external: ['pg-native'],
  // A script run from V8's code cache has no loader for import() (Node 20): any import() left in the bundle
  // becomes a require(), which Node runs for ES modules too since 20.19 (package.json's engines).
  supported: { 'dynamic-import': false },
  define: {
    // pg and zod ask whether they run in a Cloudflare Worker; on Node 20, which has no `navigator`, pg finds out
    // by constructing a fetch Response, which loads undici: 35 ms of every start. This file only ever runs on Node.
    navigator: 'pgverifyNavigator',
    // Every module of the bundle is in this one file, as it was in the ES module bundle.
    'import.meta.url': 'pgverifyModuleUrl',
  },
  banner: {
    js: [
      "const pgverifyNavigator = { userAgent: 'Node.js' };",
      "const pgverifyModuleUrl = require('node:url').pathToFileURL(__filename).href;",
    ].join(' '),
  },
  plugins: [lazyStringWidth],
  // Comments and indentation are a fifth of the file, which every start reads and V8 checks against its cache.
  minifyWhitespace: true,
  logLevel: 'warning',
});
