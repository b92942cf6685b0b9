import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsProblems } from '../../../scripts/docs/docs-state.js';
import { headingAnchors } from '../../../scripts/docs/links.js';
import { checkOptionDocs, renderOptionsTable } from '../../../scripts/docs/options-table.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('the checked-in docs', () => {
  // What `npm run docs:check` runs: a flag changed without `npm run docs`, or a moved section, fails `npm test`.
  it("hold the options table the check command's definitions generate, and every link between pages resolves", async () => {
    expect(await docsProblems(ROOT)).toEqual([]);
  });
});

describe('the generated options table', () => {
  it("describes each flag of check as --help does, without yargs' own --help and --version", async () => {
    const options = await checkOptionDocs();
    expect(options.find((option) => option.flag === '--source-schema')).toEqual({
      flag: '--source-schema',
      value: '<string>',
      defaultText: 'public',
      description: 'schema of the source tables',
    });
    expect(options.find((option) => option.flag === '--tenant')?.value).toBe('<string>...');
    expect(options.find((option) => option.flag === '--json')?.value).toBe('');
    // Our own bracketed words stay in the description; yargs' "[string]" does not.
    expect(options.find((option) => option.flag === '--target')?.description).toBe(
      'target connection [required unless the config file has it]',
    );
    expect(options.map((option) => option.flag)).not.toContain('--help');
    expect(options.map((option) => option.flag)).not.toContain('--version');
  });

  it('escapes what would end a cell, open an HTML tag or start emphasis', () => {
    const table = renderOptionsTable([
      { flag: '--out', value: '<string>', defaultText: 'reports/<timestamp>', description: 'a | b, *.c' },
    ]);
    expect(table.split('\n')[2]).toBe('| `--out <string>` | reports/&lt;timestamp&gt; | a \\| b, \\*.c |');
  });
});

describe('the docs check on a copy of the docs', () => {
  let root: string;
  const page = (table: string) => `# Usage\n\n<!-- options:start -->\n${table}\n<!-- options:end -->\n`;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'pgverify-docs-'));
    await mkdir(join(root, 'docs'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('names the stale page, the command that fixes it and the lines that differ', async () => {
    await writeFile(join(root, 'README.md'), '# pgverify\n\nSee [usage](docs/usage.md#usage).\n');
    await writeFile(
      join(root, 'docs/usage.md'),
      page('| flag | default | meaning |\n|---|---|---|\n| `--retired` | | gone |'),
    );
    const [stale, ...others] = await docsProblems(root);
    expect(others).toEqual([]);
    expect(stale).toContain('docs/usage.md: the options table is stale');
    expect(stale).toContain('Run `npm run docs` and commit docs/usage.md');
    expect(stale).toContain('  - | `--retired` | | gone |');
    expect(stale).toContain('  + | `--source-schema <string>` | public | schema of the source tables |');
  });

  it('names a link to a page or a heading that does not exist, with its file and line', async () => {
    await writeFile(
      join(root, 'README.md'),
      '# pgverify\n\n[gone](docs/gone.md)\n\n```md\n[in code](nowhere.md)\n```\n[old](docs/usage.md#how-it-compares)\n',
    );
    const problems = await docsProblems(root);
    expect(problems.filter((problem) => problem.startsWith('README.md'))).toEqual([
      'README.md:3: [gone](docs/gone.md): docs/gone.md does not exist',
      'README.md:8: [old](docs/usage.md#how-it-compares): docs/usage.md has no heading with the anchor #how-it-compares',
    ]);
  });

  it('refuses a usage page without the markers, saying where the table goes', async () => {
    await writeFile(join(root, 'docs/usage.md'), '# Usage\n');
    await expect(docsProblems(root)).rejects.toThrow(
      'docs/usage.md must hold the markers <!-- options:start --> and <!-- options:end -->',
    );
  });
});

describe('heading anchors', () => {
  it("are GitHub's: code and punctuation dropped, spaces to hyphens, repeats numbered, code blocks ignored", () => {
    const anchors = headingAnchors(
      [
        '# How it compares',
        '## JUnit (`--junit FILE`)',
        '### `tenant.nulls` (fails) — diffs.csv kind `tenant_null`',
        '## `summary.json`',
        '## Notes',
        '## Notes',
        '```sh',
        '# not a heading',
        '```',
      ].join('\n'),
    );
    expect([...anchors]).toEqual([
      'how-it-compares',
      'junit---junit-file',
      'tenantnulls-fails--diffscsv-kind-tenant_null',
      'summaryjson',
      'notes',
      'notes-1',
    ]);
  });
});
