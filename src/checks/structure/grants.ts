import type { Grant, Table } from '../../catalog/types.js';
import type { ColumnRules } from '../../plan/match-rules.js';
import type { StructureFinding } from '../../summary.js';
import { sequenceName } from '../sequences.js';
import { finding } from './findings.js';
import { pairSequences } from './sequences.js';

/** The PostgreSQL major (server_version_num) that introduced a privilege; one side older than that cannot hold it. */
const PRIVILEGE_SINCE: Readonly<Record<string, number>> = { MAINTAIN: 170000 };

/** Both servers' server_version_num. */
export interface ServerVersions {
  readonly source: number;
  readonly target: number;
}

/** Grants of one object, with the words naming it: `orders`, `SEQUENCE orders_id_seq`. */
interface Granted {
  readonly on: { readonly source: string; readonly target: string };
  readonly source: readonly Grant[];
  readonly target: readonly Grant[];
}

/**
 * Compares each role's privileges on the table and on the sequences feeding it (paired by column): a
 * privilege or grant option the target lacks fails, one only the target gives is a warning (more access than
 * before). Privileges one server's version does not have (MAINTAIN before 17) are not compared.
 */
export function compareGrants(
  source: Table,
  target: Table,
  access: { source: readonly Grant[]; target: readonly Grant[] },
  rules: ColumnRules,
  versions: ServerVersions,
): StructureFinding[] {
  const oldest = Math.min(versions.source, versions.target);
  const comparable = (grant: Grant) => (PRIVILEGE_SINCE[grant.privilege] ?? 0) <= oldest;
  const objects: Granted[] = [{ on: { source: source.name, target: target.name }, ...access }];
  for (const pair of pairSequences(source, target, rules).pairs) {
    if (pair.target === undefined) continue;
    objects.push({
      on: {
        source: `SEQUENCE ${sequenceName(pair.source, source.schema)}`,
        target: `SEQUENCE ${sequenceName(pair.target, target.schema)}`,
      },
      source: pair.source.definition.grants,
      target: pair.target.definition.grants,
    });
  }
  return objects.flatMap((object) => compareObjectGrants(object, comparable));
}

function compareObjectGrants(object: Granted, comparable: (grant: Grant) => boolean): StructureFinding[] {
  const id = (grant: Grant) => `${grant.grantee}\u0000${grant.privilege}`;
  const targets = new Map(object.target.filter(comparable).map((grant) => [id(grant), grant]));
  const findings: StructureFinding[] = [];
  for (const grant of object.source.filter(comparable)) {
    const other = targets.get(id(grant));
    targets.delete(id(grant));
    const shown = grantText(grant, object.on.source);
    if (other === undefined) findings.push(finding('grant', grant.grantee, 'missing', 'fail', shown, null));
    else if (other.grantable !== grant.grantable) {
      findings.push(
        finding(
          'grant',
          grant.grantee,
          'changed',
          grant.grantable ? 'fail' : 'warning',
          shown,
          grantText(other, object.on.target),
        ),
      );
    }
  }
  return [
    ...findings,
    ...[...targets.values()].map((grant) =>
      finding('grant', grant.grantee, 'extra', 'warning', null, grantText(grant, object.on.target)),
    ),
  ];
}

/** `GRANT SELECT ON orders TO app_ro WITH GRANT OPTION`. */
function grantText(grant: Grant, on: string): string {
  return `GRANT ${grant.privilege} ON ${on} TO ${grant.grantee}${grant.grantable ? ' WITH GRANT OPTION' : ''}`;
}
