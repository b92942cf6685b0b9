import { redactConnectionString } from '../connect/conninfo.js';
import {
  uncheckedTable,
  wasCompared,
  type RunsSummary,
  type RunSummary,
  type ServerFacts,
  type Side,
  type Status,
  type StructureFinding,
  type Summary,
  type TableResult,
} from '../summary.js';
import { schemaStatus, structureFailures } from '../checks/structure/verdict.js';
import { countOf, findingsInWords } from './findings-text.js';
import { assignmentsText } from './value-rules-text.js';
import { structureInWords } from './structure-text.js';
import { commandLineText } from './run-origin.js';
import { elapsedMsOf, formatNumber, reasonBesideCounts } from './format.js';
import { escapeXml, escapeXmlAttribute } from './xml-escape.js';

/**
 * The run as JUnit XML in the Surefire shape CI servers read (testsuites > testsuite > testcase): one
 * testcase per table, named by the table, classed by the schema pair; a `failure` for a table that
 * differs, an `error` for one that could not be checked. Several runs give one testsuite each, and their
 * classnames start with the run's name (`stores:4.public.store_4`): CI servers group testcases by classname,
 * so each store's tables get a class of their own instead of all sharing `public.public`.
 */
export function renderJunit(summary: Summary | RunsSummary): string {
  const suites =
    'runs' in summary
      ? summary.runs.map((run) => ({
          summary: run,
          name: `pgverify ${run.name}: ${run.sourceSchema} → ${run.targetSchema}`,
          classPrefix: `${run.name}.`,
        }))
      : [{ summary, name: `pgverify ${summary.sourceSchema} → ${summary.targetSchema}`, classPrefix: '' }];
  const all = suites.flatMap((suite) => [
    ...tablesOf(suite.summary).map((table) => table.status),
    ...schemaCaseOf(suite.summary).map((found) => found.status),
  ]);
  const count = (status: TableResult['status']): number => all.filter((one) => one === status).length;
  const time = seconds(elapsedMsOf(summary) ?? 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="pgverify" tests="${all.length}" failures="${count('fail')}" errors="${count('error')}" skipped="0" time="${time}">`,
    ...suites.map((suite) => testsuiteXml(suite.summary, suite.name, suite.classPrefix)),
    '</testsuites>',
    '',
  ].join('\n');
}

/** A run's tables; a run that could not start at all is one errored testcase, so CI shows it. */
function tablesOf(summary: Summary | RunSummary): readonly TableResult[] {
  if (summary.tables.length > 0 || summary.reason === undefined) return summary.tables;
  return [uncheckedTable('(run)', summary.reason, 0)];
}

function testsuiteXml(summary: Summary, name: string, classPrefix: string): string {
  const tables = tablesOf(summary);
  const schema = schemaCaseOf(summary);
  const statuses = [...tables.map((table) => table.status), ...schema.map((found) => found.status)];
  const count = (status: TableResult['status']): number => statuses.filter((one) => one === status).length;
  const counts = `tests="${statuses.length}" failures="${count('fail')}" errors="${count('error')}" skipped="0"`;
  const time = seconds(elapsedMsOf(summary) ?? 0);
  const classname = escapeXmlAttribute(`${classPrefix}${summary.sourceSchema}.${summary.targetSchema}`);
  const timestamp = escapeXmlAttribute(summary.startedAt.replace(/\.\d+Z$/, 'Z'));
  return [
    `  <testsuite name="${escapeXmlAttribute(name)}" ${counts} time="${time}" timestamp="${timestamp}">`,
    propertiesXml(summary),
    ...schema.map((found) => schemaTestcaseXml(found.findings, found.status, classname)),
    ...tables.map((table) => testcaseXml(table, classname)),
    '  </testsuite>',
  ].join('\n');
}

/** The run's schema-level structure as one testcase, when it found something (a clean run keeps one testcase per table). */
function schemaCaseOf(summary: Summary): Array<{ findings: readonly StructureFinding[]; status: Status }> {
  if (summary.structure === false || summary.structure === undefined || summary.structure.length === 0) return [];
  return [{ findings: summary.structure, status: schemaStatus(summary.structure) }];
}

/** The testcase `(structure)`: a failure naming each failing schema-level finding, every finding in its body. */
function schemaTestcaseXml(findings: readonly StructureFinding[], status: Status, classname: string): string {
  const open = `    <testcase classname="${classname}" name="(structure)" time="0.000"`;
  const lines = structureInWords(findings).map((line) => `${line.level}: ${line.text}`);
  if (status === 'pass') {
    if (lines.length === 0) return `${open}/>`;
    return `${open}>\n      <system-out>${escapeXml(lines.join('\n'))}</system-out>\n    </testcase>`;
  }
  const message = `schema ${structureFailures(findings).join('')}`;
  return (
    `${open}>\n      <failure message="${escapeXmlAttribute(message)}" type="difference">` +
    `${escapeXml([`(structure): ${message}`, ...lines].join('\n'))}</failure>\n    </testcase>`
  );
}

function propertiesXml(summary: Summary): string {
  const properties: Array<[string, string]> = [
    ['mode', summary.mode],
    // Already redacted in the summary; again here because CI servers publish these files.
    ['source', redactConnectionString(summary.source)],
    ['target', redactConnectionString(summary.target)],
    ['sourceSchema', summary.sourceSchema],
    ['targetSchema', summary.targetSchema],
    ...serverProperties('source', summary.sourceServer),
    ...serverProperties('target', summary.targetServer),
    ['pgverifyVersion', summary.pgverifyVersion],
    ...(summary.commandLine == null ? [] : [['commandLine', commandLineText(summary.commandLine)] as [string, string]]),
    ...(summary.tolerances === undefined
      ? []
      : [['tolerances', assignmentsText(summary.tolerances)] as [string, string]]),
    ...(summary.timePrecision === undefined
      ? []
      : [['timePrecision', assignmentsText(summary.timePrecision)] as [string, string]]),
    ['startedAt', summary.startedAt],
    ['finishedAt', summary.finishedAt],
    ...(summary.interrupted ? [['interrupted', 'true'] as [string, string]] : []),
  ];
  const lines = properties.map(
    ([name, value]) => `      <property name="${name}" value="${escapeXmlAttribute(value)}"/>`,
  );
  return ['    <properties>', ...lines, '    </properties>'].join('\n');
}

/**
 * `sourceServerVersion` and `sourceServerVersionNum` (server_version, server_version_num), then, when the
 * structure was compared, the database's facts a sign-off states: `sourceEncoding`, `sourceCollate`,
 * `sourceCtype`, `sourceCollationProvider`, `sourceCollationVersion` (when the provider has one) and
 * `sourceExtensions` (`name version` pairs, comma-separated); none for a server never reached.
 */
function serverProperties(side: Side, server: ServerFacts | null | undefined): Array<[string, string]> {
  if (server == null) return [];
  const facts: Array<[string, string | null | undefined]> = [
    ['ServerVersion', server.version],
    ['ServerVersionNum', String(server.versionNum)],
    ['Encoding', server.encoding],
    ['Collate', server.collate],
    ['Ctype', server.ctype],
    ['CollationProvider', server.collationProvider],
    ['CollationVersion', server.collationVersion],
    ['Extensions', server.extensions?.map((extension) => `${extension.name} ${extension.version}`).join(', ')],
  ];
  return facts.flatMap(([name, value]) => (value == null ? [] : [[`${side}${name}`, value] as [string, string]]));
}

function testcaseXml(table: TableResult, classname: string): string {
  const open = `    <testcase classname="${classname}" name="${escapeXmlAttribute(table.name)}" time="${seconds(table.durationMs)}"`;
  const findings = findingsInWords(table).map((line) => `${line.level}: ${line.text}`);
  if (table.status === 'pass') {
    if (findings.length === 0) return `${open}/>`;
    return `${open}>\n      <system-out>${escapeXml(findings.join('\n'))}</system-out>\n    </testcase>`;
  }
  const element = table.status === 'error' ? 'error' : 'failure';
  const message =
    table.status !== 'error'
      ? failureMessage(table)
      : wasCompared(table)
        ? `rows compared, but a check could not run: ${table.reason ?? 'unknown error'}`
        : `could not be checked: ${table.reason ?? 'unknown error'}`;
  const body = [
    `${table.name}: ${message}`,
    ...(table.reason === undefined ? [] : [`reason: ${table.reason}`]),
    ...findings,
  ].join('\n');
  return (
    `${open}>\n      <${element} message="${escapeXmlAttribute(message)}" type="${table.status === 'error' ? 'error' : 'difference'}">` +
    `${escapeXml(body)}</${element}>\n    </testcase>`
  );
}

/** The counts first (rows on each side, then the diff), then every failing finding as the summary's reason words them. */
function failureMessage(table: TableResult): string {
  const rows = (count: number | null) => (count === null ? 'table absent' : countOf(count, 'row'));
  const { missing, extra, changed } = table.diff;
  const counts =
    `source ${rows(table.rows.source)}, target ${rows(table.rows.target)}: ` +
    `${formatNumber(missing)} missing, ${formatNumber(extra)} extra, ${formatNumber(changed)} changed`;
  // The reason repeats the diff counts when there are any; the message states them once.
  const findings = reasonBesideCounts(table.reason ?? '', table.diff)
    .split('; ')
    .filter((part) => part !== '');
  return [counts, ...findings].join('; ');
}

/** Seconds with millisecond precision, as JUnit readers expect; 0 for an unknown or negative duration. */
function seconds(milliseconds: number): string {
  return Number.isFinite(milliseconds) && milliseconds > 0 ? (milliseconds / 1000).toFixed(3) : '0.000';
}
