// Dashboard charts: reads the JSON endpoint named in #dashboard[data-source] and draws
// each chart into canvas#chart-<slug> with the vendored Chart.js. The tables beside the
// charts carry the same figures, so the page works without JavaScript.
(function () {
  "use strict";
  var root = document.getElementById("dashboard");
  if (!root || typeof window.Chart === "undefined") { return; }
  var palette = ["#0b5cab", "#2e9d5b", "#e0a400", "#c0392b", "#7d3c98", "#16a2b8",
    "#8a949e", "#d35400", "#2c3e50", "#27ae60", "#a93226", "#5d6d7e"];

  function draw(chart) {
    var canvas = document.getElementById("chart-" + chart.slug);
    if (!canvas) { return; }
    var many = chart.type === "doughnut";
    var datasets = chart.datasets.map(function (d, i) {
      return {
        label: d.label,
        data: d.data,
        backgroundColor: many ? palette : palette[i % palette.length],
        borderColor: chart.type === "line" ? palette[i % palette.length] : undefined,
        spanGaps: true
      };
    });
    // Long category names («Заочная форма с использованием телефонной связи») would be
    // cut at the canvas edge on the side axis: Chart.js draws an array as lines.
    var labels = chart.horizontal ? chart.labels.map(function (l) { return wrap(String(l), 24); })
      : chart.labels;
    var scales = {};
    if (chart.type === "bar") {
      scales = {
        x: { stacked: !!chart.stacked, beginAtZero: true },
        y: { stacked: !!chart.stacked, beginAtZero: true }
      };
      if (chart.horizontal) {
        // Every category named (no skipped labels): room for each row of the bars.
        scales.y.ticks = { autoSkip: false };
        var lines = labels.reduce(function (n, l) { return n + (Array.isArray(l) ? l.length : 1); }, 0);
        canvas.parentElement.style.height = Math.max(220, lines * 16 + labels.length * 12 + 60) + "px";
      }
    } else if (chart.type === "line") {
      scales = { y: { min: 1, max: 5 } };
    }
    new window.Chart(canvas, {
      type: chart.type,
      data: { labels: labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: chart.horizontal ? "y" : "x",
        locale: "ru-RU",
        plugins: { legend: { display: chart.datasets.length > 1 || many } },
        scales: scales
      }
    });
  }

  function wrap(text, width) {
    var lines = [], line = "";
    text.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { lines.push(line); }
    return lines.length > 1 ? lines : text;
  }

  fetch(root.getAttribute("data-source"), { credentials: "same-origin",
    headers: { "Accept": "application/json" } })
    .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
    .then(function (data) {
      data.charts.forEach(draw);
      root.setAttribute("data-ready", "1");
    })
    .catch(function () { root.setAttribute("data-ready", "error"); });
})();
