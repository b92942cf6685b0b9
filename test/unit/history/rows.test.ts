import { describe, expect, it } from 'vitest';
import { runRow, tableRow } from '../../../src/history/rows.js';
import type { IntegrityFinding } from '../../../src/summary.js';
import { summaryOf, tableResult } from '../report/report-fixtures.js';

/** A foreign key checked with 2 orphans. */
const KEY_A: IntegrityFinding = {
  name: 'a',
  columns: ['x'],
  references: { table: 'p', columns: ['id'] },
  declaredOn: 'both',
  orphans: 2,
  crossTenant: null,
};

describe('tableRow', () => {
  it('adds up orphans and cross-tenant links over the checked keys and counts failing sequences and structure', () => {
    const row = tableRow(
      tableResult({
        status: 'fail',
        diff: { missing: 1, extra: 2, changed: 3 },
        tenant: { column: 'store_id', expected: ['4'], nulls: 5, unexpected: 6, notNull: true },
        integrity: [
          KEY_A,
          {
            name: 'b',
            columns: ['y'],
            references: { table: 'q', columns: ['id'] },
            declaredOn: 'both',
            orphans: 3,
            crossTenant: 1,
          },
          {
            name: 'c',
            columns: ['z'],
            references: { table: 'r', columns: ['id'] },
            declaredOn: 'source',
            orphans: null,
            crossTenant: null,
            skipped: 'parent excluded',
          },
        ],
        sequences: [
          { name: 's', column: 'id', nextValue: '1', maxValue: '9', status: 'fail' },
          { name: 't', column: 'n', nextValue: '10', maxValue: '9', status: 'pass' },
        ],
        structure: [{ object: 'index', name: 'i', change: 'missing', severity: 'fail', source: 'x', target: null }],
      }),
    );
    expect(row).toMatchObject({
      missing: 1,
      extra: 2,
      changed: 3,
      in_flight: null,
      tenant_nulls: 5,
      tenant_unexpected: 6,
      orphans: 5,
      cross_tenant: 1,
      sequence_failures: 1,
      structure_failures: 1,
    });
  });

  it('keeps the compared rows of an error whose check failed, and no check count: those after it never ran', () => {
    const row = tableRow(
      tableResult({
        status: 'error',
        reason: 'target: foreign key b: canceling statement due to lock timeout',
        rows: { source: 10, target: 9 },
        diff: { missing: 1, extra: 0, changed: 0 },
        tenant: { column: 'store_id', expected: ['4'], nulls: 0, unexpected: 2, notNull: true },
        integrity: [KEY_A],
      }),
    );
    expect(row).toMatchObject({
      status: 'error',
      rows_source: 10,
      rows_target: 9,
      missing: 1,
      tenant_nulls: null,
      tenant_unexpected: null,
      orphans: null,
      cross_tenant: null,
    });
  });

  it('records the rows in flight of a run with --recheck-after, 0 included', () => {
    expect(tableRow(tableResult({ diff: { missing: 0, extra: 0, changed: 1, inFlight: 4 } }))).toMatchObject({
      changed: 1,
      in_flight: 4,
    });
    expect(tableRow(tableResult({ diff: { missing: 0, extra: 0, changed: 0, inFlight: 0 } })).in_flight).toBe(0);
  });

  it('leaves the counts of checks that did not run null, not 0', () => {
    expect(tableRow(tableResult({ integrity: [], structure: undefined }))).toMatchObject({
      orphans: null,
      cross_tenant: null,
      tenant_nulls: null,
      tenant_unexpected: null,
      structure_failures: null,
    });
  });
});

describe('runRow', () => {
  it("takes the summary's redacted connections and names structure-only runs so", () => {
    const summary = summaryOf([], { structureOnly: true, source: 'postgresql://ops@old/shop' });
    expect(runRow('stores:4', summary)).toMatchObject({
      name: 'stores:4',
      mode: 'structure-only',
      source: 'postgresql://ops@old/shop',
    });
  });
});
