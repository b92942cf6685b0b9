import { databaseAddress, parseConnectionString } from '../connect/conninfo.js';
import { openSide, type SessionLimits } from '../connect/session.js';
import { UsageError } from '../errors.js';
import type { Side } from '../summary.js';
import { parseHistoryUrl } from './connection.js';

/** A compared side's connection string, as a run gives it. */
export interface ComparedDatabase {
  readonly side: Side;
  readonly url: string;
}

/** Which database a session is in, as its server knows it: the cluster's system identifier and the database's oid. */
export interface DatabaseIdentity {
  /** pg_control_system().system_identifier; null where the role may not read it. */
  readonly system: string | null;
  readonly oid: string;
  readonly name: string;
}

function refusal(side: Side, shown: string): UsageError {
  return new UsageError(
    `--history names the ${side} database (${shown}): history must go to another database, pgverify never writes to the ones it verifies`,
  );
}

/**
 * Refuses a history database that is the source's or the target's by its address (host, port and database
 * after defaults), before anything connects.
 */
export function assertHistoryAddressElsewhere(historyUrl: string, compared: readonly ComparedDatabase[]): void {
  const history = databaseAddress(parseHistoryUrl(historyUrl).config);
  for (const { side, url } of compared) {
    const sideAddress = databaseAddress(parseConnectionString(side, url).config);
    if (sideAddress.compared === history.compared) throw refusal(side, sideAddress.shown);
  }
}

/** The identity of the database a client is in; the system identifier is left null where it cannot be read. */
export async function databaseIdentity(query: (text: string) => Promise<readonly Row[]>): Promise<DatabaseIdentity> {
  const [database] = await query(
    'SELECT oid::text AS oid, datname AS name FROM pg_database WHERE datname = current_database()',
  );
  const system = await query('SELECT system_identifier::text AS system FROM pg_control_system()')
    .then((rows) => rows[0]?.system ?? null)
    .catch(() => null);
  return { system, oid: database!.oid!, name: database!.name! };
}

/** A row of text columns, as the identity queries return them. */
type Row = Readonly<Record<string, string | undefined>>;

/**
 * Refuses a history database that is the source's or the target's on the server: the same cluster (system
 * identifier) and the same database (oid), however the connection strings name them (a socket, an alias).
 * A side that cannot be reached or read is let be: its run reports that itself.
 */
export async function assertHistoryServerElsewhere(
  history: DatabaseIdentity,
  compared: readonly ComparedDatabase[],
  limits: SessionLimits,
): Promise<void> {
  if (history.system === null) return;
  const seen = new Set<string>();
  for (const { side, url } of compared) {
    if (seen.has(url)) continue;
    seen.add(url);
    const identity = await sideIdentity(side, url, limits);
    if (identity?.system === history.system && identity.oid === history.oid)
      throw refusal(side, `database ${identity.name} of the same server`);
  }
}

/** A side's database identity, read in a read-only session of its own; undefined when it cannot be read. */
async function sideIdentity(side: Side, url: string, limits: SessionLimits): Promise<DatabaseIdentity | undefined> {
  try {
    const session = await openSide(side, url, 1, limits);
    try {
      return await session.withClient((client) =>
        databaseIdentity(async (text) => (await client.query<Row>(text)).rows),
      );
    } finally {
      await session.close();
    }
  } catch {
    return undefined;
  }
}
