const MARKUP: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text from the database or the run, safe in HTML text and in quoted attributes: markup characters are
 * escaped, and control characters (which HTML forbids or renders as nothing) become visible symbols,
 * so a value holding a NUL or a carriage return does not look like one without.
 */
export function escapeHtml(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- control characters are what is replaced
    /[&<>"']|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (char) => MARKUP[char] ?? controlPicture(char),
  );
}

/** U+2400.. pictures for C0 controls and DEL (␀, ␍, ␡); C1 controls have none, so they show as their code. */
function controlPicture(char: string): string {
  const code = char.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `\\u${code.toString(16).padStart(4, '0')}`;
}
