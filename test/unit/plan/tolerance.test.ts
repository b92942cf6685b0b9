import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { parseTimeUnit, truncatedTimeSql } from '../../../src/plan/time-precision.js';
import { Tolerance } from '../../../src/plan/tolerance.js';

describe('Tolerance.allows: the row rule |a - b| <= N of both modes', () => {
  const cent = Tolerance.parse('t.amount', '0.01');

  it('holds values at most N apart equal, the bound included, and values further apart not', () => {
    expect(cent.allows('0.0049', '0.0051')).toBe(true);
    expect(cent.allows('10.00', '10.01')).toBe(true);
    expect(cent.allows('10.01', '10')).toBe(true);
    expect(cent.allows('-0.005', '0.005')).toBe(true);
    expect(cent.allows('10', '10.0100001')).toBe(false);
    expect(cent.allows('1', '-1')).toBe(false);
  });

  it('compares the exact decimals the sides print, however large or long', () => {
    expect(cent.allows('12345678901234567890.01', '12345678901234567890.02')).toBe(true);
    expect(cent.allows('12345678901234567890.01', '12345678901234567890.03')).toBe(false);
    const nano = Tolerance.parse('t.ratio', '1e-9');
    expect(nano.allows('0.30000000000000004', '0.3')).toBe(true);
    expect(nano.allows('1e-09', '2e-09')).toBe(true);
    expect(nano.allows('1.5e+300', '1.5000000000000002e+300')).toBe(false);
    expect(nano.allows('-0', '0')).toBe(true);
    const tiny = Tolerance.parse('t.x', '1.5e-320');
    expect(tiny.allows('1e-320', '2.5e-320')).toBe(true);
    expect(tiny.allows('1e-320', '2.50000000000000000001e-320')).toBe(false);
    expect(cent.allows('0.1', '0.11')).toBe(true);
    expect(cent.allows('0.1', '0.1100000000000000000000001')).toBe(false);
  });

  it('holds NaN equal to NaN only and an infinity equal to the same infinity only', () => {
    const wide = Tolerance.parse('t.x', '1e300');
    expect(wide.allows('NaN', 'NaN')).toBe(true);
    expect(wide.allows('NaN', '0')).toBe(false);
    expect(wide.allows('Infinity', 'Infinity')).toBe(true);
    expect(wide.allows('Infinity', '1e+308')).toBe(false);
    expect(wide.allows('Infinity', '-Infinity')).toBe(false);
  });

  it('accepts a positive number as text or as a JSON number, and nothing else', () => {
    expect(Tolerance.parse('t.x', 0.5).text).toBe('0.5');
    expect(Tolerance.parse('t.x', ' 1e-9 ').text).toBe('1e-9');
    for (const bad of ['0', '-1', 'abc', 'NaN', 'Infinity', '', '1,5', 0, -0.1, null])
      expect(() => Tolerance.parse('t.x', bad)).toThrow(UsageError);
    expect(() => Tolerance.parse('t.x', 'abc')).toThrow('--tolerance t.x must be a positive number, not "abc"');
  });

  it('hashes the cell of an exact grid: div and the sign of value + N/2, with N/2 spelled exactly', () => {
    expect(cent.gridSql('numeric', 'r."amount"', 'trim_scale(r."amount")::text')).toBe(
      `div((r."amount"::numeric + '5e-3'::numeric), '0.01'::numeric)::text || ':' || sign((r."amount"::numeric + '5e-3'::numeric))::text`,
    );
    // A float's cell comes from the text the row rule reads, once NaN and the infinities are set apart.
    const float = cent.gridSql('float4', 'r."level"', 'r."level"::float8::text');
    expect(float).toMatch(
      /^CASE WHEN r\."level" = 'NaN'::float8 OR .* THEN r\."level"::text ELSE div\(\(\(r\."level"::float8::text\)::numeric/,
    );
  });
});

describe('time precision', () => {
  it('takes ms, s, min and h, and names the entry of anything else', () => {
    expect(['ms', 's', 'min', 'h'].map((unit) => parseTimeUnit('t.at', unit))).toEqual(['ms', 's', 'min', 'h']);
    expect(() => parseTimeUnit('t.at', 'us')).toThrow(
      new UsageError('--time-precision t.at must be ms, s, min, h, not "us"'),
    );
    expect(() => parseTimeUnit('t.at', 'toString')).toThrow(UsageError);
  });

  it('truncates timestamps with date_trunc and times as times of one day, 24:00 kept', () => {
    expect(truncatedTimeSql('timestamptz', 'r."at"', 'ms')).toBe(`date_trunc('milliseconds', r."at")`);
    expect(truncatedTimeSql('time', 'r."t"', 'min')).toBe(
      `(CASE WHEN r."t" = TIME '24:00' THEN r."t" ELSE date_trunc('minute', DATE '2000-01-01' + r."t")::time END)`,
    );
  });
});
