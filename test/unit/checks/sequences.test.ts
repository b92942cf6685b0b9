import { describe, expect, it } from 'vitest';
import type { ColumnSequence } from '../../../src/catalog/types.js';
import { judgeSequence, nextValueOf, skipReason } from '../../../src/checks/sequences.js';

function sequence(state: ColumnSequence['state'], increment = 1n): ColumnSequence {
  const definition = { dataType: 'bigint', minValue: 1n, maxValue: 9223372036854775807n, cycle: false, grants: [] };
  return { column: 'id', schema: 'public', name: 'orders_id_seq', kind: 'serial', increment, state, definition };
}

describe('nextValueOf', () => {
  it('is last_value itself before the first nextval() or after setval(..., false)', () => {
    expect(nextValueOf(sequence({ lastValue: 1n, isCalled: false }))).toBe(1n);
    expect(nextValueOf(sequence({ lastValue: 241n, isCalled: false }))).toBe(241n);
  });

  it('is last_value plus the increment once called, exact beyond 2^53', () => {
    expect(nextValueOf(sequence({ lastValue: 40n, isCalled: true }, 5n))).toBe(45n);
    expect(nextValueOf(sequence({ lastValue: 9007199254740993n, isCalled: true }))).toBe(9007199254740994n);
  });

  it('is unknown when the sequence could not be read', () => {
    expect(nextValueOf(sequence(null))).toBeNull();
  });
});

describe('judgeSequence', () => {
  it('fails when the next value is not above the column maximum: the next insert would collide', () => {
    expect(judgeSequence('s', 'id', 5n, 5n)).toEqual({
      name: 's',
      column: 'id',
      nextValue: '5',
      maxValue: '5',
      status: 'fail',
    });
    expect(judgeSequence('s', 'id', 1n, 66n).status).toBe('fail');
  });

  it('passes above the maximum and on an empty table', () => {
    expect(judgeSequence('s', 'id', 9007199254740994n, 9007199254740993n).status).toBe('pass');
    expect(judgeSequence('s', 'id', 1n, null)).toEqual({
      name: 's',
      column: 'id',
      nextValue: '1',
      maxValue: null,
      status: 'pass',
    });
  });
});

describe('skipReason', () => {
  it('skips sequences it cannot read, descending ones and non-integer columns', () => {
    expect(skipReason(sequence(null), 'int4')).toBe('no privilege to read sequence public.orders_id_seq');
    expect(skipReason(sequence({ lastValue: -1n, isCalled: false }, -1n), 'int8')).toBe(
      'descending sequence (increment -1) is not checked',
    );
    expect(skipReason(sequence({ lastValue: 1n, isCalled: false }), 'numeric')).toBe(
      'column type numeric is not an integer',
    );
    expect(skipReason(sequence({ lastValue: 1n, isCalled: false }), 'int2')).toBeUndefined();
  });
});
