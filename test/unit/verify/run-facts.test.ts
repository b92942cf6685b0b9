import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../../../src/verify/options.js';
import { runFacts, runOrigin } from '../../../src/verify/run-facts.js';

const packageVersion = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
const servers = { source: { version: '15.18', versionNum: 150018 }, target: null };

describe('runFacts', () => {
  it("records pgverify's version from package.json, each side's server and the command line with its passwords redacted", () => {
    const options = resolveOptions({
      source: 'postgresql://app:s3cret@old-db/shop',
      target: 'postgresql://app@new-db/shop',
      commandLine: [
        'check',
        '--source',
        'postgresql://app:s3cret@old-db/shop',
        '--target=host=new-db password=hunter2',
      ],
    });
    expect(runFacts(options, servers)).toMatchObject({
      source: 'postgresql://app@old-db/shop',
      sourceServer: { version: '15.18', versionNum: 150018 },
      targetServer: null,
      pgverifyVersion: packageVersion,
      commandLine: ['check', '--source', 'postgresql://app@old-db/shop', '--target=host=new-db password=***'],
    });
  });

  it('says structure: false only for a run that does not compare the structure', () => {
    expect(runFacts(resolveOptions({ source: '', target: '', structure: false }), servers)).toMatchObject({
      structure: false,
    });
    expect(runFacts(resolveOptions({ source: '', target: '' }), servers)).not.toHaveProperty('structure');
    expect(() => resolveOptions({ source: '', target: '', structure: 'no' as unknown as boolean })).toThrow(
      'structure must be true or false, not "no"',
    );
  });

  it('records a null command line when the library is called without one', () => {
    expect(runOrigin(undefined)).toEqual({ pgverifyVersion: packageVersion, commandLine: null });
  });

  it('rejects a command line that is not a list of strings', () => {
    expect(() =>
      resolveOptions({ source: '', target: '', commandLine: 'check --source x' as unknown as string[] }),
    ).toThrow('commandLine must be an array of strings');
  });
});
