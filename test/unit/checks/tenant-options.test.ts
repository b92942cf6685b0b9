import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { resolveOptions } from '../../../src/verify/options.js';

const base = { source: 'postgresql://a/db', target: 'postgresql://b/db' };

describe('resolveOptions for the tenant checks', () => {
  it('defaults to the tenant_id column and no tenant values, which leaves the tenant check off', () => {
    expect(resolveOptions(base)).toMatchObject({ tenantColumn: 'tenant_id', tenants: [] });
  });

  it('keeps each tenant value once, in the order given', () => {
    expect(resolveOptions({ ...base, tenantColumn: 'store_id', tenants: ['4', '7', '4'] })).toMatchObject({
      tenantColumn: 'store_id',
      tenants: ['4', '7'],
    });
  });

  it('refuses a blank tenant value or column name before connecting', () => {
    expect(() => resolveOptions({ ...base, tenants: ['4', ' '] })).toThrow(
      new UsageError('--tenant must be a non-empty value, not " "'),
    );
    expect(() => resolveOptions({ ...base, tenantColumn: '' })).toThrow(
      new UsageError('--tenant-column must name a column'),
    );
  });
});
