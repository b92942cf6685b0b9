import { readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { ClientConfig } from 'pg';
import { UsageError, describeError } from '../errors.js';
import type { Side } from '../summary.js';

/** Whose connection string it is: a side of the comparison, or the history database (--history), as error messages name it. */
export type ConnectionRole = Side | 'history';
import { lookUpPassword } from './pgpass.js';

/** Environment variables, as process.env holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** One side's connection as pg takes it. */
export interface SideConnection {
  readonly config: ClientConfig;
  /** Set when no password was given or found, saying why: it explains a login the server then refuses. */
  readonly noPassword?: string;
  /** sslmode=prefer: the config to retry with when the server refuses TLS. */
  readonly withoutTls?: ClientConfig;
}

/** The libpq keywords pgverify understands, each with the environment variable that supplies it when left out. */
const KEYWORDS = {
  host: 'PGHOST',
  hostaddr: 'PGHOSTADDR',
  port: 'PGPORT',
  dbname: 'PGDATABASE',
  user: 'PGUSER',
  password: 'PGPASSWORD',
  passfile: 'PGPASSFILE',
  application_name: 'PGAPPNAME',
  connect_timeout: 'PGCONNECT_TIMEOUT',
  options: 'PGOPTIONS',
  sslmode: 'PGSSLMODE',
  sslrootcert: 'PGSSLROOTCERT',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
} as const;
type Keyword = keyof typeof KEYWORDS;

/** A value and how the user wrote it (`port=abc`, `PGPORT=abc`), for error messages. */
interface Setting {
  readonly value: string;
  readonly shown: string;
}
type Settings = ReadonlyMap<Keyword, Setting>;

const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

/**
 * Seconds a connection may take to be made and logged in when connect_timeout is not given: libpq waits forever,
 * and a nightly job pointed at a host that accepts and never answers would hang until someone noticed.
 */
export const DEFAULT_CONNECT_TIMEOUT_S = 30;

/**
 * Checks the keywords of a connection string (URL parts and parameters or key=value pairs: both come here),
 * fills what they leave out from the PG* variables and the password file, and builds pg's config. Every value
 * is checked here, so a bad one is a UsageError naming it as typed instead of a default silently used.
 */
export function connectionOf(
  side: ConnectionRole,
  given: ReadonlyArray<readonly [string, string]>,
  env: Environment,
): SideConnection {
  const settings = new Map<Keyword, Setting>();
  for (const [name, value] of given) {
    const keyword = name.toLowerCase();
    if (!(keyword in KEYWORDS))
      throw new UsageError(
        `--${side}: unknown connection keyword "${name}"${keyword === 'ssl' ? ' (use sslmode=require)' : ''}`,
      );
    // libpq reads an empty value as one left out.
    if (value !== '') settings.set(keyword as Keyword, { value, shown: `${keyword}=${value}` });
  }
  for (const [keyword, variable] of Object.entries(KEYWORDS) as Array<[Keyword, string]>) {
    const value = env[variable];
    if (!settings.has(keyword) && value !== undefined && value !== '')
      settings.set(keyword, { value, shown: `${variable}=${value}` });
  }
  const invalid = (setting: Setting, expected: string) => new UsageError(`--${side}: ${setting.shown} ${expected}`);
  const integer = (keyword: Keyword, min: number, max: number, expected: string): number | undefined => {
    const setting = settings.get(keyword);
    if (setting === undefined) return undefined;
    const number = /^\s*\d+\s*$/.test(setting.value) ? Number(setting.value) : NaN;
    if (!(number >= min && number <= max)) throw invalid(setting, expected);
    return number;
  };
  const port = integer('port', 1, 65535, 'must be a port number from 1 to 65535') ?? 5432;
  const timeout =
    integer('connect_timeout', 0, 2_147_483, 'must be a whole number of seconds (0: wait forever)') ??
    DEFAULT_CONNECT_TIMEOUT_S;
  const host = settings.get('host');
  if (host?.value.includes(',')) throw invalid(host, 'names several hosts: pgverify connects to one');
  const sslmode = settings.get('sslmode');
  if (sslmode !== undefined && !SSL_MODES.includes(sslmode.value) && sslmode.value !== 'no-verify') {
    throw invalid(sslmode, `must be one of ${SSL_MODES.join(', ')}`);
  }
  const user = settings.get('user')?.value ?? defaultUser(env);
  const database = settings.get('dbname')?.value ?? user;
  const config: ClientConfig = {
    // pg connects to one address: hostaddr when given (libpq skips the lookup then), else host.
    host: settings.get('hostaddr')?.value ?? host?.value ?? 'localhost',
    port,
    user,
    database,
    ssl: sslOf(side, settings),
    connectionTimeoutMillis: timeout * 1000,
    ...(settings.has('options') ? { options: settings.get('options')!.value } : {}),
    ...(settings.has('application_name') ? { application_name: settings.get('application_name')!.value } : {}),
  };
  const withPassword = addPassword(side, settings, config, env);
  // libpq's prefer falls back to a connection without TLS when the server has none; pg cannot, so pgverify retries.
  return sslmode?.value === 'prefer'
    ? { ...withPassword, withoutTls: { ...withPassword.config, ssl: false } }
    : withPassword;
}

/** The password given, else the password file's (libpq matches it against host, falling back to hostaddr). */
function addPassword(side: ConnectionRole, settings: Settings, config: ClientConfig, env: Environment): SideConnection {
  const password = settings.get('password')?.value;
  if (password !== undefined) return { config: { ...config, password } };
  const file = settings.get('passfile')?.value ?? defaultPasswordFile(env);
  const key = {
    host: settings.get('host')?.value ?? config.host!,
    port: config.port!,
    database: config.database ?? '',
    user: config.user ?? '',
  };
  const found = lookUpPassword(file, key);
  if ('password' in found) return { config: { ...config, password: found.password } };
  // A function, not nothing: given no password at all, pg reads ~/.pgpass itself, deprecated and with a warning on stderr.
  return {
    config: { ...config, password: () => '' },
    noPassword: `none in --${side} or PGPASSWORD, and ${found.reason}`,
  };
}

/**
 * libpq's sslmode over Node's TLS options: `allow` connects without TLS (pg cannot retry with it), `prefer` with
 * unverified TLS as libpq does, falling back without (withoutTls). `no-verify` is pg's name for `require`.
 */
function sslOf(side: ConnectionRole, settings: Settings): ClientConfig['ssl'] {
  const read = (keyword: Keyword): string | undefined => {
    const setting = settings.get(keyword);
    if (setting === undefined) return undefined;
    try {
      return readFileSync(setting.value, 'utf8');
    } catch (error) {
      throw new UsageError(`--${side}: cannot read ${setting.shown}: ${describeError(error)}`);
    }
  };
  const files = Object.fromEntries(
    Object.entries({ ca: read('sslrootcert'), cert: read('sslcert'), key: read('sslkey') }).filter(
      ([, text]) => text !== undefined,
    ),
  );
  // A certificate given without sslmode asks for TLS: verify it fully rather than ignore it.
  const mode = settings.get('sslmode')?.value ?? (Object.keys(files).length > 0 ? 'verify-full' : 'disable');
  switch (mode) {
    case 'disable':
    case 'allow':
      return false;
    case 'verify-full':
      return { ...files };
    case 'verify-ca':
      return { ...files, checkServerIdentity: () => undefined };
    case 'no-verify':
      return { ...files, rejectUnauthorized: false };
    default:
      // require and prefer: libpq verifies the chain (not the host name) only when given a root certificate.
      return files.ca === undefined
        ? { ...files, rejectUnauthorized: false }
        : { ...files, checkServerIdentity: () => undefined };
  }
}

/** The user pg would log in as: the operating system's user name. */
function defaultUser(env: Environment): string | undefined {
  const fromEnv = process.platform === 'win32' ? env.USERNAME : env.USER;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

function defaultPasswordFile(env: Environment): string {
  if (process.platform === 'win32') return join(env.APPDATA ?? '', 'postgresql', 'pgpass.conf');
  return join(env.HOME ?? homedir(), '.pgpass');
}
