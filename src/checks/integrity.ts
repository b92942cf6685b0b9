import type { Field } from '../summary.js';
import type { ClientOnDemand } from '../connect/on-demand.js';
import { formatFields } from '../plan/row-key.js';
import { qualifiedName, quoteIdent } from '../sql.js';
import type { DiffSink } from '../diff-sink.js';
import type { IntegrityFinding } from '../summary.js';
import type { KeyCheck, KeyTarget } from './match-keys.js';
import { type CheckSubject, columnOf, columnText, filteredRows, sampleLimit, sampleWithCounts } from './subject.js';

/**
 * The parent as the join sees it. A parent without a unique index on the referenced columns is grouped
 * first, so a child row is counted once however many parents share its key; its tenants become an array.
 */
function parentRelation(key: KeyCheck, target: KeyTarget): string {
  const table = qualifiedName(target.parent.schema, target.parent.name);
  if (target.parentUnique) return `${table} AS p`;
  const columns = key.parentColumns.map((name) => `p.${quoteIdent(name)}`).join(', ');
  const tenant =
    target.tenantColumn === null
      ? ''
      : `, array_agg(DISTINCT p.${quoteIdent(target.tenantColumn)}) FILTER (WHERE p.${quoteIdent(target.tenantColumn)} IS NOT NULL) AS ${quoteIdent(target.tenantColumn)}`;
  return `(SELECT ${columns}${tenant} FROM ${table} AS p GROUP BY ${columns}) AS p`;
}

/**
 * Builds the one query of a foreign key: the filtered child rows whose non-NULL key has no parent (orphans)
 * or whose parent has another non-NULL tenant (cross-tenant), with both counts over all of them; the LIMIT
 * only trims the sample rows, taken in key order. A key with a NULL column is not checked, as PostgreSQL's
 * MATCH SIMPLE does.
 */
export function foreignKeyQuery(subject: CheckSubject, key: KeyCheck, target: KeyTarget): string {
  const { orphan, brokenRows } = brokenLinks(subject, key, target);
  const values = key.columns.map((name) => columnText(columnOf(subject.table, name)));
  return sampleWithCounts(
    subject,
    {
      columns: [...values.map((sql, index) => ({ name: `v${index}`, sql })), { name: 'orphan', sql: orphan }],
      from: brokenRows,
    },
    [
      { name: 'orphans', aggregate: 'count(*) FILTER (WHERE orphan)' },
      { name: 'broken', aggregate: 'count(*)' },
    ],
    '$1',
  );
}

/**
 * The number of the subject's rows with an orphan or cross-tenant link through `key`, as a scalar subquery that
 * can share a statement with other tables' (see check-facts.ts).
 */
export function brokenLinksCountSql(subject: CheckSubject, key: KeyCheck, target: KeyTarget): string {
  return `(SELECT count(*) ${brokenLinks(subject, key, target).brokenRows})::text`;
}

/** The FROM and WHERE of the subject's rows whose link through `key` is broken, and the SQL telling an orphan. */
function brokenLinks(subject: CheckSubject, key: KeyCheck, target: KeyTarget) {
  const child = (name: string) => `r.${quoteIdent(name)}`;
  const parent = (name: string) => `p.${quoteIdent(name)}`;
  const join = key.columns.map((name, index) => `${parent(key.parentColumns[index]!)} = ${child(name)}`).join(' AND ');
  const orphan = `${parent(key.parentColumns[0]!)} IS NULL`;
  const tenant = target.tenantColumn;
  const crossTenant =
    tenant === null
      ? 'FALSE'
      : target.parentUnique
        ? `${child(tenant)} <> ${parent(tenant)}`
        : `${child(tenant)} <> ALL (${parent(tenant)})`;
  const brokenRows = `FROM ${filteredRows(subject)}
          LEFT JOIN ${parentRelation(key, target)} ON ${join}
         WHERE ${key.columns.map((name) => `${child(name)} IS NOT NULL`).join(' AND ')}
           AND (${orphan} OR ${crossTenant})`;
  return { orphan, brokenRows };
}

/**
 * Checks one matched foreign key on the target rows; a skipped key is reported without a query, and so is a
 * key whose broken links were counted beforehand (`knownBroken`) as none.
 */
export async function checkForeignKey(
  client: ClientOnDemand,
  subject: CheckSubject,
  key: KeyCheck,
  sink: DiffSink,
  knownBroken?: number,
): Promise<IntegrityFinding> {
  const entry = {
    name: key.name,
    columns: [...key.columns],
    references: { table: key.parentName, columns: [...key.parentColumns] },
    declaredOn: key.declaredOn,
  };
  if ('skipped' in key.check) return { ...entry, orphans: null, crossTenant: null, skipped: key.check.skipped };
  const target = key.check;
  if (knownBroken === 0) return { ...entry, orphans: 0, crossTenant: target.tenantColumn === null ? null : 0 };
  const result = await (
    await client()
  ).query<unknown[]>({
    text: foreignKeyQuery(subject, key, target),
    values: [sampleLimit(sink.remaining)],
    rowMode: 'array',
    queryMode: 'extended',
  });
  const keyLength = subject.keyText.length;
  const valuesEnd = keyLength + key.columns.length;
  const first = result.rows[0];
  const orphans = first === undefined ? 0 : Number(first[valuesEnd + 1]);
  const broken = first === undefined ? 0 : Number(first[valuesEnd + 2]);
  for (const row of result.rows) {
    sink.write({
      table: subject.name,
      kind: row[valuesEnd] === true ? 'orphan' : 'cross_tenant',
      key: formatFields(row.slice(0, keyLength) as Field[], subject.keyed),
      column: formatFields(key.columns, true),
      sourceValue: null,
      targetValue: formatFields(row.slice(keyLength, valuesEnd) as Field[], true),
    });
  }
  return { ...entry, orphans, crossTenant: target.tenantColumn === null ? null : broken - orphans };
}
