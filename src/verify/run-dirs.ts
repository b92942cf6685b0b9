/** Files pgverify writes next to the run directories; no run directory may take their names. */
const RESERVED = new Set(['summary.json', 'diffs.csv', 'report.html', 'junit.xml']);
const MAX_LENGTH = 100;

/**
 * A run's name made safe as one directory name on any file system: letters, digits, `.`, `_` and `-` stay,
 * everything else (`:` of forEach names, slashes, spaces) becomes `_`, and a leading dot too.
 */
export function safeDirName(name: string): string {
  const safe = Array.from(
    name
      .normalize('NFC')
      .replace(/[^\p{L}\p{N}._-]/gu, '_')
      .replace(/^\./, '_'),
  )
    .slice(0, MAX_LENGTH)
    .join('');
  return safe === '' ? '_' : safe;
}

/** Hands out one distinct directory per run, in the order asked: `a_b`, then `a_b-2` for a name that makes the same. */
export class RunDirs {
  private readonly taken = new Set<string>();

  claim(name: string): string {
    const base = safeDirName(name);
    let dir = base;
    // Case-insensitive file systems (macOS, Windows) would put `A` and `a` in one directory.
    for (let suffix = 2; this.taken.has(dir.toLowerCase()) || RESERVED.has(dir.toLowerCase()); suffix++)
      dir = `${base}-${suffix}`;
    this.taken.add(dir.toLowerCase());
    return dir;
  }
}
