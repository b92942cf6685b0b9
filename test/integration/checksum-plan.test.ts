import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSchemaTables } from '../support/catalog.js';
import { HASH_AGGREGATE } from '../../src/compare/checksums.js';
import { bucketChecksumQuery } from '../../src/compare/queries.js';
import { WHOLE_TABLE } from '../../src/compare/segment.js';
import { openSide, type SideSession } from '../../src/connect/session.js';
import { planTable } from '../../src/plan/table-plan.js';
import { runSql } from '../support/databases.js';
import { useTestPair } from '../support/test-pair.js';

// How the server runs fast mode's first pass: the plan decides whether it reads the table at the floor's
// speed (hashing into a few thousand groups, in parallel where the server allows) or sorts every row.
const files = useTestPair('checksum_plan', (pair) =>
  runSql(
    pair.sourceUrl,
    `
  CREATE TABLE events (id bigint PRIMARY KEY, body text, payload jsonb);
  INSERT INTO events SELECT g, repeat('x', 60) || g, jsonb_build_object('n', g) FROM generate_series(1, 300000) g;
  ANALYZE events;`,
  ),
);
let session: SideSession;

beforeAll(async () => {
  session = await openSide('source', files.pair.sourceUrl, 1, { lockTimeout: 5, statementTimeout: 0 });
});

afterAll(async () => {
  await session?.close();
});

/** The plan of the first-pass checksum query over 300 buckets, as JSON text, with or without the hash setting. */
async function firstPassPlan(hashAggregate: boolean): Promise<string> {
  return session.withClient(async (client) => {
    const table = (await readSchemaTables(client, 'public')).find((candidate) => candidate.name === 'events');
    const plan = planTable(table!, table!, {
      source: { where: undefined, hashFunctions: new Map() },
      target: { where: undefined, hashFunctions: new Map() },
    });
    const boundaries = Array.from({ length: 299 }, (_, index) => [String(1000 * (index + 1))]);
    const query = bucketChecksumQuery(plan, plan.source, WHOLE_TABLE, boundaries);
    // Small parallel costs so that a 300,000-row table gets the parallel plan a large one would.
    await client.query(
      'SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET max_parallel_workers_per_gather = 2',
    );
    if (hashAggregate) await client.query(HASH_AGGREGATE.before);
    const result = await client.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${query.text}`);
    await client.query(
      `${HASH_AGGREGATE.after}; RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET max_parallel_workers_per_gather`,
    );
    return JSON.stringify(result.rows[0]!['QUERY PLAN']);
  });
}

describe('the first-pass checksum query', () => {
  it('would sort every row without the setting: the planner takes each row for a group of its own', async () => {
    expect(await firstPassPlan(false)).toContain('"Node Type":"Sort"');
  });

  it('hashes into groups with it, in a parallel plan, without sorting', async () => {
    const plan = await firstPassPlan(true);
    expect(plan).not.toContain('"Node Type":"Sort"');
    expect(plan).toContain('"Strategy":"Hashed"');
    expect(plan).toContain('"Node Type":"Gather"');
  });
});
