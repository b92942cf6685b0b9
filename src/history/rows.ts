import type { Summary, TableResult } from '../summary.js';
import type { TableCount } from './types.js';

/** A row of pgverify.runs, before the database gives it its id. */
export interface RunRow {
  readonly name: string;
  readonly started_at: string;
  readonly finished_at: string;
  readonly status: string;
  readonly mode: string;
  readonly source: string;
  readonly target: string;
  readonly source_schema: string;
  readonly target_schema: string;
  readonly reason: string | null;
  readonly interrupted: boolean;
  readonly pgverify_version: string;
}

/** A row of pgverify.table_results, without the run's id and name. */
export type TableRow = Readonly<Record<TableCount | 'rows_source' | 'rows_target' | 'duration_ms', number | null>> & {
  readonly table_name: string;
  readonly status: string;
  readonly reason: string | null;
};

/** The run's row: its summary's source and target are already without passwords (runFacts redacts them). */
export function runRow(name: string, summary: Summary): RunRow {
  return {
    name,
    started_at: summary.startedAt,
    finished_at: summary.finishedAt,
    status: summary.status,
    mode: summary.structureOnly === true ? 'structure-only' : summary.mode,
    source: summary.source,
    target: summary.target,
    source_schema: summary.sourceSchema,
    target_schema: summary.targetSchema,
    reason: summary.reason ?? null,
    interrupted: summary.interrupted === true,
    pgverify_version: summary.pgverifyVersion,
  };
}

/**
 * One table's counts as history keeps them; a check that did not run leaves its count null, not 0. In an error
 * whose rows were compared, a check failed and those after it never ran: no tenant or key count is kept.
 */
export function tableRow(result: TableResult): TableRow {
  const checked = result.status !== 'error';
  const counted = result.integrity.filter((finding) => finding.skipped === undefined);
  const sum = (pick: (finding: (typeof counted)[number]) => number | null): number | null => {
    const values = counted.map(pick).filter((value): value is number => value !== null);
    return values.length === 0 ? null : values.reduce((total, value) => total + value, 0);
  };
  return {
    table_name: result.name,
    status: result.status,
    reason: result.reason ?? null,
    rows_source: result.rows.source,
    rows_target: result.rows.target,
    missing: result.diff.missing,
    extra: result.diff.extra,
    changed: result.diff.changed,
    // Rows that differed and were equal when read again; null in a run without --recheck-after.
    in_flight: result.diff.inFlight ?? null,
    structure_failures:
      result.structure === undefined ? null : result.structure.filter((found) => found.severity === 'fail').length,
    tenant_nulls: checked ? (result.tenant?.nulls ?? null) : null,
    tenant_unexpected: checked ? (result.tenant?.unexpected ?? null) : null,
    orphans: checked ? sum((finding) => finding.orphans) : null,
    cross_tenant: checked ? sum((finding) => finding.crossTenant) : null,
    // NOT NULL in the history's schema: 0 for an error, as for a table that could not be compared.
    sequence_failures: result.sequences.filter((sequence) => sequence.status === 'fail').length,
    duration_ms: result.durationMs,
  };
}
