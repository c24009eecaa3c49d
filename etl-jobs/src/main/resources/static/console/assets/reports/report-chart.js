// Draws the report's chart from the data the server put on the canvas (data-chart: Chart.js labels and datasets,
// made from the same rows as the table). No animation: the chart is complete as soon as the page is.
(function () {
  var canvas = document.getElementById('report-chart');
  if (!canvas || !window.Chart) {
    return;
  }
  var spec = JSON.parse(canvas.dataset.chart);
  var palette = ['#2563eb', '#16a34a', '#f59e0b', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d',
    '#ea580c', '#475569'];
  var datasets = spec.datasets.map(function (set, i) {
    var color = palette[i % palette.length];
    return {
      label: set.label, data: set.data, borderColor: color, backgroundColor: spec.type === 'line' ? color : color + 'cc',
      borderWidth: spec.type === 'line' ? 2 : 0, pointRadius: spec.labels.length > 60 ? 0 : 3, tension: 0,
      spanGaps: true
    };
  });
  new window.Chart(canvas, {
    type: spec.type,
    data: { labels: spec.labels, datasets: datasets },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { position: 'bottom' } },
      scales: {
        x: { stacked: spec.stacked, ticks: { autoSkip: true, maxRotation: 0 } },
        y: { stacked: spec.stacked, beginAtZero: true, ticks: { precision: 0 } }
      }
    }
  });
  canvas.dataset.rendered = 'true';
}());
