import { openSide } from '../connect/session.js';
import { DatabaseError, PgVerifyError, describeError } from '../errors.js';
import { filterClause, quoteIdent, quoteLiteral } from '../sql.js';
import type { ResolvedRun } from './runs-options.js';

/** One row of a forEach query. */
export interface TenantRow {
  readonly tenant: string;
  /** Null when the query returns no target_schema: the run's own targetSchema applies. */
  readonly targetSchema: string | null;
}

/** A run of a forEach, one per tenant, before it is run. */
export interface TenantRun {
  readonly name: string;
  readonly options: ResolvedRun['options'];
}

interface RawTenantRow {
  tenant: string | null;
  target_schema: string | null;
  has_tenant: boolean;
}

/**
 * Runs a forEach query in a read-only snapshot on its side, through the extended protocol (one statement
 * only). Each row is read through to_jsonb, so any column type works and target_schema may be left out.
 */
export async function listTenants(
  run: ResolvedRun & { forEach: NonNullable<ResolvedRun['forEach']> },
): Promise<TenantRow[]> {
  const { on, query } = run.forEach;
  const session = await openSide(on, run.resolved[on], 1, run.resolved);
  try {
    const rows = await session
      .withClient(
        async (client) =>
          (await client.query<RawTenantRow>({ text: tenantQuerySql(query), queryMode: 'extended' })).rows,
      )
      .catch((error: unknown) => {
        // Two statements (`SELECT ...; SELECT ...`) reach the server as one with a stray `;`: say which it is.
        if (error instanceof DatabaseError && error.code === '42601' && queryBody(query).includes(';'))
          throw new PgVerifyError(`the query must be one statement, not several (${describeError(error)})`, {
            cause: error,
          });
        // A DELETE ... RETURNING cannot be read as a table: say what the query must be, not where it broke.
        if (
          error instanceof DatabaseError &&
          error.code === '42601' &&
          !/^\s*(\(|select\b|with\b|values\b|table\b)/i.test(query)
        )
          throw new PgVerifyError(`the query must be a SELECT (${describeError(error)})`, { cause: error });
        throw error;
      });
    if (rows.length > 0 && !rows[0]!.has_tenant)
      throw new PgVerifyError('the forEach query returns no column named tenant');
    return rows.map((row, index) => {
      if (row.tenant === null) throw new PgVerifyError(`the forEach query returned a NULL tenant (row ${index + 1})`);
      return { tenant: row.tenant, targetSchema: row.target_schema };
    });
  } finally {
    await session.close();
  }
}

/** The query wrapped so that its rows come back as text columns; a trailing semicolon is dropped. */
export function tenantQuerySql(query: string): string {
  return `SELECT to_jsonb(q) ->> 'tenant' AS tenant, to_jsonb(q) ->> 'target_schema' AS target_schema, to_jsonb(q) ? 'tenant' AS has_tenant FROM (${queryBody(query)}\n) AS q`;
}

/** The query as typed, without a trailing semicolon. */
function queryBody(query: string): string {
  return query.trim().replace(/;\s*$/, '');
}

/**
 * The run of one tenant: its rows of the source (`<tenantColumn> = '<tenant>'`, quoted as a literal since the
 * value comes from a database), its target schema and the tenant check. Its tenants share the fan-out's `jobs`
 * connections per side (SharedSessions), so it holds no more connections than a single run.
 */
export function tenantRun(run: ResolvedRun, row: TenantRow): TenantRun {
  const condition = `${quoteIdent(run.resolved.tenantColumn)} = ${quoteLiteral(row.tenant)}`;
  const sourceWhere =
    run.resolved.sourceWhere === undefined ? condition : `${filterClause(run.resolved.sourceWhere)} AND ${condition}`;
  return {
    name: `${run.name}:${row.tenant}`,
    options: {
      ...run.options,
      sourceWhere,
      targetSchema: row.targetSchema ?? run.resolved.targetSchema,
      tenants: [row.tenant],
      jobs: 1,
    },
  };
}
