// The rates chart: packets/s and anomalies/s by severity. The live view (the last 5 minutes, a point a
// second) is fed by anomalies.stats; the longer ranges come from the server's rollups.
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

$('chart-range').addEventListener('change', loadRange);
setInterval(() => { if (rangeChart) loadRange(); }, 60000);
