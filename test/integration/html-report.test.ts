import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CHECK, runDemo } from '../../src/demo/run-demo.js';
import { verify } from '../../src/index.js';
import { createNullDiffWriter } from '../../src/report/diff-writer.js';
import { renderHtml, type HtmlReportFacts } from '../../src/report/html.js';
import { renderJunit } from '../../src/report/junit.js';
import type { VerifyOptions } from '../../src/verify/options.js';
import type { Summary } from '../../src/summary.js';
import { launchChromium, skipWithoutChromium } from '../support/chromium.js';
import { runSql } from '../support/databases.js';
import { readReport } from '../support/report.js';
import { useTestPair } from '../support/test-pair.js';

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';

const SCHEMA = `
  CREATE SCHEMA report;
  CREATE TABLE report.customers (id int PRIMARY KEY, name text NOT NULL, email text, note text);
  CREATE TABLE report.orders (id int PRIMARY KEY, customer_id int REFERENCES report.customers (id), total numeric(10, 2));
  CREATE TABLE report.settings (key text PRIMARY KEY, value text);
  INSERT INTO report.customers VALUES (1, 'Ana', 'ana@old.example', 'vip'), (2, 'Bo', 'bo@example.com', ''),
    (3, 'Cy', 'cy@example.com', 'plain'), (4, 'Di', 'di@example.com', NULL);
  INSERT INTO report.orders VALUES (10, 1, 9.99), (11, 2, 5.00), (12, 4, 7.50);
  INSERT INTO report.settings VALUES ('currency', 'CLP');`;

// A changed email, '' become NULL, a hostile note, and a customer lost while its order stayed (an orphan).
const TARGET_CHANGES = `
  UPDATE report.customers SET email = 'ana@new.example' WHERE id = 1;
  UPDATE report.customers SET note = NULL WHERE id = 2;
  UPDATE report.customers SET note = '${HOSTILE}' WHERE id = 3;
  ALTER TABLE report.orders DROP CONSTRAINT orders_customer_id_fkey;
  DELETE FROM report.customers WHERE id = 4;`;

const SCREENSHOT_PATH = fileURLToPath(new URL('../../docs/report.png', import.meta.url));

// Every test here drives Chromium; without it (`npm run setup:browser`) they are skipped, and the reason printed.
const WITHOUT_CHROMIUM = skipWithoutChromium() !== undefined;

const files = useTestPair('html_report', (pair) =>
  Promise.all([runSql(pair.sourceUrl, SCHEMA), runSql(pair.targetUrl, SCHEMA + TARGET_CHANGES)]),
);
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** Writes report.html next to the summary.json and diffs.csv of a run in `outDir`, from both, as the CLI will. */
async function renderReport(outDir: string, summary: Summary, options: Omit<VerifyOptions, 'source' | 'target'>) {
  const { diffs } = await readReport(outDir);
  const writer = createNullDiffWriter(Number.POSITIVE_INFINITY);
  for (const diff of diffs) writer.table(diff.table).write(diff);
  const facts: HtmlReportFacts = {
    filters: { source: options.sourceWhere, target: options.targetWhere },
    tenantColumn: options.tenantColumn,
    tenants: options.tenants,
  };
  const path = join(outDir, 'report.html');
  await writeFile(path, renderHtml(summary, writer.samples, facts));
  return { summary, url: pathToFileURL(path).href };
}

/** A page that records every request, dialog, console error and uncaught error while it shows `url`. */
async function openWatched(context: BrowserContext, url: string) {
  const page = await context.newPage();
  const seen = { requests: [] as string[], dialogs: [] as string[], errors: [] as string[] };
  page.on('request', (request) => seen.requests.push(request.url()));
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') seen.errors.push(message.text());
  });
  page.on('pageerror', (error) => seen.errors.push(error.message));
  await page.goto(url, { waitUntil: 'load' });
  return { page, seen };
}

async function backgroundOf(page: Page, selector: string): Promise<string> {
  return page
    .locator(selector)
    .first()
    .evaluate((element) => getComputedStyle(element).backgroundColor);
}

describe.skipIf(WITHOUT_CHROMIUM)(
  'report.html in Chromium, for a run with a changed row, a missing row, NULL vs empty and a hostile value',
  () => {
    let run: { summary: Summary; url: string };
    let page: Page;
    let seen: Awaited<ReturnType<typeof openWatched>>['seen'];
    beforeAll(async () => {
      const outDir = files.output.dir('fixture');
      const summary = await verify({
        source: files.pair.sourceUrl,
        target: files.pair.targetUrl,
        sourceSchema: 'report',
        outDir,
      });
      run = await renderReport(outDir, summary, { sourceSchema: 'report' });
      ({ page, seen } = await openWatched(browser.context, run.url));
    });

    it("shows the verdict first, in big red letters, with the run's summary sentence", async () => {
      expect(await page.locator('header.verdict h1').innerText()).toBe('FAIL');
      expect(await page.locator('header.verdict p').innerText()).toMatch(
        /^2 of 3 tables differ: 1 missing, 0 extra, 3 changed rows; 1 orphan row, 1 failing structure finding \(mode fast, /,
      );
      expect(await backgroundOf(page, 'header.verdict')).toBe('rgb(207, 34, 46)');
      const fontSize = await page
        .locator('header.verdict h1')
        .evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
      expect(fontSize).toBeGreaterThan(30);
    });

    it("lists one row per table with its status and counts, and the run's facts without a password", async () => {
      const rows = page.locator('table.overview tbody tr');
      expect(await rows.locator('th').allInnerTexts()).toEqual(run.summary.tables.map((table) => table.name));
      expect(await rows.locator('td:nth-child(2)').allInnerTexts()).toEqual(['fail', 'fail', 'pass']);
      expect(await rows.first().locator('td.num').allInnerTexts()).toEqual(['4', '3', '1', '0', '3', '-', '0']);
      const facts = await page.locator('dl.facts').innerText();
      expect(facts).toContain('schema report');
      expect(facts).toMatch(/Source server\s+PostgreSQL \S+.* \(server_version_num \d+\)/);
      expect(facts).toMatch(/Command line\s+none: run through the library/);
      expect(facts).not.toMatch(/:[^@/\s]+@/);
    });

    it('highlights the changed cells and marks the part of the value that changed', async () => {
      const row = page.locator('section#table-0 tr', { hasText: 'email' });
      expect(await row.locator('td.changed.source').innerText()).toBe('ana@old.example');
      expect(await row.locator('td.changed.target').innerText()).toBe('ana@new.example');
      expect(await row.locator('td.changed.source mark').innerText()).toBe('old');
      expect(await row.locator('td.changed.target mark').innerText()).toBe('new');
      expect(await backgroundOf(page, 'section#table-0 td.changed.target')).toBe('rgb(218, 251, 225)');
      expect(await backgroundOf(page, 'section#table-0 td.changed.target mark')).toBe('rgb(172, 238, 187)');
    });

    it('tells an empty string from NULL at a glance', async () => {
      const row = page.locator('section#table-0 tbody tr', { has: page.locator('th', { hasText: /^2$/ }) });
      const source = row.locator('td.changed.source .badge');
      const target = row.locator('td.changed.target .badge');
      expect([await source.innerText(), await target.innerText()]).toEqual(['empty string', 'NULL']);
      expect(await source.evaluate((element) => getComputedStyle(element).borderStyle)).toBe('dashed');
      expect(await target.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(89, 99, 110)');
    });

    it('shows the missing row, the orphan and the foreign key the target lacks in words', async () => {
      const details = await page.locator('section#table-0').innerText();
      expect(details).toContain('1 row of the source missing in the target');
      const orders = await page.locator('section#table-1').innerText();
      expect(orders).toContain('1 row points at a row of customers that does not exist in the target');
      expect(orders).toContain(
        'Failure: Constraint orders_customer_id_fkey is missing in the target (source: FOREIGN KEY (customer_id) REFERENCES customers(id))',
      );
    });

    it('shows the hostile value as plain text, runs no script, opens no dialog and fetches nothing', async () => {
      const cell = page.locator('td.changed.target', { hasText: '<script>' });
      expect(await cell.innerText()).toBe(HOSTILE);
      expect(await page.locator('script, img, iframe, link').count()).toBe(0);
      expect(seen.dialogs).toEqual([]);
      expect(seen.errors).toEqual([]);
      expect(seen.requests).toEqual([run.url]);
    });

    it('writes JUnit XML for the same run that a strict XML parser reads, one testcase per table', async () => {
      const parsed = await page.evaluate((xml) => {
        const doc = new DOMParser().parseFromString(xml, 'application/xml');
        return {
          parseError: doc.querySelector('parsererror')?.textContent ?? null,
          root: doc.documentElement.nodeName,
          suite: doc.querySelector('testsuites > testsuite')?.getAttribute('name'),
          cases: [...doc.querySelectorAll('testsuites > testsuite > testcase')].map(
            (testcase) =>
              `${testcase.getAttribute('classname')}/${testcase.getAttribute('name')}:${testcase.firstElementChild?.nodeName ?? 'passed'}`,
          ),
          failure: doc.querySelector('testcase[name="customers"] > failure')?.getAttribute('message'),
        };
      }, renderJunit(run.summary));
      expect(parsed).toEqual({
        parseError: null,
        root: 'testsuites',
        suite: 'pgverify report → report',
        cases: ['report.report/customers:failure', 'report.report/orders:failure', 'report.report/settings:passed'],
        failure: 'source 4 rows, target 3 rows: 1 missing, 0 extra, 3 changed',
      });
    });
  },
);

describe.skipIf(WITHOUT_CHROMIUM)('report.html of the demo (seed 003, store 4 moved into its own schema)', () => {
  it('shows the 15 tables and details for the three that differ; a screenshot of it goes in the README', async () => {
    // The demo's own path (its own throwaway server and databases), so the picture shows what `pgverify demo` users get.
    const outDir = files.output.dir('demo');
    const summary = await runDemo(verify, { outDir });
    const run = await renderReport(outDir, summary, DEMO_CHECK);
    const { page, seen } = await openWatched(browser.context, run.url);
    expect(await page.locator('header.verdict h1').innerText()).toBe('FAIL');
    expect(await page.locator('table.overview tbody tr').count()).toBe(15);
    expect(await page.locator('section.table-details h3').allInnerTexts()).toEqual([
      'customers fail',
      'messages fail',
      'whatsapp_logs fail',
    ]);
    expect(seen.requests).toEqual([run.url]);
    const [scrollWidth, visibleWidth] = await page
      .locator('.table-scroll')
      .first()
      .evaluate((element) => [element.scrollWidth, element.clientWidth]);
    expect(scrollWidth, 'every column of the overview fits 1200 px without scrolling').toBeLessThanOrEqual(
      visibleWidth,
    );
    // Down to the end of the first table's details: the verdict, the facts, every table and one diff.
    const firstDetails = await page.locator('section.table-details').first().boundingBox();
    const height = Math.ceil(firstDetails!.y + firstDetails!.height + 24);
    const screenshot = await page.screenshot({
      clip: { x: 0, y: 0, width: 1200, height },
      fullPage: true,
      type: 'png',
    });
    expect(screenshot.readUInt32BE(16)).toBe(1200); // PNG IHDR width
    // The committed picture is refreshed on request only, so a test run leaves the work tree clean.
    if (process.env.PGVERIFY_UPDATE_SCREENSHOT === '1') {
      await mkdir(join(SCREENSHOT_PATH, '..'), { recursive: true });
      await writeFile(SCREENSHOT_PATH, screenshot);
    }
  });
});
