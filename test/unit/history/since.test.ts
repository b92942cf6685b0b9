import { describe, expect, it } from 'vitest';
import { parseSince } from '../../../src/history/since.js';
import { UsageError } from '../../../src/errors.js';

const now = new Date('2026-11-30T12:00:00Z');

describe('parseSince', () => {
  it('counts an age back from now, in hours, days or weeks', () => {
    expect(parseSince('12h', now).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(parseSince('30d', now).toISOString()).toBe('2026-10-31T12:00:00.000Z');
    expect(parseSince('2W', now).toISOString()).toBe('2026-11-16T12:00:00.000Z');
  });

  it('takes a date as midnight UTC, and a time as written', () => {
    expect(parseSince('2026-11-01', now).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parseSince('2026-11-01T06:30:00+02:00', now).toISOString()).toBe('2026-11-01T04:30:00.000Z');
  });

  it('refuses anything else, quoting it as typed', () => {
    for (const typed of ['30', 'a month', '3 days', '2026-13-45', '-1d', ''])
      expect(() => parseSince(typed, now)).toThrow(UsageError);
    expect(() => parseSince('a month', now)).toThrow(
      '--since must be an age such as 30d, 12h or 8w, or a date such as 2026-11-01, not "a month"',
    );
  });
});
