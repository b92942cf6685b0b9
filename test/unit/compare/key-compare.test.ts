import { describe, expect, it } from 'vitest';
import { compareCodePoints, compareDecimals, compareKeys } from '../../../src/compare/key-compare.js';

describe('compareKeys', () => {
  it('orders integer keys numerically, beyond 2^53 too', () => {
    expect(compareKeys(['integer'], ['9'], ['10'])).toBeLessThan(0);
    expect(compareKeys(['integer'], ['9007199254740993'], ['9007199254740992'])).toBeGreaterThan(0);
    expect(compareKeys(['integer'], ['-5'], ['3'])).toBeLessThan(0);
  });

  it('orders composite keys column by column', () => {
    expect(compareKeys(['text', 'integer'], ['north', '10'], ['north', '9'])).toBeGreaterThan(0);
    expect(compareKeys(['text', 'integer'], ['east', '10'], ['north', '9'])).toBeLessThan(0);
    expect(compareKeys(['text', 'integer'], ['north', '9'], ['north', '9'])).toBe(0);
  });

  it('puts NULL after every value, as ORDER BY ASC does for keyless rows', () => {
    expect(compareKeys(['canonical'], [null], ['zzz'])).toBeGreaterThan(0);
    expect(compareKeys(['canonical', 'canonical'], ['a', null], ['a', null])).toBe(0);
  });
});

describe('compareDecimals', () => {
  it('orders numeric text by value whatever its scale', () => {
    expect(compareDecimals('1.5', '1.50')).toBe(0);
    expect(compareDecimals('10', '9.99')).toBeGreaterThan(0);
    expect(compareDecimals('-10', '-9.99')).toBeLessThan(0);
    expect(compareDecimals('0.001', '0.01')).toBeLessThan(0);
    expect(compareDecimals('123456789012345678901234567890', '123456789012345678901234567891')).toBeLessThan(0);
  });

  it('orders -Infinity < numbers < Infinity < NaN like PostgreSQL', () => {
    const sorted = ['NaN', '5', 'Infinity', '-Infinity', '-1'].sort(compareDecimals);
    expect(sorted).toEqual(['-Infinity', '-1', '5', 'Infinity', 'NaN']);
  });
});

describe('compareCodePoints', () => {
  it('orders by code point, which is the byte order of UTF-8 and COLLATE "C"', () => {
    const sorted = ['b', 'B', 'é', '_x', 'a', 'Z'].sort(compareCodePoints);
    expect(sorted).toEqual(['B', 'Z', '_x', 'a', 'b', 'é']);
  });

  it('puts an astral character after a high BMP character, unlike UTF-16 comparison', () => {
    const emoji = '\u{1F600}';
    const replacement = '\uFFFD';
    expect(emoji < replacement).toBe(true);
    expect(compareCodePoints(emoji, replacement)).toBeGreaterThan(0);
    expect(Buffer.compare(Buffer.from(emoji), Buffer.from(replacement))).toBeGreaterThan(0);
  });

  it('orders a prefix before the longer string', () => {
    expect(compareCodePoints('abc', 'abcd')).toBeLessThan(0);
  });
});
