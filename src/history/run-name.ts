import { parseConnectionString } from '../connect/conninfo.js';

/** What names a single run (no config `runs`) in the history. */
export interface SingleRun {
  readonly source: string;
  readonly target: string;
  readonly sourceSchema: string;
  readonly targetSchema: string;
}

/**
 * The history name of a run that has none (a plain `check`): `<source db>.<schema> -> <target db>.<schema>`,
 * the same every night the same command runs, and told apart from the other checks written to the history.
 */
export function singleRunName(run: SingleRun): string {
  const database = (side: 'source' | 'target') => parseConnectionString(side, run[side]).config.database ?? '';
  return `${database('source')}.${run.sourceSchema} -> ${database('target')}.${run.targetSchema}`;
}
