// report.html's browser script: draws the charts from the JSON that html-report.ts embedded. Plain JavaScript
// because it runs in the page (the project's tsconfig has no DOM types); every figure, band and stack is computed
// and tested in TypeScript (chart-data.ts), so this file only maps arrays onto uPlot and paints the bands.
(() => {
  /* global uPlot */
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var charts = []; // { plot, el, height, kind }
  var pr = () => uPlot.pxRatio || window.devicePixelRatio || 1;

  var PHASE_FILLS = ['rgba(238, 241, 245, 1)', 'rgba(255, 255, 255, 0)'];
  var PHASE_EDGE = 'rgba(120, 130, 145, 0.55)';
  var FAULT_FILL = 'rgba(213, 94, 0, 0.13)';
  var FAULT_EDGE = 'rgba(213, 94, 0, 0.75)';
  var FAULT_TEXT = '#9a3d00';
  var BAND_ALPHA = 0.2;
  var COUNT_INCRS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6];
  var AXIS = { stroke: '#3c4550', grid: { stroke: '#e3e7ec', width: 1 }, ticks: { stroke: '#c3c9d1', width: 1 } };

  function fmtMs(v) {
    if (v == null) return '—';
    if (v === 0) return '0';
    if (v >= 1000) return `${+(v / 1000).toPrecision(3)} s`;
    if (v >= 100) return `${Math.round(v)} ms`;
    return `${+v.toPrecision(3)} ms`;
  }
  function fmtCount(v) {
    if (v == null) return '—';
    if (v >= 1e6) return `${+(v / 1e6).toPrecision(3)}M`;
    if (v >= 1e4) return `${+(v / 1e3).toPrecision(3)}k`;
    return String(Math.round(v * 10) / 10);
  }
  function fmtSec(v) {
    var s = Math.round(v);
    if (Math.abs(s) < 120) return `${s} s`;
    var m = Math.floor(s / 60);
    var r = s % 60;
    return `${m}:${r < 10 ? '0' : ''}${r}`;
  }
  // Log axes: label powers of ten, adding 2 and 5 when the data spans less than two decades.
  function logSplits(u, axisIdx, min, max) {
    var splits = [];
    var fine = max / min < 100;
    for (var e = Math.floor(Math.log10(min)) - 1; e <= Math.ceil(Math.log10(max)); e++) {
      [1, 2, 5].forEach((m) => {
        var v = +(m * 10 ** e).toPrecision(6);
        if ((m === 1 || fine) && v >= min * 0.999 && v <= max * 1.001) splits.push(v);
      });
    }
    return splits;
  }
  function keepAll(u, splits) {
    return splits;
  }
  function pct(x) {
    return `${+((1 - 1 / x) * 100).toPrecision(8)}%`;
  }

  // Phases alternate shades with an edge line at each start; fault windows are tinted and labelled on top.
  function bandsPlugin(bands) {
    function span(u, band) {
      var left = u.bbox.left;
      var right = left + u.bbox.width;
      var x0 = Math.max(left, u.valToPos(band.startSec, 'x', true));
      var x1 = Math.min(right, u.valToPos(band.endSec, 'x', true));
      return x1 > x0 ? [x0, x1] : null;
    }
    function label(u, text, x0, x1, y, color) {
      var ctx = u.ctx;
      var p = pr();
      ctx.save();
      ctx.beginPath();
      ctx.rect(x0, u.bbox.top, x1 - x0, u.bbox.height);
      ctx.clip();
      ctx.font = `600 ${Math.round(11 * p)}px system-ui, sans-serif`;
      ctx.textBaseline = 'top';
      ctx.textAlign = 'left'; // uPlot leaves its axis alignment on the shared context
      var w = ctx.measureText(text).width;
      ctx.fillStyle = 'rgba(255, 255, 255, 0.8)';
      ctx.fillRect(x0 + 3 * p, y - 1 * p, w + 6 * p, 15 * p);
      ctx.fillStyle = color;
      ctx.fillText(text, x0 + 6 * p, y);
      ctx.restore();
    }
    return {
      hooks: {
        drawClear: [
          (u) => {
            var ctx = u.ctx;
            var top = u.bbox.top;
            var height = u.bbox.height;
            ctx.save();
            bands.forEach((band) => {
              var s = span(u, band);
              if (!s) return;
              if (band.kind === 'phase') {
                ctx.fillStyle = PHASE_FILLS[band.index % 2];
                ctx.fillRect(s[0], top, s[1] - s[0], height);
                if (band.index > 0) {
                  ctx.strokeStyle = PHASE_EDGE;
                  ctx.lineWidth = pr();
                  ctx.setLineDash([4 * pr(), 3 * pr()]);
                  ctx.beginPath();
                  ctx.moveTo(Math.round(s[0]) + 0.5, top);
                  ctx.lineTo(Math.round(s[0]) + 0.5, top + height);
                  ctx.stroke();
                  ctx.setLineDash([]);
                }
              } else {
                ctx.fillStyle = FAULT_FILL;
                ctx.fillRect(s[0], top, s[1] - s[0], height);
                ctx.fillStyle = FAULT_EDGE;
                ctx.fillRect(s[0], top, s[1] - s[0], 3 * pr());
              }
            });
            ctx.restore();
          },
        ],
        draw: [
          (u) => {
            var p = pr();
            bands.forEach((band) => {
              var s = span(u, band);
              if (!s) return;
              if (band.kind === 'phase') label(u, band.label, s[0], s[1], u.bbox.top + 5 * p, '#3c4550');
              else label(u, `⚡ ${band.label}`, s[0], s[1], u.bbox.top + 22 * p, FAULT_TEXT);
            });
          },
        ],
      },
    };
  }

  // With repeats: each variant's p99 band, from the lowest to the highest repeat, under the lines (drawn before the
  // series; a gap in either edge breaks the band, as it breaks the line).
  function repeatBandsPlugin(variants) {
    function fill(hex) {
      var n = parseInt(hex.slice(1), 16);
      return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${BAND_ALPHA})`;
    }
    return {
      hooks: {
        drawAxes: [
          (u) => {
            var ctx = u.ctx;
            var xs = u.data[0];
            ctx.save();
            ctx.beginPath();
            ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
            ctx.clip();
            variants.forEach((v) => {
              if (!v.p99Band) return;
              var lo = v.p99Band.lo;
              var hi = v.p99Band.hi;
              ctx.fillStyle = fill(v.color);
              var run = [];
              function flush() {
                if (run.length > 0) {
                  ctx.beginPath();
                  run.forEach((i, k) => {
                    var x = u.valToPos(xs[i], 'x', true);
                    var y = u.valToPos(hi[i], 'y', true);
                    if (k === 0) ctx.moveTo(x, y);
                    else ctx.lineTo(x, y);
                  });
                  for (var k = run.length - 1; k >= 0; k--)
                    ctx.lineTo(u.valToPos(xs[run[k]], 'x', true), u.valToPos(lo[run[k]], 'y', true));
                  ctx.closePath();
                  ctx.fill();
                }
                run = [];
              }
              for (var i = 0; i < xs.length; i++) {
                if (lo[i] == null || hi[i] == null) flush();
                else run.push(i);
              }
              flush();
            });
            ctx.restore();
          },
        ],
      },
    };
  }

  // The y range must hold the bands too, not only the median lines uPlot knows about.
  function bandExtremes(variants) {
    var min = Infinity;
    var max = -Infinity;
    variants.forEach((v) => {
      if (!v.p99Band) return;
      v.p99Band.lo.forEach((x) => {
        if (x != null && x < min) min = x;
      });
      v.p99Band.hi.forEach((x) => {
        if (x != null && x > max) max = x;
      });
    });
    return [min, max];
  }

  function width(el) {
    return Math.max(280, Math.floor(el.clientWidth));
  }

  function makeChart(figure, kind, height, opts, chartData) {
    var el = figure.querySelector('.plot');
    opts.width = width(el);
    opts.height = height;
    var plot = new uPlot(opts, chartData, el);
    charts.push({ plot: plot, el: el, height: height, kind: kind });
    return plot;
  }

  // Zooming one timeline chart zooms them all: they share the x axis.
  var syncing = false;
  function syncX(u, key) {
    if (key !== 'x' || syncing) return;
    syncing = true;
    charts.forEach((c) => {
      if (c.kind === 'timeline' && c.plot !== u) c.plot.setScale('x', { min: u.scales.x.min, max: u.scales.x.max });
    });
    syncing = false;
  }

  function timelineOptions(timeline, yAxis, yScale) {
    return {
      scales: { x: { time: false, range: () => [timeline.x[0] - 0.5, timeline.x[timeline.x.length - 1] + 0.5] }, y: yScale },
      axes: [
        Object.assign({}, AXIS, { values: (u, splits) => splits.map(fmtSec), space: 70 }),
        Object.assign({}, AXIS, yAxis, { size: 64 }),
      ],
      cursor: { sync: { key: 'timeline' }, drag: { x: true, y: false } },
      legend: { live: true },
      plugins: [bandsPlugin(timeline.bands)],
      hooks: { setScale: [syncX] },
      series: [{ label: 'second', value: (u, v) => (v == null ? '—' : fmtSec(Math.floor(v))) }],
    };
  }

  function drawTimeline(timeline) {
    var rpsFigure = document.querySelector('[data-chart="rps"]');
    if (rpsFigure) {
      var opts = timelineOptions(
        timeline,
        { values: (u, s) => s.map(fmtCount) },
        {
          range: (u, min, max) => [0, max > 0 ? max * 1.12 : 1],
        },
      );
      timeline.variants.forEach((v) => {
        opts.series.push({ label: v.name, stroke: v.color, width: 2, points: { show: false }, value: (u, x) => `${fmtCount(x)} req/s` });
      });
      makeChart(rpsFigure, 'timeline', 240, opts, [timeline.x].concat(timeline.variants.map((v) => v.rps)));
    }

    var latencyFigure = document.querySelector('[data-chart="latency"]');
    if (latencyFigure) {
      var extremes = bandExtremes(timeline.variants);
      var lopts = timelineOptions(
        timeline,
        { values: (u, s) => s.map(fmtMs), splits: logSplits, filter: keepAll },
        {
          distr: 3,
          log: 10,
          range: (u, min, max) => {
            if (min == null) return [null, null];
            return uPlot.rangeLog(Math.min(min, extremes[0]), Math.max(max, extremes[1]), 10, false);
          },
        },
      );
      lopts.plugins.push(repeatBandsPlugin(timeline.variants));
      var series = [timeline.x];
      timeline.variants.forEach((v) => {
        lopts.series.push({ label: `${v.name} p99`, stroke: v.color, width: 2, points: { show: false }, value: (u, x) => fmtMs(x) });
        lopts.series.push({
          label: `${v.name} p50`,
          stroke: v.color,
          width: 1.25,
          dash: [6, 4],
          points: { show: false },
          value: (u, x) => fmtMs(x),
        });
        series.push(v.p99, v.p50);
      });
      makeChart(latencyFigure, 'timeline', 260, lopts, series);
    }

    document.querySelectorAll('[data-chart="errors"]').forEach((figure) => {
      var v = timeline.variants[Number(figure.getAttribute('data-variant'))];
      if (!v) return;
      var eopts = timelineOptions(
        timeline,
        { values: (u, s) => s.map(fmtCount), incrs: COUNT_INCRS },
        {
          range: (u, min, max) => [0, Math.max(1, max * 1.25)],
        },
      );
      var bars = uPlot.paths.bars({ size: [0.92, Infinity], align: 0 });
      // Stacks arrive top first, cumulative: each bar is drawn from 0 and the next one covers its lower part.
      v.errorStacks.forEach((stack) => {
        eopts.series.push({
          label: stack.label,
          stroke: stack.color,
          fill: stack.color,
          width: 0,
          paths: bars,
          points: { show: false },
          value: (u, x, si, idx) => (idx == null ? '—' : `${fmtCount(stack.own[idx])}/s`),
        });
      });
      makeChart(figure, 'timeline', 200, eopts, [timeline.x].concat(v.errorStacks.map((s) => s.stacked)));
    });
  }

  function drawSpectra(spectra) {
    document.querySelectorAll('[data-chart="spectrum"]').forEach((figure) => {
      var spectrum = spectra[Number(figure.getAttribute('data-index'))];
      if (!spectrum) return;
      var maxX = spectrum.ticks[spectrum.ticks.length - 1].x;
      var labels = {};
      spectrum.ticks.forEach((t) => {
        labels[t.x] = t.label;
      });
      var opts = {
        scales: {
          x: { time: false, distr: 3, log: 10, range: () => [1, maxX] },
          y: { distr: 3, log: 10 },
        },
        axes: [
          Object.assign({}, AXIS, {
            splits: (u, i, min, max) => spectrum.ticks.map((t) => t.x).filter((x) => x >= min * 0.999 && x <= max * 1.001),
            values: (u, splits) => splits.map((x) => (x == null ? '' : labels[x] || pct(x))),
            filter: (u, splits) => splits,
            space: 30,
          }),
          Object.assign({}, AXIS, { values: (u, s) => s.map(fmtMs), splits: logSplits, filter: keepAll, size: 64 }),
        ],
        cursor: { sync: { key: 'spectrum' }, drag: { x: true, y: false } },
        legend: { live: true },
        series: [{ label: 'percentile', value: (u, v) => (v == null ? '—' : pct(v)) }],
      };
      spectrum.series.forEach((s) => {
        opts.series.push({
          label: s.variant,
          stroke: s.color,
          width: 2,
          spanGaps: true,
          points: { show: false },
          value: (u, v) => fmtMs(v),
        });
      });
      makeChart(figure, 'spectrum', 250, opts, [spectrum.x].concat(spectrum.series.map((s) => s.ms)));
    });
  }

  // Units of the dependency figures (dependency-figures.ts); values arrive scaled (shares as percent).
  function fmtUnit(unit, v) {
    if (v == null) return '—';
    if (unit === 'perSec') return `${fmtCount(v)}/s`;
    if (unit === 'percent') return `${+v.toFixed(1)}%`;
    if (unit === 'mb') return v >= 1024 ? `${+(v / 1024).toPrecision(3)} GB` : `${+v.toPrecision(3)} MB`;
    if (unit === 'cores') return `${+v.toPrecision(3)} cores`;
    if (unit === 'seconds') return fmtMs(v * 1000);
    if (unit === 'bytes') {
      if (v >= 1048576) return `${+(v / 1048576).toPrecision(3)} MiB`;
      if (v >= 1024) return `${+(v / 1024).toPrecision(3)} KiB`;
      return `${Math.round(v)} B`;
    }
    return fmtCount(v);
  }

  function drawDependencies(deps) {
    document.querySelectorAll('[data-chart="dependency"]').forEach((figure) => {
      var section = deps.sections[Number(figure.getAttribute('data-section'))];
      var f = section?.figures[Number(figure.getAttribute('data-figure'))];
      var chart = f?.charts[Number(figure.getAttribute('data-index'))];
      if (!chart) return;
      var axis = { x: deps.x, bands: chart.bands };
      var series = [deps.x].concat(chart.series.map((s) => s.values));
      if (chart.lanes) {
        var lanes = chart.lanes;
        var longest = lanes.reduce((n, l) => Math.max(n, l.length), 0);
        var lopts = timelineOptions(
          axis,
          {
            splits: () => lanes.map((l, i) => i + 1),
            values: (u, s) => s.map((y) => lanes[y - 1] || ''),
            filter: keepAll,
            grid: { show: false },
          },
          { range: () => [0.4, lanes.length + 0.6] },
        );
        lopts.axes[1].size = Math.min(260, 16 + Math.ceil(longest * 6.6));
        chart.series.forEach((s) => {
          lopts.series.push({
            label: s.label,
            stroke: s.color,
            width: 9,
            points: { show: false },
            value: (u, y, si, idx) => {
              var st = idx == null ? null : s.state[idx];
              return st == null ? '—' : st === 1 ? 'UP' : 'down';
            },
          });
        });
        makeChart(figure, 'timeline', Math.max(110, 44 + 24 * lanes.length), lopts, series);
        return;
      }
      var opts = timelineOptions(
        axis,
        { values: (u, s) => s.map((v) => fmtUnit(f.unit, v)) },
        {
          range: () => [0, f.yMax * 1.08],
        },
      );
      opts.axes[1].size = 72;
      chart.series.forEach((s) => {
        opts.series.push({
          label: s.label,
          stroke: s.color,
          width: 1.75,
          dash: s.dash,
          points: { show: false },
          value: (u, v) => fmtUnit(f.unit, v),
        });
      });
      makeChart(figure, 'timeline', 190, opts, series);
    });
  }

  function guarded(name, draw) {
    try {
      draw();
    } catch (error) {
      console.error(`report.html: cannot draw ${name}`, error);
      var note = document.createElement('p');
      note.className = 'muted';
      note.textContent = `The ${name} charts could not be drawn: ${error}`;
      document.querySelector('main').prepend(note);
    }
  }

  if (data.timeline)
    guarded('timeline', () => {
      drawTimeline(data.timeline);
    });
  if (data.dependencies)
    guarded('dependency', () => {
      drawDependencies(data.dependencies);
    });
  guarded('percentile', () => {
    drawSpectra(data.spectra);
  });

  function resize(printing) {
    charts.forEach((c) => {
      var w = printing ? Math.min(width(c.el), c.kind === 'spectrum' ? 330 : 680) : width(c.el);
      c.plot.setSize({ width: w, height: c.height });
    });
  }
  var timer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      resize(false);
    }, 120);
  });
  window.addEventListener('beforeprint', () => {
    resize(true);
  });
  window.addEventListener('afterprint', () => {
    resize(false);
  });
  document.documentElement.setAttribute('data-charts', String(charts.length));
})();
