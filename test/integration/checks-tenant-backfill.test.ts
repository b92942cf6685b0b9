import { describe, expect, it } from 'vitest';
import { verify } from '../../src/index.js';
import type { IntegrityFinding, Mode, SequenceFinding, Summary, TenantFinding } from '../../src/summary.js';
import { loadFixturePair } from '../support/fixtures.js';
import { extra, finding, rowLines, sortDiffs, tableResult } from '../support/report.js';
import { useTestPair, useVerifiedRun } from '../support/test-pair.js';
import { versionMatrix } from '../support/servers.js';

// Seed 000 after the tenant_id migration, with the defects fixtures/README.md lists for tenant-integrity.
const DEFAULT_TENANT = '00000000-0000-0000-0000-000000000001';
const SECOND_TENANT = '00000000-0000-0000-0000-000000000002';
const TENANTS = [DEFAULT_TENANT, SECOND_TENANT];

const tenant = (nulls: number, unexpected: number, notNull = true): TenantFinding => ({
  column: 'tenant_id',
  expected: TENANTS,
  nulls,
  unexpected,
  notNull,
});
const key = (
  name: string,
  column: string,
  parent: string,
  declaredOn: IntegrityFinding['declaredOn'],
  orphans: number,
  crossTenant: number | null,
): IntegrityFinding => ({
  name,
  columns: [column],
  references: { table: parent, columns: ['id'] },
  declaredOn,
  orphans,
  crossTenant,
});
const sequence = (table: string, nextValue: number, maxValue: number): SequenceFinding => ({
  name: `${table}_id_seq`,
  column: 'id',
  nextValue: String(nextValue),
  maxValue: String(maxValue),
  status: nextValue > maxValue ? 'pass' : 'fail',
});

/** Every table's checks, as summary.json must hold them. */
const EXPECTED_CHECKS = {
  flow_sesiones: {
    status: 'fail',
    tenant: tenant(0, 1),
    integrity: [],
    sequences: [sequence('flow_sesiones', 41, 40)],
  },
  flow_pedidos: {
    status: 'fail',
    tenant: tenant(0, 0),
    integrity: [key('flow_pedidos_sesion_id_fkey', 'sesion_id', 'flow_sesiones', 'both', 0, 1)],
    sequences: [sequence('flow_pedidos', 31, 30)],
  },
  flow_pagos: {
    status: 'fail',
    tenant: undefined,
    integrity: [key('flow_pagos_pedido_id_fkey', 'pedido_id', 'flow_pedidos', 'source', 1, null)],
    sequences: [sequence('flow_pagos', 22, 21)],
  },
  flow_eventos: {
    status: 'pass',
    tenant: tenant(0, 0),
    integrity: [key('flow_eventos_sesion_id_fkey', 'sesion_id', 'flow_sesiones', 'both', 0, 0)],
    sequences: [sequence('flow_eventos', 61, 60)],
  },
  whatsapp_settings: {
    status: 'fail',
    tenant: tenant(1, 0, false),
    integrity: [],
    sequences: [sequence('whatsapp_settings', 4, 3)],
  },
  whatsapp_mensajes: {
    status: 'pass',
    tenant: tenant(0, 0),
    integrity: [key('whatsapp_mensajes_setting_id_fkey', 'setting_id', 'whatsapp_settings', 'both', 0, 0)],
    sequences: [sequence('whatsapp_mensajes', 25, 24)],
  },
  whatsapp_plantillas: {
    status: 'fail',
    tenant: undefined,
    integrity: [],
    sequences: [sequence('whatsapp_plantillas', 1, 5)],
  },
};

describe.each(versionMatrix())('on PostgreSQL $label', (servers) => {
  const files = useTestPair('checks_tenant', (pair) => loadFixturePair(pair, 'tenant-integrity'), servers);

  describe.each<Mode>(['fast', 'exact'])(
    'checking tenants, links and sequences after the tenant_id backfill in %s mode',
    (mode) => {
      const run = useVerifiedRun(files, mode, { tenants: TENANTS });

      it("reports each table's tenant coverage, foreign keys and sequences exactly, in summary.json too", () => {
        const checks = (tables: Summary['tables']) =>
          Object.fromEntries(
            tables.map((table) => [
              table.name,
              { status: table.status, tenant: table.tenant, integrity: table.integrity, sequences: table.sequences },
            ]),
          );
        expect(checks(run.summary.tables)).toEqual(EXPECTED_CHECKS);
        expect(checks(run.report.summary.tables)).toEqual(JSON.parse(JSON.stringify(EXPECTED_CHECKS)));
        expect(Object.keys(tableResult(run.report.summary, 'flow_pagos'))).not.toContain('tenant');
      });

      it('writes each offending row to diffs.csv with its key, column and value, beside the one extra row', () => {
        expect(sortDiffs(rowLines(run.report.diffs))).toEqual(
          sortDiffs([
            extra('flow_pagos', '21'),
            finding('flow_pagos', 'orphan', '21', 'pedido_id', '999'),
            finding('flow_pedidos', 'cross_tenant', '7', 'sesion_id', '8'),
            finding('flow_sesiones', 'tenant_unexpected', '40', 'tenant_id', '00000000-0000-0000-0000-000000000099'),
            finding('whatsapp_settings', 'tenant_null', '3', 'tenant_id', null),
          ]),
        );
      });

      it('explains each failure in words and keeps the row diff clean where only the checks failed', () => {
        const reasons = Object.fromEntries(run.summary.tables.map((table) => [table.name, table.reason]));
        expect(reasons).toEqual({
          flow_sesiones: '1 row with an unexpected tenant_id',
          flow_pedidos: '1 cross-tenant link in flow_pedidos_sesion_id_fkey',
          flow_pagos:
            '0 missing, 1 extra, 0 changed rows; 1 orphan row in flow_pagos_pedido_id_fkey; structure: constraint flow_pagos_pedido_id_fkey missing in target',
          flow_eventos: undefined,
          whatsapp_settings: '1 row with NULL tenant_id',
          whatsapp_mensajes: undefined,
          whatsapp_plantillas: 'sequence whatsapp_plantillas_id_seq would hand out 1, not above max(id) 5',
        });
        expect(tableResult(run.summary, 'flow_pedidos').diff).toEqual({ missing: 0, extra: 0, changed: 0 });
      });

      it('warns about the nullable tenant column and the tenant columns no index leads with, and nothing else', () => {
        const warned = run.summary.tables
          .filter((table) => table.warnings.length > 0)
          .map((table) => [table.name, table.warnings]);
        const noIndex = (table: string) =>
          `no index of ${table} leads with tenant_id: every query filtered by tenant reads the whole table`;
        expect(warned).toEqual([
          ['whatsapp_mensajes', [noIndex('whatsapp_mensajes')]],
          [
            'whatsapp_settings',
            ['tenant_id is not declared NOT NULL: new rows can miss their tenant', noIndex('whatsapp_settings')],
          ],
        ]);
      });

      it("fails the foreign key the target forgot as structure, and lists the migration's own additions as info", () => {
        const failing = run.summary.tables.flatMap((table) =>
          (table.structure ?? []).filter((found) => found.severity !== 'info').map((found) => [table.name, found]),
        );
        expect(failing).toEqual([
          [
            'flow_pagos',
            {
              object: 'constraint',
              name: 'flow_pagos_pedido_id_fkey',
              change: 'missing',
              severity: 'fail',
              source: 'FOREIGN KEY (pedido_id) REFERENCES flow_pedidos(id)',
              target: null,
            },
          ],
        ]);
        const added = run.summary.tables.flatMap((table) =>
          (table.structure ?? [])
            .filter((found) => found.severity === 'info')
            .map((found) => `${table.name} ${found.object} ${found.name}`),
        );
        expect(added).toEqual([
          'flow_eventos column tenant_id',
          'flow_eventos index flow_eventos_tenant_idx',
          'flow_pedidos column tenant_id',
          'flow_pedidos index flow_pedidos_tenant_idx',
          'flow_sesiones column tenant_id',
          'flow_sesiones index flow_sesiones_tenant_idx',
          'whatsapp_mensajes column tenant_id',
          'whatsapp_settings column tenant_id',
        ]);
      });
    },
  );

  describe('without --tenant values', () => {
    it('runs no tenant check but still checks links across tenants and sequences', async () => {
      const summary = await verify({
        source: files.pair.sourceUrl,
        target: files.pair.targetUrl,
        tables: ['flow_pedidos', 'flow_sesiones', 'whatsapp_settings'],
      });
      expect(summary.tables.map((table) => [table.name, table.tenant, table.status])).toEqual([
        ['flow_pedidos', undefined, 'fail'],
        ['flow_sesiones', undefined, 'pass'],
        ['whatsapp_settings', undefined, 'pass'],
      ]);
      expect(tableResult(summary, 'flow_pedidos').integrity[0]).toMatchObject({ orphans: 0, crossTenant: 1 });
    });
  });
});
