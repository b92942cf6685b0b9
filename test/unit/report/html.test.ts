import { describe, expect, it } from 'vitest';
import { renderHtml, type HtmlReportFacts } from '../../../src/report/html.js';
import type { DiffRecord, IntegrityFinding, Summary } from '../../../src/summary.js';
import { diffLine, samplesFrom, summaryOf, tableResult } from './report-fixtures.js';

const FACTS: HtmlReportFacts = { filters: { source: 'store_id = 4' }, tenantColumn: 'store_id', tenants: ['4'] };
const HOSTILE = `<script>alert(1)</script>"' onmouseover="alert(2)" &amp; <img src=x onerror=alert(3)>`;

function render(summary: Summary, lines: readonly DiffRecord[] = [], facts: HtmlReportFacts = FACTS): string {
  return renderHtml(summary, samplesFrom(lines), facts);
}

/** The rows of the overview table's body. */
function overviewRows(html: string): string[] {
  const body = /<table class="overview">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return body.split('\n').filter((line) => line.startsWith('<tr'));
}

const changedTable = tableResult({
  name: 'customers',
  status: 'fail',
  reason: '0 missing, 1 extra, 1 changed rows',
  rows: { source: 8, target: 9 },
  diff: { missing: 0, extra: 1, changed: 1 },
});

describe('renderHtml: the page', () => {
  it("opens with the verdict, big and coloured by status, then the run's facts", () => {
    const html = render(summaryOf([tableResult(), changedTable]));
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain(
      '<header class="verdict fail">\n<h1>FAIL</h1>\n<p>1 of 2 tables differs: 0 missing, 1 extra, 1 changed rows (mode fast, 2.3 s)</p>',
    );
    expect(html.indexOf('class="verdict')).toBeLessThan(html.indexOf('<h2>The run</h2>'));
    for (const fact of [
      '<dt>Started</dt><dd>2024-05-01 10:00:00 UTC</dd>',
      '<dt>Duration</dt><dd>2.3 s</dd>',
      '<dt>Source filter</dt><dd>store_id = 4</dd>',
      '<dt>Target filter</dt><dd>none (every row)</dd>',
      '<dt>Tenant column</dt><dd>store_id</dd>',
      '<dt>Expected tenants</dt><dd>4</dd>',
      '<dt>Target</dt><dd>postgresql://app@new-db:5432/shop — schema store_4</dd>',
    ]) {
      expect(html).toContain(fact);
    }
  });

  it('never shows a password, even from a summary that was not redacted', () => {
    const html = render(
      summaryOf([tableResult()], {
        source: 'postgresql://app:s3cret@old-db/shop',
        target: 'host=new-db user=app password=hunter2 dbname=shop',
      }),
    );
    expect(html).not.toContain('s3cret');
    expect(html).not.toContain('hunter2');
    expect(html).toContain('postgresql://app@old-db/shop');
  });

  it("states both servers' versions, pgverify's version and the command line, without its password", () => {
    const html = render(
      summaryOf([tableResult()], {
        commandLine: [
          'check',
          '--source',
          'postgresql://app:s3cret@old-db/shop',
          '--target',
          'postgresql://app@new-db/shop',
          '--source-where',
          'store_id = 4',
        ],
      }),
    );
    for (const fact of [
      '<dt>Source server</dt><dd>PostgreSQL 15.18 (server_version_num 150018)</dd>',
      '<dt>Target server</dt><dd>PostgreSQL 18.4 (server_version_num 180004)</dd>',
      '<dt>pgverify</dt><dd>0.1.0</dd>',
      '<dt>Command line</dt><dd>pgverify check --source postgresql://app@old-db/shop --target postgresql://app@new-db/shop --source-where &#39;store_id = 4&#39;</dd>',
    ]) {
      expect(html).toContain(fact);
    }
    expect(html).not.toContain('s3cret');
  });

  it('says when a server was never reached and when the library ran it without a command line', () => {
    const html = render(summaryOf([], { sourceServer: null, commandLine: null }));
    expect(html).toContain('<dt>Source server</dt><dd>unknown: the run did not reach this server</dd>');
    expect(html).toContain('<dt>Command line</dt><dd>none: run through the library (verify())</dd>');
  });

  it('says when the run was interrupted', () => {
    expect(render(summaryOf([tableResult()], { interrupted: true }))).toContain(
      '<dt>Interrupted</dt><dd>yes: the run was stopped before every table finished',
    );
    expect(render(summaryOf([tableResult()]))).not.toContain('Interrupted');
  });

  it('is self-contained: no script, no external stylesheet, image or link, and a policy that forbids loading any', () => {
    const html = render(summaryOf([changedTable]), [
      diffLine('customers', { sourceValue: 'http://evil.example/x.js' }),
    ]);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|src=/i);
    expect(html).not.toMatch(/href="(?!#)/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'`);
  });

  it('has one overview row per table, with its counts, status and findings in words', () => {
    const erroring = tableResult({
      name: 'audit',
      status: 'error',
      reason: 'permission denied for table audit',
      rows: { source: null, target: null },
    });
    const html = render(summaryOf([tableResult(), changedTable, erroring]));
    const rows = overviewRows(html);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain(
      '<th scope="row">orders</th><td><span class="status pass">pass</span></td><td class="num">1,234</td>',
    );
    expect(rows[1]).toContain('<a href="#table-1">customers</a>');
    expect(rows[1]).toContain('Failure:</span> 1 target row does not exist in the source.');
    expect(rows[2]).toContain('<td class="num">-</td>');
    expect(rows[2]).toContain('The table could not be checked: permission denied for table audit');
    expect(html).toContain('<section class="table-details" id="table-2"');
  });

  it('shows no details section when every table passes', () => {
    expect(render(summaryOf([tableResult()]))).not.toContain('Tables that did not pass');
  });
});

describe('renderHtml: differing rows', () => {
  it('puts changed values side by side, the cells highlighted and the differing part marked', () => {
    const html = render(summaryOf([changedTable]), [
      diffLine('customers', {
        key: '12',
        column: 'email',
        sourceValue: 'antonia.reyes@icloud.com',
        targetValue: 'antonia.reyes@gmail.com',
      }),
      diffLine('customers', { kind: 'extra', key: '17', column: null, sourceValue: null, targetValue: null }),
    ]);
    expect(html).toContain(
      '<td class="changed source"><span class="value">antonia.reyes@<mark>icloud</mark>.com</span></td>',
    );
    expect(html).toContain(
      '<td class="changed target"><span class="value">antonia.reyes@<mark>gmail</mark>.com</span></td>',
    );
    expect(html).toContain(
      '<th scope="col">key (id)</th><th scope="col">column</th><th scope="col">source value</th><th scope="col">target value</th>',
    );
    expect(html).toContain('<h4>1 row in the target that the source does not have</h4>');
    expect(html).toContain('<tr><td><span class="value">17</span></td></tr>');
  });

  it('tells NULL from the empty string with two different badges', () => {
    const html = render(summaryOf([changedTable]), [diffLine('customers', { sourceValue: '', targetValue: null })]);
    expect(html).toContain(
      '<td class="changed source"><span class="badge empty" title="a text of length 0, not NULL">empty string</span></td>',
    );
    expect(html).toContain(
      '<td class="changed target"><span class="badge null" title="SQL NULL: no value">NULL</span></td>',
    );
  });

  it('escapes hostile text everywhere it comes from the data', () => {
    const hostileTable = tableResult({
      name: HOSTILE,
      status: 'fail',
      reason: HOSTILE,
      warnings: [HOSTILE],
      diff: { missing: 1, extra: 0, changed: 1 },
      key: [HOSTILE],
      columns: { compared: [], sourceOnly: [HOSTILE], targetOnly: [] },
    });
    const html = render(
      summaryOf([hostileTable], { sourceSchema: HOSTILE, source: HOSTILE }),
      [
        diffLine(HOSTILE, { key: HOSTILE, column: HOSTILE, sourceValue: HOSTILE, targetValue: `${HOSTILE}!` }),
        diffLine(HOSTILE, { kind: 'missing', key: HOSTILE, column: null, sourceValue: null, targetValue: null }),
      ],
      { filters: { source: HOSTILE, target: HOSTILE }, tenantColumn: HOSTILE, tenants: [HOSTILE] },
    );
    expect(html).not.toMatch(/<script|<img|onmouseover="/i);
    expect(html).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39; onmouseover=&quot;alert(2)&quot; &amp;amp; &lt;img',
    );
  });

  it('cuts a 10 MB value to a short excerpt around its difference, with an ellipsis and its full length', () => {
    const common = 'a'.repeat(5_000_000);
    const source = `${common}<b>old</b>${'z'.repeat(5_485_750)}`;
    const target = `${common}<b>new</b>${'z'.repeat(5_485_750)}`;
    const html = render(summaryOf([changedTable]), [
      diffLine('customers', { sourceValue: source, targetValue: target }),
    ]);
    expect(html.length).toBeLessThan(30_000);
    expect(html).toContain(
      `<span class="cut" title="text left out">…</span>${'a'.repeat(37)}&lt;b&gt;<mark>old</mark>&lt;/b&gt;zz`,
    );
    expect(html).toContain('<span class="length">(10,485,760 characters)</span>');
    expect(html).toContain('<mark>new</mark>');
  });

  it('cuts long values it is given whole to about 200 characters', () => {
    const html = render(summaryOf([changedTable]), [
      diffLine('customers', {
        kind: 'extra',
        key: 'k'.repeat(250),
        column: null,
        sourceValue: null,
        targetValue: null,
      }),
    ]);
    expect(html).toContain(
      `${'k'.repeat(200)}<span class="cut" title="text left out">…</span></span> <span class="length">(250 characters)</span>`,
    );
    expect(html).not.toContain('k'.repeat(201));
  });

  it('lists the code points of a difference that holds more than printable ASCII, where values look alike', () => {
    const html = render(summaryOf([changedTable]), [
      diffLine('customers', { sourceValue: 'Ä-pfel\u00a0x \u2126', targetValue: 'A\u0308-pfel x \u03a9' }),
    ]);
    expect(html).toContain('<mark title="U+00C4 U+002D U+0070 U+0066 U+0065 U+006C U+00A0 U+0078 U+0020 U+2126">');
    expect(html).toContain(
      '<mark title="U+0041 U+0308 U+002D U+0070 U+0066 U+0065 U+006C U+0020 U+0078 U+0020 U+03A9">',
    );
  });

  it('links a run of a config file back to the report of every run, and a single run to nothing', () => {
    expect(render(summaryOf([changedTable]), [], { ...FACTS, rollup: '../report.html' })).toContain(
      '<p><a href="../report.html">← every run of this check</a></p>',
    );
    expect(render(summaryOf([changedTable]))).not.toContain('every run of this check');
  });

  it('shows control characters as visible symbols', () => {
    const html = render(summaryOf([changedTable]), [
      diffLine('customers', { sourceValue: 'a\u0000b\r\n\u001b[31m', targetValue: 'a\u0000c' }),
    ]);
    expect(html).toContain(
      'a\u2400<mark title="U+0062 U+000D U+000A U+001B U+005B U+0033 U+0031 U+006D">b\u240d\n\u241b[31m</mark></span>',
    );
    expect(html).not.toMatch(/[\u0000\u001b\r]/);
  });
});

describe('renderHtml: check findings in words', () => {
  const key: IntegrityFinding = {
    name: 'orders_customer_id_fkey',
    columns: ['customer_id'],
    references: { table: 'customers', columns: ['id'] },
    declaredOn: 'both',
    orphans: 3,
    crossTenant: 1,
  };
  const checked = tableResult({
    status: 'fail',
    reason: '3 orphan rows in orders_customer_id_fkey',
    tenant: { column: 'store_id', expected: ['4'], nulls: 2, unexpected: 1, notNull: false },
    warnings: ['store_id is not declared NOT NULL: new rows can miss their tenant'],
    integrity: [key],
    sequences: [{ name: 'orders_id_seq', column: 'id', nextValue: '5', maxValue: '9', status: 'fail' }],
  });

  it('says what each tenant, foreign-key and sequence finding means and lists the rows behind it', () => {
    const html = render(summaryOf([checked]), [
      diffLine('orders', { kind: 'tenant_null', key: '7', column: 'store_id', sourceValue: null, targetValue: null }),
      diffLine('orders', {
        kind: 'tenant_unexpected',
        key: '8',
        column: 'store_id',
        sourceValue: null,
        targetValue: '5',
      }),
      diffLine('orders', { kind: 'orphan', key: '9', column: 'customer_id', sourceValue: null, targetValue: '404' }),
      diffLine('orders', {
        kind: 'cross_tenant',
        key: '10',
        column: 'customer_id',
        sourceValue: null,
        targetValue: '12',
      }),
    ]);
    for (const sentence of [
      '2 rows have no store_id (NULL): the backfill missed them.',
      '1 row belongs to a store_id other than 4.',
      '3 rows point at a row of customers that does not exist in the target (foreign key orders_customer_id_fkey: customer_id → customers(id)).',
      '1 row is linked to a row of customers of another store_id',
      'Sequence orders_id_seq would hand out 5 next, but id already reaches 9: the next insert collides',
      'Warning:</span> store_id is not declared NOT NULL',
    ]) {
      expect(html).toContain(sentence);
    }
    expect(html).toContain('<h4>3 rows point at a row of customers that does not exist in the target</h4>');
    expect(html).toContain('<tr><td><span class="value">9</span></td><td><span class="value">404</span></td></tr>');
    expect(html).toContain('<h4>2 rows without a store_id (NULL)</h4>');
    expect(html).toContain(
      '<p class="muted">The first 1 row is shown; diffs.csv lists more up to its line cap per table (--max-diff-rows), keys.jsonl every differing key.</p>',
    );
  });

  it('says so when the diff line cap left no sample rows for a finding', () => {
    const html = render(summaryOf([checked]));
    expect(html).toContain('No sample rows were kept');
  });

  it('says that the rows of a table on one side only are counted, not listed', () => {
    const absent = tableResult({
      name: 'coupons',
      status: 'fail',
      reason: 'table missing in source',
      rows: { source: null, target: 1 },
      diff: { missing: 0, extra: 1, changed: 0 },
    });
    const html = render(summaryOf([absent]));
    expect(html).toContain('its 1 row has no source.');
    expect(html).toContain(
      '<h4>1 row in the target that the source does not have</h4><p class="muted">The table exists on one side only: its rows are counted, not listed.</p>',
    );
    expect(html).not.toContain('No sample rows were kept');
  });
});
