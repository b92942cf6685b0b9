// Links between the README and the docs/ pages: when a section moves, a link to its old place must not
// silently lead nowhere. Anchors are computed the way GitHub computes them from a heading's text.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

/** A Markdown file's lines outside fenced code blocks, with their line numbers. */
function proseLines(text: string): Array<{ number: number; line: string }> {
  const lines: Array<{ number: number; line: string }> = [];
  let fenced = false;
  text.split('\n').forEach((line, index) => {
    if (/^\s*```/.test(line)) fenced = !fenced;
    else if (!fenced) lines.push({ number: index + 1, line });
  });
  return lines;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { line } of proseLines(text)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading === null) continue;
    const words = heading[1]!
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/[`*]/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(words) ?? 0;
    seen.set(words, count + 1);
    anchors.add(count === 0 ? words : `${words}-${count}`);
  }
  return anchors;
}

/**
 * Every relative link of `files` (paths under `root`) whose file does not exist or whose `#anchor` names no
 * heading of that file, as `file:line: [text](target): why`.
 */
export async function brokenLinks(root: string, files: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  const anchorsOf = new Map<string, Set<string>>();
  const anchors = async (path: string): Promise<Set<string>> => {
    let found = anchorsOf.get(path);
    if (found === undefined) {
      found = headingAnchors(await readFile(path, 'utf8'));
      anchorsOf.set(path, found);
    }
    return found;
  };
  for (const file of files) {
    const path = join(root, file);
    for (const { number, line } of proseLines(await readFile(path, 'utf8'))) {
      // A code span's text is not a link; keep a placeholder so `[`--junit`](x)` still reads as one.
      const prose = line.replace(/`[^`]*`/g, 'code');
      for (const link of prose.matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)) {
        const target = link[1]!;
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
        const [pathPart = '', anchor] = target.split('#', 2);
        const targetPath = pathPart === '' ? path : join(dirname(path), decodeURIComponent(pathPart));
        const where = `${file}:${number}: ${link[0]}`;
        if (!existsSync(targetPath)) problems.push(`${where}: ${relative(root, targetPath)} does not exist`);
        else if (anchor !== undefined && targetPath.endsWith('.md') && !(await anchors(targetPath)).has(anchor)) {
          problems.push(`${where}: ${relative(root, targetPath)} has no heading with the anchor #${anchor}`);
        }
      }
    }
  }
  return problems;
}
