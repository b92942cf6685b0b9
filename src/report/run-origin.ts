import { redactArguments } from '../connect/conninfo.js';
import type { ServerFacts, ServerVersion } from '../summary.js';

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

/**
 * A side's database in words: `UTF8, LC_COLLATE C, LC_CTYPE C, collation provider libc, collation version none;
 * extensions citext 1.6, plpgsql 1.0`; null when the run did not read them (--no-structure, a side never reached).
 */
export function databaseText(server: ServerFacts | null | undefined): string | null {
  if (server?.encoding === undefined) return null;
  const extensions = (server.extensions ?? []).map((extension) => `${extension.name} ${extension.version}`);
  return (
    `${server.encoding}, LC_COLLATE ${server.collate}, LC_CTYPE ${server.ctype}, collation provider ` +
    `${server.collationProvider}, collation version ${server.collationVersion ?? 'none'}; ` +
    `extensions ${extensions.length === 0 ? 'none' : extensions.join(', ')}`
  );
}
