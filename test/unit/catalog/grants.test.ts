import { describe, expect, it } from 'vitest';
import { compareGrantIds, toGrants } from '../../../src/catalog/grants.js';

describe('toGrants', () => {
  it('sorts by role, then privilege, and merges one privilege given by several grantors', () => {
    const grants = toGrants([
      { grantee: 'reporting', privilege: 'SELECT', grantable: false },
      { grantee: 'app', privilege: 'SELECT', grantable: false },
      { grantee: 'app', privilege: 'INSERT', grantable: false },
      { grantee: 'app', privilege: 'SELECT', grantable: true },
      { grantee: 'app', privilege: 'SELECT', grantable: false },
      { grantee: 'PUBLIC', privilege: 'SELECT', grantable: false },
    ]);
    expect(grants).toEqual([
      { grantee: 'PUBLIC', privilege: 'SELECT', grantable: false },
      { grantee: 'app', privilege: 'INSERT', grantable: false },
      { grantee: 'app', privilege: 'SELECT', grantable: true },
      { grantee: 'reporting', privilege: 'SELECT', grantable: false },
    ]);
    expect(Object.isFrozen(grants) && grants.every((grant) => Object.isFrozen(grant))).toBe(true);
  });

  it('orders a role before a longer role it is the start of, whatever the privilege', () => {
    const short = { grantee: 'app', privilege: 'UPDATE' };
    const long = { grantee: 'app_ro', privilege: 'DELETE' };
    expect(compareGrantIds(short, long)).toBe(-1);
    expect(compareGrantIds(long, short)).toBe(1);
    expect(compareGrantIds(short, { ...short })).toBe(0);
  });
});
