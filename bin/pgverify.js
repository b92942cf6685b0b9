#!/usr/bin/env node
// The bundled CLI (npm run build): the same code as dist/cli/bin.js, in one file that starts faster, loaded with
// its V8 code cache (dist/cli/load-bundle.js).
import { fileURLToPath, URL } from 'node:url';
import { runBundled } from '../dist/cli/load-bundle.js';

await runBundled(fileURLToPath(new URL('../dist/cli/pgverify.cjs', import.meta.url)));
