import { redactArguments } from '../connect/conninfo.js';
import type { ServerVersion } from '../summary.js';

/**
 * The command line as one line that a POSIX shell reads back as the same arguments, so it can be copied and
 * run again: `pgverify check --source-where 'store_id = 4' ...`. Redacted again: summaries may be hand-made.
 */
export function commandLineText(commandLine: readonly string[]): string {
  return ['pgverify', ...redactArguments(commandLine)].map(shellWord).join(' ');
}

function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** `PostgreSQL 18.4 (server_version_num 180004)`, or why there is no version. */
export function serverText(server: ServerVersion | null | undefined): string {
  return server == null
    ? 'unknown: the run did not reach this server'
    : `PostgreSQL ${server.version} (server_version_num ${server.versionNum})`;
}
