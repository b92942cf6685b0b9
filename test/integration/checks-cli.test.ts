import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkArgs, runCli } from '../support/cli.js';
import { loadFixturePair } from '../support/fixtures.js';
import { useTestPair } from '../support/test-pair.js';

const DEFAULT_TENANT = '00000000-0000-0000-0000-000000000001';
const SECOND_TENANT = '00000000-0000-0000-0000-000000000002';

describe('pgverify check with --tenant from the command line', () => {
  const files = useTestPair('checks_cli', (pair) => loadFixturePair(pair, 'tenant-integrity'));

  it('exits 1 and shows the tenant, orphan, cross-tenant, sequence and structure columns with the findings in the verdict', async () => {
    const out = files.output.dir('tenants');
    const run = await runCli([
      ...checkArgs(files.pair),
      '--tenant',
      DEFAULT_TENANT,
      '--tenant',
      SECOND_TENANT,
      '--mode',
      'exact',
      '--out',
      out,
    ]);
    expect(run.code).toBe(1);
    const cells = (name: string) =>
      (run.stdout.split('\n').find((line) => line.includes(`│ ${name} `)) ?? '')
        .split('│')
        .map((cell) => cell.trim())
        .filter(Boolean);
    expect(cells('table').slice(6, 11)).toEqual(['tenant', 'orphans', 'x-tenant', 'seq', 'structure']);
    expect(cells('flow_sesiones').slice(6, 10)).toEqual(['1', '-', '-', 'ok']);
    expect(cells('flow_pagos').slice(6, 10)).toEqual(['-', '1', '-', 'ok']);
    expect(cells('flow_pedidos').slice(6, 10)).toEqual(['0', '0', '1', 'ok']);
    expect(cells('whatsapp_plantillas').slice(6, 10)).toEqual(['-', '-', '-', '1 fail']);
    expect(cells('flow_pagos').slice(10, 11)).toEqual(['1']);
    expect(cells('flow_eventos').slice(6)).toEqual(['0', '0', '0', 'ok', '0', 'pass']);
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(
      /^FAIL: 5 of 7 tables differ: 0 missing, 1 extra, 0 changed rows; 1 NULL tenant, 1 unexpected tenant, 1 orphan row, 1 cross-tenant link, 1 lagging sequence, 1 failing structure finding \(mode exact, /,
    );
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    const sessions = summary.tables.find((table: { name: string }) => table.name === 'flow_sesiones');
    expect(sessions.tenant).toEqual({
      column: 'tenant_id',
      expected: [DEFAULT_TENANT, SECOND_TENANT],
      nulls: 0,
      unexpected: 1,
      notNull: true,
    });
    const csv = await readFile(join(out, 'diffs.csv'), 'utf8');
    expect(csv).toContain('whatsapp_settings,tenant_null,3,tenant_id,,\n');
  });

  it('compares rows only with --no-checks --no-structure: the same rows differ, no finding is reported and the run says so', async () => {
    const out = files.output.dir('no-checks');
    const run = await runCli([
      ...checkArgs(files.pair),
      '--tenant',
      DEFAULT_TENANT,
      '--tenant',
      SECOND_TENANT,
      '--mode',
      'exact',
      '--no-checks',
      '--no-structure',
      '--out',
      out,
    ]);
    expect(run.code).toBe(1);
    // Only the extra row fails a table; the findings of the checks and the structure above are not looked for.
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(
      /^FAIL: 1 of 7 tables differs: 0 missing, 1 extra, 0 changed rows \(mode exact, checks off, structure off, /,
    );
    expect(run.stdout).not.toContain('orphans');
    expect(run.stdout).not.toContain('structure │');
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ checks: false, structure: false });
    for (const table of summary.tables) {
      expect(table.tenant).toBeUndefined();
      expect(table.integrity).toEqual([]);
      expect(table.sequences).toEqual([]);
      expect(table.structure).toBeUndefined();
    }
    const kinds = (await readFile(join(out, 'diffs.csv'), 'utf8'))
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[1]);
    expect(kinds).toEqual(['extra']);
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<dt>Checks</dt><dd>off (--no-checks)');
    expect(html).toContain('<dt>Structure</dt><dd>off (--no-structure)');
  });

  it('checks the column --tenant-column names against the --tenant values', async () => {
    const out = files.output.dir('column');
    const run = await runCli([
      ...checkArgs(files.pair),
      '--tables',
      'flow_sesiones',
      '--tenant-column',
      'estado',
      '--tenant',
      'activa',
      '--tenant',
      'completada',
      '--out',
      out,
    ]);
    expect(run.code).toBe(1);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary.tables[0].tenant).toEqual({
      column: 'estado',
      expected: ['activa', 'completada'],
      nulls: 0,
      unexpected: 13,
      notNull: true,
    });
  });

  it('exits 2 before connecting when a --tenant value is empty', async () => {
    const run = await runCli([...checkArgs(files.pair), '--tenant', '']);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('pgverify: --tenant must be a non-empty value, not ""');
  });
});
