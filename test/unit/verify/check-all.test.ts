import { describe, expect, it } from 'vitest';
import type { Table } from '../../../src/catalog/types.js';
import { largestFirst } from '../../../src/verify/check-all.js';
import type { TablePair } from '../../../src/verify/select-tables.js';

/** A pair of `name` whose sides the planner estimates at `source` and `target` rows (undefined: no such side). */
function pair(name: string, source: number | undefined, target: number | undefined): TablePair {
  const table = (rows: number | undefined) =>
    rows === undefined ? undefined : ({ name, estimatedRows: rows } as Table);
  return { name, source: table(source), target: table(target), columns: new Map() } as unknown as TablePair;
}

describe('the order tables start in', () => {
  it('starts the larger side largest first, never-analysed tables as empty, ties in table order', () => {
    const pairs = [
      pair('accounts', 10, 10),
      pair('events', 2_000_000, 1_900_000),
      pair('fresh', -1, -1),
      pair('orders', 5000, 80_000),
      pair('only_target', undefined, 300_000),
      pair('tags', 10, 10),
    ];
    expect(largestFirst(pairs).map((index) => pairs[index]!.name)).toEqual([
      'events',
      'only_target',
      'orders',
      'accounts',
      'tags',
      'fresh',
    ]);
  });
});
