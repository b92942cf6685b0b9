import { describe, expect, it } from 'vitest';
import type { Mode } from '../../src/summary.js';
import { loadFixturePair } from '../support/fixtures.js';
import { changed, facts, rowLines, sortDiffs, tableFacts } from '../support/report.js';
import { useTestPair, useVerifiedRun } from '../support/test-pair.js';
import { versionMatrix } from '../support/servers.js';

// Seed 000: tenant_id added and backfilled with the default tenant; one order total off by a cent.
const TENANT_COLUMN = { targetOnly: ['tenant_id'] };

describe.each(versionMatrix())('on PostgreSQL $label', (servers) => {
  const files = useTestPair('tenant_backfill', (pair) => loadFixturePair(pair, 'tenant-backfill'), servers);

  describe.each<Mode>(['fast', 'exact'])('verifying the tenant_id backfill in %s mode', (mode) => {
    const run = useVerifiedRun(files, mode, { sourceSchema: 'public', targetSchema: 'public' });

    it('fails the run because one order total changed', () => {
      expect(run.summary.status).toBe('fail');
    });

    it('sets the added tenant_id aside as a target-only column and passes the untouched tables', () => {
      expect(tableFacts(run.summary)).toEqual({
        flow_sesiones: facts('pass', [240, 240], [0, 0, 0], ['id'], TENANT_COLUMN),
        flow_pedidos: facts('fail', [180, 180], [0, 0, 1], ['id'], TENANT_COLUMN),
        whatsapp_settings: facts('pass', [3, 3], [0, 0, 0], ['id'], TENANT_COLUMN),
      });
    });

    it('never compares tenant_id, only the columns both sides have', () => {
      for (const table of run.summary.tables) expect(table.columns.compared).not.toContain('tenant_id');
      expect([...run.summary.tables.find((table) => table.name === 'flow_pedidos')!.columns.compared].sort()).toEqual([
        'created_at',
        'estado',
        'flow_order_id',
        'flow_token',
        'id',
        'items',
        'pagado_en',
        'sesion_id',
        'telefono',
        'total',
      ]);
    });

    it('reports the cent on order 77 as the only difference, with trailing zeros trimmed', () => {
      expect(sortDiffs(rowLines(run.report.diffs))).toEqual([
        changed('flow_pedidos', '77', 'total', '49944.3', '49944.31'),
      ]);
    });

    it('finds the migration structurally right: only the new tenant_id columns and their indexes, as info', () => {
      const tenantId = "uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000001'::uuid";
      expect(
        Object.fromEntries(
          run.summary.tables.map((table) => [
            table.name,
            table.structure?.map((found) => [found.object, found.change, found.severity, found.target]),
          ]),
        ),
      ).toEqual({
        flow_sesiones: [
          ['column', 'extra', 'info', tenantId],
          ['index', 'extra', 'info', 'CREATE INDEX ... USING btree (tenant_id, telefono)'],
        ],
        flow_pedidos: [
          ['column', 'extra', 'info', tenantId],
          ['index', 'extra', 'info', 'CREATE INDEX ... USING btree (tenant_id, sesion_id)'],
        ],
        whatsapp_settings: [
          ['column', 'extra', 'info', tenantId],
          ['index', 'extra', 'info', 'CREATE INDEX ... USING btree (tenant_id, phone_number_id)'],
        ],
      });
    });
  });
});
