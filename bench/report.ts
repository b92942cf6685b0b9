import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exactFloorOf, type FloorKind } from './floors.js';
import type { Machine } from './machine.js';
import type { SizeResult } from './suite.js';
import { megabytes } from './measure.js';
import { judge } from './verdict.js';

/** Everything one `npm run bench` measured, as printed and as saved to bench/results/. */
export interface BenchReport {
  readonly machine: Machine;
  readonly runs: number;
  readonly rssMethod: string;
  readonly sizes: readonly SizeResult[];
}

const FLOOR_LABELS: Readonly<Record<FloorKind, string>> = {
  fast: 'fast floor: sum(hash_record_extended)',
  'exact-psql': 'exact floor: psql \\copy',
  'exact-node': 'exact floor: Node COPY reader',
};

/** The report as text: machine, one table per size, and the per-row costs when several sizes ran. */
export function renderReport(report: BenchReport): string {
  const { machine } = report;
  const lines = [
    '',
    `pgverify benchmark, ${machine.date}${machine.commit ? `, commit ${machine.commit}` : ''}`,
    `machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB memory, Node ${machine.node}, load average ${machine.loadAverage.toFixed(2)} at start`,
    `server: ${machine.postgres}`,
    `        ${machine.server}; ${Object.entries(machine.settings)
      .map(([name, value]) => `${name}=${value}`)
      .join(', ')}`,
    `peak RSS: ${report.rssMethod}`,
  ];
  // Other work competes with the servers for CPU, in bursts that hit floor and tool runs unevenly.
  if (machine.loadAverage > machine.cpus / 2) {
    lines.push(
      `warning: the machine was busy at start (load ${machine.loadAverage.toFixed(2)} on ${machine.cpus} CPUs): where median and best differ much, rerun on a quiet machine`,
    );
  }
  for (const size of report.sizes) lines.push('', ...sizeTable(size, report.runs));
  if (report.sizes.length > 1) lines.push('', ...scalingTable(report.sizes));
  return lines.join('\n');
}

function sizeTable(size: SizeResult, runs: number): string[] {
  const heapMb = (size.heapBytesPerRow * size.rows) / 1e6;
  const rows: string[][] = [
    ['', 'seconds', 'median', 'ratio', 'all floors', 'paired', 'target', 'CPU s', 'peak RSS', 'verdict'],
  ];
  const exactFloor = exactFloorOf(size.floors);
  for (const kind of Object.keys(FLOOR_LABELS) as FloorKind[]) {
    const floor = size.floors[kind];
    if (floor === undefined) continue;
    const base = kind === 'fast' ? floor : exactFloor!.value;
    const note = kind === 'fast' || kind === exactFloor?.kind ? '' : ' (shown beside the exact floor, not used)';
    rows.push([
      `${FLOOR_LABELS[kind]}${note}`,
      seconds(floor.best),
      seconds(floor.median),
      `${(floor.best / base.best).toFixed(2)}x`,
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
  }
  for (const result of size.scenarios) {
    const verdict = judge(result, size);
    const { maxRatio, maxRssBytes } = result.scenario;
    const floor = result.scenario.floor === 'fast' ? 'fast floor' : 'exact floor';
    const targets = [
      ...(maxRatio === undefined ? [] : [`<= ${maxRatio}x ${floor}`]),
      ...(maxRssBytes === undefined ? [] : [`RSS < ${megabytes(maxRssBytes)}`]),
    ];
    const target = targets.length > 0 ? targets.join(', ') : `none (ratio to the ${floor})`;
    const rss = result.peakRssBytes === null ? 'n/a' : megabytes(result.peakRssBytes);
    const cpu = result.cpuSeconds === null ? 'n/a' : seconds(result.cpuSeconds);
    const status = verdict.notes.length > 0 ? `${verdict.status} (${verdict.notes.join('; ')})` : verdict.status;
    rows.push([
      `pgverify check, ${result.scenario.name}`,
      seconds(result.timing.best),
      seconds(result.timing.median),
      `${verdict.ratio.toFixed(2)}x`,
      `${verdict.ratioToBestFloor.toFixed(2)}x`,
      `${verdict.pairedMedian.toFixed(2)}x`,
      target,
      cpu,
      rss,
      status,
    ]);
  }
  const title = `${size.rows.toLocaleString('en-US')} rows per table (${size.heapBytesPerRow.toFixed(0)} bytes/row, ${heapMb.toFixed(0)} MB heap), best of ${runs}; ratio: best time over the best of the floor runs just before its runs (as many as its runs); all floors: over the best floor of the whole run; paired: median of each run's ratio to the floor run just before it`;
  return [title, ...columns(rows)];
}

/** Best seconds per size, then the cost of each added row between sizes: equal steps mean linear growth. */
function scalingTable(sizes: readonly SizeResult[]): string[] {
  const names = sizes[0]!.scenarios.map((result) => result.scenario.name);
  const series = (size: SizeResult): number[] => [
    size.floors.fast?.best ?? Number.NaN,
    exactFloorOf(size.floors)?.value.best ?? Number.NaN,
    ...size.scenarios.map((result) => result.timing.best),
  ];
  const header = ['fast floor', 'exact floor', ...names];
  const totals = sizes.map((size) => {
    const byName = new Map(size.scenarios.map((result) => [result.scenario.name, result]));
    const changesCost =
      (byName.get('fast, 10 changes')?.timing.best ?? Number.NaN) -
      (byName.get('fast, identical')?.timing.best ?? Number.NaN);
    const exactRss = byName.get('exact, 10 changes')?.peakRssBytes ?? null;
    return [
      size.rows.toLocaleString('en-US'),
      ...series(size).map(seconds),
      `${changesCost >= 0 ? '+' : ''}${changesCost.toFixed(2)}`,
      exactRss === null ? 'n/a' : megabytes(exactRss),
    ];
  });
  const steps = sizes.slice(1).map((size, index) => {
    const previous = sizes[index]!;
    const added = size.rows - previous.rows;
    const before = series(previous);
    return [
      `${previous.rows.toLocaleString('en-US')} -> ${size.rows.toLocaleString('en-US')}`,
      ...series(size).map((value, column) => (((value - before[column]!) / added) * 1e6).toFixed(3)),
    ];
  });
  return [
    'scaling: best seconds per size (whole processes include their fixed start-up)',
    ...columns([['rows', ...header, 'fast: 10 changes cost, s', 'exact peak RSS'], ...totals]),
    '',
    'µs per added row between sizes (equal steps: cost grows linearly)',
    ...columns([['rows', ...header], ...steps]),
  ];
}

/** Writes the report as bench/results/<date>.json and returns the path. */
export async function saveReport(report: BenchReport, resultsDir: string): Promise<string> {
  await mkdir(resultsDir, { recursive: true });
  const path = join(resultsDir, `${report.machine.date.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}.json`);
  const sizes = report.sizes.map((size) => ({
    ...size,
    scenarios: size.scenarios.map((result) => ({ ...result, verdict: judge(result, size) })),
  }));
  await writeFile(path, `${JSON.stringify({ ...report, sizes }, null, 2)}\n`);
  return path;
}

function seconds(value: number): string {
  return value.toFixed(2);
}

/** Pads cells into aligned columns: the first left-aligned, the rest right-aligned up to the last. */
function columns(rows: readonly string[][]): string[] {
  const widths = rows[0]!.map((_, index) => Math.max(...rows.map((row) => (row[index] ?? '').length)));
  return rows.map((row) =>
    row
      .map((cell, index) => {
        const last = index === row.length - 1;
        return index === 0 || last ? cell.padEnd(last ? 0 : widths[index]!) : cell.padStart(widths[index]!);
      })
      .join('  ')
      .trimEnd(),
  );
}
