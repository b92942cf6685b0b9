import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One run of a whole process: wall-clock seconds from spawn to exit, and its peak resident memory. */
export interface ProcessRun {
  readonly seconds: number;
  /** Null where neither /usr/bin/time nor /proc can tell. */
  readonly peakRssBytes: number | null;
  /** User plus system CPU seconds of the process (from /usr/bin/time; null without it). */
  readonly cpuSeconds: number | null;
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const GNU_TIME = '/usr/bin/time';
const POLL_MS = 50;

/** How peak RSS (and CPU time) is measured on this machine, as the report states it. */
export function rssMethod(): string {
  if (existsSync(GNU_TIME)) return `${GNU_TIME} -v, maximum resident set size (CPU: its user + system time)`;
  if (existsSync('/proc/self/status'))
    return `VmHWM of /proc/<pid>/status polled every ${POLL_MS} ms (peaks in the last ${POLL_MS} ms before exit are missed)`;
  return 'not measured (no /usr/bin/time, no /proc)';
}

/**
 * Runs `command args` to completion. The peak RSS comes from /usr/bin/time -v when present (the kernel's own
 * figure for the child, written to a file so it never mixes with the child's stderr); else from polling.
 */
export async function runProcess(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<ProcessRun> {
  if (!existsSync(GNU_TIME)) return spawnTimed(command, args, options, pollPeakRss);
  const dir = await mkdtemp(join(tmpdir(), 'pgverify-bench-'));
  try {
    const report = join(dir, 'time.txt');
    const run = await spawnTimed(GNU_TIME, ['-v', '-o', report, command, ...args], options, () => () => null);
    const text = await readFile(report, 'utf8').catch(() => '');
    const kilobytes = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
    const user = /User time \(seconds\): ([\d.]+)/.exec(text);
    const system = /System time \(seconds\): ([\d.]+)/.exec(text);
    const cpuSeconds = user && system ? Number(user[1]) + Number(system[1]) : null;
    return { ...run, peakRssBytes: kilobytes ? Number(kilobytes[1]) * 1024 : null, cpuSeconds };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Starts watching a pid; the returned function stops watching and gives the peak seen, in bytes. */
type RssWatcher = (pid: number) => () => number | null;

function spawnTimed(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
  watch: RssWatcher,
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stopWatching = child.pid === undefined ? () => null : watch(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => {
      stopWatching();
      reject(error);
    });
    child.on('close', (exitCode) => {
      const seconds = (performance.now() - started) / 1000;
      resolve({ seconds, peakRssBytes: stopWatching(), cpuSeconds: null, exitCode, stdout, stderr });
    });
  });
}

/** VmHWM is the kernel's high-water mark of the process so far: polling it misses only the final moments. */
const pollPeakRss: RssWatcher = (pid) => {
  let peak: number | null = null;
  const sample = async () => {
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    const kilobytes = /^VmHWM:\s+(\d+) kB/m.exec(status);
    if (kilobytes) peak = Math.max(peak ?? 0, Number(kilobytes[1]) * 1024);
  };
  void sample();
  const timer = setInterval(() => void sample(), POLL_MS);
  return () => {
    clearInterval(timer);
    return peak;
  };
};

/** Bytes as decimal megabytes, the unit of the 150 MB. */
export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
