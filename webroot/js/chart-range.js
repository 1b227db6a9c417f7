// The rates chart: packets/s and anomalies/s by severity. The live view (the last 5 minutes, a point a
// second) is fed by anomalies.stats, and back-filled from the rollups as the page opens; the longer ranges
// come from the rollups.
'use strict';

const COLORS = { packets: '#5b9cf6', critical: '#eb5757', high: '#f2994a', medium: '#f2c94c' };
const chart = new RateChart($('chart'), [
  { key: 'packets', color: COLORS.packets },
  { key: 'critical', color: COLORS.critical },
  { key: 'high', color: COLORS.high },
  { key: 'medium', color: COLORS.medium },
]);

// The chart's range: 0 is the live feed (last 5 minutes, a point a second); otherwise the last N minutes from
// the server's rollups (GET /api/v1/stats series), as rates per second, empty buckets drawn as 0.
let rangeChart = null;
async function loadRange() {
  const minutes = Number($('chart-range').value);
  if (!minutes) {
    rangeChart = null;
    scheduleRender();
    return;
  }
  const response = await api('/api/v1/stats?minutes=' + minutes);
  if (!response.ok || Number($('chart-range').value) !== minutes) return;
  const series = (await response.json()).series;
  const bucketMs = series.bucket_minutes * 60000;
  const byTime = new Map(series.points.map((p) => [Date.parse(p.at), p]));
  const first = Math.floor((Date.now() - minutes * 60000) / bucketMs) * bucketMs;
  const next = new RateChart($('chart'), chart.series, Math.floor((Date.now() - first) / bucketMs) + 1);
  for (let at = first; at <= Date.now(); at += bucketMs) {
    const p = byTime.get(at) || {};
    const rate = (s) => (p[s] || 0) / (bucketMs / 1000);
    next.push(at, { packets: SEVERITIES.reduce((sum, s) => sum + rate(s), 0), critical: rate('critical'),
      high: rate('high'), medium: rate('medium') });
  }
  rangeChart = next;
  scheduleRender();
}

// The live view as the page opens: the last 5 minutes from the server's rollups, each second drawn at its minute's
// rate, so the chart shows what arrived before the page did instead of starting empty. Only the seconds before
// the first live point are filled: a second is never counted twice.
const LIVE_SECONDS = 300;
async function backfillLive() {
  const response = await api('/api/v1/stats?minutes=' + (LIVE_SECONDS / 60 + 1));
  if (!response.ok) return;
  const points = (await response.json()).series.points;
  const byMinute = new Map(points.map((p) => [Date.parse(p.at), p]));
  const now = Date.now();
  const until = chart.points.length ? chart.points[0].at : now;
  const past = [];
  for (let at = until - LIVE_SECONDS * 1000; at < until; at += 1000) {
    const minute = Math.floor(at / 60000) * 60000;
    const p = byMinute.get(minute) || {};
    const seconds = Math.max(1, Math.min(60, (now - minute) / 1000)); // the current minute is not over yet
    const rate = (s) => (p[s] || 0) / seconds;
    past.push({ at, values: { packets: SEVERITIES.reduce((sum, s) => sum + rate(s), 0), critical: rate('critical'),
      high: rate('high'), medium: rate('medium') } });
  }
  chart.points = past.concat(chart.points).slice(-chart.capacity);
  scheduleRender();
}

backfillLive().catch(() => {}); // without it the live view fills as before, a point a second
$('chart-range').addEventListener('change', loadRange);
setInterval(() => { if (rangeChart) loadRange(); }, 60000);
