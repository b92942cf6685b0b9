import { afterAll, beforeAll } from 'vitest';
import { verify, type VerifyOptions } from '../../src/index.js';
import type { Mode, Summary } from '../../src/summary.js';
import { createDatabasePair, type DatabasePair } from './databases.js';
import { createOutputRoot, type OutputRoot } from './output-dir.js';
import { readReport, type WrittenReport } from './report.js';
import type { ServerPair } from './servers.js';

/** What an integration test file works on: its own database pair and a directory for the reports. */
export interface TestPair {
  readonly pair: DatabasePair;
  readonly output: OutputRoot;
}

/**
 * Creates a database pair and an output directory before the file's tests, then runs `load` (a fixture, a
 * schema) on the pair; drops and removes both after them. Call it at the top of the file or of a describe.
 * `servers` puts each side on the test server of a major version (see servers.ts); by default both are on the newest.
 */
export function useTestPair(
  name: string,
  load?: (pair: DatabasePair) => Promise<unknown>,
  servers?: ServerPair,
): TestPair {
  let pair: DatabasePair | undefined;
  let output: OutputRoot | undefined;
  beforeAll(async () => {
    pair = await createDatabasePair(name.replace(/-/g, '_'), servers);
    output = await createOutputRoot(
      `${name.replace(/_/g, '-')}${servers === undefined ? '' : `-${servers.source}-${servers.target}`}`,
    );
    await load?.(pair);
  });
  afterAll(async () => {
    await pair?.drop();
    await output?.remove();
  });
  const created = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} is created in beforeAll: use it inside a hook or a test`);
    return value;
  };
  return {
    get pair() {
      return created(pair, 'database pair');
    },
    get output() {
      return created(output, 'output directory');
    },
  };
}

/** A verify run of a test file: what it returned and what it wrote. */
export interface VerifiedRun {
  readonly summary: Summary;
  readonly report: WrittenReport;
}

/**
 * Runs `verify` on the file's pair in `mode` before the tests of the enclosing describe, writing into
 * `output.dir(mode)`, and reads back summary.json and diffs.csv. `options` adds to source, target and mode.
 */
export function useVerifiedRun(
  files: TestPair,
  mode: Mode,
  options: Omit<VerifyOptions, 'source' | 'target' | 'mode' | 'outDir'> = {},
): VerifiedRun {
  let run: VerifiedRun | undefined;
  beforeAll(async () => {
    const outDir = files.output.dir(mode);
    const summary = await verify({
      source: files.pair.sourceUrl,
      target: files.pair.targetUrl,
      ...options,
      mode,
      outDir,
    });
    run = { summary, report: await readReport(outDir) };
  });
  const done = (): VerifiedRun => {
    if (run === undefined) throw new Error('the verify run happens in beforeAll: use it inside a test');
    return run;
  };
  return {
    get summary() {
      return done().summary;
    },
    get report() {
      return done().report;
    },
  };
}
