// The live feed from the event-bus bridge: a few frames a second on anomalies.live, each a sample of the
// rows committed since the last one plus exact counts, and the alert events, which go to the Incidents panel
// (incidents.js); anomalies.stats feeds the chart. Reconnects with backoff and refills the gap from the API.
'use strict';

// Counts since the last frame this page saw: the difference of the cumulative totals (exact even when a
// frame was skipped because this page fell behind), or the frame's own counts after a server restart.
function newCounts(frame) {
  const previous = state.lastTotals;
  state.lastTotals = frame.totals;
  const counts = {};
  for (const s of SEVERITIES) {
    const delta = previous && frame.totals ? frame.totals[s] - previous[s] : -1;
    counts[s] = delta >= 0 ? delta : (frame.counts || {})[s] || 0;
  }
  return counts;
}

function onLive(frame) {
  if (!frame) return;
  // Alert events go to the Incidents panel, paused or not: it is never the packet table's pause.
  if (frame.alerts && frame.alerts.length && window.Incidents) Incidents.onEvents(frame.alerts);
  const rows = frame.anomalies || [];
  const counts = newCounts(frame);
  let total = 0;
  for (const s of SEVERITIES) {
    state.counts[s] += counts[s];
    total += counts[s];
  }
  state.committed += total;
  state.sampled += rows.length;
  if (total > 0) refreshTalkersSoon();
  if (state.paused) {
    state.held.push(...rows);
    state.heldCount += total;
    if (state.held.length > MAX_ROWS) state.held.splice(0, state.held.length - MAX_ROWS);
    scheduleRender();
    return;
  }
  add(rows);
}

function onStats(stats) {
  const per = stats.per_severity || {};
  chart.push(stats.at, { packets: stats.rows_per_s, critical: per.critical, high: per.high, medium: per.medium });
  $('rate').textContent = Math.round(stats.rows_per_s || 0).toLocaleString();
  scheduleRender();
}

function setConnected(up) {
  const indicator = $('connection');
  indicator.className = 'connection ' + (up ? 'up' : 'down');
  indicator.textContent = up ? 'connected' : 'disconnected';
}

let reconnectDelay = 500;
function connect() {
  const bus = new EventBusClient('/eventbus');
  bus.registerHandler('anomalies.live', onLive);
  bus.registerHandler('anomalies.stats', onStats);
  bus.onopen = () => {
    reconnectDelay = 500;
    setConnected(true);
    loadHistory(); // fills in whatever was committed while the page was away
    if (window.Incidents) Incidents.reload(); // and the alerts engaged, changed or released meanwhile
  };
  bus.onclose = () => {
    setConnected(false);
    // The bridge refuses a handshake without a session: if that is why, the API says so too.
    api('/api/v1/anomalies?limit=1').catch(() => {});
    state.lastTotals = null;
    setTimeout(connect, reconnectDelay);
    reconnectDelay = Math.min(reconnectDelay * 2, 10000);
  };
}

// Start: the recent history first, then the live feed; the top talkers at once.
loadHistory().finally(connect);
loadTalkers();
