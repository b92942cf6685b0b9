import { describe, expect, it } from 'vitest';
import { formatCount, formatNumber, rowDiffText } from '../../../src/report/format.js';

describe('formatNumber', () => {
  it('adds thousands separators where there are thousands, and leaves other numbers as they are', () => {
    expect([0, 7, 999, 1000, 14_737, 1_234_567].map(formatNumber)).toEqual([
      '0',
      '7',
      '999',
      '1,000',
      '14,737',
      '1,234,567',
    ]);
    expect([-5, -1500, 2.5, 1234.5].map(formatNumber)).toEqual(['-5', '-1,500', '2.5', '1,234.5']);
    expect(formatCount(null)).toBe('-');
    // Integers are formatted without ICU, as ICU's en-US formats them.
    const icu = new Intl.NumberFormat('en-US');
    const integers = [-9_007_199_254_740_991, -1_000_000, -999, 10, 100_000, 999_999, 123_456_789_012];
    expect(integers.map(formatNumber)).toEqual(integers.map((value) => icu.format(value)));
    expect(rowDiffText({ missing: 1, extra: 0, changed: 17_143 })).toBe('1 missing, 0 extra, 17,143 changed rows');
  });
});
