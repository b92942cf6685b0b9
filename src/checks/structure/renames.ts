import type { ColumnDefinition } from '../../catalog/structure/types.js';
import type { ColumnRules } from '../../plan/match-rules.js';

/** Identifiers (quoted or bare) and string literals, so that identifiers inside a literal are left alone. */
const TOKENS = /'(?:[^']|'')*'|"(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_$]*/g;

/**
 * The printed name of each --map-column source column, mapped to the target's printed name: a source
 * definition naming `mail` is compared as naming `email`.
 */
export function printedRenames(
  rules: ColumnRules,
  source: readonly ColumnDefinition[],
  target: readonly ColumnDefinition[],
): Map<string, string> {
  const printed = (columns: readonly ColumnDefinition[], name: string) =>
    columns.find((column) => column.name === name)?.quotedName;
  const renames = new Map<string, string>();
  for (const [from, to] of rules.renamed) {
    const sourceName = printed(source, from);
    const targetName = printed(target, to);
    if (sourceName !== undefined && targetName !== undefined) renames.set(sourceName, targetName);
  }
  return renames;
}

/**
 * A source definition with renamed columns under their target names. Only whole identifiers outside string
 * literals are replaced, and neither a qualified name's part (`x.mail`) nor a function name (`mail(`).
 */
export function renameColumns(definition: string, renames: ReadonlyMap<string, string>): string {
  if (renames.size === 0) return definition;
  return definition.replace(TOKENS, (token, offset: number) => {
    const renamed = renames.get(token);
    if (renamed === undefined || definition[offset - 1] === '.' || definition[offset + token.length] === '(')
      return token;
    return renamed;
  });
}
