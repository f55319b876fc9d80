// The CSS of report.html and results/index.html: system fonts, high contrast, no external resources, prints cleanly.

export const VARIANT_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'] as const;

/** Okabe-Ito based, so variants stay distinguishable for colour-blind readers and in greyscale print. */
export function variantColor(index: number): string {
  return VARIANT_COLORS[index % VARIANT_COLORS.length] ?? '#000000';
}

export const BASE_CSS = `
:root { color-scheme: light; --fg: #1a1d21; --muted: #5b6470; --line: #d9dde3; --soft: #f4f6f8;
  --pass: #1b7f3b; --pass-bg: #e6f4ea; --fail: #b3261e; --fail-bg: #fce8e6; --warn: #8a5300; --warn-bg: #fff4dc; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--fg); background: #fff; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto,
  "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 26px; line-height: 1.2; margin: 0 0 6px; }
h2 { font-size: 19px; margin: 36px 0 10px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 18px 0 6px; }
p { margin: 6px 0; }
a { color: #0b57d0; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }
.muted { color: var(--muted); }
.meta { color: var(--muted); margin: 0; }
.meta span + span::before { content: " · "; }
.pill { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 13px; font-weight: 600;
  vertical-align: middle; border: 1px solid transparent; }
.pill.passed, .pill.pass { color: var(--pass); background: var(--pass-bg); border-color: #b7dfc3; }
.pill.failed, .pill.fail, .pill.error { color: var(--fail); background: var(--fail-bg); border-color: #f1b8b3; }
.pill.aborted, .pill.warn { color: var(--warn); background: var(--warn-bg); border-color: #f0d39a; }
.warnings { margin: 18px 0 8px; padding: 0; list-style: none; }
.warnings li { margin: 6px 0; padding: 10px 14px; border-radius: 6px; border-left: 5px solid var(--warn);
  background: var(--warn-bg); }
.warnings li.severe { border-left-color: var(--fail); background: var(--fail-bg); }
.warnings strong { margin-right: 4px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 12px; margin: 16px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; border-top: 4px solid var(--accent, #888); }
.card h3 { margin: 0 0 6px; }
.card dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 12px; margin: 0; }
.card dt { color: var(--muted); }
.card dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; white-space: nowrap; }
tbody tr.group-start td { border-top: 2px solid #b9c0c9; }
.table-wrap { overflow-x: auto; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }
.flag { color: var(--warn); font-weight: 600; }
.better { color: var(--pass); }
.worse { color: var(--fail); }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0; }
dl.kv dt { color: var(--muted); }
dl.kv dd { margin: 0; overflow-wrap: anywhere; }
ul.plain { padding-left: 20px; margin: 6px 0; }
footer { margin-top: 40px; color: var(--muted); font-size: 13px; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; }
  section, .chart, .card, tr { break-inside: avoid; }
  .warnings li, .pill, th, .card { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
