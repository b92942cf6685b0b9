import { describe, expect, it } from 'vitest';
import { SAMPLE_TEXT_UNITS, toSample } from '../../../src/report/diff-samples.js';
import type { DiffRecord } from '../../../src/summary.js';

function record(overrides: Partial<DiffRecord> = {}): DiffRecord {
  return {
    table: 'public.t',
    kind: 'changed',
    key: '1',
    column: 'body',
    sourceValue: 'a',
    targetValue: 'b',
    ...overrides,
  };
}

describe('toSample', () => {
  it('keeps short records whole and marks nothing as cut', () => {
    expect(toSample(record())).toEqual(record());
  });

  it('cuts two 10 MB values around their first difference, at the same offset, and keeps their full lengths', () => {
    const common = 'x'.repeat(5_000_000);
    const source = `${common}OLD${'y'.repeat(5_000_000)}`;
    const target = `${common}NEW${'y'.repeat(5_000_001)}`;
    const sample = toSample(record({ sourceValue: source, targetValue: target }));
    expect(sample.cut).toEqual({
      valueOffset: 5_000_000 - 200,
      keyLength: 1,
      sourceLength: source.length,
      targetLength: target.length,
    });
    expect(sample.sourceValue).toHaveLength(SAMPLE_TEXT_UNITS);
    expect(sample.sourceValue!.slice(200, 203)).toBe('OLD');
    expect(sample.targetValue!.slice(200, 203)).toBe('NEW');
  });

  it('cuts a long key and a long single value from their start', () => {
    const key = JSON.stringify(['k'.repeat(3000), '1']);
    const sample = toSample(record({ kind: 'orphan', key, sourceValue: null, targetValue: 'v'.repeat(5000) }));
    expect(sample.key).toBe(key.slice(0, SAMPLE_TEXT_UNITS));
    expect(sample.targetValue).toBe('v'.repeat(SAMPLE_TEXT_UNITS));
    expect(sample.cut).toEqual({ valueOffset: 0, keyLength: key.length, sourceLength: null, targetLength: 5000 });
  });

  it('never cuts a character made of a surrogate pair in half', () => {
    const value = `${'a'.repeat(SAMPLE_TEXT_UNITS - 1)}😀tail`;
    const sample = toSample(record({ kind: 'tenant_unexpected', sourceValue: null, targetValue: value }));
    expect(sample.targetValue).toBe('a'.repeat(SAMPLE_TEXT_UNITS - 1));
  });
});
