import type pg from 'pg';
import { quoteLiteral } from '../sql.js';
import type { SideClient } from './side-client.js';

/** What a reader of the catalog needs of a connection: to run a query with parameters. */
export interface Queryable {
  query<Row extends pg.QueryResultRow>(config: {
    text: string;
    values?: readonly unknown[];
  }): Promise<pg.QueryResult<Row>>;
}

interface Pending {
  readonly text: string;
  readonly resolve: (result: pg.QueryResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Collects queries and sends them to the server in one round trip, as one multi-statement text: a schema's
 * catalog is read by several small queries whose cost, in a fan-out of thousands of schemas, is their round
 * trips. Parameters are written into the text as literals (strings, NULL and arrays of strings or integers, which
 * is what catalog queries take); each query's promise settles when send() has the answers.
 */
export class QueryBatch implements Queryable {
  private readonly pending: Pending[] = [];
  private sent = false;

  query<Row extends pg.QueryResultRow>(config: {
    text: string;
    values?: readonly unknown[];
  }): Promise<pg.QueryResult<Row>> {
    // A reader that awaited something before its query would otherwise wait for an answer that never comes.
    if (this.sent) return Promise.reject(new Error('a query was added to a batch already sent'));
    return new Promise((resolve, reject) => {
      this.pending.push({
        text: inlineParameters(config.text, config.values ?? []),
        resolve: resolve as (result: pg.QueryResult) => void,
        reject,
      });
    });
  }

  /**
   * Sends the collected queries between `before` and `after` (statements whose results are dropped) and
   * settles their promises; a failure rejects them all and is thrown.
   */
  async send(client: SideClient, before: readonly string[] = [], after: readonly string[] = []): Promise<void> {
    this.sent = true;
    const batch = this.pending.splice(0);
    try {
      const results = await client.queryMany([...before, ...batch.map((query) => query.text), ...after].join(';\n'));
      batch.forEach((query, index) => query.resolve(results[before.length + index]!));
    } catch (error) {
      for (const query of batch) query.reject(error);
      throw error;
    }
  }
}

/** `text` with `$1`, `$2`... replaced by the values as SQL literals. */
export function inlineParameters(text: string, values: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, position: string) => literalOf(values[Number(position) - 1], position));
}

function literalOf(value: unknown, position: string): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return quoteLiteral(value);
  // An array goes as text[]: the query's own cast (`$1::oid[]`, `$2::text[]`) converts its elements.
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' || Number.isSafeInteger(item)))
    return `ARRAY[${value.map((item: string | number) => quoteLiteral(String(item))).join(', ')}]::text[]`;
  throw new Error(`parameter $${position} cannot be written as a literal: ${typeof value}`);
}
