import type { Side } from './summary.js';

/**
 * The exit codes of the CLI, the one table of them: cron jobs and CI pipelines act on these.
 * 0 every table passes; 1 differences found; 2 bad usage, nothing ran; 3 an error (a table could not be
 * checked, a side could not be reached); 130 interrupted.
 */
export const EXIT_CODES = { pass: 0, differences: 1, usage: 2, error: 3, interrupted: 130 } as const;

/** Base of every failure pgverify reports; `exitCode` is what the CLI exits with. */
export class PgVerifyError extends Error {
  readonly exitCode: number = EXIT_CODES.error;
  override name = 'PgVerifyError';
}

/** Bad flags or option values: the run never started (exit 2). */
export class UsageError extends PgVerifyError {
  override readonly exitCode = EXIT_CODES.usage;
  override name = 'UsageError';
}

/** Flags that must be given and were not, named as typed: `--source is required`, `--source and --target are required`. */
export function missingFlags(names: readonly string[]): UsageError {
  const flags = names.map((name) => `--${name}`);
  const listed = flags.length > 1 ? `${flags.slice(0, -1).join(', ')} and ${flags.at(-1)!}` : flags[0]!;
  return new UsageError(`${listed} ${flags.length > 1 ? 'are' : 'is'} required`);
}

/** A failure talking to one side's server; keeps PostgreSQL's code and detail and the original error as cause. */
export class DatabaseError extends PgVerifyError {
  override name = 'DatabaseError';
  readonly code?: string;
  readonly detail?: string;
  constructor(
    readonly side: Side,
    /** The message without the side, for a sentence that names the side itself. */
    readonly withoutSide: string,
    cause?: unknown,
  ) {
    super(`${side}: ${withoutSide}`, { cause });
    const pgError = cause as { code?: string; detail?: string } | undefined;
    this.code = typeof pgError?.code === 'string' ? pgError.code : undefined;
    this.detail = typeof pgError?.detail === 'string' ? pgError.detail : undefined;
  }
}

/** The server of one side could not be reached or refused the login. */
export class ConnectError extends DatabaseError {
  override name = 'ConnectError';
}

/** The run was stopped by a signal before it finished. */
export class InterruptedError extends PgVerifyError {
  override readonly exitCode = EXIT_CODES.interrupted;
  override name = 'InterruptedError';
}

/** A one-line description of any thrown value, for reasons and messages. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? String(error);
  return String(error);
}

/**
 * The one line the CLI prints for a failure (after `pgverify: `), and the `reason` of a run it stopped:
 * a PgVerifyError's message, anything else as an internal error.
 */
export function describeFailure(error: unknown): string {
  return error instanceof PgVerifyError ? describeError(error) : `internal error: ${describeError(error)}`;
}

/** What a failure becomes when it happened while the run was being stopped: the interruption, as InterruptedError. */
export function interruptedBeforeStart(cause: unknown): InterruptedError {
  return cause instanceof InterruptedError
    ? cause
    : new InterruptedError('interrupted before any table was checked', { cause });
}
