import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_COUNTS, type RunHistory, type TableCount } from '../../src/history/types.js';
import { renderRunsHtml } from '../../src/report/html-runs.js';
import type { RunsSummary, Status } from '../../src/summary.js';
import { launchChromium, skipWithoutChromium } from '../support/chromium.js';
import { summaryOf, tableResult } from '../unit/report/report-fixtures.js';

// The fleet of the issue: 89 stores of 15 tables, a few failing, one unreachable, two that changed overnight.
const TABLES = Array.from({ length: 15 }, (_, index) => `whatsapp_message_templates_${index + 1}`);
const STORES = Array.from({ length: 89 }, (_, index) => `stores:${1751248005649 + index}`);
const statusOf = (store: number, table: number): Status => (store % 17 === 3 && table % 5 === 1 ? 'fail' : 'pass');

const summary: RunsSummary = {
  status: 'error',
  pgverifyVersion: '0.1.0',
  commandLine: ['check', '--config', 'nightly.json'],
  startedAt: '2026-11-30T02:30:00.000Z',
  finishedAt: '2026-11-30T03:10:00.000Z',
  runs: STORES.map((name, store) =>
    store === 40
      ? {
          name,
          dir: `d${store}`,
          reason: 'target: schema "store_x" does not exist',
          ...summaryOf([], { status: 'error' }),
        }
      : {
          name,
          dir: `d${store}`,
          ...summaryOf(TABLES.map((table, index) => tableResult({ name: table, status: statusOf(store, index) }))),
        },
  ),
};

/** Last night's and tonight's status of each store's tables: stores 3 and 20 changed on one table each. */
const history = new Map<string, RunHistory>(
  STORES.map((name, store) => {
    const zero = Object.fromEntries(TABLE_COUNTS.map((count) => [count, 0])) as Record<TableCount, number | null>;
    const runs: RunHistory['runs'] = ['2026-11-29T02:30:00.000Z', '2026-11-30T02:30:00.000Z'].map(
      (startedAt, index) => ({
        runId: `${store}-${index}`,
        startedAt,
        status: 'pass',
        reason: null,
      }),
    );
    const tables = new Map(
      TABLES.map((table, index) => [
        table,
        runs.map((run, night) => ({
          runId: run.runId,
          startedAt: run.startedAt,
          status: night === 0 && (store === 3 || store === 20) && index === 1 ? 'pass' : statusOf(store, index),
          counts: zero,
        })),
      ]),
    );
    return [name, { name, runs, tables }];
  }),
);

const WITHOUT_CHROMIUM = skipWithoutChromium() !== undefined;

describe.skipIf(WITHOUT_CHROMIUM)('the fleet matrix of 89 stores by 15 tables, in Chromium', () => {
  let dir: string;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let url: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pgverify-fleet-'));
    await writeFile(join(dir, 'report.html'), renderRunsHtml(summary, history));
    url = pathToFileURL(join(dir, 'report.html')).href;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function open(width: number, height: number): Promise<Page> {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width, height });
    await page.goto(url);
    return page;
  }

  it('fits whole on a 1920×1080 screen, one row per store and one coloured cell per table', async () => {
    const page = await open(1920, 1080);
    const scroll = page.locator('.fleet-scroll');
    await scroll.scrollIntoViewIfNeeded();
    const box = (await scroll.boundingBox())!;
    expect(box.height).toBeLessThanOrEqual(1080);
    expect(await scroll.evaluate((element) => element.scrollHeight <= element.clientHeight)).toBe(true);
    expect(await page.locator('table.fleet tbody tr').count()).toBe(89);
    expect(await page.locator('table.fleet thead th').count()).toBe(16);
    const cell = (await page.locator('table.fleet td').first().boundingBox())!;
    expect(cell.width).toBeGreaterThanOrEqual(12);
    expect(cell.height).toBeGreaterThanOrEqual(9);
    // Stores 3, 20, 37, 54, 71 and 88 fail on three tables each.
    expect(await page.locator('table.fleet td.fail').count()).toBe(6 * 3);
    expect(
      await page
        .locator('table.fleet td.fail')
        .first()
        .evaluate((element) => getComputedStyle(element).backgroundColor),
    ).toBe('rgb(207, 34, 46)');
    await page.close();
  });

  it('turns long table names on their side, whole in a title', async () => {
    const page = await open(1920, 1080);
    const heading = page.locator('table.fleet thead th').nth(2);
    expect(await heading.getAttribute('title')).toBe(TABLES[1]);
    const box = (await heading.boundingBox())!;
    expect(box.height).toBeGreaterThan(box.width);
    await page.close();
  });

  it('keeps the table names in view while a smaller screen scrolls through the stores', async () => {
    const page = await open(1366, 768);
    const scroll = page.locator('.fleet-scroll');
    await scroll.scrollIntoViewIfNeeded();
    await scroll.evaluate((element) => element.scrollTo(0, element.scrollHeight));
    const [top, header, last] = await Promise.all([
      scroll.evaluate((element) => element.getBoundingClientRect().top),
      page
        .locator('table.fleet thead th')
        .nth(1)
        .evaluate((element) => element.getBoundingClientRect().top),
      page
        .locator('table.fleet tbody tr')
        .last()
        .locator('th')
        .evaluate((element) => element.getBoundingClientRect().bottom),
    ]);
    expect(Math.abs(header - top)).toBeLessThanOrEqual(1);
    expect(last).toBeLessThanOrEqual(768);
    await page.close();
  });

  it('frames the two cells whose status changed since the night before, and lists their stores', async () => {
    const page = await open(1920, 1080);
    const flipped = page.locator('table.fleet td.flipped');
    expect(await flipped.count()).toBe(2);
    expect(await flipped.first().getAttribute('title')).toBe(
      `${STORES[3]} · ${TABLES[1]}: fail, was pass the run before`,
    );
    // Both stores failed last night too, on other tables: news all the same, listed with the table that changed.
    expect(await page.locator('ul.changes li').allInnerTexts()).toEqual(
      [3, 20].map((store) => `${STORES[store]}: fail as before, its tables changed: ${TABLES[1]} (pass → fail)`),
    );
    if (process.env.FLEET_SHOT) await page.screenshot({ path: process.env.FLEET_SHOT, fullPage: true });
    await page.close();
  });
});
