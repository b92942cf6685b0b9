import { describe, expect, it } from 'vitest';
import type { ScenarioResult, SizeResult } from '../../../bench/suite.js';
import { judge } from '../../../bench/verdict.js';

const timing = (all: number[]) => ({ best: Math.min(...all), median: all[Math.floor(all.length / 2)]!, all });

/** Four fast scenarios' floors, 20 runs: the best of them (1.90) is lower than any one scenario's own. */
const size = (scenarios: ScenarioResult[]): SizeResult => ({
  rows: 2_000_000,
  heapBytesPerRow: 315,
  floors: { fast: timing([2.1, 1.9, 2.0, 2.2, 2.05]) },
  scenarios,
});

const identical = (floorSeconds: number[] | undefined, tool: number[], problems: string[] = []): ScenarioResult => ({
  scenario: { name: 'fast, identical', mode: 'fast', pair: 'identical', floor: 'fast', maxRatio: 1.15, checks: false },
  timing: timing(tool),
  peakRssBytes: 60e6,
  cpuSeconds: 0.3,
  problems,
  pairedRatios: tool.map((seconds, index) => seconds / (floorSeconds?.[index] ?? 2)),
  ...(floorSeconds === undefined ? {} : { floorSeconds }),
});

describe('judge', () => {
  it('holds the best run against the best of the floors run just before its runs, and shows the best of all', () => {
    const result = identical([2.0, 2.05, 2.1], [2.3, 2.4, 2.35]);
    const verdict = judge(result, size([result]));
    expect(verdict.ratio).toBeCloseTo(2.3 / 2.0, 10);
    expect(verdict.ratioToBestFloor).toBeCloseTo(2.3 / 1.9, 10);
    expect(verdict.status).toBe('PASS');
  });

  it('misses a target its own floors show it missed', () => {
    const result = identical([2.0, 2.05, 2.1], [2.32, 2.4, 2.35]);
    const verdict = judge(result, size([result]));
    expect(verdict.status).toBe('MISS');
    expect(verdict.notes).toEqual(['ratio 1.16x > 1.15x']);
  });

  it('judges a result recorded without its own floors by the best floor of the run, as then', () => {
    const result = identical(undefined, [2.3, 2.4]);
    const verdict = judge(result, size([result]));
    expect(verdict.ratio).toBeCloseTo(2.3 / 1.9, 10);
    expect(verdict.status).toBe('MISS');
  });

  it('calls a run with a wrong answer wrong, whatever its speed', () => {
    const result = identical([2.0], [1.0], ['exit code 1, expected 0']);
    expect(judge(result, size([result]))).toMatchObject({ status: 'WRONG', notes: ['exit code 1, expected 0'] });
  });
});
