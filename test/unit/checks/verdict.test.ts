import { describe, expect, it } from 'vitest';
import { checkFailures, checkWarnings } from '../../../src/checks/verdict.js';
import type { IntegrityFinding } from '../../../src/summary.js';

const key: IntegrityFinding = {
  name: 'orders_customer_id_fkey',
  columns: ['customer_id'],
  references: { table: 'customers', columns: ['id'] },
  declaredOn: 'both',
  orphans: 0,
  crossTenant: 0,
};

describe('checkFailures', () => {
  it('says nothing about clean findings, skipped keys or skipped sequences', () => {
    expect(
      checkFailures({
        tenant: { column: 'tenant_id', expected: ['a'], nulls: 0, unexpected: 0, notNull: true },
        integrity: [
          key,
          { ...key, orphans: null, crossTenant: null, skipped: 'parent table customers is excluded from this run' },
        ],
        sequences: [
          { name: 's', column: 'id', nextValue: null, maxValue: null, status: 'skipped', skipped: 'no privilege' },
        ],
      }),
    ).toEqual([]);
  });

  it('names every failing finding in words, with counts', () => {
    expect(
      checkFailures({
        tenant: { column: 'store_id', expected: ['4'], nulls: 1, unexpected: 12, notNull: false },
        integrity: [{ ...key, orphans: 2, crossTenant: 1 }],
        sequences: [{ name: 'messages_id_seq', column: 'id', nextValue: '1', maxValue: '66', status: 'fail' }],
      }),
    ).toEqual([
      '1 row with NULL store_id',
      '12 rows with an unexpected store_id',
      '2 orphan rows in orders_customer_id_fkey',
      '1 cross-tenant link in orders_customer_id_fkey',
      'sequence messages_id_seq would hand out 1, not above max(id) 66',
    ]);
  });
});

describe('checkWarnings', () => {
  it('warns about a tenant column that is not declared NOT NULL, even when every row has a tenant', () => {
    const tenant = { column: 'tenant_id', expected: ['a'], nulls: 0, unexpected: 0, notNull: false };
    expect(checkWarnings({ tenant, integrity: [], sequences: [] })).toEqual([
      'tenant_id is not declared NOT NULL: new rows can miss their tenant',
    ]);
    expect(checkWarnings({ tenant: { ...tenant, notNull: true }, integrity: [], sequences: [] })).toEqual([]);
  });
});
