import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { runSql } from '../support/databases.js';
import { useTestPair } from '../support/test-pair.js';

const SCHEMA =
  "CREATE TABLE items (id int PRIMARY KEY, name text); INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 20) g;";
const files = useTestPair('connection', (pair) =>
  Promise.all([runSql(pair.sourceUrl, SCHEMA), runSql(pair.targetUrl, SCHEMA)]),
);

/** `url` logged in as `user`, with no password in it. */
function asUser(url: string, user: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = '';
  return parsed.toString();
}

describe('a password kept in a password file', () => {
  const role = `pgv_pgpass_${Math.random().toString(16).slice(2, 8)}`;
  const password = `pw:${Math.random().toString(16).slice(2, 10)}\\x`;
  /** Whether the server lets the role in without its password (trust authentication, e.g. PGVERIFY_TEST_URL). */
  let trusts = false;

  beforeAll(async () => {
    await files.pair.source.query(`CREATE ROLE ${role} LOGIN SUPERUSER PASSWORD '${password}'`);
    const client = new pg.Client({
      connectionString: asUser(files.pair.sourceUrl, role),
      password: 'not-the-password',
    });
    trusts = await client.connect().then(
      () => true,
      () => false,
    );
    await client.end().catch(() => undefined);
  });
  afterAll(async () => {
    await files.pair.source.query(`DROP ROLE IF EXISTS ${role}`);
  });

  /** A password file for the role on the test server, `\:` and `\\` escaped as the PostgreSQL docs say. */
  async function passwordFile(name: string, mode: number): Promise<string> {
    const { hostname, port } = new URL(files.pair.sourceUrl);
    const file = join(files.output.path, name);
    await writeFile(
      file,
      `# pgverify test\n${hostname}:${port}:*:${role}:${password.replace(/\\/g, '\\\\').replace(/:/g, '\\:')}\n`,
      { flag: 'w' },
    );
    await chmod(file, mode);
    return file;
  }

  it('logs in with the password from PGPASSFILE, and --quiet prints nothing on stderr', async () => {
    const file = await passwordFile('pgpass', 0o600);
    const run = await runCli(
      [
        'check',
        '--source',
        asUser(files.pair.sourceUrl, role),
        '--target',
        asUser(files.pair.targetUrl, role),
        '--out',
        files.output.dir('pgpass-run'),
        '--quiet',
      ],
      { PGPASSFILE: file, PGPASSWORD: '' },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^PASS: 1 table identical/);
    expect(run.stdout).not.toContain(password);
  });

  it('ignores a password file that group or others can read, and says so when the login then fails', async (context) => {
    if (trusts) context.skip();
    const file = await passwordFile('pgpass-open', 0o644);
    const run = await runCli(
      ['check', '--source', asUser(files.pair.sourceUrl, role), '--target', files.pair.targetUrl, '--quiet'],
      { PGPASSFILE: file, PGPASSWORD: '' },
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      `pgverify: source: cannot connect: the server asks for a password and none was given (none in --source or PGPASSWORD, and ${file} was ignored: group or others can access it (chmod 0600 ${file}))\n`,
    );
  });
});

describe('connection settings', () => {
  it('connects with sslmode=prefer to a server without TLS, falling back as libpq does', async () => {
    const run = await runCli([
      'check',
      '--source',
      `${files.pair.sourceUrl}?sslmode=prefer`,
      '--target',
      `${files.pair.targetUrl}?sslmode=prefer`,
      '--out',
      files.output.dir('prefer'),
      '--quiet',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('names its sessions with the application_name of the connection string, else pgverify', async () => {
    // The source filter keeps every row only where the session carries the name given.
    const run = await runCli([
      'check',
      '--source',
      `${files.pair.sourceUrl}?application_name=nightly-check`,
      '--target',
      files.pair.targetUrl,
      '--source-where',
      "current_setting('application_name') = 'nightly-check'",
      '--target-where',
      "current_setting('application_name') = 'pgverify'",
      '--out',
      files.output.dir('appname'),
      '--quiet',
    ]);
    expect(run.stdout).toMatch(/^PASS: /);
    expect(run.code).toBe(0);
  });

  it.each([
    [
      'source',
      '?sslmode=bogus',
      '--source: sslmode=bogus must be one of disable, allow, prefer, require, verify-ca, verify-full',
    ],
    ['target', '?connect_timeout=x', '--target: connect_timeout=x must be a whole number of seconds (0: wait forever)'],
    ['target', '?port=abc', '--target: port=abc must be a port number from 1 to 65535'],
  ])('exits 2 naming the %s and the bad value of a URL ending %s', async (side, suffix, message) => {
    const urls = { source: files.pair.sourceUrl, target: files.pair.targetUrl };
    urls[side as 'source' | 'target'] += suffix;
    const run = await runCli(['check', '--source', urls.source, '--target', urls.target]);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(`pgverify: ${message}`);
  });

  it('exits 2 for a port that is not a number, in key=value pairs or in a URL, instead of connecting to 5432', async () => {
    const { hostname, pathname } = new URL(files.pair.sourceUrl);
    const keywords = await runCli([
      'check',
      '--source',
      `host=${hostname} port=abc dbname=${pathname.slice(1)}`,
      '--target',
      files.pair.targetUrl,
    ]);
    expect(keywords.code).toBe(2);
    expect(keywords.stderr.split('\n')[0]).toBe('pgverify: --source: port=abc must be a port number from 1 to 65535');
    const url = await runCli([
      'check',
      '--source',
      files.pair.sourceUrl,
      '--target',
      `postgresql://${hostname}:abc/db`,
    ]);
    expect(url.code).toBe(2);
    expect(url.stderr.split('\n')[0]).toBe('pgverify: --target: port=abc must be a port number from 1 to 65535');
    const environment = await runCli(
      ['check', '--source', `host=${hostname} dbname=${pathname.slice(1)}`, '--target', files.pair.targetUrl],
      { PGPORT: 'x1' },
    );
    expect(environment.stderr.split('\n')[0]).toBe(
      'pgverify: --source: PGPORT=x1 must be a port number from 1 to 65535',
    );
  });
});
