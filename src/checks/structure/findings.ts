import type { StructureChange, StructureFinding, StructureObject, StructureSeverity } from '../../summary.js';

const RANK: Readonly<Record<StructureSeverity, number>> = { info: 0, warning: 1, fail: 2 };

/** The most serious of several severities (`info` for none). */
export function worst(severities: Iterable<StructureSeverity>): StructureSeverity {
  let result: StructureSeverity = 'info';
  for (const severity of severities) if (RANK[severity] > RANK[result]) result = severity;
  return result;
}

/** A finding, frozen, with both definitions (null on the side without the object). */
export function finding(
  object: StructureObject,
  name: string,
  change: StructureChange,
  severity: StructureSeverity,
  source: string | null,
  target: string | null,
): StructureFinding {
  return Object.freeze({ object, name, change, severity, source, target });
}

/** An object as the matcher sees it: compared by `key` (its definition, names resolved), paired by `name` when keys differ. */
export interface Comparable {
  readonly name: string;
  readonly key: string;
  /** What the finding shows as the definition. */
  readonly shown: string;
}

/** The severities of each kind of difference for one kind of object. */
export interface Severities {
  readonly missing: StructureSeverity | ((source: Comparable) => StructureSeverity);
  readonly extra: StructureSeverity;
  readonly changed: StructureSeverity;
}

/**
 * Matches objects by definition, not by name: a renamed index is the same index. A source object whose
 * definition the target lacks is `changed` when the target has an unmatched object of the same name, else
 * `missing`; target objects left over are `extra`. Duplicate definitions match one for one.
 */
export function matchObjects(
  object: StructureObject,
  source: readonly Comparable[],
  target: readonly Comparable[],
  severities: Severities,
): StructureFinding[] {
  const unmatched = [...target];
  const leftover: Comparable[] = [];
  for (const item of source) {
    const at = unmatched.findIndex((candidate) => candidate.key === item.key);
    if (at >= 0) unmatched.splice(at, 1);
    else leftover.push(item);
  }
  const findings: StructureFinding[] = [];
  for (const item of leftover) {
    const at = unmatched.findIndex((candidate) => candidate.name === item.name);
    if (at >= 0) {
      findings.push(finding(object, item.name, 'changed', severities.changed, item.shown, unmatched[at]!.shown));
      unmatched.splice(at, 1);
    } else {
      const severity = typeof severities.missing === 'function' ? severities.missing(item) : severities.missing;
      findings.push(finding(object, item.name, 'missing', severity, item.shown, null));
    }
  }
  return [
    ...findings,
    ...unmatched.map((item) => finding(object, item.name, 'extra', severities.extra, null, item.shown)),
  ];
}
