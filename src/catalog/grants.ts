import type { Grant } from './types.js';

/** A privilege as the grants SQL returns it in its JSON array. */
export interface RawGrant {
  grantee: string;
  privilege: string;
  grantable: boolean;
}

/**
 * SQL for a JSON array of the privileges on one relation: `acl` and `owner` are its relacl and relowner
 * columns, `kind` the acldefault() object kind ('r' table, 's' sequence). A NULL relacl means the default
 * privileges, which are the owner's all the same: a target restored under another owner loses them.
 */
export function grantsJson(acl: string, owner: string, kind: 'r' | 's'): string {
  return `(SELECT coalesce(json_agg(json_build_object(
            'grantee', CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(g.grantee)::text END,
            'privilege', g.privilege_type, 'grantable', g.is_grantable)), '[]')
     FROM pg_catalog.aclexplode(coalesce(${acl}, pg_catalog.acldefault('${kind}', ${owner}))) AS g)`;
}

/**
 * One grant per role and privilege, sorted: grants of the same privilege by several grantors are one grant
 * for the comparison, with the grant option if any of them gave it.
 */
export function toGrants(raw: readonly RawGrant[]): readonly Grant[] {
  const merged = new Map<string, Grant>();
  for (const grant of raw) {
    const id = `${grant.grantee}\u0000${grant.privilege}`;
    const grantable = grant.grantable || merged.get(id)?.grantable === true;
    merged.set(id, Object.freeze({ grantee: grant.grantee, privilege: grant.privilege, grantable }));
  }
  return Object.freeze(
    [...merged.entries()]
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
      .map(([, grant]) => grant),
  );
}
