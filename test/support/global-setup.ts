import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { binariesOfMajor, EMBEDDED_MAJORS } from '../../src/server/binaries.js';
import { startEmbeddedServer, type EmbeddedServer } from '../../src/server/embedded.js';
import { ensureBuilt } from './build.js';
import './servers.js';

/** Settings of a test server: durability only slows tests down. */
const TEST_SETTINGS = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' };

let servers: EmbeddedServer[] = [];

/**
 * Builds the CLI when a source is newer than it (CLI tests run bin/pgverify.js, what users run).
 * Uses the server of PGVERIFY_TEST_URL (a superuser URL) when set; otherwise starts one embedded server per
 * major of PGVERIFY_TEST_MAJORS (default: every supported major, 13 to 18) in `.pgverify-test/<pid>/<major>`
 * and stops them in teardown. Tests that are not about versions run on the newest.
 */
export async function setup(project: TestProject): Promise<void> {
  await ensureBuilt(project.config.root);
  const externalUrl = process.env.PGVERIFY_TEST_URL?.trim();
  if (externalUrl) {
    project.provide('adminUrl', externalUrl);
    project.provide('servers', [[await majorOf(externalUrl), externalUrl]]);
    return;
  }
  const majors = requestedMajors();
  const runsDir = join(project.config.root, '.pgverify-test');
  await removeAbandonedRuns(runsDir);
  const started = await Promise.allSettled(
    majors.map(async (major) =>
      startEmbeddedServer({
        dataDir: join(runsDir, String(process.pid), major),
        binaries: binariesOfMajor(major),
        settings: TEST_SETTINGS,
      }),
    ),
  );
  servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = started.find((result) => result.status === 'rejected');
  if (failed !== undefined) {
    await teardown();
    throw failed.reason;
  }
  const urls = majors.map((major, index): [string, string] => [major, servers[index]!.adminUrl]);
  project.provide('servers', urls);
  project.provide('adminUrl', urls.at(-1)![1]);
}

export async function teardown(): Promise<void> {
  await Promise.all(servers.map((server) => server.stop()));
  servers = [];
}

/** PGVERIFY_TEST_MAJORS (e.g. "13,18"), oldest first; every supported major when unset. */
function requestedMajors(): string[] {
  const requested =
    process.env.PGVERIFY_TEST_MAJORS?.split(',')
      .map((major) => major.trim())
      .filter(Boolean) ?? EMBEDDED_MAJORS;
  const unknown = requested.filter((major) => !EMBEDDED_MAJORS.includes(major));
  if (unknown.length > 0 || requested.length === 0) {
    throw new Error(
      `PGVERIFY_TEST_MAJORS must list majors among ${EMBEDDED_MAJORS.join(', ')}, not "${process.env.PGVERIFY_TEST_MAJORS}"`,
    );
  }
  return [...new Set(requested)].sort((a, b) => Number(a) - Number(b));
}

async function majorOf(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const version = (await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]!.v;
    return String(Math.floor(Number(version) / 10000));
  } finally {
    await client.end();
  }
}

/** A killed run never reaches teardown: drop data directories whose test run and servers are all gone. */
async function removeAbandonedRuns(runsDir: string): Promise<void> {
  const entries = await readdir(runsDir).catch(() => []);
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || isAlive(Number(entry))) continue;
    const runDir = join(runsDir, entry);
    const dataDirs = [runDir, ...(await readdir(runDir).catch(() => [])).map((name) => join(runDir, name))];
    const postmasters = await Promise.all(
      dataDirs.map(async (dir) =>
        Number((await readFile(join(dir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]),
      ),
    );
    if (postmasters.some((pid) => pid > 0 && isAlive(pid))) continue;
    await rm(runDir, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0 only asks whether the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
