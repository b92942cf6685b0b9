import type { RunOrigin, Status } from '../summary.js';
import { escapeHtml } from './html-escape.js';
import { REPORT_CSS } from './html-style.js';
import { commandLineText } from './run-origin.js';
import { STATUS_LABELS } from './format.js';

// Nothing in a report may run or load: if escaping ever failed, the browser would still refuse both.
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'";

/** The parts of a report page: `main` is trusted HTML built with escapeHtml, the rest is plain text. */
export interface HtmlPageParts {
  readonly title: string;
  readonly status: Status;
  readonly verdict: string;
  readonly main: string;
}

/** A self-contained report page (inline CSS, no script, nothing fetched) under a verdict banner. */
export function htmlPage(parts: HtmlPageParts): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="pgverify">
<title>${escapeHtml(`pgverify ${STATUS_LABELS[parts.status]}: ${parts.title}`)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header class="verdict ${parts.status}">
<h1>${STATUS_LABELS[parts.status]}</h1>
<p>${escapeHtml(parts.verdict)}</p>
</header>
<main>
${parts.main}
</main>
</body>
</html>
`;
}

/** A count as people read it (`1,234`), or `-` where there is none. */

export function statusBadge(status: Status): string {
  return `<span class="status ${status}">${status}</span>`;
}

/** A list of facts (`term`, plain-text value) as the report shows them under its verdict. */
export function factsList(rows: ReadonlyArray<readonly [string, string]>): string {
  const items = rows.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join('\n');
  return `<dl class="facts">\n${items}\n</dl>`;
}

/** `2024-05-01 10:00:02 UTC` from an ISO timestamp; anything else is shown as it is. */
export function readableTime(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso);
  return match === null ? iso : `${match[1]} ${match[2]} UTC`;
}

/** The facts that identify a run for a sign-off: pgverify's version and the command that started it. */
export function originFacts(origin: Partial<RunOrigin>): Array<[string, string]> {
  return [
    ['pgverify', origin.pgverifyVersion ?? 'unknown'],
    [
      'Command line',
      origin.commandLine == null ? 'none: run through the library (verify())' : commandLineText(origin.commandLine),
    ],
  ];
}
