/**
 * The live UI's page: the run form on the left, the live figures, charts and per-step table on
 * the right, the end block and the log below. Static HTML; the page's script fills it in. Every
 * script and style comes from this server (uPlot from the package's node_modules), none from a CDN.
 */
import { NAMED_SHAPES } from '../engine/plan.js';
import { escapeHtml } from '../report/html/html.js';
import { defaultOf } from '../settings/run-inputs.js';
import { PROFILES } from '../settings/types.js';

export interface PageOptions {
  /** Prefilled in the form (--target). */
  target?: string;
  /** The server has an admin token of its own (--admin-token or the env). */
  hasAdminToken: boolean;
  version: string;
}

function field(name: string, label: string, input: string, hint = '', cls = ''): string {
  return `<div class="field${cls ? ` ${cls}` : ''}" data-field="${name}">
  <label for="f-${name}">${escapeHtml(label)}</label>
  ${input}
  ${hint ? `<small class="hint">${escapeHtml(hint)}</small>` : ''}
  <small class="err" id="e-${name}" role="alert"></small>
</div>`;
}

function textInput(name: string, value: string, placeholder = '', type = 'text'): string {
  return `<input id="f-${name}" name="${name}" type="${type}" value="${escapeHtml(value)}" placeholder="${escapeHtml(placeholder)}" autocomplete="off" spellcheck="false">`;
}

function select(name: string, options: readonly [string, string][], selected = ''): string {
  const opts = options
    .map(
      ([value, text]) =>
        `<option value="${escapeHtml(value)}"${value === selected ? ' selected' : ''}>${escapeHtml(text)}</option>`,
    )
    .join('');
  return `<select id="f-${name}" name="${name}">${opts}</select>`;
}

function form(options: PageOptions): string {
  const shapes: [string, string][] = [
    ['', 'none'],
    ...Object.keys(NAMED_SHAPES).map((s): [string, string] => [s, s]),
  ];
  const profiles = PROFILES.map((p): [string, string] => [p, p]);
  const tokenHint = options.hasAdminToken ? 'empty: the token the server was started with' : '';
  return `<form id="run-form" novalidate>
<h2>Run</h2>
${field('target', 'Target URL', textInput('target', options.target ?? '', 'http://127.0.0.1:8000', 'url'))}
<div class="row2">
${field('users', 'Users', textInput('users', defaultOf('users'), '', 'text'))}
${field('spawnRate', 'Spawn rate (users/s)', textInput('spawnRate', defaultOf('spawnRate')))}
</div>
<div class="row2">
${field('iterations', 'Iterations (orders/user)', textInput('iterations', defaultOf('iterations')), '0 = loop until the run time')}
${field('runTime', 'Run time (cap)', textInput('runTime', defaultOf('runTime'), '10m'))}
</div>
<div class="row2">
${field('shape', 'Shape', select('shape', shapes))}
${field('profile', 'Profile', select('profile', profiles, 'standard'))}
</div>
${field('stages', 'Stages', textInput('stages', '', '1m:100,3m:300,5m:500'), 'time:users points; instead of users and spawn rate')}
<fieldset class="seed">
  <label class="check"><input id="f-seed" name="seed" type="checkbox"> Seed first (reference shop)</label>
  ${field('adminToken', 'Admin token', textInput('adminToken', '', tokenHint, 'password'))}
  <small class="err" id="e-seed" role="alert"></small>
</fieldset>
${field('scenario', 'Scenario file', textInput('scenario', '', 'shop.yaml (a path on this machine)'))}
<details class="advanced">
<summary>More options</summary>
${field('arrivalRate', 'Arrival rate (open model)', textInput('arrivalRate', '', '50/s'))}
<div class="row2">
${field('thinkTime', 'Think time', textInput('thinkTime', defaultOf('thinkTime')))}
${field('itemsPerOrder', 'Items per order', textInput('itemsPerOrder', defaultOf('itemsPerOrder')))}
</div>
<div class="row2">
${field('timeout', 'Request timeout', textInput('timeout', defaultOf('timeout')))}
${field('stock', 'Flash-sale stock', textInput('stock', '', '100'))}
</div>
${field('thresholds', 'Thresholds (one a line)', `<textarea id="f-thresholds" name="thresholds" rows="3" placeholder="success_rate>=0.95&#10;order.p95<500ms" spellcheck="false"></textarea>`)}
</details>
<div class="banner bad" id="form-error" role="alert" hidden></div>
<div class="buttons">
  <button type="submit" id="start" class="primary">Start</button>
  <button type="button" id="stop" disabled>Stop</button>
</div>
</form>`;
}

function stat(key: string, label: string): string {
  return `<div class="stat" data-stat="${key}"><div class="label">${escapeHtml(label)}</div><div class="value" id="s-${key}">–</div></div>`;
}

const STEP_ROWS = ['login', 'products', 'cart', 'order', 'flow']
  .map((s) => `<tr data-step="${s}"><td>${s}</td>${'<td class="num">–</td>'.repeat(7)}</tr>`)
  .join('\n');

function live(): string {
  return `<section class="card" id="live">
<div class="live-head"><h2>Live</h2><span class="pill" id="status">idle</span><span class="muted" id="plan">No run yet: fill in the form and press Start.</span></div>
<div class="banner warn" id="health" hidden></div>
<div class="stats">
${stat('elapsed', 'Elapsed')}${stat('users', 'Users')}${stat('rps', 'Requests/s')}${stat('fps', 'Failures/s')}${stat('p50', 'p50 (ms)')}${stat('p95', 'p95 (ms)')}${stat('orders', 'Orders ok / tried')}${stat('failures', 'Failed requests')}
</div>
<div class="charts" id="charts"></div>
</section>
<section class="card" id="steps">
<h2>Per step <span class="muted" id="steps-note">(req/s now; latency in ms over the run)</span></h2>
<div class="table-wrap"><table id="step-table">
<thead><tr><th scope="col">step</th><th class="num" scope="col">requests</th><th class="num" scope="col">failures</th><th class="num" scope="col">req/s</th><th class="num" scope="col">min</th><th class="num" scope="col">p50</th><th class="num" scope="col">p95</th><th class="num" scope="col">max</th></tr></thead>
<tbody>
${STEP_ROWS}
</tbody></table></div>
</section>
<section class="card" id="end" hidden>
<h2>Results</h2>
<div id="end-body"></div>
<p class="downloads" id="downloads" hidden><a id="dl-results" download="results.json">Download results JSON</a> <a id="dl-report" download="report.html">Download HTML report</a></p>
</section>
<section class="card" id="log-card"><h2>Log</h2><pre class="block log" id="log"></pre></section>`;
}

/** The page's HTML. */
export function renderPage(options: PageOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>order-load-gate</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/uPlot.min.css">
<link rel="stylesheet" href="/assets/page.css">
</head>
<body>
<header class="top"><h1>order-load-gate</h1><span class="sub">load test of the order flow: log in, list products, add to cart, order · ${escapeHtml(options.version)}</span></header>
<main class="ui">
<aside class="card form-card">
${form(options)}
</aside>
<div class="live-col">
${live()}
</div>
</main>
<script src="/assets/uPlot.iife.min.js"></script>
<script src="/assets/charts.js"></script>
<script src="/assets/page.js"></script>
</body>
</html>
`;
}
