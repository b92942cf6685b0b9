import { describe, expect, it } from 'vitest';
import { fleetVerdict, type FleetResult } from '../../../bench/fleet.js';

const result = (target: FleetResult['target'], best: number, floor: number): FleetResult => ({
  title: 'fleet',
  target,
  tool: { best, median: best, status: 'exit 0' },
  floor: { best: floor, median: floor },
});

describe('fleetVerdict', () => {
  it('judges a ratio target by the best run against the best floor', () => {
    expect(fleetVerdict(result({ ratio: 2 }, 1.9, 1))).toBe('target 2x: PASS');
    expect(fleetVerdict(result({ ratio: 2 }, 2.1, 1))).toBe('target 2x: MISS');
  });

  it('judges a target in seconds by the best run alone', () => {
    expect(fleetVerdict(result({ seconds: 2 }, 1.5, 0.1))).toBe('target 2 s: PASS');
    expect(fleetVerdict(result({ seconds: 2 }, 9.5, 1.8))).toBe('target 2 s: MISS');
  });

  it('says a store count without a target of its own was only measured', () => {
    expect(fleetVerdict(result(undefined, 9.5, 1.8))).toBe('no target for this number of stores: measured');
  });
});
