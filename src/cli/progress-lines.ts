import pc from 'picocolors';
import type { ProgressEvent } from '../verify/options.js';
import { formatNumber, truncateText } from '../report/format.js';

type Colors = ReturnType<typeof pc.createColors>;

const BAR_WIDTH = 20;

const COLORS = pc.createColors(true);
const PLAIN = pc.createColors(false);

/**
 * The log line of a table starting or finishing, or of a run of several finishing, for stderr when it is not
 * a terminal (cron, CI), e.g. `2024-05-01T10:00:02Z stores:4 customers: fail (0.3 s)`. Undefined for events
 * that are not logged (rows read).
 */
export function logLine(event: ProgressEvent, now: Date, color = false): string | undefined {
  if (event.type === 'rows') return undefined;
  const colors = color ? COLORS : PLAIN;
  const time = now.toISOString().replace(/\.\d+Z$/, 'Z');
  const paint = (status: string) =>
    (status === 'pass' ? colors.green : status === 'fail' ? colors.red : colors.yellow)(status);
  if (event.type === 'run') {
    return `${time} run ${event.run}: ${paint(event.status)}${event.reason === undefined ? '' : `: ${event.reason}`} (${seconds(event.durationMs)})`;
  }
  if (event.type === 'recheck') return `${time} ${recheckText(event)}`;
  const label = event.run === undefined ? event.table : `${event.run} ${event.table}`;
  if (event.type === 'start') return `${time} ${label}: started`;
  return `${time} ${label}: ${paint(event.status)} (${seconds(event.durationMs)})`;
}

/** A reading again of the differing rows (--recheck-after) about to start: `recheck 1/2: 3 rows of 1 table differ, read again in 5 s`. */
export function recheckText(event: ProgressEvent & { type: 'recheck' }): string {
  const run = event.run === undefined ? '' : `${event.run} `;
  const tables = `${formatNumber(event.tables)} ${event.tables === 1 ? 'table' : 'tables'}`;
  const rows = `${formatNumber(event.rows)} ${event.rows === 1 ? 'row' : 'rows'}`;
  return `${run}recheck ${event.round}/${event.times}: ${rows} of ${tables} differ, read again in ${event.afterSeconds} s`;
}

/** What a live line shows about one running table. */
export interface LiveState {
  readonly label: string;
  readonly done: number;
  /** The planner's row estimate; null when unknown. */
  readonly total: number | null;
  readonly elapsedMs: number;
  /** Characters the line may take. */
  readonly width: number;
}

/**
 * One running table on a terminal: `customers [████░░░░] 1,200/3,000 rows  400 rows/s  ETA 5 s`.
 * Without an estimate (or once the table outgrows it) there is no bar and no ETA, only rows and the rate.
 */
export function liveLine(state: LiveState, colors: Colors = PLAIN): string {
  const rate = state.elapsedMs > 0 ? (state.done * 1000) / state.elapsedMs : 0;
  const speed = `${formatNumber(Math.round(rate))} rows/s`;
  const label = truncateText(state.label, 32).padEnd(Math.min(32, state.label.length));
  let line: string;
  if (state.total !== null && state.total >= state.done && state.total > 0) {
    const filled = Math.round((state.done / state.total) * BAR_WIDTH);
    const bar = `${colors.cyan('█'.repeat(filled))}${'░'.repeat(BAR_WIDTH - filled)}`;
    const eta = rate > 0 ? duration(((state.total - state.done) / rate) * 1000) : '?';
    line = `${label} [${bar}] ${formatNumber(state.done)}/${formatNumber(state.total)} rows  ${speed}  ETA ${eta}`;
  } else {
    line = `${label} ${formatNumber(state.done)} rows  ${speed}  ${duration(state.elapsedMs)} elapsed`;
  }
  // Escape sequences take no columns; cut only lines whose visible text is too wide.
  // eslint-disable-next-line no-control-regex -- the terminal's escape character is what is matched
  const visible = line.replace(/\x1b\[[0-9;]*m/g, '');
  return visible.length <= state.width ? line : truncateText(visible, state.width);
}

/** A duration as a person reads it on a progress line: `45 s`, `3 min 5 s`, `2 h 10 min`. */
export function duration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  if (total < 60) return `${total} s`;
  if (total < 3600) return `${Math.floor(total / 60)} min ${total % 60} s`;
  return `${Math.floor(total / 3600)} h ${Math.floor((total % 3600) / 60)} min`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
