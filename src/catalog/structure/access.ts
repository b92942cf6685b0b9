import type { Queryable } from '../../connect/query-batch.js';
import { grantsJson, toGrants, type RawGrant } from '../grants.js';
import type { Grant } from '../types.js';
import { overRelations, readByRelation } from './schema-tables.js';
import type { PolicyDefinition } from './types.js';

interface RawPolicy {
  relid: string;
  name: string;
  command: string;
  permissive: boolean;
  roles: string[];
  using_expression: string | null;
  check_expression: string | null;
}

interface RawAccess {
  relid: string;
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

const POLICIES_SQL = overRelations(
  `p.polname AS name, p.polcmd::text AS command, p.polpermissive AS permissive,
   ARRAY(SELECT CASE WHEN r.role = 0 THEN 'public' ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(r.role)) END
           FROM unnest(p.polroles) AS r(role))::text[] AS roles,
   pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS using_expression, pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS check_expression`,
  'JOIN pg_catalog.pg_policy p ON p.polrelid = t.oid',
  'TRUE',
  'p.polname',
);

const ACCESS_SQL = overRelations(
  `t.relrowsecurity AS enabled, t.relforcerowsecurity AS forced, ${grantsJson('t.relacl', 't.relowner', 'r')} AS grants`,
);

/** The row-level security policies of every table of `oids`, each as the words of CREATE POLICY after its name. */
export function readPolicies(client: Queryable, oids: readonly number[]): Promise<Map<number, PolicyDefinition[]>> {
  return readByRelation(client, oids, POLICIES_SQL, (raw: RawPolicy): PolicyDefinition =>
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

/** Row-level security and privileges of every table of `oids`, in one query. */
export async function readAccess(client: Queryable, oids: readonly number[]): Promise<Map<number, TableAccess>> {
  const byTable = await readByRelation(client, oids, ACCESS_SQL, (raw: RawAccess): TableAccess =>
    Object.freeze({
      rowSecurity: Object.freeze({ enabled: raw.enabled, forced: raw.forced }),
      grants: toGrants(raw.grants),
    }),
  );
  return new Map([...byTable].map(([table, [access]]) => [table, access!]));
}
