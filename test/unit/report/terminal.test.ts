import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { renderSummary, renderVerdict } from '../../../src/report/terminal.js';
import type { Summary, TableResult } from '../../../src/summary.js';

const ESC = '\u001b';

function table(overrides: Partial<TableResult> = {}): TableResult {
  return {
    name: 'public.orders',
    status: 'pass',
    rows: { source: 1_234_567, target: 1_234_567 },
    diff: { missing: 0, extra: 0, changed: 0 },
    columns: { compared: ['id'], sourceOnly: [], targetOnly: [] },
    key: ['id'],
    warnings: [],
    integrity: [],
    sequences: [],
    durationMs: 10,
    ...overrides,
  };
}

function summary(tables: TableResult[], status: Summary['status'] = 'pass'): Summary {
  return {
    status,
    mode: 'fast',
    source: 'postgres://u@a/db',
    target: 'postgres://u@b/db',
    sourceSchema: 'public',
    targetSchema: 'public',
    sourceServer: null,
    targetServer: null,
    pgverifyVersion: '0.1.0',
    commandLine: null,
    startedAt: '2024-05-01T10:00:00.000Z',
    finishedAt: '2024-05-01T10:00:02.300Z',
    tables,
  };
}

const failing = table({
  name: 'public.users',
  status: 'fail',
  reason: 'columns only in source: x',
  rows: { source: 10, target: 9 },
  diff: { missing: 3, extra: 1, changed: 4 },
});
const erroring = table({
  name: 'public.audit',
  status: 'error',
  reason: 'permission denied',
  rows: { source: null, target: null },
});

describe('renderSummary', () => {
  it('shows one row per table with thousands separators, dashes for unknown counts and reasons', () => {
    const text = renderSummary(summary([table(), failing, erroring], 'error'), { color: false });
    const lines = text.split('\n');
    const row = (name: string): string[] =>
      (lines.find((line) => line.includes(name)) ?? '')
        .split('│')
        .map((cell) => cell.trim())
        .filter(Boolean);
    expect(row('table')).toEqual(['table', 'source rows', 'target rows', 'missing', 'extra', 'changed', 'status']);
    expect(row('public.orders')).toEqual(['public.orders', '1,234,567', '1,234,567', '0', '0', '0', 'pass']);
    expect(row('public.users')).toEqual(['public.users', '10', '9', '3', '1', '4', 'fail: columns only in source: x']);
    expect(row('public.audit')).toEqual(['public.audit', '-', '-', '0', '0', '0', 'error: permission denied']);
    expect(lines.at(-1)).toBe(
      'ERROR: 1 of 3 tables could not be checked: permission denied; 1 differs (mode fast, 2.3 s)',
    );
  });

  it('contains no escape characters when color is off', () => {
    const text = renderSummary(summary([table(), failing, erroring], 'error'), { color: false });
    expect(text).not.toContain(ESC);
  });

  it('colors the status of each table and the verdict when color is on', () => {
    const text = renderSummary(summary([table(), failing], 'fail'), { color: true });
    expect(text).toContain(`${ESC}[32mpass${ESC}[39m`);
    expect(text).toContain(`${ESC}[31mfail: columns only in source: x${ESC}[39m`);
    expect(text.split('\n').at(-1)).toMatch(new RegExp(`^${ESC}\\[31mFAIL${ESC}\\[39m: `));
  });

  it('truncates long reasons so the table stays readable', () => {
    const long = table({ status: 'fail', reason: `columns only in source: ${'c'.repeat(100)}` });
    const text = renderSummary(summary([long], 'fail'), { color: false });
    expect(text).toContain(`fail: columns only in source: ${'c'.repeat(35)}…`);
    expect(text).not.toContain('c'.repeat(36));
  });

  it('keeps to the width of a narrow terminal by cutting reasons shorter, never under 12 characters', () => {
    const long = table({ status: 'fail', reason: `columns only in source: ${'c'.repeat(100)}` });
    for (const width of [100, 120]) {
      const lines = renderSummary(summary([long], 'fail'), { color: false, width })
        .split('\n')
        .slice(0, -1);
      expect(Math.max(...lines.map((line) => Array.from(line).length))).toBeLessThanOrEqual(width);
      expect(lines.join('\n')).toMatch(/fail: columns only in.*…/);
    }
    expect(renderSummary(summary([long], 'fail'), { color: false, width: 40 })).toContain('fail: columns onl…');
  });

  it('cuts long table names too when the reasons alone cannot make the table fit, and leaves out the row counts', () => {
    const long = table({
      name: 'public.customer_order_line_items_archive_2024',
      status: 'fail',
      reason: '1 missing, 0 extra, 17,143 changed rows; 1 row with an unexpected store_id',
      diff: { missing: 1, extra: 0, changed: 17_143 },
    });
    const lines = renderSummary(summary([long], 'fail'), { color: false, width: 100 })
      .split('\n')
      .slice(0, -1);
    expect(Math.max(...lines.map((line) => Array.from(line).length))).toBeLessThanOrEqual(100);
    expect(lines.join('\n')).toContain('│ public.customer_o… │');
    expect(lines.join('\n')).toContain('│ fail: 1 row with … │');
    expect(renderSummary(summary([long], 'fail'), { color: false })).toContain(
      'public.customer_order_line_items_archive_2024',
    );
  });

  it('measures names and reasons of wide characters in terminal columns, two a character', () => {
    const wide = table({
      name: '注文明細アーカイブ二〇二四年度分の顧客別注文履歴テーブル',
      status: 'fail',
      reason: `列がソースにのみ存在します: ${'列'.repeat(60)}`,
    });
    const lines = renderSummary(summary([wide], 'fail'), { color: false, width: 100 })
      .split('\n')
      .slice(0, -1);
    expect(Math.max(...lines.map((line) => stringWidth(line)))).toBeLessThanOrEqual(100);
    expect(lines.join('\n')).toContain('注文明細');
    expect(lines.join('\n')).toContain('…');
  });

  it('names the tables that differ before the schema structure warnings', () => {
    const warned: Summary = {
      ...summary([failing], 'fail'),
      structure: [
        { object: 'extension', name: 'citext', change: 'extra', severity: 'warning', source: null, target: '1.6' },
      ],
    };
    expect(renderVerdict(warned)).toMatch(
      /^FAIL: 1 of 1 table differs: 3 missing, 1 extra, 4 changed rows; 1 schema structure warning/,
    );
  });

  it('prints only the verdict when there are no tables', () => {
    expect(renderSummary(summary([]), { color: false })).toBe('PASS: no tables to compare (mode fast, 2.3 s)');
  });
});

describe('renderSummary with checks', () => {
  const tenant = { column: 'tenant_id', expected: ['t1'], nulls: 2, unexpected: 1, notNull: false };
  const key = {
    name: 'orders_customer_fkey',
    columns: ['customer_id'],
    references: { table: 'customers', columns: ['id'] },
    declaredOn: 'both' as const,
  };
  const checked = table({
    name: 'public.orders',
    status: 'fail',
    reason: '3 orphan rows in orders_customer_fkey',
    tenant,
    integrity: [
      { ...key, orphans: 3, crossTenant: 1 },
      { ...key, name: 'orders_shop_fkey', orphans: 2, crossTenant: null },
    ],
    sequences: [{ name: 'orders_id_seq', column: 'id', nextValue: '5', maxValue: '9', status: 'fail' }],
  });
  const skippedOnly = table({
    name: 'public.notes',
    integrity: [
      {
        ...key,
        name: 'notes_fkey',
        orphans: null,
        crossTenant: null,
        skipped: 'parent table x is excluded from this run',
      },
    ],
    sequences: [
      {
        name: 'notes_id_seq',
        column: 'id',
        nextValue: null,
        maxValue: null,
        status: 'skipped',
        skipped: 'no privilege',
      },
    ],
  });
  const row = (text: string, name: string): string[] =>
    (text.split('\n').find((line) => line.includes(name)) ?? '')
      .split('│')
      .map((cell) => cell.trim())
      .filter(Boolean);

  /** The heads of the columns every results table has, before the checks' and the status. */
  const COUNT_HEADS = ['table', 'source rows', 'target rows', 'missing', 'extra', 'changed'];

  it("leaves the checks' columns out on a terminal too narrow for them, their failures staying in the reason", () => {
    const narrow = renderSummary(summary([checked, skippedOnly], 'fail'), { color: false, width: 100 });
    expect(row(narrow, 'table')).toEqual([...COUNT_HEADS, 'status']);
    expect(
      Math.max(
        ...narrow
          .split('\n')
          .slice(0, -1)
          .map((line) => Array.from(line).length),
      ),
    ).toBeLessThanOrEqual(100);
    expect(row(narrow, 'public.orders').at(-1)).toMatch(/^fail: 3 orphan/);
    const wide = renderSummary(summary([checked, skippedOnly], 'fail'), { color: false, width: 160 });
    expect(row(wide, 'table')).toContain('orphans');
  });

  it('adds tenant, orphan, cross-tenant and sequence columns before the status, with dashes where nothing was checked', () => {
    const text = renderSummary(summary([checked, skippedOnly], 'fail'), { color: false });
    expect(row(text, 'table')).toEqual([...COUNT_HEADS, 'tenant', 'orphans', 'x-tenant', 'seq', 'status']);
    expect(row(text, 'public.orders')).toEqual([
      'public.orders',
      '1,234,567',
      '1,234,567',
      '0',
      '0',
      '0',
      '3',
      '5',
      '1',
      '1 fail',
      'fail: 3 orphan rows in orders_customer_fkey',
    ]);
    expect(row(text, 'public.notes')).toEqual([
      'public.notes',
      '1,234,567',
      '1,234,567',
      '0',
      '0',
      '0',
      '-',
      '-',
      '-',
      'skipped',
      'pass',
    ]);
  });

  it('shows only the check columns some table has a value for', () => {
    const sequenced = table({
      sequences: [{ name: 's', column: 'id', nextValue: '10', maxValue: '9', status: 'pass' }],
    });
    const text = renderSummary(summary([sequenced]), { color: false });
    expect(row(text, 'table')).toEqual([
      'table',
      'source rows',
      'target rows',
      'missing',
      'extra',
      'changed',
      'seq',
      'status',
    ]);
    expect(row(text, 'public.orders')).toEqual([
      'public.orders',
      '1,234,567',
      '1,234,567',
      '0',
      '0',
      '0',
      'ok',
      'pass',
    ]);
  });

  it('adds an in-flight column in a run with --recheck-after, and counts those rows in a passing verdict', () => {
    const settled = table({ diff: { missing: 0, extra: 0, changed: 0, inFlight: 3 } });
    const text = renderSummary(summary([settled]), { color: false });
    expect(text).toMatch(/changed\s+│\s+in flight\s+│\s+status/);
    expect(text).toMatch(/│\s+0\s+│\s+3\s+│\s+pass/);
    expect(renderVerdict(summary([settled]))).toBe('PASS: 1 table identical, 3 rows in flight (mode fast, 2.3 s)');
  });

  it('sums the check findings of the run in the verdict, after any row differences', () => {
    expect(renderVerdict(summary([checked, failing], 'fail'))).toBe(
      'FAIL: 2 of 2 tables differ: 3 missing, 1 extra, 4 changed rows; 2 NULL tenants, 1 unexpected tenant, 5 orphan rows, 1 cross-tenant link, 1 lagging sequence (mode fast, 2.3 s)',
    );
    expect(renderVerdict(summary([checked], 'fail'))).toMatch(/^FAIL: 1 of 1 table differs: 2 NULL tenants, /);
  });

  it('adds a structure column with the failing structure findings when some table has one, and sums them in the verdict', () => {
    const lost = {
      object: 'index' as const,
      name: 'i',
      change: 'missing' as const,
      severity: 'fail' as const,
      source: 'CREATE INDEX ... USING btree (x)',
      target: null,
    };
    const added = { ...lost, change: 'extra' as const, severity: 'info' as const, source: null, target: lost.source };
    const broken = table({
      name: 'public.orders',
      status: 'fail',
      reason: 'structure: index i missing in target',
      structure: [lost, lost, added],
    });
    const clean = table({ name: 'public.notes', structure: [added] });
    const text = renderSummary(summary([broken, clean, table({ name: 'public.unread' })], 'fail'), { color: false });
    expect(row(text, 'table')).toEqual([
      'table',
      'source rows',
      'target rows',
      'missing',
      'extra',
      'changed',
      'structure',
      'status',
    ]);
    expect(row(text, 'public.orders').slice(6, 7)).toEqual(['2']);
    expect(row(text, 'public.notes').slice(6)).toEqual(['0', 'pass']);
    expect(row(text, 'public.unread').slice(6)).toEqual(['-', 'pass']);
    expect(renderVerdict(summary([broken], 'fail'))).toBe(
      'FAIL: 1 of 1 table differs: 2 failing structure findings (mode fast, 2.3 s)',
    );
    expect(renderSummary(summary([clean]), { color: false })).not.toContain('structure');
  });

  it('says structure off in the verdict when the run did not compare it', () => {
    expect(renderVerdict({ ...summary([table()]), structure: false })).toBe(
      'PASS: 1 table identical (mode fast, structure off, 2.3 s)',
    );
  });
});

describe('renderVerdict', () => {
  it('reports a pass with the table count, the mode and the duration', () => {
    const tables = Array.from({ length: 15 }, (_, index) => table({ name: `t${index}` }));
    expect(renderVerdict(summary(tables))).toBe('PASS: 15 tables identical (mode fast, 2.3 s)');
  });

  it('reports a failure with the number of differing tables and the summed row differences', () => {
    const other = table({ name: 'public.items', status: 'fail', diff: { missing: 0, extra: 0, changed: 1_000 } });
    expect(renderVerdict(summary([table(), failing, other], 'fail'))).toBe(
      'FAIL: 2 of 3 tables differ: 3 missing, 1 extra, 1,004 changed rows (mode fast, 2.3 s)',
    );
  });

  it('leaves out row counts when tables fail on their columns alone', () => {
    const columnsOnly = table({ status: 'fail', reason: 'columns only in target: y' });
    expect(renderVerdict(summary([columnsOnly], 'fail'))).toBe('FAIL: 1 of 1 table differs (mode fast, 2.3 s)');
  });

  it('lets an error win over failures', () => {
    expect(renderVerdict(summary([failing, erroring], 'error'))).toBe(
      'ERROR: 1 of 2 tables could not be checked: permission denied; 1 differs (mode fast, 2.3 s)',
    );
  });

  it('adds the rows that differ in tables compared before a check failed, for a cron log that has this line alone', () => {
    const halfChecked = table({
      name: 'items',
      status: 'error',
      reason: 'target: foreign key f: lock timeout',
      diff: { missing: 0, extra: 0, changed: 1 },
    });
    expect(renderVerdict(summary([halfChecked, erroring], 'error'))).toBe(
      'ERROR: 2 of 2 tables could not be checked; 1 of them compared before a check failed: 0 missing, 0 extra, 1 changed rows (mode fast, 2.3 s)',
    );
    // Compared and equal: nothing to add.
    expect(
      renderVerdict(summary([table({ ...halfChecked, diff: { missing: 0, extra: 0, changed: 0 } })], 'error')),
    ).toBe('ERROR: 1 of 1 table could not be checked: target: foreign key f: lock timeout (mode fast, 2.3 s)');
  });

  it('gives the reason only when every table that could not be checked shares it, and says when the run was interrupted', () => {
    const locked = table({
      name: 'public.orders',
      status: 'error',
      reason: 'target: lock timeout',
      rows: { source: null, target: null },
    });
    expect(renderVerdict(summary([erroring, locked], 'error'))).toBe(
      'ERROR: 2 of 2 tables could not be checked (mode fast, 2.3 s)',
    );
    const unfinished = (name: string) =>
      table({ name, status: 'error', reason: 'interrupted', rows: { source: null, target: null } });
    expect(renderVerdict({ ...summary([table(), unfinished('a'), unfinished('b')], 'error'), interrupted: true })).toBe(
      'ERROR: interrupted: 2 of 3 tables not checked (mode fast, 2.3 s)',
    );
  });

  it('says a structure-only run found the structure identical, not the tables', () => {
    expect(renderVerdict({ ...summary([table()]), structureOnly: true })).toBe(
      'PASS: 1 table identical in structure (structure only, 2.3 s)',
    );
  });

  it('says that no table was checked and why for a run that stopped before its first table', () => {
    const stopped = { ...summary([], 'error'), reason: 'target: schema "nope" does not exist' };
    expect(renderVerdict(stopped)).toBe(
      'ERROR: no table was checked: target: schema "nope" does not exist (mode fast, 2.3 s)',
    );
  });

  it('shows minutes for long runs and no color codes', () => {
    const long = { ...summary([table()]), finishedAt: '2024-05-01T10:02:05.400Z' };
    const verdict = renderVerdict(long);
    expect(verdict).toBe('PASS: 1 table identical (mode fast, 2 min 5 s)');
    expect(verdict).not.toContain(ESC);
  });
});
