import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { numericOption, resolveOptions } from '../../../src/verify/options.js';

describe('numeric options', () => {
  it('reads a number or the text typed on the command line', () => {
    expect(numericOption('jobs', 4)).toBe(4);
    expect(numericOption('jobs', '8')).toBe(8);
    expect(numericOption('lockTimeout', '2.5')).toBe(2.5);
    expect(numericOption('maxDiffRows', 0)).toBe(0);
  });

  it('refuses a bad value quoting it as typed, never as the NaN it would become', () => {
    expect(() => numericOption('jobs', 'abc')).toThrow(
      new UsageError('--jobs must be an integer from 1 to 64, not "abc"'),
    );
    expect(() => numericOption('jobs', '')).toThrow(new UsageError('--jobs must be an integer from 1 to 64, not ""'));
    expect(() => numericOption('maxDiffRows', '-3')).toThrow(
      new UsageError('--max-diff-rows must be a non-negative integer, not "-3"'),
    );
    expect(() => numericOption('statementTimeout', 'never')).toThrow(
      new UsageError('--statement-timeout must be a number of seconds (0 for none), not "never"'),
    );
  });

  it('checks the library options with the same rule and message', () => {
    expect(() => resolveOptions({ source: '', target: '', jobs: 65 })).toThrow(
      new UsageError('--jobs must be an integer from 1 to 64, not "65"'),
    );
    expect(() => resolveOptions({ source: '', target: '', lockTimeout: Number.NaN })).toThrow(
      /--lock-timeout must be a number of seconds/,
    );
  });
});

describe('recheck options', () => {
  it('rechecks once by default, and not at all without --recheck-after', () => {
    expect(resolveOptions({ source: '', target: '' })).toMatchObject({ recheckAfter: 0, recheckTimes: 1 });
    expect(resolveOptions({ source: '', target: '', recheckAfter: 2.5, recheckTimes: 3 })).toMatchObject({
      recheckAfter: 2.5,
      recheckTimes: 3,
    });
  });

  it('refuses a bad wait or count, and a count without a wait', () => {
    expect(() => numericOption('recheckAfter', '-1')).toThrow(
      new UsageError('--recheck-after must be a number of seconds up to 3600 (0 for no recheck), not "-1"'),
    );
    expect(() => numericOption('recheckTimes', '0')).toThrow(
      new UsageError('--recheck-times must be an integer from 1 to 100, not "0"'),
    );
    expect(() => resolveOptions({ source: '', target: '', recheckTimes: 2 })).toThrow(
      new UsageError('--recheck-times needs --recheck-after, the seconds to wait before each recheck'),
    );
  });
});

describe('connection strings', () => {
  it('are both read before either side is reached: a malformed target is refused whatever the source', () => {
    const source = 'postgresql://app@127.0.0.1:1/shop';
    expect(() => resolveOptions({ source, target: 'port=abc' })).toThrow(
      new UsageError('--target: port=abc must be a port number from 1 to 65535'),
    );
    expect(() => resolveOptions({ source, target: 'app:s3cret@db/shop' })).toThrow(
      new UsageError('--target must be a postgresql:// URL or key=value pairs, not "app:***@db/shop"'),
    );
  });
});
