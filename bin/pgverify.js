#!/usr/bin/env node
// The bundled CLI (npm run build); it is the same code as dist/cli/bin.js, in one file that starts faster.
import '../dist/cli/pgverify.mjs';
