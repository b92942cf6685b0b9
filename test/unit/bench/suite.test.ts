import { describe, expect, it } from 'vitest';
import { rotated } from '../../../bench/suite.js';

describe('rotated', () => {
  it('starts each round one scenario later, so that over as many rounds each takes every place once', () => {
    const rounds = [0, 1, 2, 3, 4].map((round) => rotated(5, round));
    expect(rounds[0]).toEqual([0, 1, 2, 3, 4]);
    expect(rounds[1]).toEqual([1, 2, 3, 4, 0]);
    expect(rounds[4]).toEqual([4, 0, 1, 2, 3]);
    for (let scenario = 0; scenario < 5; scenario++)
      expect(new Set(rounds.map((order) => order.indexOf(scenario)))).toEqual(new Set([0, 1, 2, 3, 4]));
  });
});
