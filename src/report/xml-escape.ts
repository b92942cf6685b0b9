// A raw CR would be read back as LF, so it is kept as a reference.
const MARKUP: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
};

/**
 * Characters XML 1.0 cannot hold even as references: C0 controls but tab, LF and CR, lone surrogates,
 * U+FFFE and U+FFFF. Strict parsers (Jenkins, GitLab) reject the whole file over a single one.
 */
const FORBIDDEN =
  // eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids are what is matched
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text safe inside an XML element or a quoted attribute; forbidden characters become U+FFFD. */
export function escapeXml(text: string): string {
  return text.replace(FORBIDDEN, '\ufffd').replace(/[&<>"'\r]/g, (char) => MARKUP[char]!);
}

/**
 * An attribute value on one line: parsers turn a raw newline or tab in an attribute into a space anyway,
 * so runs of whitespace are folded first and the attribute reads the same everywhere.
 */
export function escapeXmlAttribute(text: string): string {
  return escapeXml(text.replace(/\s+/g, ' ').trim());
}
