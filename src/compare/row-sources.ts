import type { SideClient } from '../connect/side-client.js';
import type { Field } from '../summary.js';
import { Row } from './row.js';
import { CopyLineBatch, DecodedBatch, type RowBatch } from './row-batch.js';

/**
 * Streams the result of a query through COPY text format, one batch of rows per network chunk.
 * COPY carries no parameters: the SQL holds values only as quoted literals (see Literals in queries.ts).
 */
export async function* copyRows(client: SideClient, sql: string): AsyncGenerator<RowBatch> {
  try {
    for await (const lines of client.copyOut(sql)) yield new CopyLineBatch(lines.data, lines.bounds);
  } catch (error) {
    throw client.failure(error);
  }
}

/** Runs a parameterised query whose columns are all canonical text and yields its rows as one batch. */
export async function* queryRows(
  client: SideClient,
  sql: string,
  params: readonly unknown[],
): AsyncGenerator<RowBatch> {
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
