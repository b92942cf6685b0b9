import type pg from 'pg';
import type { Status } from '../summary.js';
import { TABLE_COUNTS, type RunHistory, type RunNight, type TableCount, type TableNight } from './types.js';

/** A run joined with one of its tables (or with none: table_name null), as the history queries return them. */
type RawNight = {
  run_id: string;
  name: string;
  started_at: Date;
  run_status: Status;
  run_reason: string | null;
  table_name: string | null;
  status: Status | null;
} & Record<TableCount, string | null>;

const SELECT_NIGHTS = `SELECT r.id::text AS run_id, r.name, r.started_at, r.status AS run_status, r.reason AS run_reason,
    t.table_name, t.status, ${TABLE_COUNTS.map((count) => `t.${count}::text`).join(', ')}
  FROM pgverify.runs AS r LEFT JOIN pgverify.table_results AS t ON t.run_id = r.id`;

/** Every run started since `since` (of one run name, when given), with its tables, grouped by run name. */
export async function readNightsSince(client: pg.Client, since: Date, run: string | undefined): Promise<RunHistory[]> {
  const { rows } = await client.query<RawNight>(
    `${SELECT_NIGHTS} WHERE r.started_at >= $1 AND ($2::text IS NULL OR r.name = $2)
     ORDER BY r.name, r.started_at, r.id, t.table_name`,
    [since, run ?? null],
  );
  return groupNights(rows);
}

/** The last `limit` runs of each of `names`, with their tables: what report.html charts. */
export async function readLastNights(
  client: pg.Client,
  names: readonly string[],
  limit: number,
): Promise<RunHistory[]> {
  const { rows } = await client.query<RawNight>(
    `${SELECT_NIGHTS} WHERE r.id IN (
       SELECT last.id FROM unnest($1::text[]) AS n(name)
       CROSS JOIN LATERAL (SELECT id FROM pgverify.runs WHERE name = n.name ORDER BY started_at DESC, id DESC LIMIT $2) AS last)
     ORDER BY r.name, r.started_at, r.id, t.table_name`,
    [names, limit],
  );
  return groupNights(rows);
}

/** The tables that passed in the last recorded run of `name` (none when it has no run yet). */
export async function readPassedTables(client: pg.Client, name: string): Promise<Set<string>> {
  const { rows } = await client.query<{ table_name: string }>(
    `SELECT t.table_name FROM pgverify.table_results AS t
      WHERE t.status = 'pass'
        AND t.run_id = (SELECT id FROM pgverify.runs WHERE name = $1 ORDER BY started_at DESC, id DESC LIMIT 1)`,
    [name],
  );
  return new Set(rows.map((row) => row.table_name));
}

/** Rows ordered by run name and start, folded into one RunHistory per run name. */
function groupNights(rows: readonly RawNight[]): RunHistory[] {
  const histories = new Map<string, { runs: RunNight[]; tables: Map<string, TableNight[]> }>();
  for (const row of rows) {
    let history = histories.get(row.name);
    if (history === undefined) histories.set(row.name, (history = { runs: [], tables: new Map() }));
    const startedAt = row.started_at.toISOString();
    if (history.runs.at(-1)?.runId !== row.run_id)
      history.runs.push({ runId: row.run_id, startedAt, status: row.run_status, reason: row.run_reason });
    if (row.table_name === null || row.status === null) continue;
    const counts = Object.fromEntries(
      TABLE_COUNTS.map((count) => [count, row[count] === null ? null : Number(row[count])]),
    ) as Record<TableCount, number | null>;
    const nights = history.tables.get(row.table_name) ?? [];
    nights.push({ runId: row.run_id, startedAt, status: row.status, counts });
    history.tables.set(row.table_name, nights);
  }
  return [...histories.entries()].map(([name, history]) => ({ name, ...history }));
}
