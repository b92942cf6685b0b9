/** A `${NAME}` the environment does not define; `path` is where in the file it was, e.g. `runs[0].source`. */
export class MissingVariableError extends Error {
  constructor(
    readonly path: string,
    readonly variable: string,
  ) {
    super(`${path}: environment variable ${variable} is not set`);
  }
}

const REFERENCE = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces every `${NAME}` in the strings of a parsed JSON value with the environment's value, so no password
 * needs to sit in a config file. `$${NAME}` stays as the literal text `${NAME}`. An unset variable throws.
 */
export function expandEnv(value: unknown, env: Readonly<Record<string, string | undefined>>, path = ''): unknown {
  if (typeof value === 'string') {
    return value.replace(REFERENCE, (_match, escaped: string, name: string) => {
      if (escaped === '$') return `\${${name}}`;
      const found = env[name];
      if (found === undefined) throw new MissingVariableError(path || '(top level)', name);
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((item, index) => expandEnv(item, env, `${path}[${index}]`));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, expandEnv(item, env, path === '' ? key : `${path}.${key}`)]),
    );
  }
  return value;
}
