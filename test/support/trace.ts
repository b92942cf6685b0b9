import type { CliRun } from './cli.js';

/**
 * The statements of a run traced with PGVERIFY_TRACE=full that the source sent reading `table` (of schema
 * public), each whole: a full trace prints a statement over as many lines as it has.
 */
export function sourceStatements(run: CliRun, table: string): string[] {
  return run.stderr
    .split(/\n(?=\[(?:source|target) pid )/)
    .filter((entry) => entry.startsWith('[source pid') && entry.includes(`"public"."${table}"`));
}
