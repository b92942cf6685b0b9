import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { withClient } from './db.js';

/** The machine and server the figures belong to: ratios travel between machines, seconds do not. */
export interface Machine {
  readonly date: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryBytes: number;
  /** 1-minute load average when the run started: other work on the machine slows floors and tool alike, but not evenly. */
  readonly loadAverage: number;
  readonly node: string;
  readonly postgres: string;
  /** Server settings that change scan speed. */
  readonly settings: Readonly<Record<string, string>>;
  readonly server: string;
  readonly commit: string | null;
}

const SETTINGS = ['shared_buffers', 'work_mem', 'max_parallel_workers_per_gather', 'max_parallel_workers', 'jit'];

/** Describes this machine and the PostgreSQL server at `adminUrl`. */
export async function describeMachine(adminUrl: string, server: string, root: string): Promise<Machine> {
  const postgres = await withClient(adminUrl, async (client) => {
    const version = (await client.query<{ version: string }>('SELECT version()')).rows[0]!.version;
    const result = await client.query<{ name: string; setting: string }>({
      text: 'SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name = ANY($1::text[]) ORDER BY name',
      values: [SETTINGS],
    });
    const settings: Record<string, string> = Object.fromEntries(result.rows.map((row) => [row.name, row.setting]));
    // jit=on says nothing where the server has no JIT provider (the embedded servers): say which it is.
    const jit = await client.query<{ available: boolean }>('SELECT pg_jit_available() AS available');
    if (settings.jit !== undefined && !jit.rows[0]!.available) settings.jit = `${settings.jit} (no JIT provider)`;
    return { version, settings };
  });
  return {
    date: new Date().toISOString(),
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryBytes: totalmem(),
    loadAverage: loadavg()[0] ?? 0,
    node: process.version,
    postgres: postgres.version,
    settings: postgres.settings,
    server,
    commit: gitCommit(root),
  };
}

/** The commit measured, with a mark when the working tree differs from it. */
function gitCommit(root: string): string | null {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: root, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${commit} (src/ modified)` : commit;
  } catch {
    return null;
  }
}
