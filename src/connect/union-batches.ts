import type { SideSession } from './session.js';

/** Items per statement: enough to save the round trips, few enough to plan and lock quickly. */
export const ITEMS_PER_STATEMENT = 100;

/** One statement's items and the rows it returned; `entry` in each row is the item's index in `batch`. */
export interface UnionBatch<Item, Row extends { entry: number }> {
  readonly batch: readonly Item[];
  readonly rows: readonly Row[];
}

/**
 * Reads something small of many items (tables) with one `UNION ALL` statement per hundred of them instead of a
 * query each: a store of a fan-out is fifteen small tables, where round trips are the cost. `partsOf` gives an
 * item's SELECTs, each naming the item's index as its first column, `entry`. Statements run through the
 * extended protocol, which refuses a second statement. A statement that fails (a lock timeout, a filter or a
 * value one of its tables cannot take) is rolled back by withClient and its batch left out: the caller reads
 * those items one by one, where each fails with its own message. The statements run on every connection of
 * the session at once.
 */
export async function readUnionBatches<Item, Row extends { entry: number }>(
  session: SideSession,
  items: readonly Item[],
  partsOf: (item: Item, index: number) => readonly string[],
): Promise<Array<UnionBatch<Item, Row>>> {
  const batches: Item[][] = [];
  for (let start = 0; start < items.length; start += ITEMS_PER_STATEMENT)
    batches.push(items.slice(start, start + ITEMS_PER_STATEMENT));
  // All at once: the session runs as many as it has connections, the others wait for one.
  const read = await Promise.all(
    batches.map(async (batch): Promise<UnionBatch<Item, Row> | undefined> => {
      const text = batch.flatMap(partsOf).join('\nUNION ALL ');
      try {
        const rows = await session.withClient(
          async (client) => (await client.query<Row>({ text, queryMode: 'extended' })).rows,
        );
        return { batch, rows };
      } catch {
        return undefined; // Left out: see above.
      }
    }),
  );
  return read.filter((batch) => batch !== undefined);
}
