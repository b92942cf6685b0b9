import { readFileSync, statSync } from 'node:fs';
import { describeError } from '../errors.js';

/** The connection a password file line must match; a Unix socket host is matched as `localhost`, as libpq does. */
export interface PasswordFileKey {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
}

/** What a password file holds for one connection: the password, or why it gives none. */
export type PasswordLookup = { readonly password: string } | { readonly reason: string };

/**
 * Reads the password for `key` from a libpq password file (~/.pgpass, PGPASSFILE, passfile=). pgverify reads
 * it itself instead of leaving it to pg, whose own reading is deprecated and prints a warning on stderr.
 */
export function lookUpPassword(
  file: string,
  key: PasswordFileKey,
  platform: NodeJS.Platform = process.platform,
): PasswordLookup {
  let text: string;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) return { reason: `${file} was ignored: it is not a plain file` };
    // libpq ignores a password file that group or others can access; a login must not depend on one it would refuse.
    if (platform !== 'win32' && (stats.mode & 0o077) !== 0)
      return { reason: `${file} was ignored: group or others can access it (chmod 0600 ${file})` };
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { reason: `there is no ${file}` };
    return { reason: `${file} cannot be read: ${describeError(error)}` };
  }
  const password = passwordFileEntry(text, key);
  if (password !== undefined) return { password };
  return { reason: `${file} has no line for ${[key.host, key.port, key.database, key.user].join(':')}` };
}

/**
 * The password of the first line that matches, as the PostgreSQL docs define the file:
 * `hostname:port:database:username:password`, `*` matching anything, `\` making the next character literal.
 */
export function passwordFileEntry(text: string, key: PasswordFileKey): string | undefined {
  const wanted = [key.host.startsWith('/') ? 'localhost' : key.host, String(key.port), key.database, key.user];
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('#')) continue;
    const fields = splitFields(line);
    if (fields.length < 5) continue;
    if (!wanted.every((value, index) => fields[index]!.wildcard || fields[index]!.value === value)) continue;
    // An empty password is no password: pg would then read the file itself.
    return fields[4]!.value === '' ? undefined : fields[4]!.value;
  }
  return undefined;
}

interface Field {
  readonly value: string;
  readonly wildcard: boolean;
}

/** A line cut at every unescaped colon, escapes removed; a field written as a lone `*` is a wildcard. */
function splitFields(line: string): Field[] {
  const fields: Field[] = [];
  let value = '';
  let raw = '';
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!;
    if (char === ':') {
      fields.push({ value, wildcard: raw === '*' });
      value = raw = '';
    } else if (char === '\\' && index + 1 < line.length) {
      value += line[++index]!;
      raw += `\\${line[index]!}`;
    } else {
      value += char;
      raw += char;
    }
  }
  fields.push({ value, wildcard: raw === '*' });
  return fields;
}
