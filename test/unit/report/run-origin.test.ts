import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { commandLineText, serverText } from '../../../src/report/run-origin.js';

describe('commandLineText', () => {
  it('quotes only the words that need it, so the line reads as typed', () => {
    expect(
      commandLineText([
        'check',
        '--source',
        'postgresql://app@old-db:5432/shop?sslmode=require',
        '--source-where',
        'store_id = 4',
        '--tenant',
        '',
      ]),
    ).toBe(
      "pgverify check --source 'postgresql://app@old-db:5432/shop?sslmode=require' --source-where 'store_id = 4' --tenant ''",
    );
  });

  it('gives back the same arguments when a POSIX shell reads it, whatever quotes, dollars and newlines they hold', () => {
    const args = [
      'check',
      "--source-where=note = 'it''s'",
      '--tables',
      'a,$HOME,`id`',
      'two\nlines',
      '"double" \\ back',
    ];
    const words = commandLineText(args).replace(/^pgverify /, '');
    const echoed = execFileSync('sh', ['-c', `printf '%s\\0' ${words}`], { encoding: 'utf8' });
    expect(echoed.split('\0').slice(0, -1)).toEqual(args);
  });

  it('redacts passwords again, since a summary may be hand-made', () => {
    expect(commandLineText(['check', '--source', 'postgresql://app:s3cret@h/db'])).toBe(
      'pgverify check --source postgresql://app@h/db',
    );
  });
});

describe('serverText', () => {
  it('states both forms of the version, or that the server was never reached', () => {
    expect(serverText({ version: '15.18 (Debian 15.18-1.pgdg120+1)', versionNum: 150018 })).toBe(
      'PostgreSQL 15.18 (Debian 15.18-1.pgdg120+1) (server_version_num 150018)',
    );
    expect(serverText(null)).toBe('unknown: the run did not reach this server');
  });
});
