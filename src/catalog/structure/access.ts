import type { Queryable } from '../../connect/query-batch.js';
import { grantsJson, toGrants, type RawGrant } from '../grants.js';
import type { Grant } from '../types.js';
import { overSchemaTables, readByTable, type StructureScope } from './schema-tables.js';
import type { PolicyDefinition } from './types.js';

interface RawPolicy {
  table: string;
  name: string;
  command: string;
  permissive: boolean;
  roles: string[];
  using_expression: string | null;
  check_expression: string | null;
}

interface RawAccess {
  table: string;
  enabled: boolean;
  forced: boolean;
  grants: RawGrant[];
}

/** Who may read and write a table: its row-level security switches and its privileges. */
export interface TableAccess {
  readonly rowSecurity: { readonly enabled: boolean; readonly forced: boolean };
  readonly grants: readonly Grant[];
}

const COMMANDS: Readonly<Record<string, string>> = { r: 'SELECT', a: 'INSERT', w: 'UPDATE', d: 'DELETE', '*': 'ALL' };

const POLICIES_SQL =
  overSchemaTables(
    `p.polname AS name, p.polcmd::text AS command, p.polpermissive AS permissive,
   ARRAY(SELECT CASE WHEN r.role = 0 THEN 'public' ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(r.role)) END
           FROM unnest(p.polroles) AS r(role))::text[] AS roles,
   pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS using_expression, pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS check_expression`,
    'JOIN pg_catalog.pg_policy p ON p.polrelid = t.oid',
  ) + '\n ORDER BY t.relname, p.polname';

const ACCESS_SQL = overSchemaTables(
  `t.relrowsecurity AS enabled, t.relforcerowsecurity AS forced, ${grantsJson('t.relacl', 't.relowner', 'r')} AS grants`,
);

/** The row-level security policies of every compared table of the schema, each as the words of CREATE POLICY after its name. */
export function readPolicies(client: Queryable, scope: StructureScope): Promise<Map<string, PolicyDefinition[]>> {
  return readByTable(client, scope, POLICIES_SQL, (raw: RawPolicy): PolicyDefinition =>
    Object.freeze({
      name: raw.name,
      definition: [
        `AS ${raw.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'} FOR ${COMMANDS[raw.command] ?? raw.command} TO ${[...raw.roles].sort().join(', ')}`,
        ...(raw.using_expression === null ? [] : [`USING (${raw.using_expression})`]),
        ...(raw.check_expression === null ? [] : [`WITH CHECK (${raw.check_expression})`]),
      ].join(' '),
    }),
  );
}

/** Row-level security and privileges of every compared table of the schema, in one query. */
export async function readAccess(client: Queryable, scope: StructureScope): Promise<Map<string, TableAccess>> {
  const byTable = await readByTable(client, scope, ACCESS_SQL, (raw: RawAccess): TableAccess =>
    Object.freeze({
      rowSecurity: Object.freeze({ enabled: raw.enabled, forced: raw.forced }),
      grants: toGrants(raw.grants),
    }),
  );
  return new Map([...byTable].map(([table, [access]]) => [table, access!]));
}
