import { describe, expect, it } from 'vitest';
import { finerCuts, type DifferingRange } from '../../../src/compare/drill-down.js';
import { segment } from '../../../src/compare/segment.js';

const range = (lower: string | null, upper: string | null, rows: number): DifferingRange => ({
  segment: segment(lower === null ? null : [lower], upper === null ? null : [upper]),
  source: rows,
  target: rows - 1,
});

const values = (cuts: readonly (readonly string[])[]) => cuts.map((cut) => cut[0]!);

describe('the finer cuts of small differing ranges', () => {
  it('cuts a range of a thousand keys into 32 parts, its own bounds included', () => {
    const cuts = values(finerCuts('integer', [range('1000', '2000', 1000)]));
    expect(cuts[0]).toBe('1000');
    expect(cuts.at(-1)).toBe('2000');
    // A width of ceil(1000 / 32) = 32 keys: 31 cuts inside, the last part narrower.
    expect(cuts).toHaveLength(33);
    expect(cuts.slice(0, 3)).toEqual(['1000', '1032', '1064']);
    expect(cuts.map(BigInt).every((cut, index, all) => index === 0 || cut > all[index - 1]!)).toBe(true);
  });

  it('keeps ranges that touch apart by their shared bound once, and gaps between ranges as parts of no range', () => {
    const cuts = values(
      finerCuts('integer', [range('0', '100', 100), range('100', '200', 100), range('500', '600', 100)]),
    );
    expect(cuts.filter((cut) => cut === '100')).toHaveLength(1);
    expect(cuts).toContain('200');
    expect(cuts).toContain('500');
    expect(cuts.map(BigInt).every((cut, index, all) => index === 0 || cut > all[index - 1]!)).toBe(true);
  });

  it('leaves an open-ended range (the first or last bucket) whole when the keys it ends at are not known', () => {
    const ranges = [range(null, '-5000', 900), range('7000', '8000', 900), range('9000', null, 900)];
    const cuts = values(finerCuts('integer', ranges));
    expect(cuts[0]).toBe('-5000');
    expect(cuts[1]).toBe('7000');
    expect(cuts.at(-1)).toBe('9000');
    expect(cuts.at(-2)).toBe('8000');
  });

  it('cuts an open-ended range from the lowest key or up to the highest key read', () => {
    const ranges = [range(null, '-5000', 900), range('9000', null, 900)];
    const cuts = values(finerCuts('integer', ranges, { low: -5960n, high: 9639n }));
    expect(cuts.slice(0, 3)).toEqual(['-5960', '-5930', '-5900']);
    expect(cuts).toContain('-5000');
    expect(cuts).toContain('9020');
    expect(cuts.at(-1)).toBe('9640');
  });

  it("takes no open end at a span that lies beyond the range: one side's keys bound nothing of the other's", () => {
    // Sampled parts of a first bucket that holds the filtered side's keys, far below the other side's lowest.
    const ranges = [range(null, '-18000', 900), range('-18000', '-16000', 900), range('-16000', '-14000', 900)];
    const cuts = values(finerCuts('integer', ranges, { low: 0n, high: 1_000_000n }));
    expect(cuts[0]).toBe('-18000');
    expect(cuts).toContain('-16000');
    expect(cuts.at(-1)).toBe('-14000');
    expect(cuts.map(BigInt).every((cut, index, all) => index === 0 || cut > all[index - 1]!)).toBe(true);
  });

  it('never cuts above the largest int8, and cuts the whole table between the lowest and highest key', () => {
    const ranges = [range('9223372036854774000', '9223372036854775000', 900), range('9223372036854775000', null, 900)];
    const top = values(finerCuts('integer', ranges, { low: 0n, high: 2n ** 63n - 1n }));
    expect(top.every((cut) => BigInt(cut) < 2n ** 63n)).toBe(true);
    expect(top[0]).toBe('9223372036854774000');
    expect(top.at(-1)).toBe('9223372036854775000');
    const whole = values(finerCuts('integer', [range(null, null, 1000)], { low: 1n, high: 640n }));
    expect(whole[0]).toBe('1');
    expect(whole.at(-1)).toBe('641');
    expect(whole).toHaveLength(33);
  });

  it('cuts negative keys by the same arithmetic', () => {
    const cuts = values(finerCuts('integer', [range('-640', '-320', 300)]));
    expect(cuts.slice(0, 3)).toEqual(['-640', '-630', '-620']);
    expect(cuts.at(-1)).toBe('-320');
  });

  it('does not cut a range of few rows, and makes no finer pass when no range is cut', () => {
    expect(finerCuts('integer', [range('0', '1000', 64), range('5000', '6000', 10)])).toEqual([]);
    const cuts = values(finerCuts('integer', [range('0', '1000', 64), range('5000', '6000', 65)]));
    expect(cuts.slice(0, 3)).toEqual(['0', '1000', '5000']);
  });

  it('makes no finer pass over keys that are not integers or over bounds of whole composite keys', () => {
    expect(finerCuts('text', [range('a', 'z', 1000)])).toEqual([]);
    const composite: DifferingRange = { segment: segment(['1', 'a'], ['1', 'z']), source: 1000, target: 1000 };
    expect(finerCuts('integer', [range('0', '1000', 1000), composite])).toEqual([]);
  });

  it('makes no parts narrower than one key', () => {
    const cuts = values(finerCuts('integer', [range('10', '20', 500)]));
    expect(cuts).toEqual(['10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20']);
  });
});
