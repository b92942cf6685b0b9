import { describeError, PgVerifyError } from '../errors.js';
import { connectHistory } from './connection.js';
import { readNightsSince } from './read.js';
import { historySchemaVersion } from './schema.js';
import { DEFAULT_SINCE, parseSince } from './since.js';
import { compareRunNames, runTrend } from './trend.js';
import type { HistoryReport } from './types.js';

/** What `pgverify history` is asked: the history database, the period and optionally one run name. */
export interface HistoryOptions {
  /** The history database's connection string, as given to `check --history`. */
  readonly history: string;
  /** `30d`, `12h`, `8w`, a date (`2026-11-01`) or a Date; default 30 days. */
  readonly since?: string | Date;
  /** Only this run name (a config's run, or `<run>:<tenant>` for a store of a forEach). */
  readonly run?: string;
  /** The time `since` counts back from; default now. */
  readonly now?: Date;
}

/**
 * Reads the history database, in a read-only transaction, into each run name's recent nights and each of its
 * tables' trends. A database pgverify never wrote to gives an empty report (`recorded: false`); one that cannot
 * be reached throws.
 */
export async function readHistory(options: HistoryOptions): Promise<HistoryReport> {
  const since =
    options.since instanceof Date
      ? options.since
      : parseSince(options.since ?? DEFAULT_SINCE, options.now ?? new Date());
  const connection = await connectHistory(options.history);
  try {
    await connection.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const recorded = (await historySchemaVersion(connection.client)) > 0;
    const histories = recorded ? await readNightsSince(connection.client, since, options.run) : [];
    const runs = histories.map(runTrend).sort((a, b) => compareRunNames(a.run, b.run));
    return { since: since.toISOString(), runs, recorded };
  } catch (error) {
    throw new PgVerifyError(`history: ${connection.scrub(describeError(error))}`, { cause: error });
  } finally {
    await connection.client.end().catch(() => undefined);
  }
}
