import pg from 'pg';
import { ConnectError, DatabaseError, describeError } from '../errors.js';
import type { ServerVersion, Side } from '../summary.js';
import { parseConnectionString, passwordOf, type SideConnection } from './conninfo.js';
import { connectFailureReason } from './connect-failure.js';
import { SideClient, socketOf } from './side-client.js';

/**
 * Settings that make both servers print values the same way, whatever their own defaults:
 * comparisons are made on this text, so a session default can never cause a false difference.
 */
const CANONICAL_SETTINGS = [
  "SET TimeZone = 'UTC'",
  "SET DateStyle = 'ISO, YMD'",
  "SET IntervalStyle = 'postgres'",
  'SET extra_float_digits = 3',
  "SET bytea_output = 'hex'",
  "SET lc_monetary = 'C'",
  'SET idle_in_transaction_session_timeout = 0',
  'SET default_transaction_read_only = on',
  // A policy must never hide rows from the comparison: with row security off, a query that a policy would
  // filter fails instead (as pg_dump's do), and the table is an error that says so, not a false pass.
  'SET row_security = off',
].join('; ');

/**
 * No JIT compilation. The planner compiles a statement with LLVM once its estimated cost passes jit_above_cost,
 * in every process that runs it: the leader and each parallel worker, each a new backend that loads the bitcode
 * afresh (0.1 to 0.3 s each). A checksum costs more per row than the scan it reads (a hash per column) and passes
 * that threshold at a few hundred thousand rows, and a statement over a hundred small tables compiles a hundred
 * row hashes. Where the server has JIT, the compiled hashing runs about a tenth faster: it repays its compilation
 * only on tables of about ten million rows a side (see docs/performance.md). Servers without JIT ignore this.
 */
const PLANNER_SETTINGS = 'SET jit = off';

/** A client of each side, inside its side's shared snapshot. */
export type SideClients = Record<Side, SideClient>;

/** How long a query of pgverify may wait for a lock, and run, in seconds (0: no limit). */
export interface SessionLimits {
  readonly lockTimeout: number;
  readonly statementTimeout: number;
  /** Stops a connection still being made (Ctrl-C before the server answered). */
  readonly signal?: AbortSignal | undefined;
}

function limitSettings(limits: SessionLimits): string {
  const ms = (value: number) => Math.round(value * 1000);
  return `SET lock_timeout = ${ms(limits.lockTimeout)}; SET statement_timeout = ${ms(limits.statementTimeout)}`;
}

/** All the connections of one side of the comparison, sharing one REPEATABLE READ READ ONLY snapshot. */
export interface SideSession {
  readonly side: Side;
  /** server_version_num, e.g. 150004. */
  readonly serverVersion: number;
  /** Both forms of the server's version, as the reports state them. */
  readonly server: ServerVersion;
  /**
   * Runs work on a free connection, then rolls back to its savepoint: a failure leaves the connection usable,
   * and the locks the work took are released.
   */
  withClient<T>(work: (client: SideClient) => Promise<T>): Promise<T>;
  /** Cancels whatever the side's connections are running, from a separate connection (for Ctrl-C). */
  cancelAll(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens one read-only connection to a side, in one round trip after the login (settings, transaction, the
 * server's version and the exported snapshot, savepoint), and up to `connections - 1` more when work has to wait
 * for one. A server needs about as long to start a backend, whose catalog caches are cold, as a run needs to read
 * its catalog on one that is warm: the catalog is read on the first while no other is asked for (see
 * docs/performance.md). The others import the first's snapshot; one that cannot be made (the server's connection
 * limit, say) leaves the side with the connections it has.
 */
export async function openSide(
  side: Side,
  conninfo: string,
  connections: number,
  limits: SessionLimits,
): Promise<SideSession> {
  const connection = parseConnectionString(side, conninfo);
  const scrub = scrubber(passwordOf(connection.config));
  let first: pg.Client | undefined;
  try {
    const made = await connect(side, connection, scrub, limits);
    first = made.client;
    const results = (await first.query(
      `${sessionSettings(limits)}; BEGIN ${TRANSACTION}; ${factsAndSnapshot(connections > 1)}; ${SAVEPOINT}`,
    )) as unknown as pg.QueryResult[];
    const facts = results.find((result) => result.command === 'SELECT')!.rows[0] as SideFacts;
    assertSupportedVersion(side, Number(facts.version_num), facts.version);
    // A standby cannot export snapshots (no id): its connections then each take their own.
    const snapshot = facts.snapshot === null ? '' : `SET TRANSACTION SNAPSHOT ${quoteSnapshotId(facts.snapshot)}; `;
    const openOther = async (signal: AbortSignal) => {
      const client = await login(side, made.connection, scrub, { ...limits, signal });
      try {
        await client.query(`${sessionSettings(limits)}; BEGIN ${TRANSACTION}; ${snapshot}${SAVEPOINT}`);
        return new SideClient(side, client, scrub);
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
    };
    const server = { version: facts.version, versionNum: Number(facts.version_num) };
    return createPool(side, server, new SideClient(side, first, scrub), {
      more: connections - 1,
      open: openOther,
      signal: limits.signal,
      cancel: (processIds) => cancelBackends(made.connection.config, processIds),
    });
  } catch (error) {
    await first?.end().catch(() => undefined);
    if (error instanceof DatabaseError) throw error;
    throw new DatabaseError(side, scrub(describeError(error)), error);
  }
}

const TRANSACTION = 'ISOLATION LEVEL REPEATABLE READ READ ONLY';

/**
 * One savepoint per connection, taken with its transaction and kept. Nothing is ever written, so every work ends
 * by rolling back to it (see createPool's withClient): a failed work leaves the snapshot usable, and a finished one
 * releases the locks it took. A forEach over a thousand stores reads 15,000 tables in one snapshot; holding all
 * their locks would exhaust the server's lock table (max_locks_per_transaction) and block DDL on every store until
 * the last one is done.
 */
const WORK_SAVEPOINT = 'pgverify_work';
const SAVEPOINT = `SAVEPOINT ${WORK_SAVEPOINT}`;

/** Undoes what a work did on a connection (an aborted statement, locks it took): back to the work savepoint. */
function rollBackWork(client: SideClient): Promise<unknown> {
  return client.query(`ROLLBACK TO SAVEPOINT ${WORK_SAVEPOINT}`).catch(() => undefined);
}

/**
 * Runs `work` on a client held by a withClient(); if it fails, rolls the transaction back to where the work
 * started, so that the next statement on the client can run, and gives undefined. For reads that are only an
 * optimisation, several on one connection without a round trip to roll back each one that succeeded.
 */
export async function attemptOn<T>(
  client: SideClient,
  work: (client: SideClient) => Promise<T>,
): Promise<T | undefined> {
  try {
    return await work(client);
  } catch {
    await rollBackWork(client);
    return undefined;
  }
}

/** What the first connection of a side reads: the server's version and, for the others, its snapshot. */
interface SideFacts {
  readonly version: string;
  readonly version_num: string;
  readonly snapshot: string | null;
}

function factsAndSnapshot(exported: boolean): string {
  const snapshot = exported ? 'CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_export_snapshot() END' : 'NULL::text';
  return `SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS version_num, ${snapshot} AS snapshot`;
}

function sessionSettings(limits: SessionLimits): string {
  return `${CANONICAL_SETTINGS}; ${PLANNER_SETTINGS}; ${limitSettings(limits)}`;
}

/** Makes one connection, without TLS when the connection allows it and the server has none (as libpq's prefer). */
async function connect(
  side: Side,
  connection: SideConnection,
  scrub: (text: string) => string,
  limits: SessionLimits,
): Promise<{ client: pg.Client; connection: SideConnection }> {
  try {
    return { client: await login(side, connection, scrub, limits), connection };
  } catch (error) {
    const withoutTls = connection.withoutTls;
    if (withoutTls === undefined || !/does not support SSL/.test(describeError((error as Error).cause))) throw error;
    const plain = { ...connection, config: withoutTls };
    return { client: await login(side, plain, scrub, limits), connection: plain };
  }
}

async function login(
  side: Side,
  connection: SideConnection,
  scrub: (text: string) => string,
  limits: SessionLimits,
): Promise<pg.Client> {
  // application_name given in the connection string or PGAPPNAME names the sessions instead, as with psql.
  const client = new pg.Client({ application_name: 'pgverify', ...connection.config });
  // A connection lost while idle emits 'error'; the next query on it fails and is reported there.
  client.on('error', () => undefined);
  // pg gives no way to abandon a connection being made but the one its own connect_timeout uses: end its socket.
  const abandon = () => socketOf(client).destroy(new Error('interrupted'));
  limits.signal?.addEventListener('abort', abandon, { once: true });
  try {
    if (limits.signal?.aborted === true) throw new Error('interrupted');
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new ConnectError(side, `cannot connect: ${connectFailureReason(error, connection, scrub)}`, error);
  } finally {
    limits.signal?.removeEventListener('abort', abandon);
  }
}

/** How a side's pool makes its other connections, and cancels the work of all. */
interface PoolConnections {
  /** How many more connections the pool may open. */
  readonly more: number;
  /** Opens one more, in the side's snapshot; `signal` abandons it (the pool closing, or the run's abort). */
  readonly open: (signal: AbortSignal) => Promise<SideClient>;
  readonly signal: AbortSignal | undefined;
  readonly cancel: (processIds: number[]) => Promise<void>;
}

/** The side's connections: the first, and the others opened when work waits for one. */
function createPool(side: Side, server: ServerVersion, first: SideClient, others: PoolConnections): SideSession {
  const clients = [first];
  const idle = [first];
  const waiting: Array<(client: SideClient) => void> = [];
  const closing = new AbortController();
  const signal = AbortSignal.any([closing.signal, ...(others.signal ? [others.signal] : [])]);
  const opening: Promise<void>[] = [];
  // After one failed, no more is tried: the server refused it, and would refuse the next the same way.
  let refused = false;
  const release = (client: SideClient): void => {
    const next = waiting.shift();
    if (next !== undefined) next(client);
    else idle.push(client);
  };
  const openOne = (): void => {
    if (refused || signal.aborted || opening.length >= others.more) return;
    opening.push(
      others.open(signal).then(
        (client) => {
          clients.push(client);
          release(client);
        },
        () => void (refused = true),
      ),
    );
  };
  const acquire = (): Promise<SideClient> => {
    const client = idle.pop();
    if (client !== undefined) return Promise.resolve(client);
    openOne();
    return new Promise((resolve) => waiting.push(resolve));
  };
  return {
    side,
    serverVersion: server.versionNum,
    server,
    async withClient(work) {
      const client = await acquire();
      try {
        const sent = client.sent;
        try {
          return await work(client);
        } finally {
          // A work that sent nothing took no lock (a table settled by checksums and checks read with others' takes
          // no connection at all, see withClientsOnDemand).
          if (client.sent !== sent) await rollBackWork(client);
        }
      } finally {
        release(client);
      }
    },
    cancelAll: () => others.cancel(clients.map((client) => client.processId)),
    async close() {
      closing.abort();
      await Promise.all(opening);
      await Promise.all(clients.map((client) => client.close()));
    },
  };
}

/**
 * A running query only notices a closed socket when it next sends a row, so an aggregate could run on for
 * minutes after pgverify is gone: cancel it explicitly. Best effort: a failure here must not hide the interrupt.
 */
async function cancelBackends(config: pg.ClientConfig, processIds: readonly number[]): Promise<void> {
  const client = new pg.Client({ ...config, application_name: 'pgverify-cancel' });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid', [processIds]);
  } catch {
    // The connections are closed right after; the server then ends their backends.
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The oldest major pgverify runs on: its canonical text needs trim_scale(), new in PostgreSQL 13. */
export const OLDEST_SUPPORTED_VERSION = 130000;

/**
 * Refuses a server older than PostgreSQL 13: numerics would compare by their scale there (1.5 against 1.50)
 * and report differences that are none. Newer majors than those tested are accepted.
 */
export function assertSupportedVersion(side: Side, versionNumber: number, versionName: string): void {
  if (versionNumber >= OLDEST_SUPPORTED_VERSION) return;
  throw new DatabaseError(side, `PostgreSQL ${versionName} is not supported: pgverify needs PostgreSQL 13 or newer`);
}

function quoteSnapshotId(id: string): string {
  if (!/^[0-9A-Fa-f-]+$/.test(id)) throw new Error(`unexpected snapshot id ${JSON.stringify(id)}`);
  return `'${id}'`;
}

/** Removes a password from any text that might echo it back (errors quoting the connection string). */
export function scrubber(password: string | undefined): (text: string) => string {
  if (password === undefined || password === '') return (text) => text;
  return (text) => text.split(password).join('***').split(encodeURIComponent(password)).join('***');
}
export type { SideClient } from './side-client.js';
