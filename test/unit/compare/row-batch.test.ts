import { describe, expect, it } from 'vitest';
import { Row } from '../../../src/compare/row.js';
import { CopyLineBatch, DecodedBatch } from '../../../src/compare/row-batch.js';

describe('row batches', () => {
  const left = new CopyLineBatch(Buffer.from('1\ta\n2\tb\n'), [0, 3, 4, 7]);
  const right = new CopyLineBatch(Buffer.from('xx2\tb|1\tz'), [2, 5, 6, 9]);

  it('compares COPY lines of two chunks in place, by bytes and length', () => {
    expect(left.length).toBe(2);
    expect(left.sameBytes(1, right, 0)).toBe(true);
    expect(left.sameBytes(0, right, 1)).toBe(false);
    expect(left.sameBytes(0, new CopyLineBatch(Buffer.from('1\tab'), [0, 4]), 0)).toBe(false);
  });

  it('decodes a line only when asked for its row', () => {
    expect(left.row(1).fields).toEqual(['2', 'b']);
    expect(right.row(1).fields).toEqual(['1', 'z']);
  });

  it('never calls decoded rows byte-equal, so their fields are compared', () => {
    const decoded = new DecodedBatch([Row.fromFields(['1', 'a'])]);
    expect(decoded.sameBytes()).toBe(false);
    expect(left.sameBytes(0, decoded, 0)).toBe(false);
    expect(decoded.row(0).fields).toEqual(['1', 'a']);
  });
});
