import { describe, expect, it } from 'vitest';
import { segment, splitSegment, WHOLE_TABLE } from '../../../src/compare/segment.js';

describe('segments', () => {
  it('splits a range at n boundaries into n + 1 half-open ranges that cover it', () => {
    const parts = splitSegment(segment(['0'], ['100']), [['10'], ['50']]);
    expect(parts).toEqual([
      { lower: ['0'], upper: ['10'] },
      { lower: ['10'], upper: ['50'] },
      { lower: ['50'], upper: ['100'] },
    ]);
  });

  it('keeps the whole table open at both ends', () => {
    const parts = splitSegment(WHOLE_TABLE, [['m']]);
    expect(parts[0]).toEqual({ lower: null, upper: ['m'] });
    expect(parts[1]).toEqual({ lower: ['m'], upper: null });
  });

  it('refuses a bound that holds NULL or nothing, since keys are NOT NULL', () => {
    expect(() => segment([null], null)).toThrow(/invalid key bound/);
    expect(() => segment([], null)).toThrow(/invalid key bound/);
  });
});

describe('evenSpacing', () => {
  it('recognises evenly spaced integer thresholds and refuses uneven or overflowing ones', async () => {
    const { evenSpacing } = await import('../../../src/compare/queries.js');
    expect(evenSpacing([['10'], ['20'], ['30']])).toEqual({ first: '10', width: '10' });
    expect(evenSpacing([['10'], ['20'], ['31']])).toBeUndefined();
    expect(evenSpacing([['10']])).toBeUndefined();
    expect(evenSpacing([['-9000000000000000000'], ['0'], ['9000000000000000000']])).toBeUndefined();
  });
});
