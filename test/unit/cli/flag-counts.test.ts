import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { checkOptions } from '../../../src/cli/check-options.js';
import { assertFlagsGivenOnce, REPEATABLE_FLAGS } from '../../../src/cli/flag-counts.js';
import { UsageError } from '../../../src/errors.js';

/** The flags as yargs parses `check`'s command line, then the rule applied to them. */
function given(...args: string[]): () => void {
  const argv = checkOptions(yargs(args)).parseSync() as Record<string, unknown>;
  return () => assertFlagsGivenOnce(argv);
}

describe('flags given more than once', () => {
  it('refuses a flag of one value given twice, naming it as typed, without echoing the values', () => {
    for (const [flag, value] of [
      ['--source', 'postgresql://app:s3cret@db/shop'],
      ['--source-schema', 'public'],
      ['--out', 'reports/a'],
      ['--config', 'nightly.json'],
      ['--mode', 'fast'],
    ] as const) {
      const check = given(flag, value, flag, value);
      expect(check).toThrow(UsageError);
      expect(check).toThrow(`${flag} was given 2 times; give it once`);
    }
  });

  it('takes every value of a repeatable flag, and refuses one given without a value', () => {
    expect(given('--tenant', '1', '--tenant', '2', '--map-table', 'a=b', '--map-table', 'c=d')).not.toThrow();
    expect(given('--tenant')).toThrow('--tenant needs a value');
  });

  it('lets a switch be given twice: the last one holds', () => {
    expect(given('--json', '--json', '--checks', '--no-checks')).not.toThrow();
  });

  it('knows every flag that check declares repeatable', () => {
    const declared = (checkOptions(yargs([])) as unknown as { getOptions(): { array: string[] } }).getOptions().array;
    expect(new Set(declared.filter((name) => !/[A-Z]/.test(name)))).toEqual(REPEATABLE_FLAGS);
  });
});
