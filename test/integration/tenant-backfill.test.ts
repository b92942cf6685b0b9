import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verify } from '../../src/index.js';
import type { Mode, Summary } from '../../src/summary.js';
import { createDatabasePair, type DatabasePair } from '../support/databases.js';
import { loadFixturePair } from '../support/fixtures.js';
import { createOutputRoot } from '../support/output-dir.js';
import { changed, facts, readReport, sortDiffs, tableFacts, type WrittenReport } from '../support/report.js';

// Seed 000: tenant_id added and backfilled with the default tenant; one order total off by a cent.
const TENANT_COLUMN = { targetOnly: ['tenant_id'] };

let pair: DatabasePair;
let output: Awaited<ReturnType<typeof createOutputRoot>>;

beforeAll(async () => {
  pair = await createDatabasePair('tenant_backfill');
  output = await createOutputRoot('tenant-backfill');
  await loadFixturePair(pair, 'tenant-backfill');
});

afterAll(async () => {
  await pair?.drop();
  await output?.remove();
});

describe.each<Mode>(['fast', 'exact'])('verifying the tenant_id backfill in %s mode', (mode) => {
  let summary: Summary;
  let report: WrittenReport;

  beforeAll(async () => {
    const outDir = output.dir(mode);
    summary = await verify({ source: pair.sourceUrl, target: pair.targetUrl, sourceSchema: 'public', targetSchema: 'public', mode, outDir });
    report = await readReport(outDir);
  });

  it('fails the run because one order total changed', () => {
    expect(summary.status).toBe('fail');
  });

  it('sets the added tenant_id aside as a target-only column and passes the untouched tables', () => {
    expect(tableFacts(summary)).toEqual({
      flow_sesiones: facts('pass', [240, 240], [0, 0, 0], ['id'], TENANT_COLUMN),
      flow_pedidos: facts('fail', [180, 180], [0, 0, 1], ['id'], TENANT_COLUMN),
      whatsapp_settings: facts('pass', [3, 3], [0, 0, 0], ['id'], TENANT_COLUMN),
    });
  });

  it('never compares tenant_id, only the columns both sides have', () => {
    for (const table of summary.tables) expect(table.columns.compared).not.toContain('tenant_id');
    expect([...summary.tables.find((table) => table.name === 'flow_pedidos')!.columns.compared].sort()).toEqual(
      ['created_at', 'estado', 'flow_order_id', 'flow_token', 'id', 'items', 'pagado_en', 'sesion_id', 'telefono', 'total'],
    );
  });

  it('reports the cent on order 77 as the only difference, with trailing zeros trimmed', () => {
    expect(sortDiffs(report.diffs)).toEqual([changed('flow_pedidos', '77', 'total', '49944.3', '49944.31')]);
  });
});
