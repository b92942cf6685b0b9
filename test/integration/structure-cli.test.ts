import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkArgs, runCli } from '../support/cli.js';
import { loadFixturePair } from '../support/fixtures.js';
import { edgeAndCrossVersions } from '../support/servers.js';
import { useTestPair } from '../support/test-pair.js';

const DEFAULT_TENANT = '00000000-0000-0000-0000-000000000001';
/** The oldest and the newest major, each with both sides on it. */
const EDGES = edgeAndCrossVersions().filter((servers) => servers.source === servers.target);

describe.each(EDGES)('pgverify check on the structural mistakes of tenant-structure, PostgreSQL $label', (servers) => {
  const files = useTestPair('structure_cli', (pair) => loadFixturePair(pair, 'tenant-structure'), servers);

  it('exits 1, counts the failing structure findings per table and in the verdict, and writes them to every report', async () => {
    const out = files.output.dir('mistakes');
    const junit = join(out, 'junit.xml');
    const run = await runCli([...checkArgs(files.pair), '--tenant', DEFAULT_TENANT, '--out', out, '--junit', junit]);
    expect(run.code).toBe(1);
    expect(cells(run.stdout, 'table').at(-2)).toBe('structure');
    expect([
      cells(run.stdout, 'flow_pedidos').at(-2),
      cells(run.stdout, 'flow_sesiones').at(-2),
      cells(run.stdout, 'whatsapp_settings').at(-2),
    ]).toEqual(['6', '4', '3']);
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(
      /^FAIL: 3 of 3 tables differ: 13 failing structure findings \(mode fast, /,
    );

    const csv = await readFile(join(out, 'diffs.csv'), 'utf8');
    expect(csv).toContain(
      'flow_sesiones,structure,index flow_sesiones_telefono_idx,,CREATE INDEX ... USING btree (telefono),\n',
    );
    expect(csv).toContain(
      'flow_pedidos,structure,column total,total,"numeric(12,2) NOT NULL","numeric(10,2) NOT NULL"\n',
    );
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary.structure).toEqual([]);
    expect(summary.tables.map((table: { structure: unknown[] }) => table.structure.length)).toEqual([8, 6, 4]);

    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toContain('Row-level security of table whatsapp_settings is weaker in the target than in the source');
    expect(html).toContain('<th scope="col" class="num">structure</th>');
    const xml = await readFile(junit, 'utf8');
    expect(xml).toContain(
      'message="source 3 rows, target 3 rows: 0 missing, 0 extra, 0 changed; structure: column activo changed, rls whatsapp_settings changed, policy whatsapp_settings_activos missing in target"',
    );
  });

  it('exits 0 with --no-structure: every row is intact, and the run says the structure was not compared', async () => {
    const out = files.output.dir('no-structure');
    const run = await runCli([...checkArgs(files.pair), '--no-structure', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(/^PASS: 3 tables identical \(mode fast, structure off, /);
    expect(JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'))).toMatchObject({
      status: 'pass',
      structure: false,
    });
  });

  it('reads "structure": false from a config file as --no-structure', async () => {
    const out = files.output.dir('config');
    const config = join(out, 'pgverify.json');
    await mkdir(out, { recursive: true });
    await writeFile(
      config,
      JSON.stringify({ source: files.pair.sourceUrl, target: files.pair.targetUrl, structure: false, quiet: true }),
    );
    const run = await runCli(['check', '--config', config, '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^PASS: 3 tables identical \(mode fast, structure off, /);
  });
});

describe.each(EDGES)('pgverify check --structure-only, PostgreSQL $label', (servers) => {
  const files = useTestPair('structure_only', (pair) => loadFixturePair(pair, 'tenant-structure'), servers);

  it('reads no row: exits 1 on the structure alone, rows shown as unknown, the verdict saying structure only', async () => {
    const out = files.output.dir('structure-only');
    const run = await runCli([...checkArgs(files.pair), '--structure-only', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(
      /^FAIL: 3 of 3 tables differ: 13 failing structure findings \(structure only, /,
    );
    expect(cells(run.stdout, 'flow_pedidos').slice(1, 6)).toEqual(['-', '-', '0', '0', '0']);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary.structureOnly).toBe(true);
    expect(
      summary.tables.map((table: { rows: unknown; integrity: unknown[]; sequences: unknown[] }) => [
        table.rows,
        table.integrity,
        table.sequences,
      ]),
    ).toEqual(Array.from({ length: 3 }, () => [{ source: null, target: null }, [], []]));
  });

  it('refuses --structure-only with --no-structure as a usage error', async () => {
    const run = await runCli([...checkArgs(files.pair), '--structure-only', '--no-structure']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--structure-only and --no-structure contradict each other');
  });
});

function cells(stdout: string, name: string): string[] {
  return (stdout.split('\n').find((line) => line.includes(`│ ${name} `)) ?? '')
    .split('│')
    .map((cell) => cell.trim())
    .filter(Boolean);
}
