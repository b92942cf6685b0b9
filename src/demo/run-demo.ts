import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PgVerifyError, describeError } from '../errors.js';
import type { VerifyOptions } from '../verify/options.js';
import { startEmbeddedServer } from '../server/embedded.js';
import type { Summary } from '../summary.js';

/** The fixtures shipped with the package: `<package>/fixtures`, from both src/ and dist/. */
export const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** The seed 003 migration the demo verifies: store 4 moved from the shared schema into its own. */
export const DEMO_CHECK = {
  sourceSchema: 'public',
  targetSchema: 'store_1751248005649',
  sourceWhere: 'store_id = 4',
  tenantColumn: 'store_id',
  tenants: ['4'],
} as const;

/** The defects fixtures/store-move/target.sql injects, which the demo must find, and nothing else. */
export const DEMO_EXPECTED: Readonly<Record<string, { missing: number; extra: number; changed: number }>> = {
  whatsapp_logs: { missing: 1, extra: 0, changed: 1 },
  customers: { missing: 0, extra: 1, changed: 1 },
  messages: { missing: 0, extra: 0, changed: 1 },
};

/**
 * Starts a throwaway PostgreSQL, loads the store-move fixture as source and target databases, runs `check`
 * through `run` (the CLI's own path) and stops the server whatever happens.
 */
export async function runDemo(
  run: (options: VerifyOptions) => Promise<Summary>,
  options: Pick<VerifyOptions, 'mode' | 'outDir' | 'commandLine'>,
): Promise<Summary> {
  const server = await startEmbeddedServer({ dataDir: join(tmpdir(), `pgverify-demo-${process.pid}`) }).catch(
    (error: unknown) => {
      throw new PgVerifyError(`demo: cannot start the embedded PostgreSQL: ${describeError(error)}`, { cause: error });
    },
  );
  try {
    await Promise.all([server.createDatabase('demo_source'), server.createDatabase('demo_target')]);
    await Promise.all([
      loadSql(server.url('demo_source'), join(FIXTURES_DIR, 'store-move', 'source.sql')),
      loadSql(server.url('demo_target'), join(FIXTURES_DIR, 'store-move', 'target.sql')),
    ]);
    return await run({
      source: server.url('demo_source'),
      target: server.url('demo_target'),
      ...DEMO_CHECK,
      ...options,
    });
  } finally {
    await server.stop();
  }
}

/** True when the summary reports exactly the injected defects and every other table passes. */
export function demoFoundExactly(summary: Summary): boolean {
  return (
    summary.tables.every((table) => {
      const expected = DEMO_EXPECTED[table.name] ?? { missing: 0, extra: 0, changed: 0 };
      const clean = expected.missing + expected.extra + expected.changed === 0;
      return (
        table.status === (clean ? 'pass' : 'fail') &&
        table.diff.missing === expected.missing &&
        table.diff.extra === expected.extra &&
        table.diff.changed === expected.changed
      );
    }) && summary.tables.length === 15
  );
}

async function loadSql(url: string, path: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(await readFile(path, 'utf8'));
  } finally {
    await client.end();
  }
}
