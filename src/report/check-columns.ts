import type { Summary, TableResult } from '../summary.js';
import { formatCount, formatNumber } from './format.js';

/** A column of the terminal table filled by the checks (or by --recheck-after's rows in flight). */
export interface CheckColumn {
  readonly head: string;
  cell(result: TableResult): string;
}

/** Rows that differed and were equal when read again (--recheck-after); '-' for a table not compared. */
const IN_FLIGHT: CheckColumn = {
  head: 'in flight',
  cell: (result) => (result.diff.inFlight === undefined ? '-' : count(result.diff.inFlight)),
};

const TENANT: CheckColumn = {
  head: 'tenant',
  cell: (result) => (result.tenant === undefined ? '-' : count(result.tenant.nulls + result.tenant.unexpected)),
};

const ORPHANS: CheckColumn = {
  head: 'orphans',
  cell: (result) => sumOrDash(result.integrity.map((key) => key.orphans)),
};

const CROSS_TENANT: CheckColumn = {
  head: 'x-tenant',
  cell: (result) => sumOrDash(result.integrity.map((key) => key.crossTenant)),
};

const SEQUENCES: CheckColumn = {
  head: 'seq',
  cell: (result) => {
    const failing = result.sequences.filter((sequence) => sequence.status === 'fail').length;
    if (failing > 0) return `${count(failing)} fail`;
    if (result.sequences.some((sequence) => sequence.status === 'pass')) return 'ok';
    return result.sequences.length > 0 ? 'skipped' : '-';
  },
};

/** Failing structure findings of a table; '-' when its structure was not compared. */
const STRUCTURE: CheckColumn = {
  head: 'structure',
  cell: (result) => (result.structure === undefined ? '-' : count(failingStructure(result))),
};

function failingStructure(result: TableResult): number {
  return (result.structure ?? []).filter((found) => found.severity === 'fail').length;
}

/**
 * The check columns worth a place in the table: only those some table of the run has a value for, so a
 * run without tenants, foreign keys or sequences prints the plain diff table.
 */
export function checkColumns(tables: readonly TableResult[]): CheckColumn[] {
  const any = (test: (result: TableResult) => boolean) => tables.some(test);
  return [
    ...(any((result) => result.diff.inFlight !== undefined) ? [IN_FLIGHT] : []),
    ...(any((result) => result.tenant !== undefined) ? [TENANT] : []),
    ...(any((result) => result.integrity.some((key) => key.orphans !== null)) ? [ORPHANS] : []),
    ...(any((result) => result.integrity.some((key) => key.crossTenant !== null)) ? [CROSS_TENANT] : []),
    ...(any((result) => result.sequences.length > 0) ? [SEQUENCES] : []),
    ...(any((result) => failingStructure(result) > 0) ? [STRUCTURE] : []),
  ];
}

/** The checks' findings summed over the run in words, e.g. `1 NULL tenant, 2 orphan rows`; '' when none. */
export function checkTotals(summary: Summary): string {
  const sum = (pick: (result: TableResult) => number) =>
    summary.tables.reduce((total, result) => total + pick(result), 0);
  const totals: Array<[number, string, string]> = [
    [sum((result) => result.tenant?.nulls ?? 0), 'NULL tenant', 'NULL tenants'],
    [sum((result) => result.tenant?.unexpected ?? 0), 'unexpected tenant', 'unexpected tenants'],
    [
      sum((result) => result.integrity.reduce((total, key) => total + (key.orphans ?? 0), 0)),
      'orphan row',
      'orphan rows',
    ],
    [
      sum((result) => result.integrity.reduce((total, key) => total + (key.crossTenant ?? 0), 0)),
      'cross-tenant link',
      'cross-tenant links',
    ],
    [
      sum((result) => result.sequences.filter((sequence) => sequence.status === 'fail').length),
      'lagging sequence',
      'lagging sequences',
    ],
    [sum(failingStructure), 'failing structure finding', 'failing structure findings'],
  ];
  return totals
    .filter(([total]) => total > 0)
    .map(([total, one, many]) => `${count(total)} ${total === 1 ? one : many}`)
    .join(', ');
}

function sumOrDash(values: ReadonlyArray<number | null>): string {
  const checked = values.filter((value): value is number => value !== null);
  return checked.length === 0 ? '-' : count(checked.reduce((total, value) => total + value, 0));
}

function count(value: number): string {
  return formatNumber(value);
}

/** A table's counts as the results tables show them: rows in source and target, missing, extra, changed, then each check column's cell. */
export function countCells(result: TableResult, checks: readonly CheckColumn[]): string[] {
  return [
    formatCount(result.rows.source),
    formatCount(result.rows.target),
    formatCount(result.diff.missing),
    formatCount(result.diff.extra),
    formatCount(result.diff.changed),
    ...checks.map((check) => check.cell(result)),
  ];
}
