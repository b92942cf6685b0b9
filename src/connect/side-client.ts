import type { Duplex } from 'node:stream';
import type pg from 'pg';
import { CopyOutQuery, type CopyLines } from './copy-out.js';
import { DatabaseError, describeError } from '../errors.js';
import type { Side } from '../summary.js';

/**
 * PGVERIFY_TRACE=1 logs every query with its duration to stderr, for diagnosing slow runs: its first 160
 * characters, or all of it with PGVERIFY_TRACE=full.
 */
const TRACE = process.env.PGVERIFY_TRACE === '1' || process.env.PGVERIFY_TRACE === 'full';
const TRACED_CHARS = process.env.PGVERIFY_TRACE === 'full' ? Infinity : 160;

/** One line of the trace: what happened, the statement's length and its text (the start of it, unless full). */
function trace(event: string, text: string): void {
  process.stderr.write(`[${event}, ${text.length} chars] ${text.slice(0, TRACED_CHARS)}\n`);
}

/** The socket under a pg client, which pg does not expose: to abandon a login, or to see the goodbye sent. */
export function socketOf(client: pg.Client): Duplex {
  return (client as unknown as { connection: { stream: Duplex } }).connection.stream;
}

/** What a role that row-level security would filter needs (see the session's row_security = off). */
const ROW_SECURITY_HINT =
  ': pgverify reads with row_security off so that no policy hides rows from the comparison; connect as the table owner, a superuser or a role with BYPASSRLS';

/** A query as pg takes it, always with text. */
export interface QueryConfig {
  readonly text: string;
  readonly values?: readonly unknown[];
  readonly rowMode?: 'array';
  /** 'extended' forces the extended protocol, which refuses several statements in one text. */
  readonly queryMode?: 'extended';
}

/** One connection of one side; every failure it raises is a DatabaseError naming the side. */
export class SideClient {
  /** Statements sent so far: a unit of work that sent none has nothing to roll back (see openSide's withClient). */
  sent = 0;

  constructor(
    readonly side: Side,
    private readonly client: pg.Client,
    private readonly scrub: (text: string) => string,
  ) {
    // Made once the connection's session is set up: the trace shows every connection a run opens.
    if (TRACE)
      process.stderr.write(`[${side} pid ${this.processId}, session ready at ${Math.round(performance.now())} ms]\n`);
  }

  async query<Row = Record<string, unknown>>(
    query: string | QueryConfig,
  ): Promise<pg.QueryResult<Row & pg.QueryResultRow>> {
    const config =
      typeof query === 'string' ? { text: query } : { ...query, values: query.values ? [...query.values] : undefined };
    const started = TRACE ? performance.now() : 0;
    this.sent++;
    try {
      return await this.client.query(config as pg.QueryConfig);
    } catch (error) {
      throw this.failure(error);
    } finally {
      if (TRACE)
        trace(
          `${this.side} pid ${this.processId}, ${Math.round(performance.now() - started)} ms, done at ${Math.round(performance.now())} ms`,
          config.text,
        );
    }
  }

  /** Runs a text of several statements (no parameters) in one round trip: one result per statement. */
  async queryMany(text: string): Promise<pg.QueryResult[]> {
    const result = (await this.query(text)) as pg.QueryResult | pg.QueryResult[];
    return Array.isArray(result) ? result : [result];
  }

  /** Starts `COPY (sql) TO STDOUT` and yields its lines a network chunk at a time; errors must go through failure(). */
  copyOut(sql: string): AsyncIterable<CopyLines> {
    this.sent++;
    const text = `COPY (${sql}) TO STDOUT`;
    if (TRACE) trace(`${this.side} pid ${this.processId}, COPY started at ${Math.round(performance.now())} ms`, text);
    return this.client.query(new CopyOutQuery(text));
  }

  /** Wraps any error of this connection into a DatabaseError that names the side and hides the password. */
  failure(error: unknown): DatabaseError {
    if (error instanceof DatabaseError) return error;
    const message = this.scrub(describeError(error));
    const hiddenByPolicy = (error as { code?: unknown }).code === '42501' && message.includes('row-level security');
    return new DatabaseError(this.side, hiddenByPolicy ? `${message}${ROW_SECURITY_HINT}` : message, error);
  }

  /** The server process serving this connection, for pg_cancel_backend(). */
  get processId(): number {
    return (this.client as unknown as { processID: number }).processID;
  }

  /**
   * Closes the connection: its read-only transaction ends with it. Waits until the goodbye is sent, not for the
   * server to end its backend (10-20 ms, on every run's way out).
   */
  async close(): Promise<void> {
    const stream = socketOf(this.client);
    const sent = new Promise<void>((resolve) => {
      stream.once('finish', resolve);
      stream.once('close', resolve);
    });
    const ended = this.client.end().catch(() => undefined);
    await Promise.race([sent, ended]);
  }
}
