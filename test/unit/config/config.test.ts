import { describe, expect, it } from 'vitest';
import { expandEnv } from '../../../src/config/expand-env.js';
import { parseConfig } from '../../../src/config/load-config.js';

const fail = (message: string): never => {
  throw new Error(message);
};
const parse = (config: unknown, env: Record<string, string> = {}) => parseConfig(JSON.stringify(config), env, fail);

describe('expandEnv', () => {
  it('replaces ${NAME} in every string, keeps $${NAME} literal and leaves other values alone', () => {
    const env = { SOURCE_URL: 'postgresql://app:s3cret@old/shop', STORE: '4' };
    expect(
      expandEnv(
        { source: '${SOURCE_URL}', runs: [{ name: 'store ${STORE}', note: 'cost $${STORE}', jobs: 2, quiet: true }] },
        env,
      ),
    ).toEqual({
      source: 'postgresql://app:s3cret@old/shop',
      runs: [{ name: 'store 4', note: 'cost ${STORE}', jobs: 2, quiet: true }],
    });
  });

  it('names the field and the variable when the variable is not set', () => {
    expect(() => expandEnv({ runs: [{ name: 'a', target: '${TARGET_URL}' }] }, {})).toThrow(
      'runs[0].target: environment variable TARGET_URL is not set',
    );
  });
});

describe('parseConfig', () => {
  it('accepts every setting at the top level and per run, with name lists as arrays or comma-separated text', () => {
    const config = parse(
      {
        source: '${SRC}',
        target: 'postgresql://new/shop',
        mode: 'exact',
        jobs: 4,
        recheckAfter: 5,
        recheckTimes: 2,
        outDir: 'reports/nightly',
        quiet: true,
        structureOnly: true,
        tenantColumn: 'store_id',
        ignoreColumns: '*.updated_at, orders.synced_at',
        mapTables: { customers: 'clients' },
        tolerances: { 'orders.total': 0.01, '*.ratio': '1e-9' },
        timePrecision: { '*.updated_at': 'ms' },
        runs: [
          { name: 'shared', tables: ['products', 'users'], tenants: [4, '5'], checks: false, structure: false },
          { name: 'stores', forEach: { query: 'SELECT id AS tenant FROM stores', on: 'source' }, exclude: 'audit' },
        ],
      },
      { SRC: 'postgresql://old/shop' },
    );
    expect(config).toMatchObject({
      source: 'postgresql://old/shop',
      ignoreColumns: ['*.updated_at', 'orders.synced_at'],
      tolerances: { 'orders.total': 0.01, '*.ratio': '1e-9' },
      timePrecision: { '*.updated_at': 'ms' },
      structureOnly: true,
      recheckAfter: 5,
      recheckTimes: 2,
      runs: [
        { name: 'shared', tables: ['products', 'users'], tenants: ['4', '5'], checks: false, structure: false },
        { name: 'stores', exclude: ['audit'] },
      ],
    });
  });

  it.each([
    [{ runs: [{ name: 'a', mode: 'slow' }] }, 'runs[0].mode: must be "fast" or "exact", not "slow"'],
    [{ jobs: 100 }, 'jobs: must be an integer from 1 to 64, not 100'],
    [{ runs: [{ name: 'a' }, { name: 'b', moed: 'exact' }] }, 'runs[1].moed: unknown field'],
    [{ out: 'reports' }, 'out: unknown field (the config key of --out is outDir)'],
    [{ runs: [{ tables: ['a'] }] }, 'runs[0].name: must be a string'],
    [{ runs: [{ name: 'a' }, { name: 'a' }] }, 'runs[1].name: another run has the name "a"'],
    [
      { runs: [{ name: 'a', forEach: { query: 'SELECT 1', on: 'both' } }] },
      'runs[0].forEach.on: must be "source" or "target", not "both"',
    ],
    [{ runs: [] }, 'runs: must list at least one run, not []'],
    [{ tenants: [true] }, 'tenants[0]: must be a string or a number, not true'],
    [{ checks: 'no' }, 'checks: must be true or false, not "no"'],
    [{ structure: 'off' }, 'structure: must be true or false, not "off"'],
    [[1, 2], '(top level): must be a JSON object, not [1,2]'],
    [{ tolerances: { 'orders.total': 'x' } }, 'tolerances.orders.total: must be a positive number, not "x"'],
    [{ tolerances: { 'orders.total': -1 } }, 'tolerances.orders.total: must be a positive number, not -1'],
    [{ timePrecision: { 'orders.at': 'us' } }, 'timePrecision.orders.at: must be "ms", "s", "min", "h", not "us"'],
    [{ tolerance: {} }, 'tolerance: unknown field (the config key of --tolerance is tolerances)'],
  ])('rejects %j naming the field', (config, message) => {
    expect(() => parse(config)).toThrow(message);
  });

  it('reports a variable the environment lacks, and a field typo before any variable', () => {
    expect(() => parse({ source: '${SOURCE_URL}' })).toThrow('source: environment variable SOURCE_URL is not set');
    expect(() => parse({ sourse: '${SOURCE_URL}' })).toThrow('sourse: unknown field');
  });

  it('reports text that is not JSON', () => {
    expect(() => parseConfig('{ "mode": "fast", }', {}, fail)).toThrow(/^not valid JSON: /);
  });
});
