/**
 * The live page's browser code (plain ES2017, served as /assets/page.js): sends the form, shows
 * the CLI's message next to a refused field, follows the server's events (snapshot, state, tick,
 * log, end) and draws them with OLGCharts (chart-script.ts).
 */
export const PAGE_SCRIPT = String.raw`(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var fmt = window.OLGCharts.num;
  var charts = null;
  var runId = 0;
  var status = 'idle';
  var ACTIVE = { starting: true, running: true, stopping: true };

  // ---- form -------------------------------------------------------------------------------
  var form = $('run-form');

  function formValues() {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) return;
      out[el.name] = el.type === 'checkbox' ? el.checked : el.value;
    });
    return out;
  }

  function clearErrors() {
    $('form-error').hidden = true;
    $('form-error').textContent = '';
    Array.prototype.forEach.call(form.querySelectorAll('.err'), function (el) { el.textContent = ''; });
    Array.prototype.forEach.call(form.querySelectorAll('[aria-invalid]'), function (el) {
      el.removeAttribute('aria-invalid');
    });
  }

  function showError(message, field) {
    var box = $('form-error');
    box.textContent = message;
    box.hidden = false;
    if (!field) return;
    var input = $('f-' + field);
    var err = $('e-' + field);
    if (err) err.textContent = message;
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      if (input.closest('details')) input.closest('details').open = true;
      input.focus();
    }
  }

  function post(path, body) {
    return fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body)
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        return { ok: res.ok, data: data };
      });
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (ACTIVE[status]) return;
    clearErrors();
    $('start').disabled = true;
    post('/api/runs', formValues()).then(function (r) {
      if (!r.ok) {
        showError(r.data.error || 'The run was refused.', r.data.field);
        $('start').disabled = ACTIVE[status] === true;
      }
    }).catch(function (err) {
      showError('Could not reach the order-load-gate server: ' + err.message);
      $('start').disabled = false;
    });
  });

  $('stop').addEventListener('click', function () {
    $('stop').disabled = true;
    post('/api/stop', {}).catch(function () { $('stop').disabled = false; });
  });

  // ---- live -------------------------------------------------------------------------------
  function elapsed(ms) { return window.OLGCharts.clock(ms / 1000); }

  function setStat(key, text) { $('s-' + key).textContent = text; }

  function resetLive() {
    charts = window.OLGCharts.mount($('charts'), { points: [], steps: true });
    ['elapsed', 'users', 'rps', 'fps', 'p50', 'p95', 'orders', 'failures'].forEach(function (k) { setStat(k, '\u2013'); });
    Array.prototype.forEach.call(document.querySelectorAll('#step-table tbody tr'), function (tr) {
      for (var i = 1; i < tr.cells.length; i++) tr.cells[i].textContent = '\u2013';
    });
    $('steps-note').textContent = '(req/s now; latency in ms over the run)';
    $('health').hidden = true;
    $('end').hidden = true;
    $('end-body').textContent = '';
    $('downloads').hidden = true;
    $('log').textContent = '';
  }

  function renderState(s) {
    if (s.runId !== runId) { runId = s.runId; resetLive(); }
    status = s.status;
    var pill = $('status');
    pill.textContent = s.status;
    pill.className = 'pill ' + s.status;
    if (s.plan) $('plan').textContent = s.plan;
    $('start').disabled = ACTIVE[s.status] === true;
    $('stop').disabled = !(s.status === 'starting' || s.status === 'running');
    document.body.setAttribute('data-status', s.status);
  }

  function renderTick(t) {
    setStat('elapsed', elapsed(t.elapsedMs));
    setStat('users', String(t.users));
    setStat('rps', fmt(t.rps));
    setStat('fps', fmt(t.failuresPerS));
    setStat('p50', fmt(t.p50));
    setStat('p95', fmt(t.p95));
    setStat('orders', t.orders.succeeded + ' / ' + t.orders.attempted);
    setStat('failures', t.failures + ' / ' + t.requests);
    if (charts) charts.append(t.points);
    t.steps.forEach(function (row) {
      var tr = document.querySelector('#step-table tr[data-step="' + row.step + '"]');
      if (!tr) return;
      var cells = [row.requests, row.failures, fmt(row.rps), fmt(row.min), fmt(row.p50), fmt(row.p95), fmt(row.max)];
      for (var i = 0; i < cells.length; i++) tr.cells[i + 1].textContent = String(cells[i]);
      tr.classList.toggle('has-failures', row.failures > 0);
    });
    if (t.final) $('steps-note').textContent = '(req/s and latency in ms over the whole run)';
    var saturated = t.warnings.filter(function (w) { return /saturated/.test(w); });
    var health = $('health');
    health.hidden = saturated.length === 0;
    health.textContent = saturated.join(' ');
    document.body.setAttribute('data-ticks', String(Number(document.body.getAttribute('data-ticks') || 0) + 1));
  }

  function appendLog(line) {
    var log = $('log');
    var span = document.createElement('span');
    span.className = line.level;
    span.textContent = line.message + '\n';
    log.appendChild(span);
    while (log.childNodes.length > 300) log.removeChild(log.firstChild);
    log.scrollTop = log.scrollHeight;
  }

  function renderEnd(end) {
    $('end').hidden = false;
    $('end-body').innerHTML = end.html;
    if (end.resultsUrl && end.reportUrl) {
      $('dl-results').href = end.resultsUrl;
      $('dl-report').href = end.reportUrl;
      $('downloads').hidden = false;
    }
  }

  function on(source, name, fn) {
    source.addEventListener(name, function (e) { fn(JSON.parse(e.data)); });
  }

  var source = new EventSource('/api/events');
  on(source, 'snapshot', function (snap) {
    runId = -1;
    renderState(snap.state);
    if (charts) charts.append(snap.points);
    if (snap.tick) renderTick(Object.assign({}, snap.tick, { points: [] }));
    snap.logs.forEach(appendLog);
    if (snap.end) renderEnd(snap.end);
  });
  on(source, 'state', renderState);
  on(source, 'tick', renderTick);
  on(source, 'log', appendLog);
  on(source, 'end', renderEnd);
  source.addEventListener('error', function () {
    if (source.readyState === EventSource.CONNECTING) $('plan').textContent = 'Reconnecting to the server\u2026';
  });
})();
`;
