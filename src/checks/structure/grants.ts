import { compareGrantIds } from '../../catalog/grants.js';
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

/**
 * Compares who may use a schema and create in it (each side's owner left out, see readSchemaObjects): a privilege
 * a role holds by name on the source's schema and not on the target's fails, as for a table, since that role
 * cannot reach the target's tables. PUBLIC's privileges and those only the target gives are left out: a shared
 * schema such as public grants PUBLIC by default (CREATE too before PostgreSQL 15), which a store's own schema
 * rightly does not copy, and every store of a fleet would carry that finding.
 */
export function compareSchemaGrants(
  source: { readonly name: string; readonly grants: readonly Grant[] },
  target: { readonly name: string; readonly grants: readonly Grant[] },
): StructureFinding[] {
  const on = { source: `SCHEMA ${source.name}`, target: `SCHEMA ${target.name}` };
  return compareObjectGrants(
    { on, source: source.grants, target: target.grants },
    (grant) => grant.grantee !== 'PUBLIC',
  ).filter((found) => found.change !== 'extra');
}

function compareObjectGrants(object: Granted, comparable: (grant: Grant) => boolean): StructureFinding[] {
  // The catalog's lists are sorted by role, then privilege (toGrants): one merge pass pairs them.
  const source = inGrantOrder(object.source);
  const target = inGrantOrder(object.target);
  const findings: StructureFinding[] = [];
  const extras: Grant[] = [];
  let nextSource = 0;
  let nextTarget = 0;
  while (nextSource < source.length || nextTarget < target.length) {
    const left = source[nextSource];
    const right = target[nextTarget];
    // Negative: the source's grant has no match in the target; positive: the target's has none in the source.
    const order = left === undefined ? 1 : right === undefined ? -1 : compareGrantIds(left, right);
    if (order <= 0) nextSource++;
    if (order >= 0) nextTarget++;
    if (order > 0) {
      if (comparable(right!)) extras.push(right!);
    } else if (!comparable(left!)) {
      continue;
    } else if (order < 0) {
      findings.push(finding('grant', left!.grantee, 'missing', 'fail', grantText(left!, object.on.source), null));
    } else if (left!.grantable !== right!.grantable) {
      findings.push(
        finding(
          'grant',
          left!.grantee,
          'changed',
          left!.grantable ? 'fail' : 'warning',
          grantText(left!, object.on.source),
          grantText(right!, object.on.target),
        ),
      );
    }
  }
  for (const grant of extras)
    findings.push(finding('grant', grant.grantee, 'extra', 'warning', null, grantText(grant, object.on.target)));
  return findings;
}

/** The grants in toGrants' order: as they are when they came from the catalog, else a sorted copy. */
function inGrantOrder(grants: readonly Grant[]): readonly Grant[] {
  for (let index = 1; index < grants.length; index++)
    if (compareGrantIds(grants[index - 1]!, grants[index]!) > 0) return [...grants].sort(compareGrantIds);
  return grants;
}

/** `GRANT SELECT ON orders TO app_ro WITH GRANT OPTION`. */
function grantText(grant: Grant, on: string): string {
  return `GRANT ${grant.privilege} ON ${on} TO ${grant.grantee}${grant.grantable ? ' WITH GRANT OPTION' : ''}`;
}
