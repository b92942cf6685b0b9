import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { recheckSettled } from '../verify/recheck.js';
import { PRINT_FLAGS } from './check-options.js';
import { timestamp } from './check-plan.js';
import { withInterrupt } from './interrupt.js';
import { exitCodeFor, printSummary, useColor } from './print-summary.js';
import { createProgress, progressStyle } from './progress.js';

/** The flags of `recheck` as yargs parses them. */
interface RecheckArguments {
  dir: string;
  source?: string;
  target?: string;
  out?: string;
  json?: boolean;
  quiet?: boolean;
}

/**
 * `pgverify recheck DIR`: compares again the rows the run in DIR found different and exits as `check` does.
 * `typed` is the command line after the program's name, which the reports record.
 */
export function recheckCommand(typed: readonly string[]): CommandModule<object, RecheckArguments> {
  return {
    command: 'recheck <dir>',
    describe: 'Compare again only the rows a run found different (its keys.jsonl), with its options',
    builder: (yargs) =>
      (yargs as Argv)
        .positional('dir', { type: 'string', describe: 'the output directory of the run to recheck' })
        .option('source', { type: 'string', describe: "source connection string (default: the run's, no password)" })
        .option('target', {
          type: 'string',
          describe: "target connection string (default: the run's), e.g. a copy the fix was applied to",
        })
        .option('out', {
          type: 'string',
          defaultDescription: 'reports/<timestamp>',
          describe: 'directory for the recheck reports',
        })
        .option('json', PRINT_FLAGS.json)
        .option('quiet', PRINT_FLAGS.quiet)
        .example(
          '$0 recheck reports/2026-05-01T02-30-00Z --target postgresql://app@scratch/shop',
          'after applying fix.sql to a copy',
        ) as unknown as Argv<RecheckArguments>,
    handler: async (args) => {
      const output = {
        outDir: args.out ?? join('reports', timestamp(new Date())),
        json: args.json ?? false,
        quiet: args.quiet ?? false,
      };
      const progress = createProgress(
        process.stderr,
        progressStyle(process.stderr, output.quiet),
        useColor(process.stderr),
      );
      let settled;
      try {
        settled = await withInterrupt((signal) =>
          recheckSettled({
            dir: args.dir,
            ...(args.source !== undefined ? { source: args.source } : {}),
            ...(args.target !== undefined ? { target: args.target } : {}),
            outDir: output.outDir,
            signal,
            onProgress: progress.update,
            commandLine: typed,
          }),
        );
      } finally {
        progress.stop();
      }
      if (settled.failure !== undefined) throw settled.failure;
      printSummary(settled.summary, output);
      process.exitCode = exitCodeFor(settled.summary);
    },
  };
}
