import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecksum, total } from '../../src/compare/checksums.js';
import { bucketChecksumQuery } from '../../src/compare/queries.js';
import { WHOLE_TABLE, type KeyBound } from '../../src/compare/segment.js';
import { openSide, type SideSession } from '../../src/connect/session.js';
import { planTable, type TablePlan } from '../../src/plan/table-plan.js';
import { readSchemaTables } from '../support/catalog.js';
import { runSql } from '../support/databases.js';
import { edgeAndCrossVersions } from '../support/servers.js';
import { useTestPair } from '../support/test-pair.js';

// Fast mode's first pass numbers integer key ranges by arithmetic in the checksum query: by key / width when the
// thresholds are multiples of the width, else by a clamped offset. Either way bucket i must hold exactly the
// keys in [boundaries[i-1], boundaries[i]), the first and last buckets every key beyond them (a side whose
// min and max were not read, or rows come since), and no row may be lost or counted twice.
const KEYS = [
  -20_000, -1500, -999, -1, 0, 1, 999, 1000, 1001, 4999, 5000, 9999, 10_000, 10_001, 123_456, 9_000_000_000,
];
const SCHEMA = `
  CREATE TABLE items (id int8 PRIMARY KEY, v text);
  INSERT INTO items SELECT k, 'v' || k FROM unnest(ARRAY[${KEYS.join(', ')}]::int8[]) k;
  INSERT INTO items SELECT g * 7, 'g' || g FROM generate_series(1, 1400) g ON CONFLICT DO NOTHING;`;
const EDGES = edgeAndCrossVersions().filter((servers) => servers.source === servers.target);

/** Which bucket each key belongs to by the definition, counted. */
function expectedCounts(keys: readonly bigint[], boundaries: readonly KeyBound[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const key of keys) {
    const index = boundaries.filter((bound) => BigInt(bound[0]!) <= key).length;
    counts.set(index, (counts.get(index) ?? 0) + 1);
  }
  return counts;
}

describe.each(EDGES)('bucket numbering of integer key ranges, PostgreSQL $label', (servers) => {
  const files = useTestPair('bucket_numbering', (pair) => runSql(pair.sourceUrl, SCHEMA), servers);
  let session: SideSession;
  let plan: TablePlan;
  let keys: bigint[];

  beforeAll(async () => {
    session = await openSide('source', files.pair.sourceUrl, 1, { lockTimeout: 5, statementTimeout: 0 });
    await session.withClient(async (client) => {
      const table = (await readSchemaTables(client, 'public')).find((candidate) => candidate.name === 'items')!;
      const none = { where: undefined, hashFunctions: new Map() };
      plan = planTable(table, table, { source: none, target: none });
      keys = (await client.query<{ id: string }>('SELECT id::text AS id FROM items')).rows.map((row) => BigInt(row.id));
    });
  });

  afterAll(async () => {
    await session?.close();
  });

  const cuts = (values: readonly number[]): KeyBound[] => values.map((value) => [String(value)]);
  const checksums = (boundaries: readonly KeyBound[], keysWithin: boolean) => {
    const query = bucketChecksumQuery(plan, plan.source, WHOLE_TABLE, boundaries, keysWithin);
    return session.withClient(async (client) => ({
      query,
      sums: await runChecksum(client, query, boundaries.length + 1),
      whole: await runChecksum(client, bucketChecksumQuery(plan, plan.source, WHOLE_TABLE, []), 1),
    }));
  };

  // keysWithin says no key lies beyond the thresholds' ends; here many do, which the folding must still place
  // (as it would a key come since on a standby); without it, aligned thresholds keep the clamped form.
  it.each([
    ['multiples of the width, by one division', [1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000], true, true],
    ['multiples starting at the width itself', [1000, 2000, 3000], true, true],
    ['multiples starting above the width', [3000, 4000, 5000], true, true],
    ['multiples, keys beyond them not read, by the clamped offset', [1000, 2000, 3000], false, false],
    ['evenly spaced off the multiples, by the clamped offset', [1001, 2001, 3001, 4001], true, false],
    ['evenly spaced below zero, by the clamped offset', [-5000, 0, 5000, 10_000], true, false],
  ] as const)('puts every key in its bucket with thresholds at %s', async (_, values, keysWithin, divided) => {
    const boundaries = cuts(values);
    const { query, sums, whole } = await checksums(boundaries, keysWithin);
    expect(query.firstGroup !== undefined).toBe(divided);
    expect(query.text.includes('CASE WHEN')).toBe(!divided);
    const counts = new Map([...sums].map(([index, sum]) => [index, sum.rows]));
    expect(counts).toEqual(expectedCounts(keys, boundaries));
    // The groups folded into the first and last buckets keep their hashes: the buckets add up to the whole table.
    const hashes = [...sums.values()].reduce((sum, bucket) => sum + BigInt(bucket.hash), 0n);
    expect(hashes.toString()).toBe(whole.get(0)!.hash);
    expect(total(sums)).toBe(keys.length);
  });
});
