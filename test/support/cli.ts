import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** The installed command, relative to the project root. */
export const BIN = 'bin/pgverify.js';

/** What one CLI run printed and how it exited. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A CLI run still going: a test waits for what it prints, signals it, then waits for its end. */
export interface RunningCli {
  readonly child: ChildProcess;
  /** Resolves with the first line of stderr matching `pattern` once it is printed; rejects if the run ends without it. */
  stderrLine(pattern: RegExp): Promise<string>;
  /** True once the process has exited. */
  readonly exited: boolean;
  /** Resolves when the process has exited and its output is closed. */
  readonly done: Promise<CliRun>;
}

/** Runs `pgverify <args>` as users do, bin/pgverify.js (built by the global setup), in a process with its own exit code. */
export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return startCli(args, env).done;
}

/**
 * Starts `pgverify <args>` like runCli, without waiting for it. stderr is a pipe, not a terminal, so progress
 * comes as one line per table start and finish (`<time> big: started`): the events a test waits on.
 */
export function startCli(args: readonly string[], env: Record<string, string> = {}): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let exited = false;
  let closed = false;
  const waiting = new Set<{ pattern: RegExp; resolve: (line: string) => void; reject: (error: Error) => void }>();
  const printed = (pattern: RegExp): string | undefined =>
    stderr
      .split('\n')
      .slice(0, -1)
      .find((line) => pattern.test(line));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const waiter of waiting) {
      const line = printed(waiter.pattern);
      if (line === undefined) continue;
      waiting.delete(waiter);
      waiter.resolve(line);
    }
  });
  child.on('exit', () => (exited = true));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      closed = true;
      for (const waiter of waiting)
        waiter.reject(new Error(`pgverify exited (${code}) without printing ${waiter.pattern} on stderr:\n${stderr}`));
      waiting.clear();
      resolve({ code, stdout, stderr });
    });
  });
  return {
    child,
    stderrLine: (pattern) =>
      new Promise((resolve, reject) => {
        const line = printed(pattern);
        if (line !== undefined) resolve(line);
        else if (closed) reject(new Error(`pgverify exited without printing ${pattern} on stderr:\n${stderr}`));
        else waiting.add({ pattern, resolve, reject });
      }),
    get exited() {
      return exited;
    },
    done,
  };
}

/** The arguments of `pgverify check` on a test pair: what most CLI tests start with. */
export function checkArgs(pair: { readonly sourceUrl: string; readonly targetUrl: string }): string[] {
  return ['check', '--source', pair.sourceUrl, '--target', pair.targetUrl];
}
