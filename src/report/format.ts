import type { RowDiffCounts, Status } from '../summary.js';

/** The formats every report shares: counts, statuses, durations and cut text, written once. */

/** Made on first use, for the rare number that is not an integer: ICU's number data costs 5-25 ms to load. */
let numberFormat: Intl.NumberFormat | undefined;

/** A count with thousands separators: `14,737`. */
export function formatNumber(count: number): string {
  if (!Number.isSafeInteger(count)) {
    numberFormat ??= new Intl.NumberFormat('en-US');
    return numberFormat.format(count);
  }
  const digits = String(Math.abs(count)).replace(/\B(?=(\d{3})+$)/g, ',');
  return count < 0 ? `-${digits}` : digits;
}

/** A count that may be unknown (a table absent on one side): `-` then. */
export function formatCount(count: number | null): string {
  return count === null ? '-' : formatNumber(count);
}

/** A table's row differences as its reason says them: `1 missing, 0 extra, 17,143 changed rows`. */
export function rowDiffText(diff: RowDiffCounts): string {
  return `${formatNumber(diff.missing)} missing, ${formatNumber(diff.extra)} extra, ${formatNumber(diff.changed)} changed rows`;
}

/**
 * A reason without its row counts (rowDiffText of the table's diff, which a failing table's reason starts with,
 * and the `; ` that joins it to the next), for a table that shows them in columns of their own.
 */
export function reasonBesideCounts(reason: string, diff: RowDiffCounts): string {
  const counts = rowDiffText(diff);
  if (reason === counts) return '';
  return reason.startsWith(`${counts}; `) ? reason.slice(counts.length + 2) : reason;
}

/**
 * `: <reason>` when every one of `reasons` (of the tables or runs that could not be checked) is the same, else '':
 * a verdict line, the only line under --quiet, then says why.
 */
export function sharedReason(reasons: readonly (string | undefined)[]): string {
  const distinct = new Set(reasons);
  const [reason] = distinct;
  return distinct.size === 1 && reason !== undefined ? `: ${reason}` : '';
}

/** How a status is shown as a verdict: PASS, FAIL, ERROR. */
export const STATUS_LABELS: Readonly<Record<Status, string>> = { pass: 'PASS', fail: 'FAIL', error: 'ERROR' };

/** How long a run took, or undefined where its timestamps are unparseable or reversed: they then say nothing true. */
export function elapsedMsOf(run: { readonly startedAt: string; readonly finishedAt: string }): number | undefined {
  const elapsedMs = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  return Number.isFinite(elapsedMs) && elapsedMs >= 0 ? elapsedMs : undefined;
}

/** A duration as people read it: `2.3 s` under a minute, `2 min 5 s` above. */
export function formatDuration(elapsedMs: number): string {
  if (elapsedMs < 60_000) return `${(elapsedMs / 1000).toFixed(1)} s`;
  const seconds = Math.round(elapsedMs / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** The first `count` of `names`, comma-separated, and how many more there are: `a, b, c and 4 more`. */
export function firstNames(names: readonly string[], count: number): string {
  const shown = names.slice(0, count).join(', ');
  return names.length > count ? `${shown} and ${names.length - count} more` : shown;
}

/** Text cut to `width` characters (not UTF-16 units) with an ellipsis when it is longer. */
export function truncateText(text: string, width: number): string {
  const chars = Array.from(text);
  return chars.length <= width ? text : `${chars.slice(0, Math.max(width - 1, 0)).join('')}…`;
}
