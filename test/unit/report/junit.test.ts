import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../../src/report/junit.js';
import { escapeXml } from '../../../src/report/xml-escape.js';
import type { RunsSummary } from '../../../src/summary.js';
import { summaryOf, tableResult } from './report-fixtures.js';

/** The attributes of the first element named `name`, as a record. */
function attributes(xml: string, name: string): Record<string, string> {
  const tag = new RegExp(`<${name}(\\s[^>]*?)/?>`).exec(xml)?.[1] ?? '';
  return Object.fromEntries([...tag.matchAll(/([\w:-]+)="([^"]*)"/g)].map(([, key, value]) => [key!, value!]));
}

/** The testsuite's `<property name value>` pairs. */
function propertiesOf(xml: string): Record<string, string> {
  return Object.fromEntries(
    [...xml.matchAll(/<property name="([^"]+)" value="([^"]*)"\/>/g)].map(([, name, value]) => [name!, value!]),
  );
}

/** Each testcase element with what it holds, in document order. */
function testcases(xml: string): string[] {
  return [...xml.matchAll(/<testcase [^>]*?(?:\/>|>[\s\S]*?<\/testcase>)/g)].map(([testcase]) => testcase);
}

const XML_1_0_FORBIDDEN =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const failing = tableResult({
  name: 'customers',
  status: 'fail',
  reason: '0 missing, 1 extra, 1 changed rows; 3 orphan rows in customers_store_fkey',
  rows: { source: 8, target: 9 },
  diff: { missing: 0, extra: 1, changed: 1 },
  integrity: [
    {
      name: 'customers_store_fkey',
      columns: ['store_id'],
      references: { table: 'stores', columns: ['id'] },
      declaredOn: 'both',
      orphans: 3,
      crossTenant: null,
    },
  ],
  durationMs: 74,
});
const erroring = tableResult({
  name: 'audit',
  status: 'error',
  reason: 'permission denied for table audit',
  rows: { source: null, target: null },
  durationMs: 5,
});

describe('renderJunit', () => {
  it('nests one testsuite with one testcase per table inside testsuites, with the counts CI servers show', () => {
    const xml = renderJunit(summaryOf([tableResult(), failing, erroring]));
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(xml.trimEnd().endsWith('</testsuite>\n</testsuites>')).toBe(true);
    expect(attributes(xml, 'testsuites')).toEqual({
      name: 'pgverify',
      tests: '3',
      failures: '1',
      errors: '1',
      skipped: '0',
      time: '2.300',
    });
    expect(attributes(xml, 'testsuite')).toEqual({
      name: 'pgverify public → store_4',
      tests: '3',
      failures: '1',
      errors: '1',
      skipped: '0',
      time: '2.300',
      timestamp: '2024-05-01T10:00:00Z',
    });
    expect(testcases(xml).map((testcase) => attributes(testcase, 'testcase'))).toEqual([
      { classname: 'public.store_4', name: 'orders', time: '1.250' },
      { classname: 'public.store_4', name: 'customers', time: '0.074' },
      { classname: 'public.store_4', name: 'audit', time: '0.005' },
    ]);
  });

  it("records the run's facts as properties, without passwords", () => {
    const xml = renderJunit(summaryOf([tableResult()], { source: 'postgresql://app:s3cret@old-db/shop' }));
    expect(xml).toContain('<property name="source" value="postgresql://app@old-db/shop"/>');
    expect(xml).toContain('<property name="mode" value="fast"/>');
    expect(xml).not.toContain('s3cret');
    expect(xml).not.toContain('interrupted');
    expect(renderJunit(summaryOf([tableResult()], { interrupted: true }))).toContain(
      '<property name="interrupted" value="true"/>',
    );
  });

  it("records pgverify's version, both servers' versions and the command line as properties, passwords redacted", () => {
    const xml = renderJunit(
      summaryOf([tableResult()], {
        commandLine: [
          'check',
          '--source',
          'postgresql://app:s3cret@old-db/shop',
          '--target',
          'host=new-db password=hunter2',
          '--source-where',
          'store_id = 4',
        ],
      }),
    );
    const properties = propertiesOf(xml);
    expect(properties).toMatchObject({
      sourceServerVersion: '15.18',
      sourceServerVersionNum: '150018',
      targetServerVersion: '18.4',
      targetServerVersionNum: '180004',
      pgverifyVersion: '0.1.0',
      commandLine:
        'pgverify check --source postgresql://app@old-db/shop --target &apos;host=new-db password=***&apos; --source-where &apos;store_id = 4&apos;',
    });
    expect(xml).not.toMatch(/s3cret|hunter2/);
  });

  it("states each database's encoding, collation and extensions when the structure was compared", () => {
    const facts = {
      encoding: 'UTF8',
      collate: 'en_US.UTF-8',
      ctype: 'en_US.UTF-8',
      collationProvider: 'libc',
      collationVersion: '2.36',
      extensions: [
        { name: 'citext', version: '1.6' },
        { name: 'plpgsql', version: '1.0' },
      ],
    };
    const xml = renderJunit(
      summaryOf([tableResult()], {
        sourceServer: { version: '15.18', versionNum: 150018, ...facts },
        targetServer: {
          version: '18.4',
          versionNum: 180004,
          ...facts,
          collationProvider: 'icu',
          collationVersion: null,
        },
      }),
    );
    const properties = propertiesOf(xml);
    expect(properties).toMatchObject({
      sourceEncoding: 'UTF8',
      sourceCollate: 'en_US.UTF-8',
      sourceCtype: 'en_US.UTF-8',
      sourceCollationProvider: 'libc',
      sourceCollationVersion: '2.36',
      sourceExtensions: 'citext 1.6, plpgsql 1.0',
      targetCollationProvider: 'icu',
      targetExtensions: 'citext 1.6, plpgsql 1.0',
    });
    // The C locale's collation has no version: the property is left out rather than empty.
    expect(properties).not.toHaveProperty('targetCollationVersion');
  });

  it('leaves out the version of a server the run never reached and the command line of a library run', () => {
    const xml = renderJunit(summaryOf([], { sourceServer: null, targetServer: null, commandLine: null }));
    expect(xml).not.toMatch(/ServerVersion|Encoding|Extensions|commandLine/);
    expect(xml).toContain('<property name="pgverifyVersion" value="0.1.0"/>');
  });

  it('classes the testcases of several runs by run name, so each store of a forEach is a class of its own', () => {
    const runs: RunsSummary = {
      status: 'fail',
      pgverifyVersion: '0.1.0',
      commandLine: ['check', '--config', 'nightly.json'],
      startedAt: '2024-05-01T10:00:00.000Z',
      finishedAt: '2024-05-01T10:00:09.000Z',
      runs: [
        { name: 'stores:4', dir: 'stores_4', ...summaryOf([tableResult(), failing], { targetSchema: 'public' }) },
        { name: "stores:o'hara", dir: 'stores_o_hara', ...summaryOf([tableResult()], { targetSchema: 'public' }) },
      ],
    };
    expect(
      testcases(renderJunit(runs))
        .map((testcase) => attributes(testcase, 'testcase'))
        .map(({ classname, name }) => `${classname}/${name}`),
    ).toEqual([
      'stores:4.public.public/orders',
      'stores:4.public.public/customers',
      'stores:o&apos;hara.public.public/orders',
    ]);
    // A single run keeps the schema pair alone, as before.
    expect(attributes(renderJunit(summaryOf([tableResult()])), 'testcase').classname).toBe('public.store_4');
  });

  it('leaves a passing table empty and gives a failing one a failure stating its counts and findings', () => {
    const [passed, failed] = testcases(renderJunit(summaryOf([tableResult(), failing])));
    expect(passed).toBe('<testcase classname="public.store_4" name="orders" time="1.250"/>');
    expect(attributes(failed!, 'failure')).toEqual({
      message: 'source 8 rows, target 9 rows: 0 missing, 1 extra, 1 changed; 3 orphan rows in customers_store_fkey',
      type: 'difference',
    });
    expect(failed).toContain('reason: 0 missing, 1 extra, 1 changed rows; 3 orphan rows in customers_store_fkey');
    expect(failed).toContain('fail: 3 rows point at a row of stores that does not exist in the target');
  });

  it('says one row and an absent table in words, and states thousands of differences once', () => {
    const absent = tableResult({
      name: 'coupons',
      status: 'fail',
      reason: 'table missing in target',
      rows: { source: 1, target: null },
      diff: { missing: 1, extra: 0, changed: 0 },
    });
    const many = tableResult({
      name: 'events',
      status: 'fail',
      reason: '1,234 missing, 0 extra, 0 changed rows',
      rows: { source: 10_000, target: 8_766 },
      diff: { missing: 1_234, extra: 0, changed: 0 },
    });
    const [first, second] = testcases(renderJunit(summaryOf([absent, many])));
    expect(attributes(first!, 'failure').message).toBe(
      'source 1 row, target table absent: 1 missing, 0 extra, 0 changed; table missing in target',
    );
    expect(attributes(second!, 'failure').message).toBe(
      'source 10,000 rows, target 8,766 rows: 1,234 missing, 0 extra, 0 changed',
    );
  });

  it('gives a table that could not be checked an error, not a failure', () => {
    const [errored] = testcases(renderJunit(summaryOf([erroring])));
    expect(errored).not.toContain('<failure');
    expect(attributes(errored!, 'error')).toEqual({
      message: 'could not be checked: permission denied for table audit',
      type: 'error',
    });
  });

  it('says of an errored table whose rows were compared that a check could not run', () => {
    const halfChecked = tableResult({ status: 'error', reason: 'target: foreign key f: lock timeout' });
    const [errored] = testcases(renderJunit(summaryOf([halfChecked])));
    expect(attributes(errored!, 'error')).toEqual({
      message: 'rows compared, but a check could not run: target: foreign key f: lock timeout',
      type: 'error',
    });
  });

  it('gives a single run that stopped before its first table one errored testcase with the reason', () => {
    const xml = renderJunit(
      summaryOf([], { status: 'error', reason: 'target: cannot connect: connect ECONNREFUSED 127.0.0.1:1' }),
    );
    expect(attributes(xml, 'testsuites')).toMatchObject({ tests: '1', failures: '0', errors: '1' });
    const [run] = testcases(xml);
    expect(attributes(run!, 'testcase')).toMatchObject({ name: '(run)' });
    expect(attributes(run!, 'error')).toEqual({
      message: 'could not be checked: target: cannot connect: connect ECONNREFUSED 127.0.0.1:1',
      type: 'error',
    });
  });

  it('puts the warnings of a passing table in its system-out', () => {
    const warned = tableResult({ warnings: ['no primary key or unique NOT NULL key: compared as a multiset of rows'] });
    const [testcase] = testcases(renderJunit(summaryOf([warned])));
    expect(testcase).toContain(
      '<system-out>warning: no primary key or unique NOT NULL key: compared as a multiset of rows</system-out>',
    );
  });

  it('escapes markup and replaces the characters XML 1.0 forbids in names, messages and bodies', () => {
    const hostile = 'a<b>&"c\'\u0000\u0007\u001b[31m\ud800\uffff\r\nend';
    const xml = renderJunit(
      summaryOf([tableResult({ name: hostile, status: 'fail', reason: hostile })], { sourceSchema: hostile }),
    );
    expect(xml).not.toMatch(XML_1_0_FORBIDDEN);
    expect(xml).toContain('name="a&lt;b&gt;&amp;&quot;c&apos;\ufffd\ufffd\ufffd[31m\ufffd\ufffd end"');
    expect(xml).toContain('reason: a&lt;b&gt;&amp;&quot;c&apos;\ufffd\ufffd\ufffd[31m\ufffd\ufffd&#13;\nend');
    expect(xml).not.toMatch(/<b>|\r/);
  });

  it('keeps surrogate pairs and the characters XML allows', () => {
    expect(escapeXml('😀 tab\there é')).toBe('😀 tab\there é');
  });

  it('writes an empty suite for a run without tables', () => {
    const xml = renderJunit(summaryOf([]));
    expect(attributes(xml, 'testsuite')).toMatchObject({ tests: '0', failures: '0', errors: '0' });
    expect(testcases(xml)).toEqual([]);
  });
});
