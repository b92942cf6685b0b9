import type { Argv, CommandModule } from 'yargs';
import { readHistory } from '../history/read-history.js';
import { DEFAULT_SINCE } from '../history/since.js';
import { renderHistory } from '../report/history-terminal.js';
import { useColor } from './print-summary.js';

interface HistoryArguments {
  history: string;
  since?: string;
  run?: string;
  json?: boolean;
}

/** `pgverify history`: each run and table of the history database over the recent nights, in the terminal or as JSON. */
export function historyCommand(): CommandModule<object, HistoryArguments> {
  return {
    command: 'history',
    describe: 'Show the recent runs recorded with check --history: status per night, since when it fails, trends',
    builder: (yargs: Argv) =>
      yargs
        .option('history', {
          type: 'string',
          demandOption: true,
          requiresArg: true,
          describe: 'the history database, as given to check --history',
        })
        .option('since', {
          type: 'string',
          requiresArg: true,
          defaultDescription: DEFAULT_SINCE,
          describe: 'the period: an age (30d, 12h, 8w) or a date (2026-11-01)',
        })
        .option('run', { type: 'string', requiresArg: true, describe: 'only this run (e.g. stores:17)' })
        .option('json', { type: 'boolean', describe: 'print the history as JSON' })
        .example('$0 history --history postgresql://pgverify@ops/pgverify --since 14d', 'the last two weeks')
        .example(
          '$0 history --history postgresql://pgverify@ops/pgverify --run stores:17 --json',
          'one store, as JSON',
        ),
    handler: async (args) => {
      const report = await readHistory({
        history: args.history,
        ...(args.since !== undefined ? { since: args.since } : {}),
        ...(args.run !== undefined ? { run: args.run } : {}),
      });
      process.stdout.write(
        args.json === true
          ? `${JSON.stringify(report, null, 2)}\n`
          : `${renderHistory(report, { color: useColor(process.stdout), run: args.run })}\n`,
      );
    },
  };
}
