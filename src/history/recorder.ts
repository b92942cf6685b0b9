import type { SessionLimits } from '../connect/session.js';
import { PgVerifyError, UsageError, describeError } from '../errors.js';
import type { Summary } from '../summary.js';
import { connectHistory, parseHistoryUrl, type HistoryConnection } from './connection.js';
import {
  assertHistoryAddressElsewhere,
  assertHistoryServerElsewhere,
  databaseIdentity,
  type ComparedDatabase,
  type DatabaseIdentity,
} from './distinct.js';
import { readLastNights, readPassedTables } from './read.js';
import { migrateHistorySchema } from './schema.js';
import type { RunHistory } from './types.js';
import { insertRun } from './write.js';

/** How many runs of a name report.html charts. */
export const CHARTED_RUNS = 30;

/** What recording a run came to: the run's recent history read back, or why it could not be written. */
export type RecordOutcome = { readonly history: RunHistory } | { readonly error: string };

/**
 * Writes runs to the history database, one at a time over one connection, opened (and the schema created or
 * migrated) on first use. A failure never throws: it becomes the outcome's `error`, and once the database
 * could not be reached, every later run gets the same answer at once instead of waiting for it again.
 */
export class HistoryRecorder {
  private opening: Promise<HistoryConnection> | undefined;
  private unreachable: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  /** Checks the URL only (a UsageError naming --history when malformed); connects on first use. */
  constructor(private readonly url: string) {
    parseHistoryUrl(url);
  }

  /** Records the run under `name` and reads back its last CHARTED_RUNS runs. */
  record(name: string, summary: Summary): Promise<RecordOutcome> {
    return this.serially(async () => {
      const connection = await this.connection();
      if ('error' in connection) return connection;
      try {
        await insertRun(connection.client, name, summary);
        const [history] = await readLastNights(connection.client, [name], CHARTED_RUNS);
        if (history === undefined) throw new PgVerifyError('the run just written cannot be read back');
        return { history };
      } catch (error) {
        return { error: `history: ${connection.scrub(describeError(error))}` };
      }
    });
  }

  /**
   * The tables that passed in the last run recorded under `name`: fast mode reads their totals before their
   * buckets. Only a guess that saves time, so a history that cannot be read gives none, without a warning (the
   * recording at the end says what is wrong with it).
   */
  passedLastTime(name: string): Promise<ReadonlySet<string>> {
    return this.serially(async () => {
      const connection = await this.connection();
      if ('error' in connection) return new Set<string>();
      return readPassedTables(connection.client, name).catch(() => new Set<string>());
    });
  }

  /** The history database's identity, or undefined when it cannot be reached (recording then warns). */
  async identity(): Promise<DatabaseIdentity | undefined> {
    return this.serially(async () => {
      const connection = await this.connection();
      if ('error' in connection) return undefined;
      return databaseIdentity(async (text) => (await connection.client.query<Record<string, string>>(text)).rows);
    });
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    const opening = this.opening;
    this.opening = undefined;
    if (opening !== undefined) await (await opening.catch(() => undefined))?.client.end().catch(() => undefined);
  }

  private async connection(): Promise<HistoryConnection | { error: string }> {
    if (this.unreachable !== undefined) return { error: this.unreachable };
    this.opening ??= connectHistory(this.url).then(async (connection) => {
      try {
        await migrateHistorySchema(connection.client);
        return connection;
      } catch (error) {
        await connection.client.end().catch(() => undefined);
        throw new PgVerifyError(`history: cannot create its schema: ${connection.scrub(describeError(error))}`);
      }
    });
    try {
      return await this.opening;
    } catch (error) {
      this.unreachable = describeError(error);
      return { error: this.unreachable };
    }
  }

  /** One run at a time: the connection carries one transaction at a time. */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/**
 * The recorder of a run or a batch, after refusing a history database that is one of the compared ones: by
 * address before anything connects, then on the server. A UsageError then: nothing has run yet.
 */
export async function openHistory(
  url: string,
  compared: readonly ComparedDatabase[],
  limits: SessionLimits,
): Promise<HistoryRecorder> {
  if (typeof url !== 'string' || url.trim() === '')
    throw new UsageError('--history must be a connection string to the history database');
  assertHistoryAddressElsewhere(url, compared);
  const recorder = new HistoryRecorder(url);
  try {
    const identity = await recorder.identity();
    if (identity !== undefined) await assertHistoryServerElsewhere(identity, compared, limits);
    return recorder;
  } catch (error) {
    await recorder.close();
    throw error;
  }
}
