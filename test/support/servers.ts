import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL of the newest test server: the one every test that is not about versions runs on. */
    adminUrl: string;
    /** Superuser URLs of every test server, by its major version ("13" ... "18"), oldest first. */
    servers: Array<[string, string]>;
  }
}

/** Where a test pair's databases live: a server for each side, by major version. */
export interface ServerPair {
  /** "15", or "13 -> 18" for a pair across versions: goes into test names. */
  readonly label: string;
  readonly source: string;
  readonly target: string;
}

/** The superuser URL of the test server of `major`. */
export function serverUrl(major: string): string {
  const url = new Map(inject('servers')).get(major);
  if (url === undefined) throw new Error(`no test server of PostgreSQL ${major} was started`);
  return url;
}

/** The majors of the started test servers, oldest first. */
export function testedMajors(): string[] {
  return inject('servers').map(([major]) => major);
}

/** The oldest and the newest tested major (one, when only one is tested): where SQL that differs between majors runs. */
export function edgeMajors(): string[] {
  const majors = testedMajors();
  return [...new Set([majors[0]!, majors.at(-1)!])];
}

/** One pair per started server, both sides on it: what runs on every supported major. */
export function everyVersion(): ServerPair[] {
  return testedMajors().map((major) => ({ label: major, source: major, target: major }));
}

/**
 * Migrations across versions: oldest to newest, newest to oldest and the newest adjacent pair, as far as
 * the started servers allow (none with a single server, as with PGVERIFY_TEST_URL).
 */
export function crossVersions(): ServerPair[] {
  const majors = testedMajors();
  if (majors.length < 2) return [];
  const oldest = majors[0]!;
  const newest = majors.at(-1)!;
  const pairs = [[oldest, newest], [newest, oldest], ...(majors.length > 2 ? [[majors.at(-2)!, newest]] : [])];
  return pairs.map(([source, target]) => ({ label: `${source} -> ${target}`, source: source!, target: target! }));
}

/** A single cross-version pair, oldest to newest, or the one server's pair when only one was started. */
export function oneCrossVersion(): ServerPair {
  return crossVersions()[0] ?? everyVersion()[0]!;
}

/** What a fixture runs on: every started major, then the migrations across versions. */
export function versionMatrix(): ServerPair[] {
  return [...everyVersion(), ...crossVersions()];
}

/** The oldest and the newest started major, then the migrations across versions: for SQL that differs between majors. */
export function edgeAndCrossVersions(): ServerPair[] {
  const every = everyVersion();
  return [...new Set([every[0]!, every.at(-1)!])].concat(crossVersions());
}
