import type { Grant } from './types.js';

/** A privilege as the grants SQL returns it in its JSON array. */
export interface RawGrant {
  grantee: string;
  privilege: string;
  grantable: boolean;
}

/**
 * SQL for a JSON array of the privileges on one object: `acl` and `owner` are its ACL and owner columns, `kind`
 * the acldefault() object kind ('r' table, 's' sequence, 'n' schema). A NULL ACL means the default privileges,
 * which are the owner's all the same: a target restored under another owner loses them. `withoutOwner` leaves
 * the owner's own privileges out, for objects whose owner differs by design (a store's schema, a template's).
 */
export function grantsJson(acl: string, owner: string, kind: 'r' | 's' | 'n', withoutOwner = false): string {
  return `(SELECT coalesce(json_agg(json_build_object(
            'grantee', CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(g.grantee)::text END,
            'privilege', g.privilege_type, 'grantable', g.is_grantable)), '[]')
     FROM pg_catalog.aclexplode(coalesce(${acl}, pg_catalog.acldefault('${kind}', ${owner}))) AS g${
       withoutOwner
         ? `
    WHERE g.grantee <> ${owner}`
         : ''
     })`;
}

/**
 * One grant per role and privilege, sorted by role, then privilege (compareGrantIds): grants of the same
 * privilege by several grantors are one grant for the comparison, with the grant option if any of them gave it.
 */
export function toGrants(raw: readonly RawGrant[]): readonly Grant[] {
  const sorted = [...raw].sort(compareGrantIds);
  const grants: Grant[] = [];
  for (const grant of sorted) {
    const last = grants.at(-1);
    if (last !== undefined && compareGrantIds(last, grant) === 0) {
      if (grant.grantable && !last.grantable) grants[grants.length - 1] = { ...last, grantable: true };
      continue;
    }
    grants.push({ grantee: grant.grantee, privilege: grant.privilege, grantable: grant.grantable });
  }
  for (const grant of grants) Object.freeze(grant);
  return Object.freeze(grants);
}

/** The order of toGrants' lists: by role, then privilege (code-unit order, as the catalog's names compare in JS). */
export function compareGrantIds(left: GrantId, right: GrantId): number {
  if (left.grantee !== right.grantee) return left.grantee < right.grantee ? -1 : 1;
  if (left.privilege !== right.privilege) return left.privilege < right.privilege ? -1 : 1;
  return 0;
}

type GrantId = Pick<Grant, 'grantee' | 'privilege'>;
