import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { verify } from '../../src/index.js';
import type { StructureFinding, Summary } from '../../src/summary.js';
import { createDatabasePair, runSql } from '../support/databases.js';
import { loadFixturePair } from '../support/fixtures.js';
import { tableResult } from '../support/report.js';
import { edgeAndCrossVersions } from '../support/servers.js';
import { useTestPair, useVerifiedRun } from '../support/test-pair.js';

// Seed 000 with the structure of a live database (fixtures/tenant-structure): done right, then with mistakes.
const DEFAULT_TENANT = '00000000-0000-0000-0000-000000000001';
const TENANT_RUN = { tenants: [DEFAULT_TENANT] };
const TENANT_DEFAULT = `DEFAULT '${DEFAULT_TENANT}'::uuid`;

const found = (
  object: StructureFinding['object'],
  name: string,
  change: StructureFinding['change'],
  severity: StructureFinding['severity'],
  source: string | null,
  target: string | null,
): StructureFinding => ({ object, name, change, severity, source, target });
const tenantColumn = (notNull = true) =>
  found('column', 'tenant_id', 'extra', 'info', null, `uuid${notNull ? ' NOT NULL' : ''} ${TENANT_DEFAULT}`);
const newIndex = (name: string, columns: string) =>
  found('index', name, 'extra', 'info', null, `CREATE INDEX ... USING btree (${columns})`);

/** What the migration done right adds: a tenant_id column and an index leading with it on each table, both info. */
const MIGRATION = {
  flow_pedidos: [tenantColumn(), newIndex('flow_pedidos_tenant_sesion_idx', 'tenant_id, sesion_id')],
  flow_sesiones: [tenantColumn(), newIndex('flow_sesiones_tenant_telefono_idx', 'tenant_id, telefono')],
  whatsapp_settings: [tenantColumn(), newIndex('whatsapp_settings_tenant_idx', 'tenant_id, phone_number_id')],
};

/** The mistakes fixtures/README.md lists for tenant-structure, each as the finding it must produce. */
const MISTAKES = {
  flow_pedidos: [
    found('column', 'total', 'changed', 'fail', 'numeric(12,2) NOT NULL', 'numeric(10,2) NOT NULL'),
    tenantColumn(false),
    found('constraint', 'flow_pedidos_flow_token_key', 'missing', 'fail', 'UNIQUE (flow_token)', null),
    found(
      'constraint',
      'flow_pedidos_sesion_id_fkey',
      'changed',
      'fail',
      'FOREIGN KEY (sesion_id) REFERENCES flow_sesiones(id) ON DELETE CASCADE',
      'FOREIGN KEY (sesion_id) REFERENCES flow_sesiones(id)',
    ),
    found('constraint', 'flow_pedidos_total_check', 'missing', 'fail', 'CHECK ((total >= (0)::numeric))', null),
    newIndex('flow_pedidos_tenant_sesion_idx', 'tenant_id, sesion_id'),
    found(
      'grant',
      'pgverify_fixture_reader',
      'missing',
      'fail',
      'GRANT SELECT ON flow_pedidos TO pgverify_fixture_reader',
      null,
    ),
    found(
      'sequence',
      'flow_pedidos_id_seq',
      'changed',
      'fail',
      'AS bigint INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 NO CYCLE OWNED BY flow_pedidos.id',
      'AS integer INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 NO CYCLE OWNED BY flow_pedidos.id',
    ),
  ],
  flow_sesiones: [
    found('column', 'telefono', 'changed', 'fail', 'character varying(20) NOT NULL', 'character varying(20)'),
    tenantColumn(),
    found(
      'index',
      'flow_sesiones_activas_idx',
      'changed',
      'fail',
      "CREATE INDEX ... USING btree (expira_en) WHERE (estado = 'activa'::text)",
      'CREATE INDEX ... USING btree (expira_en)',
    ),
    found('index', 'flow_sesiones_telefono_idx', 'missing', 'fail', 'CREATE INDEX ... USING btree (telefono)', null),
    newIndex('flow_sesiones_tenant_telefono_idx', 'tenant_id, telefono'),
    found(
      'trigger',
      'flow_sesiones_touch',
      'changed',
      'fail',
      'CREATE TRIGGER ... BEFORE UPDATE ON ... FOR EACH ROW EXECUTE FUNCTION touch_updated_at()',
      'CREATE TRIGGER ... BEFORE UPDATE ON ... FOR EACH ROW EXECUTE FUNCTION touch_updated_at() (disabled)',
    ),
  ],
  whatsapp_settings: [
    found('column', 'activo', 'changed', 'fail', 'boolean NOT NULL DEFAULT true', 'boolean NOT NULL'),
    tenantColumn(),
    found('rls', 'whatsapp_settings', 'changed', 'fail', 'ROW LEVEL SECURITY ENABLED', 'ROW LEVEL SECURITY DISABLED'),
    found(
      'policy',
      'whatsapp_settings_activos',
      'missing',
      'fail',
      'CREATE POLICY ... AS PERMISSIVE FOR SELECT TO pgverify_fixture_reader USING (activo)',
      null,
    ),
  ],
};

const structureByTable = (summary: Summary) =>
  Object.fromEntries(summary.tables.map((table) => [table.name, table.structure]));

describe.each(edgeAndCrossVersions())('on PostgreSQL $label', (servers) => {
  describe('a seed 000 tenant_id migration done right', () => {
    const files = useTestPair(
      'structure_right',
      (pair) => loadFixturePair(pair, 'tenant-structure', { defects: false }),
      servers,
    );
    const run = useVerifiedRun(files, 'fast', TENANT_RUN);

    it('passes every table and lists only the new tenant_id columns and their indexes, as info', () => {
      expect(run.summary.status).toBe('pass');
      expect(structureByTable(run.summary)).toEqual(MIGRATION);
    });

    it('has no tenant warning: every tenant_id is NOT NULL and leads an index', () => {
      expect(run.summary.tables.flatMap((table) => table.warnings)).toEqual([]);
    });

    it('writes each finding as a structure line of diffs.csv, and no row difference', () => {
      expect(run.report.diffs.map((diff) => [diff.table, diff.kind, diff.key, diff.column])).toEqual([
        ['flow_pedidos', 'structure', 'column tenant_id', 'tenant_id'],
        ['flow_pedidos', 'structure', 'index flow_pedidos_tenant_sesion_idx', null],
        ['flow_sesiones', 'structure', 'column tenant_id', 'tenant_id'],
        ['flow_sesiones', 'structure', 'index flow_sesiones_tenant_telefono_idx', null],
        ['whatsapp_settings', 'structure', 'column tenant_id', 'tenant_id'],
        ['whatsapp_settings', 'structure', 'index whatsapp_settings_tenant_idx', null],
      ]);
      expect(run.report.diffs[1]).toMatchObject({
        sourceValue: null,
        targetValue: 'CREATE INDEX ... USING btree (tenant_id, sesion_id)',
      });
    });
  });

  describe('the same migration with structural mistakes that leave every row intact', () => {
    const files = useTestPair('structure_mistakes', (pair) => loadFixturePair(pair, 'tenant-structure'), servers);
    const run = useVerifiedRun(files, 'fast', TENANT_RUN);

    it('finds each mistake, and nothing else', () => {
      expect(structureByTable(run.summary)).toEqual(MISTAKES);
    });

    it('fails every table on its structure alone, naming each failing finding in the reason', () => {
      for (const table of run.summary.tables)
        expect(table).toMatchObject({ status: 'fail', diff: { missing: 0, extra: 0, changed: 0 } });
      expect(tableResult(run.summary, 'whatsapp_settings').reason).toBe(
        'structure: column activo changed, rls whatsapp_settings changed, policy whatsapp_settings_activos missing in target',
      );
    });

    it('warns once about the nullable tenant_id and about the table no index of which leads with tenant_id', () => {
      expect(Object.fromEntries(run.summary.tables.map((table) => [table.name, table.warnings]))).toEqual({
        flow_pedidos: ['tenant_id is not declared NOT NULL: new rows can miss their tenant'],
        flow_sesiones: [],
        whatsapp_settings: [
          'no index of whatsapp_settings leads with tenant_id: every query filtered by tenant reads the whole table',
        ],
      });
    });
  });
});

describe("the grants on a store's schema", () => {
  it('fails a privilege a role holds by name on the source schema and not on the target, and no other', async () => {
    const pair = await createDatabasePair('schema_grants');
    const role = `pgv_schema_${randomBytes(3).toString('hex')}`;
    const other = `${role}_other`;
    try {
      await runSql(pair.sourceUrl, `CREATE ROLE ${role}; CREATE ROLE ${other};`);
      const schema = (grants: string) => `
        CREATE SCHEMA shop;
        CREATE TABLE shop.orders (id integer PRIMARY KEY);
        ${grants}`;
      // The source's PUBLIC grant and the target's extra role are left out: a store's own schema differs there by design.
      await runSql(
        pair.sourceUrl,
        schema(`GRANT USAGE, CREATE ON SCHEMA shop TO ${role}; GRANT USAGE ON SCHEMA shop TO PUBLIC;`),
      );
      await runSql(
        pair.targetUrl,
        schema(`GRANT CREATE ON SCHEMA shop TO ${role}; GRANT USAGE ON SCHEMA shop TO ${other};`),
      );
      const summary = await verify({ source: pair.sourceUrl, target: pair.targetUrl, sourceSchema: 'shop' });
      expect(summary.status).toBe('fail');
      expect(summary.structure).toEqual([
        {
          object: 'grant',
          name: role,
          change: 'missing',
          severity: 'fail',
          source: `GRANT USAGE ON SCHEMA shop TO ${role}`,
          target: null,
        },
      ]);
      expect(summary.tables.map((table) => table.status)).toEqual(['pass']);
    } finally {
      await pair.drop();
      await runSql(inject('adminUrl'), `DROP ROLE IF EXISTS ${role}; DROP ROLE IF EXISTS ${other};`);
    }
  });
});
