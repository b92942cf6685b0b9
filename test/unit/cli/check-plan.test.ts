import { describe, expect, it } from 'vitest';
import { commandLineOf } from '../../../src/cli/check-options.js';
import { planCheck } from '../../../src/cli/check-plan.js';
import type { ConfigFile } from '../../../src/config/schema.js';
import { UsageError } from '../../../src/errors.js';

const now = new Date('2024-05-01T10:00:02.345Z');

describe('planCheck', () => {
  it('runs the flags alone without a config file, writing under reports/<timestamp>', () => {
    const plan = planCheck(
      commandLineOf({
        source: 'postgresql://a/db',
        target: 'postgresql://b/db',
        tables: 'a, b',
        mapTable: ['old=new'],
      }),
      undefined,
      now,
    );
    expect(plan).toEqual({
      options: {
        source: 'postgresql://a/db',
        target: 'postgresql://b/db',
        tables: ['a', 'b'],
        mapTables: { old: 'new' },
        outDir: 'reports/2024-05-01T10-00-02Z',
      },
      output: { outDir: 'reports/2024-05-01T10-00-02Z', json: false, quiet: false },
    });
  });

  it('lets a flag override the file at the top level and in every run', () => {
    const config: ConfigFile = {
      source: 'postgresql://a/db',
      target: 'postgresql://b/db',
      mode: 'fast',
      jobs: 4,
      outDir: 'nightly',
      quiet: true,
      runs: [
        { name: 'one', mode: 'exact', tables: ['x'] },
        { name: 'two', forEach: { query: 'SELECT 1 AS tenant' } },
      ],
    };
    const plan = planCheck(
      commandLineOf({ mode: 'exact', jobs: 1, quiet: false, ignoreColumns: ['*.updated_at,t.x'] }),
      config,
      now,
    );
    expect(plan.output).toEqual({ outDir: 'nightly', json: false, quiet: false });
    expect(plan.options).toEqual({
      source: 'postgresql://a/db',
      target: 'postgresql://b/db',
      mode: 'exact',
      jobs: 1,
      ignoreColumns: ['*.updated_at', 't.x'],
      outDir: 'nightly',
      runs: [
        { name: 'one', mode: 'exact', tables: ['x'], jobs: 1, ignoreColumns: ['*.updated_at', 't.x'] },
        {
          name: 'two',
          forEach: { query: 'SELECT 1 AS tenant' },
          mode: 'exact',
          jobs: 1,
          ignoreColumns: ['*.updated_at', 't.x'],
        },
      ],
    });
  });

  it('takes the connections of a single run from the file, and names what neither gives', () => {
    expect(
      planCheck(
        commandLineOf({ target: 'postgresql://c/db' }),
        { source: 'postgresql://a/db', target: 'postgresql://b/db' },
        now,
      ).options,
    ).toMatchObject({ source: 'postgresql://a/db', target: 'postgresql://c/db' });
    expect(() => planCheck(commandLineOf({}), { mode: 'exact' }, now)).toThrow(
      new UsageError('--source and --target are required'),
    );
  });

  it('refuses a malformed --mode or --map-column before anything else', () => {
    expect(() => commandLineOf({ mode: 'slow' })).toThrow(new UsageError('--mode must be fast or exact, not "slow"'));
    expect(() => commandLineOf({ mapColumn: ['customers.mail'] })).toThrow(
      new UsageError('--map-column must be table.old=new, not "customers.mail"'),
    );
  });
});
