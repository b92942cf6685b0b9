import { assignmentsText } from './value-rules-text.js';
import { wasCompared, type IntegrityFinding, type TableResult } from '../summary.js';
import { formatNumber } from './format.js';
import { structureInWords } from './structure-text.js';
import type { FindingLine } from './finding-line.js';

/** A count with its noun: `1 row`, `2,000 rows`. */
export function countOf(count: number, noun: string, plural = `${noun}s`): string {
  return `${formatNumber(count)} ${count === 1 ? noun : plural}`;
}

/**
 * Every finding of one table in words, failures first: row differences, lost columns, tenant, foreign-key,
 * sequence and structure findings, then the table's warnings and the checks that could not run.
 * `tenantColumn` names the tenant in cross-tenant sentences when the table carries no tenant finding.
 */
export function findingsInWords(result: TableResult, tenantColumn?: string): FindingLine[] {
  if (result.status === 'error' && !wasCompared(result)) {
    return [
      { level: 'fail', text: `The table could not be checked: ${result.reason ?? 'unknown error'}` },
      ...warnings(result),
      ...routeNote(result),
    ];
  }
  // An error with counted rows: the comparison finished and a check after it could not run; what it and the
  // checks before it found stands.
  const broken: FindingLine[] =
    result.status === 'error'
      ? [
          {
            level: 'fail',
            text: `Its rows were compared, but a check could not run: ${result.reason ?? 'unknown error'}`,
          },
        ]
      : [];
  const tenant = result.tenant?.column ?? tenantColumn ?? 'tenant';
  const lines = [
    ...rowFindings(result),
    ...tenantFindings(result),
    ...result.integrity.flatMap((key) => keyFindings(key, tenant)),
  ];
  for (const sequence of result.sequences) {
    if (sequence.status === 'fail') {
      lines.push({
        level: 'fail',
        text:
          `Sequence ${sequence.name} would hand out ${sequence.nextValue} next, but ${sequence.column} already reaches ` +
          `${sequence.maxValue}: the next insert collides with an existing row (setval the sequence to max(${sequence.column})).`,
      });
    }
  }
  lines.push(...structureInWords(result.structure ?? []));
  const failures = [...broken, ...lines.filter((line) => line.level === 'fail')];
  const notes = [
    ...lines.filter((line) => line.level !== 'fail'),
    ...result.sequences
      .filter((sequence) => sequence.status === 'skipped')
      .map((sequence): FindingLine => ({
        level: 'note',
        text: `Sequence ${sequence.name} was not checked: ${sequence.skipped ?? 'skipped'}.`,
      })),
    ...routeNote(result),
  ];
  return [...failures, ...warnings(result), ...notes];
}

/** How a table without the tenant column had its source rows selected: through its foreign keys. */
function routeNote(result: TableResult): FindingLine[] {
  const route = result.sourceRoute;
  if (route === undefined) return [];
  const nullable = route.nullable ?? [];
  const alternatives = route.alternatives ?? [];
  const text = [
    `Source rows selected through ${route.through.join(' → ')}: the source filter applies to the ${route.through.at(-1)} row its foreign keys reach.`,
    ...(nullable.length > 0
      ? [`A row whose ${nullable.join(' or ')} is NULL reaches no tenant and is not read from the source.`]
      : []),
    ...(alternatives.length > 0
      ? [
          `As good a route leads through ${alternatives.join('; ')}: a row whose routes reach different tenants counts for the first's.`,
        ]
      : []),
  ];
  return [{ level: 'note', text: text.join(' ') }];
}

function rowFindings(result: TableResult): FindingLine[] {
  const { rows, diff, columns } = result;
  if (rows.target === null) {
    return [
      {
        level: 'fail',
        text: `The table does not exist in the target: ${diff.missing === 1 ? 'its 1 source row is' : `all ${countOf(diff.missing, 'source row')} are`} missing.`,
      },
    ];
  }
  if (rows.source === null) {
    return [
      {
        level: 'fail',
        text: `The table exists only in the target: ${diff.extra === 1 ? 'its 1 row has' : `its ${countOf(diff.extra, 'row')} have`} no source.`,
      },
    ];
  }
  const lines: FindingLine[] = [];
  if (columns.sourceOnly.length > 0) {
    lines.push({
      level: 'fail',
      text: `Columns only in the source, so their data is lost: ${columns.sourceOnly.join(', ')}.`,
    });
  }
  if (diff.missing > 0)
    lines.push({
      level: 'fail',
      text: `${countOf(diff.missing, 'source row')} ${verb(diff.missing, 'is', 'are')} missing in the target.`,
    });
  if (diff.extra > 0)
    lines.push({
      level: 'fail',
      text: `${countOf(diff.extra, 'target row')} ${verb(diff.extra, 'does', 'do')} not exist in the source.`,
    });
  if (diff.changed > 0)
    lines.push({
      level: 'fail',
      text: `${countOf(diff.changed, 'row')} ${verb(diff.changed, 'has', 'have')} different values in the target.`,
    });
  if (diff.inFlight !== undefined && diff.inFlight > 0)
    lines.push({
      level: 'note',
      text: `${countOf(diff.inFlight, 'row')} differed during the run and ${verb(diff.inFlight, 'was', 'were')} equal when read again (in flight): not a difference.`,
    });
  if (columns.targetOnly.length > 0) {
    lines.push({ level: 'note', text: `Columns only in the target, not compared: ${columns.targetOnly.join(', ')}.` });
  }
  return [...lines, ...mappingNotes(result)];
}

/** What --map-table, --map-column, --ignore-columns, --tolerance and --time-precision changed about this table's comparison. */
function mappingNotes(result: TableResult): FindingLine[] {
  const { renamed = {}, ignored = [], tolerances, timePrecision } = result.columns;
  const renames = Object.entries(renamed).map(([source, target]) => `${source} → ${target}`);
  return [
    ...(result.targetName !== undefined ? [`Compared with the target table ${result.targetName} (renamed).`] : []),
    ...(renames.length > 0 ? [`Columns compared under their new names: ${renames.join(', ')}.`] : []),
    ...(ignored.length > 0 ? [`Columns left out of the comparison on purpose: ${ignored.join(', ')}.`] : []),
    ...(tolerances === undefined ? [] : [`Numbers equal within a tolerance: ${assignmentsText(tolerances)}.`]),
    ...(timePrecision === undefined ? [] : [`Times compared truncated to: ${assignmentsText(timePrecision)}.`]),
  ].map((text) => ({ level: 'note', text }));
}

/** The failing tenant and foreign-key findings of a table in words: what its checks found beyond its rows. */
export function checkFailuresInWords(result: TableResult, tenantColumn?: string): FindingLine[] {
  const tenant = result.tenant?.column ?? tenantColumn ?? 'tenant';
  return [...tenantFindings(result), ...result.integrity.flatMap((key) => keyFindings(key, tenant))].filter(
    (line) => line.level === 'fail',
  );
}

function tenantFindings(result: TableResult): FindingLine[] {
  const { tenant } = result;
  if (tenant === undefined) return [];
  const lines: FindingLine[] = [];
  if (tenant.nulls > 0) {
    lines.push({
      level: 'fail',
      text: `${countOf(tenant.nulls, 'row')} ${verb(tenant.nulls, 'has', 'have')} no ${tenant.column} (NULL): the backfill missed ${tenant.nulls === 1 ? 'it' : 'them'}.`,
    });
  }
  if (tenant.unexpected > 0) {
    lines.push({
      level: 'fail',
      text: `${countOf(tenant.unexpected, 'row')} ${verb(tenant.unexpected, 'belongs', 'belong')} to a ${tenant.column} other than ${tenant.expected.join(' or ')}.`,
    });
  }
  return lines;
}

function keyFindings(key: IntegrityFinding, tenantColumn: string): FindingLine[] {
  const described = `foreign key ${key.name}: ${key.columns.join(', ')} → ${key.references.table}(${key.references.columns.join(', ')})`;
  if (key.skipped !== undefined)
    return [{ level: 'note', text: `Foreign key ${key.name} was not checked: ${key.skipped}.` }];
  const lines: FindingLine[] = [];
  if ((key.orphans ?? 0) > 0) {
    lines.push({
      level: 'fail',
      text: `${countOf(key.orphans!, 'row')} ${verb(key.orphans!, 'points', 'point')} at a row of ${key.references.table} that does not exist in the target (${described}).`,
    });
  }
  if ((key.crossTenant ?? 0) > 0) {
    lines.push({
      level: 'fail',
      text: `${countOf(key.crossTenant!, 'row')} ${verb(key.crossTenant!, 'is', 'are')} linked to a row of ${key.references.table} of another ${tenantColumn} (${described}).`,
    });
  }
  return lines;
}

function warnings(result: TableResult): FindingLine[] {
  return result.warnings.map((text) => ({ level: 'warning', text }));
}

function verb(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}
