import type { SideClient } from '../connect/side-client.js';
import { Row, type Field } from './row.js';
import { CopyLineBatch, DecodedBatch, type RowBatch } from './row-batch.js';

const NEWLINE = 0x0a;

/**
 * Streams the result of a query through COPY text format, one batch of rows per network chunk.
 * COPY carries no parameters, so the SQL must hold no values (only quoted names and the user's filter).
 */
export async function* copyRows(client: SideClient, sql: string): AsyncGenerator<RowBatch> {
  const stream = client.copyOut(sql);
  let carry: Buffer | null = null;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const data: Buffer = carry === null ? chunk : Buffer.concat([carry, chunk]);
      const bounds: number[] = [];
      let start = 0;
      let end = data.indexOf(NEWLINE, start);
      while (end !== -1) {
        bounds.push(start, end);
        start = end + 1;
        end = data.indexOf(NEWLINE, start);
      }
      carry = start < data.length ? Buffer.from(data.subarray(start)) : null;
      if (bounds.length > 0) yield new CopyLineBatch(data, bounds);
    }
  } catch (error) {
    throw client.failure(error);
  }
  if (carry !== null) yield new CopyLineBatch(carry, [0, carry.length]);
}

/** Runs a parameterised query whose columns are all canonical text and yields its rows as one batch. */
export async function* queryRows(client: SideClient, sql: string, params: readonly unknown[]): AsyncGenerator<RowBatch> {
  const result = await client.query<Field[]>({ text: sql, values: params, rowMode: 'array' });
  yield new DecodedBatch(result.rows.map((fields) => Row.fromFields(fields)));
}

/** Reads an iterator to its end, so a COPY left behind by a failure does not leave its connection mid-stream. */
export async function drain(batches: AsyncIterator<unknown>): Promise<void> {
  try {
    while (!(await batches.next()).done);
  } catch {
    // The failure that made us drain is the one reported.
  }
}
