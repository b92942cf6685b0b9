import type pg from 'pg';
import { TABLE } from './generator.js';

/** One changed value of the "10 changes" target, as diffs.csv must report it. */
export interface ExpectedChange {
  readonly key: string;
  readonly column: string;
  readonly sourceValue: string;
  readonly targetValue: string;
}

/** The columns the changes touch, in turn, and how each is changed; fixed SQL, no input reaches it. */
const EDITS: ReadonlyArray<{ column: string; expression: string }> = [
  { column: 'body', expression: "body || ' (edited)'" },
  { column: 'payload', expression: `payload || '{"edited": true}'` },
  { column: 'tenant_id', expression: "'00000000-0000-0000-0000-0000000000ff'::uuid" },
  { column: 'created_at', expression: "created_at + interval '1 hour'" },
  { column: 'kind', expression: "'order.refunded'" },
];

const CHANGE_COUNT = 10;

/** Ten keys spread over the whole table, off the round numbers where key ranges tend to be cut. */
export function changedKeys(rows: number): number[] {
  return Array.from(
    { length: CHANGE_COUNT },
    (_, index) => Math.floor((rows * (2 * index + 1)) / (2 * CHANGE_COUNT)) + 7 * index + 3,
  );
}

function editOf(index: number): { column: string; expression: string } {
  return EDITS[index % EDITS.length]!;
}

/** Changes one column of each of the ten rows, then vacuums so the target scans as cleanly as the source. */
export async function applyChanges(client: pg.Client, rows: number): Promise<void> {
  const keys = changedKeys(rows);
  for (const [index, key] of keys.entries()) {
    const edit = editOf(index);
    const result = await client.query({
      text: `UPDATE ${TABLE} SET ${client.escapeIdentifier(edit.column)} = ${edit.expression} WHERE id = $1`,
      values: [key],
    });
    if (result.rowCount !== 1) throw new Error(`the change of row ${key} updated ${result.rowCount} rows, not 1`);
  }
  await client.query(`VACUUM (ANALYZE) ${TABLE}`);
}

/**
 * The changed values as text on each side, read back from the databases with the settings pgverify
 * prints values under (UTC, ISO dates), so the expectation never restates the generator's formulas.
 */
export async function readExpectedChanges(
  source: pg.Client,
  target: pg.Client,
  rows: number,
): Promise<ExpectedChange[]> {
  const keys = changedKeys(rows);
  for (const client of [source, target]) await client.query("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'");
  const read = async (client: pg.Client, column: string, key: number): Promise<string> => {
    const result = await client.query<{ value: string }>({
      text: `SELECT ${client.escapeIdentifier(column)}::text AS value FROM ${TABLE} WHERE id = $1`,
      values: [key],
    });
    if (result.rows.length !== 1) throw new Error(`row ${key} of the benchmark table is missing`);
    return result.rows[0]!.value;
  };
  const changes: ExpectedChange[] = [];
  for (const [index, key] of keys.entries()) {
    const { column } = editOf(index);
    changes.push({
      key: String(key),
      column,
      sourceValue: await read(source, column, key),
      targetValue: await read(target, column, key),
    });
  }
  return changes;
}
