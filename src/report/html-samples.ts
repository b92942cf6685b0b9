import { formatFields } from '../plan/row-key.js';
import type { DiffKind, IntegrityFinding, TableResult } from '../summary.js';
import type { DiffSample } from './diff-samples.js';
import { escapeHtml } from './html-escape.js';
import { changedPairHtml, keyHtml, valueHtml } from './html-value.js';
import { countOf } from './findings-text.js';

/**
 * The first differing rows of one table, by kind: changed values side by side with the difference marked,
 * missing and extra rows by key, then the rows behind each tenant and foreign-key finding.
 */
export function samplesHtml(result: TableResult, samples: readonly DiffSample[], tenantColumn?: string): string {
  const ofKind = (kind: DiffKind): DiffSample[] => samples.filter((sample) => sample.kind === kind);
  const tenant = result.tenant?.column ?? tenantColumn ?? 'tenant';
  return [
    changedHtml(result, ofKind('changed')),
    keysHtml(
      result,
      ofKind('missing'),
      result.diff.missing,
      `${countOf(result.diff.missing, 'row')} of the source missing in the target`,
    ),
    keysHtml(
      result,
      ofKind('extra'),
      result.diff.extra,
      `${countOf(result.diff.extra, 'row')} in the target that the source does not have`,
    ),
    keysHtml(
      result,
      ofKind('tenant_null'),
      result.tenant?.nulls ?? 0,
      `${countOf(result.tenant?.nulls ?? 0, 'row')} without a ${tenant} (NULL)`,
    ),
    valuesHtml(
      result,
      ofKind('tenant_unexpected'),
      result.tenant?.unexpected ?? 0,
      `${countOf(result.tenant?.unexpected ?? 0, 'row')} of a ${tenant} other than ${result.tenant?.expected.join(' or ') ?? 'the expected ones'}`,
      `${tenant} found`,
    ),
    ...result.integrity.map((key) => keyRowsHtml(result, key, samples, tenant)),
  ].join('');
}

function changedHtml(result: TableResult, samples: readonly DiffSample[]): string {
  const total = result.diff.changed;
  if (total === 0) return '';
  const rows: string[] = [];
  let index = 0;
  while (index < samples.length) {
    // One key cell spans the consecutive lines of the same row: one line per changed column.
    let span = 1;
    while (samples[index + span]?.key === samples[index]!.key) span += 1;
    samples.slice(index, index + span).forEach((sample, line) => {
      const { source, target } = changedPairHtml(sample);
      const key = line === 0 ? `<th scope="rowgroup" rowspan="${span}">${keyHtml(sample)}</th>` : '';
      rows.push(
        `<tr>${key}<td><code>${escapeHtml(sample.column ?? '')}</code></td>` +
          `<td class="changed source">${source}</td><td class="changed target">${target}</td></tr>`,
      );
    });
    index += span;
  }
  const shown = new Set(samples.map((sample) => sample.key)).size;
  return section(
    `${countOf(total, 'row')} with different values`,
    shown,
    total,
    table([keyHeading(result), 'column', 'source value', 'target value'], rows),
    '<p class="legend">The part of each value that differs is marked.</p>',
  );
}

function keysHtml(result: TableResult, samples: readonly DiffSample[], total: number, heading: string): string {
  if (total === 0) return '';
  // A table on one side only is counted, not read row by row: diffs.csv lists none of its rows.
  if (result.rows.source === null || result.rows.target === null)
    return `<h4>${escapeHtml(heading)}</h4><p class="muted">The table exists on one side only: its rows are counted, not listed.</p>`;
  const rows = samples.map((sample) => `<tr><td>${keyHtml(sample)}</td></tr>`);
  return section(heading, samples.length, total, table([keyHeading(result)], rows));
}

function valuesHtml(
  result: TableResult,
  samples: readonly DiffSample[],
  total: number,
  heading: string,
  valueHeading: string,
): string {
  if (total === 0) return '';
  const rows = samples.map((sample) => `<tr><td>${keyHtml(sample)}</td><td>${valueHtml(sample.targetValue)}</td></tr>`);
  return section(heading, samples.length, total, table([keyHeading(result), valueHeading], rows));
}

/** The orphans and the cross-tenant links of one foreign key: the child's key and the value that points nowhere (or astray). */
function keyRowsHtml(
  result: TableResult,
  key: IntegrityFinding,
  samples: readonly DiffSample[],
  tenant: string,
): string {
  const column = formatFields(key.columns, true);
  const ofKey = (kind: DiffKind) => samples.filter((sample) => sample.kind === kind && sample.column === column);
  const parent = `a row of ${key.references.table}`;
  const described =
    `<p class="legend">Foreign key <code>${escapeHtml(key.name)}</code>: ` +
    `<code>${escapeHtml(key.columns.join(', '))}</code> → <code>${escapeHtml(key.references.table)}(${escapeHtml(key.references.columns.join(', '))})</code></p>`;
  const rows = (kind: DiffKind) =>
    ofKey(kind).map((sample) => `<tr><td>${keyHtml(sample)}</td><td>${valueHtml(sample.targetValue)}</td></tr>`);
  const orphans = key.orphans ?? 0;
  const crossTenant = key.crossTenant ?? 0;
  return [
    orphans === 0
      ? ''
      : section(
          `${countOf(orphans, 'row')} ${orphans === 1 ? 'points' : 'point'} at ${parent} that does not exist in the target`,
          ofKey('orphan').length,
          orphans,
          table([keyHeading(result), key.columns.join(', ')], rows('orphan')),
          described,
        ),
    crossTenant === 0
      ? ''
      : section(
          `${countOf(crossTenant, 'row')} ${crossTenant === 1 ? 'is' : 'are'} linked to ${parent} of another ${tenant}`,
          ofKey('cross_tenant').length,
          crossTenant,
          table([keyHeading(result), key.columns.join(', ')], rows('cross_tenant')),
          described,
        ),
  ].join('');
}

function section(heading: string, shown: number, total: number, body: string, legend = ''): string {
  const note =
    shown === 0
      ? '<p class="muted">No sample rows were kept: the diffs.csv line cap (--max-diff-rows) was reached before these rows.</p>'
      : shown < total
        ? `<p class="muted">The first ${countOf(shown, 'row')} ${shown === 1 ? 'is' : 'are'} shown; diffs.csv lists more up to its line cap per table (--max-diff-rows), keys.jsonl every differing key.</p>`
        : '';
  return `<h4>${escapeHtml(heading)}</h4>${legend}${shown === 0 ? '' : body}${note}`;
}

function table(headings: readonly string[], rows: readonly string[]): string {
  const head = headings.map((heading) => `<th scope="col">${escapeHtml(heading)}</th>`).join('');
  return `<div class="table-scroll"><table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function keyHeading(result: TableResult): string {
  return result.key === null ? 'row (no key: all its values)' : `key (${result.key.join(', ')})`;
}
