// `npm run docs` regenerates the options table of docs/usage.md from the yargs definitions of `pgverify
// check`; `npm run docs:check` changes nothing and exits 1 when the checked-in table is stale or a link
// in the README, the CHANGELOG or a docs/ page leads nowhere. `npm test` runs the same check (test/unit/docs).
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { brokenLinks } from './docs/links.js';
import { docsProblems, markdownFiles, USAGE_PAGE, usagePage } from './docs/docs-state.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const checkOnly = process.argv.includes('--check');

let problems: string[];
if (checkOnly) {
  problems = await docsProblems(root);
} else {
  const { current, expected } = await usagePage(root);
  if (current !== expected) await writeFile(new URL(`../${USAGE_PAGE}`, import.meta.url), expected);
  const outcome = current === expected ? 'was already up to date' : 'rewritten with the current options table';
  process.stdout.write(`docs: ${USAGE_PAGE} ${outcome}\n`);
  problems = await brokenLinks(root, await markdownFiles(root));
}
for (const problem of problems) process.stderr.write(`docs: ${problem}\n`);
if (problems.length > 0) {
  process.exitCode = 1;
} else if (checkOnly) {
  process.stdout.write(`docs: the options table in ${USAGE_PAGE} is up to date; every link resolves\n`);
}
