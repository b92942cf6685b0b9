import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { EXIT_CODES } from '../errors.js';
import { renderSummary } from '../report/terminal.js';
import { parseMode } from '../verify/options.js';
import { runCheck } from './check-command.js';
import { reportsWritten, stdoutStyle } from './print-summary.js';

interface DemoArguments {
  mode: string;
  out: string;
}

/**
 * `pgverify demo`: verifies the seed 003 store move on an embedded PostgreSQL. The target carries known
 * defects; the demo exits 0 when pgverify reports exactly those, 1 otherwise.
 */
export function demoCommand(typed: readonly string[]): CommandModule<object, DemoArguments> {
  return {
    command: 'demo',
    describe: 'Run check on a built-in store migration with injected defects, on an embedded PostgreSQL',
    builder: (yargs: Argv) =>
      yargs
        .option('mode', { type: 'string', default: 'fast', describe: 'fast or exact' })
        .option('out', { type: 'string', default: join('reports', 'demo'), describe: 'directory for the reports' }),
    handler: async (args) => {
      const mode = parseMode(args.mode);
      process.stderr.write(
        'demo: starting an embedded PostgreSQL and loading fixtures/store-move (seed 003: store 4 moved into store_1751248005649)…\n',
      );
      // Loaded here: the embedded server's modules (child_process, its binaries' lookup) are no check's start cost.
      const { demoFoundExactly, runDemo, DEMO_EXPECTED } = await import('../demo/run-demo.js');
      const summary = await runDemo(runCheck, { mode, outDir: args.out, commandLine: typed });
      process.stdout.write(`${renderSummary(summary, stdoutStyle())}\n`);
      process.stderr.write(`${reportsWritten(summary, args.out)}\n`);
      const injected = Object.entries(DEMO_EXPECTED)
        .map(([table, diff]) => `${table}: ${diff.missing} missing, ${diff.extra} extra, ${diff.changed} changed`)
        .join('; ');
      if (demoFoundExactly(summary)) {
        process.stdout.write(
          `demo: pgverify found exactly the defects injected into the target (${injected}) and nothing else.\n`,
        );
        process.exitCode = EXIT_CODES.pass;
      } else {
        process.stdout.write(
          `demo: the report does not match the injected defects (${injected}); this is a pgverify bug.\n`,
        );
        process.exitCode = EXIT_CODES.differences; // the demo differs from what it injected
      }
    },
  };
}
