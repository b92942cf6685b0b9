import type { StructureFinding, StructureObject } from '../summary.js';
import type { FindingLine } from './finding-line.js';

const OBJECTS: Readonly<Record<StructureObject, string>> = {
  column: 'Column',
  constraint: 'Constraint',
  index: 'Index',
  trigger: 'Trigger',
  policy: 'Policy',
  rls: 'Row-level security of table',
  grant: 'A privilege of role',
  sequence: 'Sequence',
  view: 'View',
  matview: 'Materialized view',
  function: 'Function',
  extension: 'Extension',
  database: "The database's",
};

/** Objects whose definition is code the application runs: any change to it changes behaviour, none is "weaker". */
const DEFINED: ReadonlySet<StructureObject> = new Set(['view', 'matview', 'function']);

const LEVELS = { fail: 'fail', warning: 'warning', info: 'note' } as const;

/** Each structure finding in a sentence a DBA acts on, with both definitions; failures say what to restore. */
export function structureInWords(findings: readonly StructureFinding[]): FindingLine[] {
  return findings.map((found) => ({ level: LEVELS[found.severity], text: sentence(found) }));
}

function sentence(found: StructureFinding): string {
  const subject = `${OBJECTS[found.object]} ${found.name}`;
  const both = `source ${found.source}, target ${found.target}`;
  if (found.object === 'database')
    return `${subject} differs in the target (${both}): text can sort differently, so results and unique indexes on text may differ; REINDEX the target's indexes on text if the collation version changed.`;
  if (found.object === 'extension' && found.change === 'missing')
    return `${subject} is missing in the target (source: ${found.source}): CREATE EXTENSION ${found.name} on the target before the application uses it.`;
  if (found.change === 'changed' && found.severity === 'fail' && DEFINED.has(found.object))
    return `${subject} is defined differently in the target (${both}): the application gets other results; recreate it on the target as the source defines it.`;
  if (found.change === 'missing') {
    // The only finding of something missing that does not fail: a foreign key to a table the target does not hold.
    if (found.severity === 'info')
      return `${subject} was not compared: its parent table is not part of the target (source: ${found.source}).`;
    return `${subject} is missing in the target (source: ${found.source}): recreate it on the target as the source declares it.`;
  }
  if (found.change === 'extra') return `${subject} exists only in the target: ${found.target}.`;
  if (found.severity === 'fail')
    return `${subject} is weaker in the target than in the source (${both}): alter the target to the source's definition.`;
  return `${subject} differs in the target (${both})${found.severity === 'info' ? ': widened, nothing is lost' : ': check that this is intended'}.`;
}
