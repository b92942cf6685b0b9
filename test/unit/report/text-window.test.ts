import { describe, expect, it } from 'vitest';
import { commonSuffix, detached, firstDifference, safeCut, sliceSafely } from '../../../src/report/text-window.js';

describe('text windows', () => {
  it('finds where two texts first differ, or the shorter length when one starts the other', () => {
    expect(firstDifference('abXcd', 'abYcd')).toBe(2);
    expect(firstDifference('abc', 'abcdef')).toBe(3);
    expect(firstDifference('same', 'same')).toBe(4);
  });

  it('measures the shared end without reaching back past the first difference', () => {
    expect(commonSuffix('abXcd', 'abYYcd', 2)).toBe(2);
    expect(commonSuffix('aaa', 'aaaa', 3)).toBe(0);
  });

  it('moves a cut off the middle of a surrogate pair', () => {
    const text = 'a😀b';
    expect(safeCut(text, 2)).toBe(1);
    expect(safeCut(text, 3)).toBe(3);
    expect(sliceSafely(text, 0, 2)).toBe('a');
    expect(sliceSafely(text, 2, 10)).toBe('😀b');
  });

  it('copies a text exactly, lone surrogates included', () => {
    const text = 'x\ud800y\udc00z';
    expect(detached(text)).toBe(text);
    expect(detached('')).toBe('');
  });
});
