// The options table of docs/usage.md, read from the very yargs definitions `pgverify check` parses with, so
// the documentation cannot name a flag, a default or a meaning the CLI does not have. Nothing here lists the
// options: a flag added to checkOptions() appears in the table at the next `npm run docs`.
import yargs, { type Argv } from 'yargs';
import { checkOptions } from '../../src/cli/check-options.js';

/** One row of the table: what `pgverify check --help` says about one flag. */
export interface OptionDoc {
  readonly flag: string;
  /** The value the flag takes, as a placeholder (`<string>`); empty for a boolean. */
  readonly value: string;
  readonly defaultText: string;
  readonly description: string;
}

/**
 * The parts of yargs' option state this script reads. yargs 18 has `getOptions()`, but @types/yargs (17)
 * does not declare it; descriptions are not in it at all, so they are read from the help text instead.
 */
interface OptionState {
  key: Record<string, unknown>;
  array: string[];
  boolean: string[];
  string: string[];
  number: string[];
  count: string[];
  narg: Record<string, unknown>;
  hiddenOptions: string[];
  default: Record<string, unknown>;
  defaultDescription: Record<string, string | undefined>;
}

/** The flags of `pgverify check`, in the order checkOptions() declares them. */
export async function checkOptionDocs(): Promise<OptionDoc[]> {
  // No --help or --version of yargs' own: only what the check command's builder declares is documented.
  const parser = checkOptions(yargs([]).help(false).version(false).wrap(null)) as Argv;
  const state = (parser as unknown as { getOptions(): OptionState }).getOptions();
  const descriptions = helpDescriptions(await parser.getHelp());
  return Object.keys(state.key)
    .filter((key) => !state.hiddenOptions.includes(key))
    .map((key) => {
      const description = descriptions.get(key);
      if (description === undefined) {
        throw new Error(`options table: --${key} is declared but \`pgverify check --help\` does not list it`);
      }
      return { flag: `--${key}`, value: valueOf(key, state), defaultText: defaultOf(key, state), description };
    });
}

/** The table as Markdown, one row per flag. */
export function renderOptionsTable(options: readonly OptionDoc[]): string {
  const rows = options.map((option) => {
    const flag = code(option.value === '' ? option.flag : `${option.flag} ${option.value}`);
    return `| ${flag} | ${escapeCell(option.defaultText)} | ${escapeCell(option.description)} |`;
  });
  return ['| flag | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

// yargs appends what it knows about a flag in brackets after its description; a description of our own may
// hold brackets too ("[required unless the config file has it]"), so only yargs' own forms are taken off.
const ANNOTATION =
  /\s*\[(?:string|boolean|number|array|count|required|deprecated(?:: [^\]]*)?|default: [^\]]*|choices: [^\]]*)\]$/;

/** Each flag's description from the help text, which (unwrapped) gives one line per flag. */
function helpDescriptions(help: string): Map<string, string> {
  const descriptions = new Map<string, string>();
  for (const line of help.split('\n')) {
    const match = /^\s+(?:-\S+, )*--(\S+)(?:\s+(.*))?$/.exec(line);
    if (match === null) continue;
    let description = (match[2] ?? '').trim();
    while (ANNOTATION.test(description)) description = description.replace(ANNOTATION, '');
    descriptions.set(match[1]!, description.trim());
  }
  return descriptions;
}

function valueOf(key: string, state: OptionState): string {
  if (state.boolean.includes(key) || state.count.includes(key)) return '';
  const placeholder = state.number.includes(key) ? '<number>' : state.string.includes(key) ? '<string>' : '<value>';
  return state.array.includes(key) ? `${placeholder}...` : placeholder;
}

function defaultOf(key: string, state: OptionState): string {
  const described = state.defaultDescription[key];
  if (described !== undefined) return described;
  const value = state.default[key];
  return value === undefined ? '' : JSON.stringify(value);
}

function code(text: string): string {
  return `\`${text.replaceAll('|', '\\|')}\``;
}

/** Text safe in a table cell: a pipe would end the cell, `<x>` would be read as HTML, `*` as emphasis. */
function escapeCell(text: string): string {
  const escapes: Record<string, string> = { '\\': '\\\\', '|': '\\|', '*': '\\*', '<': '&lt;', '>': '&gt;' };
  return text.replace(/[\\|*<>]/g, (character) => escapes[character] ?? character);
}
