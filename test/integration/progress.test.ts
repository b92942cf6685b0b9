import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verify, type ProgressEvent } from '../../src/index.js';
import type { Mode } from '../../src/summary.js';
import { createDatabasePair, runSql, type DatabasePair } from '../support/databases.js';

const SCHEMA = `
  CREATE TABLE events (id int PRIMARY KEY, body text);
  INSERT INTO events SELECT g, repeat('x', 200) || g FROM generate_series(1, 20000) g;
  ANALYZE events;`;

let pair: DatabasePair;

beforeAll(async () => {
  pair = await createDatabasePair('progress');
  await Promise.all([runSql(pair.sourceUrl, SCHEMA), runSql(pair.targetUrl, SCHEMA)]);
});

afterAll(async () => {
  await pair?.drop();
});

describe.each<Mode>(['exact', 'fast'])('progress events in %s mode', (mode) => {
  it('reports rows read that only grow, up to the whole table, with the planner\'s estimate, between start and done', async () => {
    const events: ProgressEvent[] = [];
    await verify({ source: pair.sourceUrl, target: pair.targetUrl, mode, onProgress: (event) => events.push(event) });
    expect(events[0]).toEqual({ type: 'start', table: 'events' });
    expect(events.at(-1)).toMatchObject({ type: 'done', table: 'events', status: 'pass' });
    const rows = events.filter((event) => event.type === 'rows');
    const done = rows.map((event) => event.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)).toBe(20_000);
    expect(rows.every((event) => event.total === 20_000)).toBe(true);
    // Exact mode streams in batches, so its count climbs; fast mode learns it from the checksum pass at once.
    if (mode === 'exact') expect(rows.length).toBeGreaterThan(1);
    else expect(done).toEqual([20_000]);
  });
});
