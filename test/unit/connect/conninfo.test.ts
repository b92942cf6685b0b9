import { describe, expect, it } from 'vitest';
import {
  parseConnectionString,
  passwordOf,
  redactArguments,
  redactConnectionString,
} from '../../../src/connect/conninfo.js';
import { UsageError } from '../../../src/errors.js';

/** No PG* variables and no password file: only what the string says counts. */
const ENV = { USER: 'osuser', HOME: '/nonexistent-home' };
const configOf = (side: 'source' | 'target', text: string, env: Record<string, string> = ENV) =>
  parseConnectionString(side, text, env).config;
const errorOf = (side: 'source' | 'target', text: string, env: Record<string, string> = ENV): unknown => {
  try {
    configOf(side, text, env);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('connection strings', () => {
  it('removes the password from a URL and from key=value pairs', () => {
    expect(redactConnectionString('postgresql://app:s3cret@db.example:5432/shop?sslmode=require')).toBe(
      'postgresql://app@db.example:5432/shop?sslmode=require',
    );
    expect(redactConnectionString('postgres://app:p%40ss@h/db')).toBe('postgres://app@h/db');
    expect(redactConnectionString("host=h dbname=shop password='a b' user=app")).toBe(
      'host=h dbname=shop password=*** user=app',
    );
    expect(redactConnectionString('postgresql://h/db?password=s3cret')).not.toContain('s3cret');
  });

  it('hides a user:password@ part in strings that are not postgresql:// URLs, as users mistype them', () => {
    for (const typed of [
      'http://pgv:Hunter2Secret@localhost:5499/tgt',
      'mysql://pgv:Hunter2Secret@localhost/src',
      'postgresql:/pgv:Hunter2Secret@localhost/src',
      'pgv:Hunter2Secret@localhost:5499/src',
      'pgv:Hunter2@Secret@localhost:5499/src',
      'host=h user=pgv:Hunter2Secret@x',
    ]) {
      const shown = redactConnectionString(typed);
      expect(shown).not.toContain('Hunter2');
      expect(shown).not.toContain('Secret');
      expect(shown).toContain('pgv:***@');
    }
    expect(redactConnectionString('http://pgv:Hunter2Secret@localhost:5499/tgt')).toBe(
      'http://pgv:***@localhost:5499/tgt',
    );
    expect(redactConnectionString('host=h dbname=shop')).toBe('host=h dbname=shop');
    // A postgresql:// URL that URL cannot parse, its password holding an @.
    expect(redactConnectionString('postgresql://pgv:Hunter2@Secret@[::1/src')).toBe('postgresql://pgv:***@[::1/src');
    expect(() => parseConnectionString('target', 'http://pgv:Hunter2Secret@localhost/tgt')).toThrow(
      '--target must be a postgresql:// URL or key=value pairs, not "http://pgv:***@localhost/tgt"',
    );
  });

  it('says a bracket is left open in an IPv6 host, not that the rest of it is a bad port', () => {
    expect(() => parseConnectionString('source', 'postgresql://pgv:s3cret@[::1/src')).toThrow(
      new UsageError('--source: the host "[::1" opens a [ it never closes (an IPv6 address is written [::1])'),
    );
  });

  it('redacts the password of every connection string on a command line and keeps the other arguments as typed', () => {
    expect(
      redactArguments([
        'check',
        '--source',
        'postgresql://app:s3cret@old-db/shop',
        '--target=host=new-db password=hunter2 user=app',
        '--target-schema',
        ' store_4 ',
        '--source-where',
        "note = 'x'",
        '--config',
        'postgresql://ops:pw1@h/db',
      ]),
    ).toEqual([
      'check',
      '--source',
      'postgresql://app@old-db/shop',
      '--target=host=new-db password=*** user=app',
      '--target-schema',
      ' store_4 ',
      '--source-where',
      "note = 'x'",
      '--config',
      'postgresql://ops@h/db',
    ]);
    expect(redactArguments(['--target', "dbname=shop password='a b'"])).toEqual([
      '--target',
      'dbname=shop password=***',
    ]);
    expect(redactArguments([])).toEqual([]);
  });

  it('keeps a URL without a password as it is', () => {
    expect(redactConnectionString('postgresql://app@h/db')).toBe('postgresql://app@h/db');
  });

  it('reads key=value pairs with quoted values into a client config', () => {
    const config = configOf('source', "host=db port=6543 dbname='my db' user=app password=x\\'y sslmode=disable");
    // Without connect_timeout, a connection may take 30 s to be made: libpq's wait forever would hang a nightly job.
    expect(config).toEqual({
      host: 'db',
      port: 6543,
      database: 'my db',
      user: 'app',
      password: "x'y",
      ssl: false,
      connectionTimeoutMillis: 30_000,
    });
    expect(configOf('source', 'host=db connect_timeout=0 password=x').connectionTimeoutMillis).toBe(0);
  });

  it('reads a URL into the same keywords, decoded, with its parameters', () => {
    expect(
      configOf('source', 'postgresql://app:p%40ss@db.example:6543/my%20db?connect_timeout=7&application_name=x'),
    ).toEqual({
      host: 'db.example',
      port: 6543,
      database: 'my db',
      user: 'app',
      password: 'p@ss',
      ssl: false,
      connectionTimeoutMillis: 7000,
      application_name: 'x',
    });
    expect(configOf('target', 'postgres://[::1]:5433/shop?user=app&password=pw')).toMatchObject({
      host: '::1',
      port: 5433,
      database: 'shop',
      user: 'app',
    });
    expect(configOf('target', 'postgresql:///shop?host=/var/run/postgresql&password=pw')).toMatchObject({
      host: '/var/run/postgresql',
      port: 5432,
      database: 'shop',
    });
  });

  it('fills what the string leaves out from the PG* variables, then the defaults, as psql does', () => {
    const env = {
      ...ENV,
      PGHOST: 'envhost',
      PGPORT: '7000',
      PGUSER: 'envuser',
      PGPASSWORD: 'envpw',
      PGSSLMODE: 'require',
    };
    expect(configOf('target', 'dbname=shop', env)).toEqual({
      host: 'envhost',
      port: 7000,
      database: 'shop',
      user: 'envuser',
      password: 'envpw',
      ssl: { rejectUnauthorized: false },
      connectionTimeoutMillis: 30_000,
    });
    expect(configOf('target', 'dbname=shop', { ...env, PGCONNECT_TIMEOUT: '4' }).connectionTimeoutMillis).toBe(4000);
    expect(configOf('target', '  ')).toMatchObject({
      host: 'localhost',
      port: 5432,
      user: 'osuser',
      database: 'osuser',
      ssl: false,
    });
  });

  it('maps sslmode to TLS settings the same way for a URL and for key=value pairs', () => {
    for (const [mode, ssl] of [
      ['disable', false],
      ['allow', false],
      ['require', { rejectUnauthorized: false }],
      ['prefer', { rejectUnauthorized: false }],
      ['no-verify', { rejectUnauthorized: false }],
      ['verify-full', {}],
    ] as const) {
      expect(configOf('source', `postgresql://h/db?sslmode=${mode}&password=pw`).ssl).toEqual(ssl);
      expect(configOf('source', `host=h dbname=db sslmode=${mode} password=pw`).ssl).toEqual(ssl);
    }
    expect(configOf('source', 'host=h sslmode=verify-ca password=pw').ssl).toMatchObject({
      checkServerIdentity: expect.any(Function),
    });
  });

  it('keeps a config without TLS for sslmode=prefer only, to retry with when the server has none', () => {
    const prefer = parseConnectionString('source', 'host=h sslmode=prefer password=pw', ENV);
    expect(prefer.withoutTls).toEqual({ ...prefer.config, ssl: false });
    expect(parseConnectionString('source', 'host=h sslmode=require password=pw', ENV).withoutTls).toBeUndefined();
  });

  it('rejects other URL schemes and unknown keywords, in a URL too, as usage errors', () => {
    expect(() => configOf('source', 'mysql://h/db')).toThrow(UsageError);
    expect(() => configOf('target', 'host=h colour=blue')).toThrow(
      new UsageError('--target: unknown connection keyword "colour"'),
    );
    expect(() => configOf('target', 'postgresql://h/db?colour=blue')).toThrow(
      new UsageError('--target: unknown connection keyword "colour"'),
    );
    expect(() => configOf('source', 'postgresql://h/db?ssl=true')).toThrow(
      new UsageError('--source: unknown connection keyword "ssl" (use sslmode=require)'),
    );
  });

  it.each([
    [
      'source',
      'postgresql://h/db?sslmode=bogus',
      {},
      '--source: sslmode=bogus must be one of disable, allow, prefer, require, verify-ca, verify-full',
    ],
    ['target', 'host=h port=abc', {}, '--target: port=abc must be a port number from 1 to 65535'],
    ['source', 'postgresql://h:abc/db', {}, '--source: port=abc must be a port number from 1 to 65535'],
    ['source', 'host=h port=70000', {}, '--source: port=70000 must be a port number from 1 to 65535'],
    [
      'target',
      'host=h connect_timeout=x',
      {},
      '--target: connect_timeout=x must be a whole number of seconds (0: wait forever)',
    ],
    [
      'target',
      'postgresql://h/db?connect_timeout=1.5',
      {},
      '--target: connect_timeout=1.5 must be a whole number of seconds (0: wait forever)',
    ],
    ['source', 'host=h', { PGPORT: 'abc' }, '--source: PGPORT=abc must be a port number from 1 to 65535'],
    [
      'source',
      'host=h',
      { PGSSLMODE: 'on' },
      '--source: PGSSLMODE=on must be one of disable, allow, prefer, require, verify-ca, verify-full',
    ],
    ['source', 'postgresql://a,b/db', {}, '--source: host=a,b names several hosts: pgverify connects to one'],
    // The part with the bad escape is named, never shown: here it is the password.
    [
      'source',
      'postgresql://app:pa%ZZss@h/db',
      {},
      '--source: the password of the URL has a % that starts no escape (a literal % is written %25): postgresql://app@h/db',
    ],
    [
      'target',
      'postgresql://h/my%zdb',
      {},
      '--target: the database name of the URL has a % that starts no escape (a literal % is written %25): postgresql://h/my%zdb',
    ],
    [
      'target',
      'host=h sslrootcert=/nonexistent/ca.pem',
      {},
      /^--target: cannot read sslrootcert=\/nonexistent\/ca.pem: ENOENT/,
    ],
  ] as const)('refuses a bad value, naming it as typed and the side: %s %s', (side, text, env, message) => {
    const error = errorOf(side, text, { ...ENV, ...env });
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(
      typeof message === 'string' ? new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : message,
    );
  });

  it('says why there is no password when neither the string, PGPASSWORD nor the password file gives one', () => {
    const connection = parseConnectionString('source', 'host=h dbname=db user=app', ENV);
    expect(connection.noPassword).toBe('none in --source or PGPASSWORD, and there is no /nonexistent-home/.pgpass');
    // A function: given no password at all, pg would read ~/.pgpass itself and print a deprecation warning.
    expect(typeof connection.config.password).toBe('function');
    expect(parseConnectionString('source', 'host=h password=pw', ENV).noPassword).toBeUndefined();
  });

  it('finds the password to scrub from error messages', () => {
    expect(passwordOf(configOf('source', 'postgresql://u:p%40ss@h/db'))).toBe('p@ss');
    expect(passwordOf(configOf('source', 'host=h password=kv'))).toBe('kv');
    expect(passwordOf(configOf('source', 'postgresql://u@h/db'))).toBeUndefined();
  });
});
