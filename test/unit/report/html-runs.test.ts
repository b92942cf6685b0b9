import { describe, expect, it } from 'vitest';
import { renderRunsHtml } from '../../../src/report/html-runs.js';
import { changedRunsHtml, type FleetHistory } from '../../../src/report/html-fleet.js';
import type { RunsSummary } from '../../../src/summary.js';
import { summaryOf, tableResult } from './report-fixtures.js';

// Run names come from a forEach query, that is from the database: they must be text, never markup.
const hostile = '<img src=x onerror=alert(1)> "store" & co';

const summary: RunsSummary = {
  status: 'error',
  pgverifyVersion: '0.1.0',
  commandLine: ['check', '--config', 'nightly.json', '--source', 'postgresql://ops:s3cret@old-db/shop'],
  startedAt: '2024-05-01T10:00:00.000Z',
  finishedAt: '2024-05-01T10:00:09.000Z',
  runs: [
    { name: 'catalog', dir: 'catalog', ...summaryOf([tableResult(), tableResult({ name: 'items' })]) },
    {
      name: `stores:${hostile}`,
      dir: 'stores_img src x',
      ...summaryOf([
        tableResult({ status: 'fail', diff: { missing: 2, extra: 1, changed: 1_500 } }),
        tableResult({ name: 'items', status: 'fail', diff: { missing: 0, extra: 0, changed: 3 } }),
      ]),
    },
    {
      name: 'stores:9',
      dir: 'stores_9',
      reason: `target: schema "store_9" does not exist ${hostile}`,
      ...summaryOf([], { status: 'error' }),
    },
  ],
};

describe('renderRunsHtml', () => {
  const html = renderRunsHtml(summary);

  it('shows the roll-up verdict and one row per run with its totals', () => {
    expect(html).toContain('<header class="verdict error">\n<h1>ERROR</h1>');
    // The one run that checked nothing gives its reason, escaped.
    expect(html).toContain(
      '1 of 3 runs could not be checked (stores:9): target: schema &quot;store_9&quot; does not exist',
    );
    expect(html).toContain('; 1 of 3 runs differs');
    expect(html).not.toContain(hostile);
    expect(html).toContain(
      '<td class="num">2</td><td class="num">2</td><td class="num">2</td><td class="num">1</td><td class="num">1,503</td>',
    );
  });

  it("states when the runs ran, pgverify's version and the command line without its password", () => {
    for (const fact of [
      '<dt>Started</dt><dd>2024-05-01 10:00:00 UTC</dd>',
      '<dt>Duration</dt><dd>9.0 s</dd>',
      '<dt>pgverify</dt><dd>0.1.0</dd>',
      '<dt>Command line</dt><dd>pgverify check --config nightly.json --source postgresql://ops@old-db/shop</dd>',
    ]) {
      expect(html).toContain(fact);
    }
    expect(html).not.toContain('s3cret');
  });

  it('links each run that ran to its own report, with the directory escaped for a URL', () => {
    expect([...html.matchAll(/href="([^"]+)"/g)].map((match) => match[1])).toEqual([
      'catalog/report.html',
      'stores_img%20src%20x/report.html',
    ]);
  });

  it('escapes run names and reasons, and keeps the policy that refuses scripts', () => {
    expect(html).not.toContain('<img');
    expect(html).toContain('stores:&lt;img src=x onerror=alert(1)&gt; &quot;store&quot; &amp; co');
    expect(html).toContain('target: schema &quot;store_9&quot; does not exist &lt;img');
    expect(html).toContain('Content-Security-Policy" content="default-src \'none\';');
  });
});

describe('the roll-up list of what changed since the previous run', () => {
  const night = (runId: string, status: 'pass' | 'fail') => ({
    runId,
    startedAt: `2026-11-${runId}T02:30:00Z`,
    status,
    counts: {} as never,
  });
  // Store 7 failed on orders last night and fails on customers tonight: the same status, other news.
  const history: FleetHistory = new Map([
    [
      'stores:7',
      {
        name: 'stores:7',
        runs: [
          { ...night('29', 'fail'), reason: null },
          { ...night('30', 'fail'), reason: null },
        ],
        tables: new Map([
          ['orders', [night('29', 'fail'), night('30', 'pass')]],
          ['customers', [night('29', 'pass'), night('30', 'fail')]],
        ]),
      },
    ],
    [
      'stores:8',
      {
        name: 'stores:8',
        runs: [
          { ...night('29', 'fail'), reason: null },
          { ...night('30', 'fail'), reason: null },
        ],
        tables: new Map([['orders', [night('29', 'fail'), night('30', 'fail')]]]),
      },
    ],
  ]);
  const fleet: RunsSummary = {
    ...summary,
    status: 'fail',
    runs: ['stores:7', 'stores:8'].map((name) => ({
      name,
      dir: name.replace(':', '_'),
      ...summaryOf(
        [
          tableResult({ name: 'orders', status: name === 'stores:7' ? 'pass' : 'fail' }),
          tableResult({ name: 'customers', status: name === 'stores:7' ? 'fail' : 'pass' }),
        ],
        { status: 'fail' },
      ),
    })),
  };

  it('lists a store failing as before on another table, and not one failing on the same table', () => {
    const items = [...changedRunsHtml(fleet, history).matchAll(/<li>(.*?)<\/li>/g)].map((match) => match[1]);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatch(/^stores:7: .*fail.* as before, its tables changed:/);
    expect(items[0]).toContain('orders (fail → pass), customers (pass → fail)');
  });
});
