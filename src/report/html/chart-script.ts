/**
 * The browser code that draws the run's charts with uPlot, shared by the live UI (points added
 * every second) and the HTML report (all points at once). Plain ES2017 in a string, so it can be
 * served and inlined as is. It defines `window.OLGCharts.mount(root, { points, steps })`, which
 * returns `{ append(points), reset(), destroy() }` (mounting again on the same root destroys the
 * previous charts). Each chart sets `data-points` to the points drawn.
 */
export const CHART_SCRIPT = String.raw`(function () {
  'use strict';
  var STEPS = ['login', 'products', 'cart', 'order'];
  var COLORS = {
    users: '#2563eb', rps: '#0f766e', fps: '#dc2626',
    login: '#2563eb', products: '#0f766e', cart: '#d97706', order: '#9333ea', all: '#475569'
  };
  var HEIGHT = 210;
  /** Time axis ticks at whole seconds and minutes only. */
  var SECOND_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];
  /** Axis ticks for counts (users): whole numbers only. */
  var WHOLE_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000, 100000];

  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function clock(s) {
    if (s == null || !isFinite(s)) return '';
    s = Math.round(s);
    return Math.floor(s / 60) + ':' + pad(s % 60);
  }
  function num(v) {
    if (v == null || !isFinite(v)) return '\u2013';
    if (v === Math.round(v) || Math.abs(v) >= 100) return v.toFixed(0);
    return v.toFixed(1);
  }
  function hasSteps(points) {
    for (var i = 0; i < points.length; i++) {
      if (points[i].steps && Object.keys(points[i].steps).length > 0) return true;
    }
    return false;
  }

  function chartDefs(lines) {
    function latency(q) {
      return lines.map(function (name) {
        return { label: name === 'all' ? 'all requests' : name, key: q + '.' + name, color: COLORS[name] };
      });
    }
    return [
      {
        id: 'users', title: 'Users', integer: true,
        series: [{ label: 'users', key: 'users', color: COLORS.users, fill: true }]
      },
      {
        id: 'throughput', title: 'Requests/s and failures/s',
        series: [
          { label: 'requests/s', key: 'rps', color: COLORS.rps },
          { label: 'failures/s', key: 'fps', color: COLORS.fps }
        ]
      },
      { id: 'p50', title: 'Response time p50 by step (ms)', series: latency('p50') },
      { id: 'p95', title: 'Response time p95 by step (ms)', series: latency('p95') }
    ];
  }

  /** The legend shows the hovered second, or the latest value when the cursor is elsewhere. */
  function legendValue(format) {
    return function (u, v, sidx, idx) {
      if (idx == null) {
        var col = u.data[sidx] || [];
        for (var i = col.length - 1; i >= 0; i--) if (col[i] != null) return format(col[i]);
        return format(null);
      }
      return format(v);
    };
  }

  function zeroBased(u, min, max) {
    return [0, max > 0 ? max * 1.1 : 1];
  }

  function plotOptions(def, width) {
    var grid = { stroke: '#e5e7eb', width: 1 };
    var series = [{ label: 'time', value: legendValue(clock) }];
    def.series.forEach(function (s) {
      series.push({
        label: s.label,
        stroke: s.color,
        width: 2,
        fill: s.fill ? s.color + '22' : undefined,
        spanGaps: false,
        value: legendValue(num)
      });
    });
    return {
      width: width,
      height: HEIGHT,
      series: series,
      scales: { x: { time: false }, y: { range: zeroBased } },
      axes: [
        {
          stroke: '#4b5563', grid: grid, ticks: grid, incrs: SECOND_STEPS, space: 50,
          values: function (u, vals) { return vals.map(clock); }
        },
        { stroke: '#4b5563', grid: grid, ticks: grid, size: 52, incrs: def.integer ? WHOLE_STEPS : undefined }
      ],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } }
    };
  }

  function mount(root, options) {
    options = options || {};
    var initial = options.points || [];
    var lines = (options.steps === undefined ? hasSteps(initial) : options.steps) ? STEPS : ['all'];
    var defs = chartDefs(lines);
    var data = {};
    var charts = [];

    function clear() {
      data = { t: [], users: [], rps: [], fps: [] };
      lines.forEach(function (l) { data['p50.' + l] = []; data['p95.' + l] = []; });
    }
    function push(p) {
      data.t.push(p.t);
      data.users.push(p.users);
      data.rps.push(p.requests);
      data.fps.push(p.failures);
      lines.forEach(function (l) {
        var s = l === 'all' ? (p.requests > 0 ? p : null) : (p.steps && p.steps[l]) || null;
        data['p50.' + l].push(s ? s.p50 : null);
        data['p95.' + l].push(s ? s.p95 : null);
      });
    }
    function columns(def) {
      return [data.t].concat(def.series.map(function (s) { return data[s.key]; }));
    }
    function widthOf(el) {
      var w = el.clientWidth;
      return w > 0 ? w : 600;
    }
    function redraw() {
      charts.forEach(function (c) {
        c.plot.setData(columns(c.def));
        c.figure.setAttribute('data-points', String(data.t.length));
      });
    }

    if (root.olgCharts) root.olgCharts.destroy();
    clear();
    initial.forEach(push);
    root.textContent = '';
    defs.forEach(function (def) {
      var figure = document.createElement('figure');
      figure.className = 'chart';
      figure.setAttribute('data-chart', def.id);
      var caption = document.createElement('figcaption');
      caption.textContent = def.title;
      var holder = document.createElement('div');
      holder.className = 'plot';
      figure.appendChild(caption);
      figure.appendChild(holder);
      root.appendChild(figure);
      var plot = new uPlot(plotOptions(def, widthOf(holder)), columns(def), holder);
      figure.setAttribute('data-points', String(data.t.length));
      charts.push({ def: def, plot: plot, holder: holder, figure: figure });
    });
    var observer = null;
    if (typeof ResizeObserver === 'function') {
      observer = new ResizeObserver(function () {
        charts.forEach(function (c) {
          var w = widthOf(c.holder);
          if (Math.abs(w - c.plot.width) > 1) c.plot.setSize({ width: w, height: HEIGHT });
        });
      });
      charts.forEach(function (c) { observer.observe(c.holder); });
    }
    root.setAttribute('data-drawn', 'true');

    root.olgCharts = {
      append: function (points) {
        if (!points || points.length === 0) return;
        points.forEach(push);
        redraw();
      },
      reset: function () {
        clear();
        redraw();
      },
      destroy: function () {
        if (observer) observer.disconnect();
        charts.forEach(function (c) { c.plot.destroy(); });
        charts = [];
      }
    };
    return root.olgCharts;
  }

  window.OLGCharts = { mount: mount, clock: clock, num: num };
})();
`;
