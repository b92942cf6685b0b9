import type { Table } from '../catalog/types.js';
import type { SideSession } from '../connect/session.js';
import { readUnionBatches } from '../connect/union-batches.js';
import { brokenLinksCountSql } from './integrity.js';
import { matchForeignKeys, type KeyScope } from './match-keys.js';
import { sequenceMaximaSql } from './sequences.js';
import type { CheckSubject } from './subject.js';
import { offendingTenantsSql, tenantApplies, type TenantSpec } from './tenant.js';

/** What the checks learn from counts over a table, read for many tables at once. */
export interface CheckFacts {
  /** Rows with a NULL or unexpected tenant; undefined when the table gets no tenant check. */
  readonly offendingTenants: number | undefined;
  /** The maxima of the columns the sequence check compares, in its order. */
  readonly sequenceMaxima: ReadonlyArray<string | null>;
  /** Rows with an orphan or cross-tenant link, by foreign key name, for the keys that are checked. */
  readonly brokenLinks: ReadonlyMap<string, number>;
}

/** A target table the checks will look at, with its source table (whose foreign keys it should have). */
export interface FactsSubject {
  readonly subject: CheckSubject;
  readonly source: Table | undefined;
}

/**
 * The SQL of one table's facts: aggregates over every row of the table (the tenant count filters itself; the
 * next insert collides with any row), and the foreign keys' counts, each a scalar subquery of its own. Read
 * with the table's whole-table checksum when both scan the same rows (whole-first.ts), else by readCheckFacts.
 */
export interface FactsQuery {
  readonly subject: CheckSubject;
  readonly aggregates: readonly string[];
  readonly subqueries: readonly string[];
  /** The facts, from the values of `aggregates` and `subqueries` in their order. */
  readonly facts: (aggregates: ReadonlyArray<string | null>, subqueries: ReadonlyArray<string | null>) => CheckFacts;
}

/** The facts each subject's checks want; a subject whose checks need no count gets none. */
export function factsQueries(
  subjects: readonly FactsSubject[],
  config: { readonly tenant: TenantSpec | undefined; readonly keys: KeyScope },
): Map<CheckSubject, FactsQuery> {
  const queries = new Map<CheckSubject, FactsQuery>();
  for (const { subject, source } of subjects) {
    const counted = tenantApplies(subject, config.tenant);
    const tenant = counted ? [offendingTenantsSql(subject, config.tenant)] : [];
    const maxima = sequenceMaximaSql(subject);
    const keys = matchForeignKeys(source, subject.table, config.keys).flatMap((key) =>
      'skipped' in key.check ? [] : [{ name: key.name, sql: brokenLinksCountSql(subject, key, key.check) }],
    );
    if (tenant.length + maxima.length + keys.length === 0) continue;
    queries.set(subject, {
      subject,
      aggregates: [...tenant, ...maxima],
      subqueries: keys.map((key) => key.sql),
      facts: (aggregates, subqueries) => ({
        offendingTenants: counted ? Number(aggregates[0]) : undefined,
        sequenceMaxima: aggregates.slice(counted ? 1 : 0),
        brokenLinks: new Map(keys.map((key, position) => [key.name, Number(subqueries[position])])),
      }),
    });
  }
  return queries;
}

/**
 * The tenant counts, sequence maxima and broken-link counts of many target tables, one statement per hundred
 * tables (see readUnionBatches) instead of a query per table and check. A check whose count is zero then needs
 * no query; a non-zero count is looked at by the check itself, which fetches the sample rows. A table left out
 * (its statement failed: a tenant value its column's type cannot hold) is checked by its own queries, which
 * fail with the check's name.
 */
export async function readCheckFacts(
  queries: readonly FactsQuery[],
  session: SideSession,
): Promise<Map<CheckSubject, CheckFacts>> {
  // Each part returns exactly one row: 0 the aggregates, 1 the foreign keys' counts.
  const batches = await readUnionBatches<FactsQuery, { entry: number; part: number; facts: Array<string | null> }>(
    session,
    queries,
    (query, index) => [
      ...(query.aggregates.length > 0
        ? [
            `SELECT ${index} AS entry, 0 AS part, ARRAY[${query.aggregates.join(', ')}]::text[] AS facts FROM ${query.subject.from}`,
          ]
        : []),
      ...(query.subqueries.length > 0
        ? [`SELECT ${index} AS entry, 1 AS part, ARRAY[${query.subqueries.join(', ')}]::text[] AS facts`]
        : []),
    ],
  );
  const found = new Map<CheckSubject, CheckFacts>();
  for (const { batch, rows } of batches) {
    const facts = new Map(rows.map((row) => [`${row.entry}:${row.part}`, row.facts]));
    batch.forEach((query, index) =>
      found.set(query.subject, query.facts(facts.get(`${index}:0`) ?? [], facts.get(`${index}:1`) ?? [])),
    );
  }
  return found;
}
