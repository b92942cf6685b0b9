import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { binariesOfMajor, DEFAULT_MAJOR } from '../src/server/binaries.js';
import { startEmbeddedServer } from '../src/server/embedded.js';

/** The server the benchmark builds its databases on and measures against. */
export interface BenchServer {
  /** A superuser URL of one database on this server. */
  url(database: string): string;
  /** Where it came from, for the report: an environment variable or the embedded data directory. */
  readonly origin: string;
  stop(): Promise<void>;
}

/** Which server the benchmark runs on when no URL is given, and how it is set up. */
export interface EmbeddedBenchServer {
  /** The PostgreSQL major, 14 to 18 (the fast floor's hash_record_extended needs 14). */
  readonly major: string;
  /** Server settings, e.g. shared_buffers=2GB for a warm server that holds the table. */
  readonly settings: Readonly<Record<string, string>>;
}

/**
 * The server of PGVERIFY_BENCH_URL or PGVERIFY_TEST_URL (superuser URLs) when set; otherwise an embedded
 * server of `embedded.major` whose cluster persists in `<benchDir>/data-<major>`, so a 600 MB pair is
 * generated once per major and reused.
 */
export async function openBenchServer(benchDir: string, embedded: EmbeddedBenchServer): Promise<BenchServer> {
  for (const name of ['PGVERIFY_BENCH_URL', 'PGVERIFY_TEST_URL']) {
    const external = process.env[name]?.trim();
    if (external)
      return { url: (database) => databaseUrl(external, database), origin: `$${name}`, stop: () => Promise.resolve() };
  }
  return startPersistentServer(
    join(benchDir, embedded.major === DEFAULT_MAJOR ? 'data' : `data-${embedded.major}`),
    embedded,
  );
}

/** The same server URL pointing at another database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** The embedded server with a persistent cluster, refusing one another benchmark is already running on. */
async function startPersistentServer(dataDir: string, embedded: EmbeddedBenchServer): Promise<BenchServer> {
  await refuseRunningCluster(dataDir);
  const binaries = binariesOfMajor(embedded.major);
  const server = await startEmbeddedServer({ dataDir, persistent: true, binaries, settings: embedded.settings });
  return {
    url: (database) => server.url(database),
    origin: `embedded server, data in ${dataDir}`,
    stop: () => server.stop(),
  };
}

/** Two benchmarks on one cluster would measure each other; a stale pid file of a dead server is fine. */
async function refuseRunningCluster(dataDir: string): Promise<void> {
  const pid = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
  if (!(pid > 0)) return;
  if (!isPostgres(pid)) return;
  throw new Error(`a PostgreSQL server (pid ${pid}) already runs on ${dataDir}: is another benchmark running?`);
}

/** Whether `pid` is alive and, where /proc tells, a postgres process (pids are reused after a restart). */
function isPostgres(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const commandFile = `/proc/${pid}/comm`;
  return !existsSync(commandFile) || readFileSync(commandFile, 'utf8').includes('postgres');
}
