import { describe, expect, it } from 'vitest';
import { tenantWarnings } from '../../../../src/checks/structure/tenant.js';
import { structureDiffRecord, structureFailures } from '../../../../src/checks/structure/verdict.js';
import type { StructureFinding } from '../../../../src/summary.js';
import { columnDefinition, structure } from './structures.js';

const tenantIndex = {
  name: 't_idx',
  definition: 'CREATE INDEX ... USING btree (tenant_id, id)',
  valid: true,
  backsConstraint: false,
  leadingColumn: 'tenant_id',
};

describe('tenantWarnings', () => {
  it('says nothing of a NOT NULL tenant column an index leads with, or of a table without the column', () => {
    expect(
      tenantWarnings(
        structure('t', { columns: [columnDefinition('tenant_id', 'uuid', { notNull: true })], indexes: [tenantIndex] }),
        'tenant_id',
        true,
      ),
    ).toEqual([]);
    expect(tenantWarnings(structure('t', { columns: [columnDefinition('id')] }), 'tenant_id', true)).toEqual([]);
  });

  it('warns about a nullable tenant column, and about a new one no index leads with', () => {
    expect(
      tenantWarnings(
        structure('flow_pedidos', { columns: [columnDefinition('tenant_id', 'uuid')] }),
        'tenant_id',
        true,
      ),
    ).toEqual([
      'tenant_id is not declared NOT NULL: new rows can miss their tenant',
      'no index of flow_pedidos leads with tenant_id: every query filtered by tenant reads the whole table',
    ]);
  });

  it("wants no index on a tenant column the source table already had, as a per-store schema's store_id", () => {
    expect(
      tenantWarnings(
        structure('orders', { columns: [columnDefinition('store_id', 'integer', { notNull: true })] }),
        'store_id',
        false,
      ),
    ).toEqual([]);
  });
});

describe('structureFailures and structureDiffRecord', () => {
  const lost: StructureFinding = {
    object: 'index',
    name: 'by_phone',
    change: 'missing',
    severity: 'fail',
    source: 'CREATE INDEX ... USING btree (phone)',
    target: null,
  };
  const added: StructureFinding = {
    object: 'column',
    name: 'tenant_id',
    change: 'extra',
    severity: 'info',
    source: null,
    target: 'uuid',
  };

  it("names only the failing findings in the table's reason", () => {
    expect(structureFailures([lost, added])).toEqual(['structure: index by_phone missing in target']);
    expect(structureFailures([added])).toEqual([]);
  });

  it('writes a diffs.csv line naming the object, the column of a column finding, and both definitions', () => {
    expect(structureDiffRecord('flow_sesiones', lost)).toEqual({
      table: 'flow_sesiones',
      kind: 'structure',
      key: 'index by_phone',
      column: null,
      sourceValue: 'CREATE INDEX ... USING btree (phone)',
      targetValue: null,
    });
    expect(structureDiffRecord('flow_sesiones', added)).toMatchObject({
      key: 'column tenant_id',
      column: 'tenant_id',
      sourceValue: null,
      targetValue: 'uuid',
    });
  });
});
