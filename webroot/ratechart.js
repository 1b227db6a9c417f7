// A small rolling line chart on a canvas: a fixed number of points per series, so memory stays bounded.
'use strict';

class RateChart {
  constructor(canvas, series, capacity = 300) {
    this.canvas = canvas;
    this.series = series;      // [{key, color}]
    this.capacity = capacity;
    this.points = [];          // [{at, values: {key: number}}]
  }

  push(at, values) {
    this.points.push({ at, values });
    if (this.points.length > this.capacity) this.points.shift();
  }

  draw() {
    const ctx = this.canvas.getContext('2d');
    const ratio = window.devicePixelRatio || 1;
    const width = this.canvas.clientWidth || this.canvas.width;
    const height = this.canvas.clientHeight || this.canvas.height;
    if (this.canvas.width !== width * ratio) {
      this.canvas.width = width * ratio;
      this.canvas.height = height * ratio;
    }
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const max = Math.max(1, ...this.points.flatMap((p) => this.series.map((s) => p.values[s.key] || 0)));
    const top = niceCeiling(max);
    const left = 48;
    const bottom = height - 18;
    ctx.strokeStyle = '#262d38';
    ctx.fillStyle = '#8b93a1';
    ctx.font = '11px system-ui, sans-serif';
    for (let i = 0; i <= 4; i++) {
      const y = bottom - (bottom - 6) * (i / 4);
      ctx.beginPath();
      ctx.moveTo(left, y);
      ctx.lineTo(width, y);
      ctx.stroke();
      ctx.fillText(formatRate(top * i / 4), 4, y + 4);
    }
    const step = (width - left) / Math.max(1, this.capacity - 1);
    const offset = this.capacity - this.points.length;
    for (const s of this.series) {
      ctx.strokeStyle = s.color;
      ctx.lineWidth = 1.6;
      ctx.beginPath();
      this.points.forEach((p, i) => {
        const x = left + (offset + i) * step;
        const y = bottom - (bottom - 6) * ((p.values[s.key] || 0) / top);
        if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
      });
      ctx.stroke();
    }
  }
}

function niceCeiling(value) {
  const magnitude = Math.pow(10, Math.floor(Math.log10(value)));
  for (const m of [1, 2, 5, 10]) if (value <= m * magnitude) return m * magnitude;
  return 10 * magnitude;
}

function formatRate(value) {
  if (value >= 1000) return (value / 1000).toFixed(value >= 10000 ? 0 : 1) + 'k';
  return String(Math.round(value));
}

window.RateChart = RateChart;
