import type { DiffRecord, Summary, TableResult } from '../../../src/summary.js';

/** A passing table result; override what a test is about. */
export function tableResult(overrides: Partial<TableResult> = {}): TableResult {
  return {
    name: 'orders',
    status: 'pass',
    rows: { source: 1_234, target: 1_234 },
    diff: { missing: 0, extra: 0, changed: 0 },
    columns: { compared: ['id', 'note'], sourceOnly: [], targetOnly: [] },
    key: ['id'],
    warnings: [],
    integrity: [],
    sequences: [],
    durationMs: 1_250,
    ...overrides,
  };
}

/** A run summary over `tables`, its status the worst of theirs unless given. */
export function summaryOf(tables: TableResult[], overrides: Partial<Summary> = {}): Summary {
  const status = tables.some((table) => table.status === 'error')
    ? 'error'
    : tables.some((table) => table.status === 'fail')
      ? 'fail'
      : 'pass';
  return {
    status,
    mode: 'fast',
    source: 'postgresql://app@old-db:5432/shop',
    target: 'postgresql://app@new-db:5432/shop',
    sourceSchema: 'public',
    targetSchema: 'store_4',
    sourceServer: { version: '15.18', versionNum: 150018 },
    targetServer: { version: '18.4', versionNum: 180004 },
    pgverifyVersion: '0.1.0',
    commandLine: [
      'check',
      '--source',
      'postgresql://app@old-db:5432/shop',
      '--target',
      'postgresql://app@new-db:5432/shop',
      '--target-schema',
      'store_4',
    ],
    startedAt: '2024-05-01T10:00:00.000Z',
    finishedAt: '2024-05-01T10:00:02.300Z',
    tables,
    ...overrides,
  };
}

/** A diff line of `table`; a `changed` line of column note by default. */
export function diffLine(table: string, overrides: Partial<DiffRecord> = {}): DiffRecord {
  return { table, kind: 'changed', key: '1', column: 'note', sourceValue: 'old', targetValue: 'new', ...overrides };
}

/** Samples looked up by table, as DiffWriter.samples gives them. */
export function samplesFrom(lines: readonly DiffRecord[]): (table: string) => readonly DiffRecord[] {
  return (table) => lines.filter((line) => line.table === table);
}
