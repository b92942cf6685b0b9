import { describe, expect, it } from 'vitest';
import { assertSupportedVersion } from '../../../src/connect/session.js';
import { DatabaseError } from '../../../src/errors.js';

describe('assertSupportedVersion', () => {
  it('accepts PostgreSQL 13 and every newer major, including ones not yet tested', () => {
    for (const [number, name] of [
      [130000, '13.0'],
      [150018, '15.18'],
      [180004, '18.4'],
      [190000, '19devel'],
    ] as const) {
      expect(() => assertSupportedVersion('source', number, name)).not.toThrow();
    }
  });

  it('refuses an older server with a one-line error naming the side and the version as the server gives it', () => {
    const refuse = () => assertSupportedVersion('target', 120022, '12.22');
    expect(refuse).toThrow(DatabaseError);
    expect(refuse).toThrow('target: PostgreSQL 12.22 is not supported: pgverify needs PostgreSQL 13 or newer');
  });
});
