import pg from 'pg';
import { parseConnectionString, passwordOf, type SideConnection } from '../connect/conninfo.js';
import { connectFailureReason } from '../connect/connect-failure.js';
import { scrubber } from '../connect/session.js';
import { PgVerifyError, describeError } from '../errors.js';

/**
 * The history database's connection: an ordinary read-write session of its own, opened here and nowhere else.
 * It shares no code with the read-only snapshot sessions of the source and the target beyond parsing the
 * connection string, so nothing done for history can ever reach them.
 */
export interface HistoryConnection {
  readonly client: pg.Client;
  /** Removes the history password from a message (errors may quote the connection string). */
  readonly scrub: (text: string) => string;
}

/** The parsed --history connection string; a malformed one is a UsageError naming --history. */
export function parseHistoryUrl(url: string): SideConnection {
  return parseConnectionString('history', url);
}

/** Connects to the history database; a failure is a PgVerifyError whose message holds no password. */
export async function connectHistory(url: string): Promise<HistoryConnection> {
  let connection = parseHistoryUrl(url);
  const scrub = scrubber(passwordOf(connection.config));
  const attempt = async (): Promise<pg.Client> => {
    const client = new pg.Client({ application_name: 'pgverify-history', ...connection.config });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
  };
  try {
    const client = await attempt().catch((error: unknown) => {
      if (connection.withoutTls === undefined || !/does not support SSL/.test(describeError(error))) throw error;
      connection = { ...connection, config: connection.withoutTls };
      return attempt();
    });
    return { client, scrub };
  } catch (error) {
    throw new PgVerifyError(`history: cannot connect: ${connectFailureReason(error, connection, scrub)}`, {
      cause: error,
    });
  }
}
