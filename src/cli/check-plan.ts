import { join } from 'node:path';
import type { ConfigFile } from '../config/schema.js';
import { UsageError } from '../errors.js';
import type { VerifyOptions } from '../options.js';
import type { RunSettings, VerifyRunsOptions } from '../verify/runs-options.js';
import { definedOnly, type CommandLine } from './check-options.js';

/** How `check` prints and where it writes. */
export interface OutputSettings {
  readonly outDir: string;
  /** The summary JSON on stdout instead of the table. */
  readonly json: boolean;
  /** Only the verdict on stdout, nothing on stderr but errors. */
  readonly quiet: boolean;
  readonly junit?: string;
}

/** What one `check` invocation verifies and how it reports. */
export interface CheckPlan {
  readonly options: VerifyOptions | VerifyRunsOptions;
  readonly output: OutputSettings;
}

/**
 * Layers the settings: built-in defaults, then the config file's top level, then each of its runs, then the
 * command line, which overrides the file everywhere (top level and every run).
 */
export function planCheck(commandLine: CommandLine, config: ConfigFile | undefined, now: Date): CheckPlan {
  const { runs, outDir, json, quiet, junit, ...fileDefaults } = config ?? {};
  const output: OutputSettings = {
    outDir: commandLine.outDir ?? outDir ?? join('reports', timestamp(now)),
    json: commandLine.json ?? json ?? false,
    quiet: commandLine.quiet ?? quiet ?? false,
    ...definedOnly({ junit: commandLine.junit ?? junit }),
  };
  const flags = commandLine.settings;
  const defaults: RunSettings = { ...definedOnly(fileDefaults), ...flags };
  if (runs !== undefined) {
    return { options: { ...defaults, outDir: output.outDir, runs: runs.map((run) => ({ ...run, ...flags })) }, output };
  }
  return { options: { ...requireSides(defaults), outDir: output.outDir }, output };
}

/** A single run needs both connections; the messages are yargs' own, as when the flags were required. */
function requireSides(settings: RunSettings): VerifyOptions {
  const missing = (['source', 'target'] as const).filter((side) => settings[side] === undefined);
  if (missing.length > 0) throw new UsageError(`Missing required argument${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
  if (settings.source!.trim() === '' && settings.target!.trim() === '') throw new UsageError('--source and --target are empty');
  return settings as VerifyOptions;
}

/** `2024-05-01T10-00-02Z`: an ISO time a directory name can hold on every file system. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}
