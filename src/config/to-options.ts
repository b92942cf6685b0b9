import { UsageError, missingFlags } from '../errors.js';
import type { VerifyOptions } from '../verify/options.js';
import type { RunSettings, VerifyRunsOptions } from '../verify/runs-options.js';
import type { ConfigFile } from './schema.js';

/**
 * The library options a config file describes: its top level as defaults, each run over them, and
 * `overrides` (the command line's flags) over everything. Output-only keys (json, quiet, junit) are left out;
 * outDir and history apply to the whole batch.
 */
export function optionsFromConfig(config: ConfigFile, overrides: RunSettings = {}): VerifyOptions | VerifyRunsOptions {
  const { runs, outDir, history, json: _json, quiet: _quiet, junit: _junit, ...defaults } = config;
  const settings: RunSettings = { ...withoutUndefined(defaults), ...withoutUndefined(overrides) };
  const files = { ...(outDir !== undefined ? { outDir } : {}), ...(history !== undefined ? { history } : {}) };
  if (runs !== undefined)
    return {
      ...settings,
      ...files,
      runs: runs.map((run) => ({ ...withoutUndefined(run), ...withoutUndefined(overrides), name: run.name })),
    };
  return { ...requireSides(settings), ...files };
}

/** A single run needs both connections. */
function requireSides(settings: RunSettings): VerifyOptions {
  const missing = (['source', 'target'] as const).filter((side) => settings[side] === undefined);
  if (missing.length > 0) throw missingFlags(missing);
  if (settings.source!.trim() === '' && settings.target!.trim() === '')
    throw new UsageError('--source and --target are empty');
  return settings as VerifyOptions;
}

/** The object without its undefined fields, so spreading it never overwrites a value with undefined. */
export function withoutUndefined<T extends object>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}
