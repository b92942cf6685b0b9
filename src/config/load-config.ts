import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { UsageError, describeError } from '../errors.js';
import { expandEnv, MissingVariableError } from './expand-env.js';
import { configSchema, FLAG_KEYS, type ConfigFile } from './schema.js';

/**
 * Reads a `--config` file: JSON, `${NAME}` expanded from the environment, validated. Every problem is a
 * UsageError (exit 2) naming the file and the field, e.g. `--config nightly.json: runs[1].mode: must be ...`.
 */
export async function loadConfig(
  path: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<ConfigFile> {
  const fail = (message: string, cause?: unknown): never => {
    throw new UsageError(`--config ${path}: ${message}`, { cause });
  };
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    fail(`cannot read the file: ${describeError(error)}`, error);
  }
  return parseConfig(text, env, fail);
}

/** Parses and validates config text; `fail` throws with the message it is given. */
export function parseConfig(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
  fail: (message: string, cause?: unknown) => never,
): ConfigFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail(`not valid JSON: ${describeError(error)}`, error);
  }
  // Validated before expansion too: a typo in a field name is reported as such, not as an unset variable.
  const shape = configSchema.safeParse(json);
  if (!shape.success) return fail(describeIssue(shape.error.issues[0]!, json));
  let expanded: unknown;
  try {
    expanded = expandEnv(json, env);
  } catch (error) {
    if (error instanceof MissingVariableError) return fail(error.message, error);
    throw error;
  }
  const parsed = configSchema.safeParse(expanded);
  if (!parsed.success) return fail(describeIssue(parsed.error.issues[0]!, expanded));
  return parsed.data;
}

/** One validation issue as `path: what is wrong` with the value found, e.g. `runs[0].jobs: must be an integer from 1 to 64, not 100`. */
function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const hint = FLAG_KEYS[key] !== undefined ? ` (the config key of --${key} is ${FLAG_KEYS[key]})` : '';
    return `${formatPath([...issue.path, key])}: unknown field${hint}`;
  }
  const value = valueAt(input, issue.path);
  const shown = value === undefined ? undefined : JSON.stringify(value);
  // A message that quotes the value already (another run has the name "x") does not repeat it.
  const found =
    shown === undefined || issue.message.includes(shown)
      ? ''
      : `, not ${shown.length > 60 ? `${shown.slice(0, 59)}…` : shown}`;
  return `${formatPath(issue.path) || '(top level)'}: ${issue.message}${found}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, part) =>
      typeof part === 'number' ? `${text}[${part}]` : text === '' ? String(part) : `${text}.${String(part)}`,
    '',
  );
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}
