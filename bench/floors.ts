import { spawn, spawnSync } from 'node:child_process';
import { CopyOutQuery } from '../src/connect/copy-out.js';
import { withClients } from './db.js';
import { TABLE } from './generator.js';

/**
 * What the databases need to read the table once; the tool's times are divided by these. The exact floor is
 * read by psql where it is on PATH (the definition), else by the tool's own COPY reader
 * (src/connect/copy-out.ts) with every row dropped; see exactFloorOf.
 */
export type FloorKind = 'fast' | 'exact-node' | 'exact-psql';

/** The fastest full-table hashing PostgreSQL has, on both databases at once. */
const FAST_FLOOR_SQL = `SELECT sum(hash_record_extended(t, 0)) FROM ${TABLE} t`;
/** Every row in key order, as psql's \copy to /dev/null reads it, on both databases at once. */
const EXACT_FLOOR_SQL = `COPY (SELECT * FROM ${TABLE} ORDER BY id) TO STDOUT`;

/**
 * Seconds one floor takes on the source and target together. Connections are opened before the clock
 * starts: the floor is what the servers need, not what a client needs to reach them.
 */
export async function measureFloor(kind: FloorKind, urls: readonly [string, string]): Promise<number> {
  if (kind === 'exact-psql') return psqlCopyFloor(urls);
  return withClients(urls, async (clients) => {
    const started = performance.now();
    await Promise.all(
      clients.map(async (client) => {
        if (kind === 'fast') {
          await client.query(FAST_FLOOR_SQL);
        } else {
          await discard(client.query(new CopyOutQuery(EXACT_FLOOR_SQL)));
        }
      }),
    );
    return (performance.now() - started) / 1000;
  });
}

/**
 * Reads a COPY to its end and drops every row, like psql's \copy to /dev/null. Where the servers use every
 * CPU, Node's reading competes with them and this floor can be slower than psql's.
 */
async function discard(rows: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of rows);
}

/** Whether psql is on PATH: then the exact floor is measured as the issue words it, with psql's \copy. */
export function psqlAvailable(): boolean {
  return spawnSync('psql', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Two psql processes, `\copy ... to /dev/null` each; their start-up (a few ms) is inside the time. */
async function psqlCopyFloor(urls: readonly [string, string]): Promise<number> {
  const command = `\\copy (SELECT * FROM ${TABLE} ORDER BY id) TO '/dev/null'`;
  const started = performance.now();
  await Promise.all(
    urls.map(
      (url) =>
        new Promise<void>((resolve, reject) => {
          // The password goes by environment, not argv, where any local user could read it.
          const { dbname, password } = withoutPassword(url);
          const child = spawn(
            'psql',
            ['--no-psqlrc', '--quiet', '--set=ON_ERROR_STOP=1', '--dbname', dbname, '--command', command],
            {
              stdio: ['ignore', 'ignore', 'pipe'],
              env: password === undefined ? process.env : { ...process.env, PGPASSWORD: password },
            },
          );
          let stderr = '';
          child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
          child.on('error', reject);
          child.on('close', (code) =>
            code === 0 ? resolve() : reject(new Error(`psql \\copy failed (exit ${code}): ${stderr.trim()}`)),
          );
        }),
    ),
  );
  return (performance.now() - started) / 1000;
}

function withoutPassword(url: string): { dbname: string; password?: string } {
  const parsed = new URL(url);
  const password = parsed.password === '' ? undefined : decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), ...(password === undefined ? {} : { password }) };
}

/** The exact floor the ratios use: psql's where it was measured, else the Node reader's. */
export function exactFloorOf<T>(floors: Partial<Record<FloorKind, T>>): { kind: FloorKind; value: T } | undefined {
  if (floors['exact-psql'] !== undefined) return { kind: 'exact-psql', value: floors['exact-psql'] };
  if (floors['exact-node'] !== undefined) return { kind: 'exact-node', value: floors['exact-node'] };
  return undefined;
}
