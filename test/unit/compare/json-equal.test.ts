import { describe, expect, it } from 'vitest';
import { sameJsonb } from '../../../src/compare/json-equal.js';

describe('sameJsonb', () => {
  it('treats numbers that differ only in scale as equal, as jsonb does', () => {
    expect(sameJsonb('{"a": 1.0, "b": [10.50, 0.0, -2.000]}', '{"a": 1, "b": [10.5, 0, -2]}')).toBe(true);
    expect(sameJsonb('100.00', '100')).toBe(true);
  });

  it('tells different numbers apart, in the integer part as well', () => {
    expect(sameJsonb('{"a": 1.01}', '{"a": 1.1}')).toBe(false);
    expect(sameJsonb('{"a": 10}', '{"a": 1}')).toBe(false);
    expect(sameJsonb('[100]', '[1.00]')).toBe(false);
  });

  it('leaves numbers inside strings and keys alone, escaped quotes included', () => {
    expect(sameJsonb('{"v": "1.0"}', '{"v": "1"}')).toBe(false);
    expect(sameJsonb('{"1.0": 1}', '{"1": 1}')).toBe(false);
    expect(sameJsonb('{"v": "say \\"2.0\\"", "n": 2.0}', '{"v": "say \\"2.0\\"", "n": 2}')).toBe(true);
    expect(sameJsonb('{"v": "say \\"2.0\\""}', '{"v": "say \\"2\\""}')).toBe(false);
  });
});
