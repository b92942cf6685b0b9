import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verify } from '../../src/index.js';
import type { ServerVersion, Summary } from '../../src/summary.js';
import { runCli } from '../support/cli.js';
import { runSql } from '../support/databases.js';
import { useTestPair } from '../support/test-pair.js';

const SENTINEL = 'Fact5-pw-7d1e';
const SCHEMA =
  "CREATE TABLE items (id int PRIMARY KEY, name text); INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 20) g;";
const PACKAGE_VERSION = (
  JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

const files = useTestPair('run_facts', (pair) =>
  Promise.all([runSql(pair.sourceUrl, SCHEMA), runSql(pair.targetUrl, SCHEMA)]),
);
const role = `pgv_facts_${Math.random().toString(16).slice(2, 8)}`;
let server: ServerVersion;

beforeAll(async () => {
  // A role of our own, so the connection strings surely carry a password that works.
  await files.pair.source.query(`CREATE ROLE ${role} LOGIN SUPERUSER PASSWORD '${SENTINEL}'`);
  const { rows } = await files.pair.source.query<{ version: string; num: number }>(
    "SELECT current_setting('server_version') AS version, current_setting('server_version_num')::int AS num",
  );
  server = { version: rows[0]!.version, versionNum: rows[0]!.num };
});

afterAll(async () => {
  await files.pair.source.query(`DROP ROLE IF EXISTS ${role}`);
});

/** A URL of the pair logged in as the test's role, with `password` (empty: none). */
function roleUrl(url: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = role;
  parsed.password = password;
  return parsed.toString();
}

/** The same database as key=value pairs, the other form --source and --target take. */
function keywordValue(url: string): string {
  const parsed = new URL(url);
  return `host=${parsed.hostname} port=${parsed.port || 5432} dbname=${parsed.pathname.slice(1)} user=${role} password=${SENTINEL}`;
}

describe('the facts a sign-off needs, from a check run on the command line', () => {
  let out: string;
  let junit: string;
  let args: string[];
  let summary: Summary;

  beforeAll(async () => {
    out = files.output.dir('cli');
    junit = join(files.output.path, 'cli.xml');
    args = [
      'check',
      '--source',
      roleUrl(files.pair.sourceUrl, SENTINEL),
      '--target',
      keywordValue(files.pair.targetUrl),
      '--source-where',
      'id > 0',
      '--out',
      out,
      '--junit',
      junit,
    ];
    const run = await runCli(args);
    expect(run.code, run.stderr).toBe(0);
    summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as Summary;
  });

  it("records in summary.json pgverify's version, both servers' versions and the command line with its passwords redacted", () => {
    expect(summary).toMatchObject({
      pgverifyVersion: PACKAGE_VERSION,
      sourceServer: server,
      targetServer: server,
      commandLine: [
        'check',
        '--source',
        roleUrl(files.pair.sourceUrl, ''),
        '--target',
        keywordValue(files.pair.targetUrl).replace(SENTINEL, '***'),
        '--source-where',
        'id > 0',
        '--out',
        out,
        '--junit',
        junit,
      ],
    });
    // The existing fields stay: summary.json is a contract.
    expect(summary).toMatchObject({
      status: 'pass',
      mode: 'fast',
      sourceSchema: 'public',
      targetSchema: 'public',
      sourceWhere: 'id > 0',
    });
  });

  it('shows the same facts in report.html and as properties of the JUnit testsuite, and the password nowhere', async () => {
    const html = await readFile(join(out, 'report.html'), 'utf8');
    const serverLine = `PostgreSQL ${server.version} (server_version_num ${server.versionNum})`;
    expect(html).toContain(`<dt>Source server</dt><dd>${serverLine}</dd>`);
    expect(html).toContain(`<dt>Target server</dt><dd>${serverLine}</dd>`);
    expect(html).toContain(`<dt>pgverify</dt><dd>${PACKAGE_VERSION}</dd>`);
    expect(html).toContain(
      `<dt>Command line</dt><dd>pgverify check --source ${roleUrl(files.pair.sourceUrl, '')} --target &#39;`,
    );
    expect(html).toContain('--source-where &#39;id &gt; 0&#39;');

    const xml = await readFile(junit, 'utf8');
    const properties = Object.fromEntries(
      [...xml.matchAll(/<property name="([^"]+)" value="([^"]*)"\/>/g)].map(([, name, value]) => [name!, value!]),
    );
    expect(properties).toMatchObject({
      sourceServerVersion: server.version,
      sourceServerVersionNum: String(server.versionNum),
      targetServerVersion: server.version,
      targetServerVersionNum: String(server.versionNum),
      pgverifyVersion: PACKAGE_VERSION,
    });
    // The databases' facts, as summary.json read them from the servers.
    for (const side of ['source', 'target'] as const) {
      const facts = summary[`${side}Server`]!;
      expect(properties).toMatchObject({
        [`${side}Encoding`]: facts.encoding,
        [`${side}Collate`]: facts.collate,
        [`${side}CollationProvider`]: facts.collationProvider,
        [`${side}Extensions`]: facts
          .extensions!.map((extension) => `${extension.name} ${extension.version}`)
          .join(', '),
      });
    }
    expect(properties.commandLine).toMatch(
      /^pgverify check --source \S+ --target &apos;host=\S+ port=\d+ dbname=\S+ user=\S+ password=\*\*\*&apos; --source-where &apos;id &gt; 0&apos;/,
    );
    for (const text of [JSON.stringify(summary), html, xml]) expect(text).not.toContain(SENTINEL);
  });
});

describe('the facts of a run through the library', () => {
  it("records both servers and pgverify's version, and no command line (null), in summary.json and report.html", async () => {
    const outDir = files.output.dir('library');
    const returned = await verify({ source: files.pair.sourceUrl, target: files.pair.targetUrl, outDir });
    const written = JSON.parse(await readFile(join(outDir, 'summary.json'), 'utf8')) as Summary;
    expect(written).toEqual(returned);
    expect(written).toMatchObject({
      pgverifyVersion: PACKAGE_VERSION,
      sourceServer: server,
      targetServer: server,
      commandLine: null,
    });
    expect(await readFile(join(outDir, 'report.html'), 'utf8')).toContain(
      '<dt>Command line</dt><dd>none: run through the library (verify())</dd>',
    );
  });
});
