import { join } from 'node:path';
import type { ConfigFile } from '../config/schema.js';
import { optionsFromConfig, withoutUndefined } from '../config/to-options.js';
import type { VerifyOptions } from '../verify/options.js';
import type { VerifyRunsOptions } from '../verify/runs-options.js';
import type { CommandLine } from './check-options.js';

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
  const file: ConfigFile = config ?? {};
  const output: OutputSettings = {
    outDir: commandLine.outDir ?? file.outDir ?? join('reports', timestamp(now)),
    json: commandLine.json ?? file.json ?? false,
    quiet: commandLine.quiet ?? file.quiet ?? false,
    ...withoutUndefined({ junit: commandLine.junit ?? file.junit }),
  };
  const history = commandLine.history ?? file.history;
  return {
    options: {
      ...optionsFromConfig(file, commandLine.settings),
      outDir: output.outDir,
      ...(history !== undefined ? { history } : {}),
    },
    output,
  };
}

/** `2024-05-01T10-00-02Z`: an ISO time a directory name can hold on every file system. */
export function timestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
}
