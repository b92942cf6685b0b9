/**
 * The report's only stylesheet, inlined so the file stands alone. Colours keep a contrast of at least
 * 4.5:1 against their background (WCAG AA) and print as they show.
 */
export const REPORT_CSS = `
:root { --pass: #1a7f37; --fail: #cf222e; --error: #9a6700; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0 auto; padding: 24px; max-width: 1200px; color: var(--ink); background: #fff;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
h1, h2, h3 { line-height: 1.25; margin: 1.6em 0 0.5em; }
h2 { font-size: 1.3em; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 1.1em; }
h4 { font-size: 1em; margin: 1.2em 0 0.4em; }
a { color: #0b57d0; }
a:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
.verdict { margin: 0; padding: 20px 24px; border-radius: 8px; color: #fff; }
.verdict.pass { background: var(--pass); } .verdict.fail { background: var(--fail); } .verdict.error { background: var(--error); }
.verdict h1 { margin: 0; font-size: 2.6em; letter-spacing: 0.04em; }
.verdict p { margin: 6px 0 0; font-size: 1.15em; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 16px 0 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: var(--soft); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
table.overview td.findings { min-width: 14em; }
tr.fail > th { box-shadow: inset 4px 0 0 var(--fail); }
tr.error > th { box-shadow: inset 4px 0 0 var(--error); }
.status { display: inline-block; padding: 0 8px; border-radius: 10px; color: #fff; font-weight: 600; font-size: 0.85em; }
.status.pass { background: var(--pass); } .status.fail { background: var(--fail); } .status.error { background: var(--error); }
ul.findings { margin: 0; padding-left: 0; list-style: none; }
ul.findings li { margin: 2px 0; padding-left: 8px; border-left: 4px solid var(--line); }
ul.findings li.fail { border-left-color: var(--fail); }
ul.findings li.warning { border-left-color: var(--error); }
ul.findings li.note { color: var(--muted); }
.level { font-weight: 600; }
.value, code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.92em; }
.value { white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: isolate; }
td.changed.source { background: #ffebe9; } td.changed.target { background: #dafbe1; }
td.changed.source mark { background: #ffcecb; } td.changed.target mark { background: #aceebb; }
mark { color: inherit; border-radius: 2px; outline: 1px solid rgba(31, 35, 40, 0.25); }
.badge { display: inline-block; padding: 0 6px; border-radius: 4px; font: 600 0.8em system-ui, sans-serif; letter-spacing: 0.03em; }
.badge.null { background: #59636e; color: #fff; }
.badge.empty { border: 1px dashed #59636e; color: var(--ink); background: #fff; }
.cut, .length, .muted { color: var(--muted); }
.length { font-size: 0.85em; white-space: nowrap; }
.legend, .reason { color: var(--muted); font-size: 0.9em; }
section.table-details { margin-top: 28px; }
td.chart { white-space: nowrap; vertical-align: middle; }
svg.history-chart { display: block; }
svg.history-chart .pass { fill: var(--pass); } svg.history-chart .fail { fill: var(--fail); } svg.history-chart .error { fill: var(--error); }
.fleet td.pass, .swatch.pass { background: var(--pass); } .fleet td.fail, .swatch.fail { background: var(--fail); }
.fleet td.error, .swatch.error { background: var(--error); } .swatch.none { background: var(--soft); border: 1px solid var(--line); }
svg.history-chart .none { fill: var(--line); }
.fleet-scroll { overflow: auto; max-height: 96vh; }
table.fleet { width: auto; border-collapse: separate; border-spacing: 1px; margin: 0; font-size: 9px; line-height: 9px; }
table.fleet th, table.fleet td { border: 0; padding: 0; }
table.fleet thead th { position: sticky; top: 0; z-index: 2; background: #fff; height: 7.5em; vertical-align: bottom; }
table.fleet thead th span { display: inline-block; writing-mode: vertical-rl; transform: rotate(180deg); max-height: 7.5em;
  overflow: hidden; text-overflow: ellipsis; white-space: nowrap; padding: 2px 0; }
table.fleet tbody th { position: sticky; left: 0; z-index: 1; background: #fff; padding: 0 6px 0 0; white-space: nowrap;
  max-width: 14em; overflow: hidden; text-overflow: ellipsis; font-weight: 400; }
table.fleet td { width: 14px; min-width: 14px; height: 9px; text-align: center; color: #fff; font-weight: 700; }
table.fleet td.none { background: var(--soft); }
table.fleet td.flipped { outline: 2px solid var(--ink); outline-offset: -2px; }
span.swatch { display: inline-block; width: 12px; height: 9px; margin: 0 4px 0 10px; vertical-align: middle; }
@page { margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  table { font-size: 8pt; }
  th, td { padding: 2px 4px; }
  table.overview td.findings { min-width: 9em; }
  .verdict, .status, .badge, td.changed, mark { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  thead { display: table-header-group; }
  tr, li { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  .table-scroll { overflow: visible; }
}
`;
