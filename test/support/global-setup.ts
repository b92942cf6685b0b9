import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedServer, type EmbeddedServer } from '../../src/server/embedded.js';
import { ensureBuilt } from './build.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL of the server the integration tests create their databases on. */
    adminUrl: string;
  }
}

let server: EmbeddedServer | undefined;

/**
 * Builds the CLI when a source is newer than it (CLI tests run bin/pgverify.js, what users run).
 * Uses the server of PGVERIFY_TEST_URL (a superuser URL) when set; otherwise starts one embedded
 * server for the whole run in `.pgverify-test/<pid>` and stops it in teardown.
 */
export async function setup(project: TestProject): Promise<void> {
  await ensureBuilt(project.config.root);
  const externalUrl = process.env.PGVERIFY_TEST_URL?.trim();
  if (externalUrl) {
    project.provide('adminUrl', externalUrl);
    return;
  }
  const runsDir = join(project.config.root, '.pgverify-test');
  await removeAbandonedRuns(runsDir);
  server = await startEmbeddedServer({ dataDir: join(runsDir, String(process.pid)) });
  project.provide('adminUrl', server.adminUrl);
}

export async function teardown(): Promise<void> {
  await server?.stop();
  server = undefined;
}

/** A killed run never reaches teardown: drop data directories whose test run and server are both gone. */
async function removeAbandonedRuns(runsDir: string): Promise<void> {
  const entries = await readdir(runsDir).catch(() => []);
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || isAlive(Number(entry))) continue;
    const dataDir = join(runsDir, entry);
    const postmasterPid = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
    if (postmasterPid > 0 && isAlive(postmasterPid)) continue;
    await rm(dataDir, { recursive: true, force: true });
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
