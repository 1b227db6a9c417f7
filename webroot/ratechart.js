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
    const axis = axisTicks(max);
    const top = axis.ticks[axis.ticks.length - 1];
    const left = 48;
    const bottom = height - 18;
    ctx.strokeStyle = '#262d38';
    ctx.fillStyle = '#8b93a1';
    ctx.font = '11px system-ui, sans-serif';
    for (const tick of axis.ticks) {
      const y = bottom - (bottom - 6) * (tick / top);
      ctx.beginPath();
      ctx.moveTo(left, y);
      ctx.lineTo(width, y);
      ctx.stroke();
      ctx.fillText(axis.format(tick), 4, y + 4);
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

// Y-axis ticks for values up to max: 0 and multiples of a round step (1, 2 or 5 × 10^n), at most
// `count` intervals, the last one at or above max; each label distinct, with as many decimals as the step.
function axisTicks(max, count = 4) {
  const raw = max / count;
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw);
  const ticks = [];
  for (let i = 0; i * step < max + step / 2 && ticks.length <= count; i++) ticks.push(i * step);
  if (ticks[ticks.length - 1] < max) ticks.push(ticks.length * step);
  const thousands = step >= 1000;
  const unit = thousands ? 1000 : 1;
  const decimals = Math.max(0, -Math.floor(Math.log10(step / unit) + 1e-9));
  const format = (v) => (v / unit).toFixed(decimals) + (thousands && v !== 0 ? 'k' : '');
  return { ticks, format };
}

window.RateChart = RateChart;
window.axisTicks = axisTicks;
