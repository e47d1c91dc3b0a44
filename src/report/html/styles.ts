/** The stylesheet shared by the HTML report and the live UI: plain, readable, narrow-window friendly. */
export const BASE_CSS = `
:root {
  --fg: #111827; --muted: #4b5563; --line: #e5e7eb; --bg: #f9fafb; --card: #ffffff;
  --accent: #2563eb; --ok: #047857; --ok-bg: #ecfdf5; --bad: #b91c1c; --bad-bg: #fef2f2;
  --warn: #92400e; --warn-bg: #fffbeb;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
header.top {
  display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 16px;
  padding: 14px 24px; background: var(--card); border-bottom: 1px solid var(--line);
}
header.top h1 { font-size: 18px; margin: 0; }
header.top .sub { color: var(--muted); overflow-wrap: anywhere; }
main { padding: 16px 24px 32px; max-width: 1400px; margin: 0 auto; }
section.card {
  background: var(--card); border: 1px solid var(--line); border-radius: 8px;
  padding: 14px 16px; margin: 0 0 16px; min-width: 0;
}
section.card > h2 { font-size: 15px; margin: 0 0 10px; }
.muted { color: var(--muted); }
.pill {
  display: inline-block; padding: 1px 10px; border-radius: 999px; font-size: 12px; font-weight: 600;
  background: var(--line); color: var(--fg); white-space: nowrap;
}
.pill.pass, .pill.finished { background: var(--ok-bg); color: var(--ok); }
.pill.fail, .pill.error { background: var(--bad-bg); color: var(--bad); }
.pill.running, .pill.starting { background: #eff6ff; color: var(--accent); }
.pill.stopped, .pill.stopping { background: var(--warn-bg); color: var(--warn); }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; }
.stat { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; background: var(--card); }
.stat .label { font-size: 12px; color: var(--muted); }
.stat .value { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
.charts { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 12px; }
@media (max-width: 900px) { .charts { grid-template-columns: minmax(0, 1fr); } }
figure.chart { margin: 0; min-width: 0; border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
figure.chart figcaption { font-weight: 600; font-size: 13px; margin: 0 0 4px; }
figure.chart .plot { min-width: 0; overflow: hidden; }
.uplot .u-legend { font-size: 12px; text-align: left; }
.uplot .u-legend .u-series > * { padding: 1px 3px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
th { font-size: 12px; color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; }
.wrap { white-space: normal; overflow-wrap: anywhere; }
pre.block {
  margin: 0; padding: 12px; background: #f3f4f6; border-radius: 6px; overflow-x: auto;
  font: 12.5px/1.45 var(--mono);
}
.banner { padding: 8px 12px; border-radius: 6px; margin: 0 0 12px; overflow-wrap: anywhere; }
.banner.warn { background: var(--warn-bg); color: var(--warn); border: 1px solid #fde68a; }
.banner.bad { background: var(--bad-bg); color: var(--bad); border: 1px solid #fecaca; }
.table-wrap + .banner, .table-wrap + p { margin-top: 10px; }
.banner.ok { background: var(--ok-bg); color: var(--ok); border: 1px solid #a7f3d0; }
ul.plain { margin: 4px 0 0; padding-left: 20px; }
ul.plain li { overflow-wrap: anywhere; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; }
dl.kv dt { color: var(--muted); }
dl.kv dd { margin: 0; overflow-wrap: anywhere; }
@media (max-width: 600px) {
  header.top, main { padding-left: 12px; padding-right: 12px; }
  section.card { padding: 12px; }
}
`;
