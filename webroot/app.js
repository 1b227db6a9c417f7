// The live anomaly table: recent history from the REST API on load, then the live feed from the
// event-bus bridge: a few frames a second, each a sample of the rows committed since the last one plus
// exact counts, and the alert events, which go to the Incidents panel (incidents.js). Every field is
// written with textContent: attacker-controlled text stays text.
'use strict';

const MAX_ROWS = 500;
const HISTORY_PAGE = 100;
const SEVERITIES = ['low', 'medium', 'high', 'critical'];
const COLORS = { packets: '#5b9cf6', critical: '#eb5757', high: '#f2994a', medium: '#f2c94c' };
const state = {
  rows: [],            // newest first, at most MAX_ROWS
  seen: new Set(),     // ids in state.rows, so history and live rows merge without duplicates
  counts: { low: 0, medium: 0, high: 0, critical: 0 },
  paused: false,
  held: [],            // rows that arrived while paused (at most MAX_ROWS are kept)
  heldCount: 0,
  committed: 0,        // rows committed since the page opened (exact, from the frames' counts)
  sampled: 0,          // of which the live feed sent the row itself
  lastTotals: null,    // the server's cumulative counts in the last frame: a missed frame loses no count
  minSeverity: 'low',
  ipFilter: '',
  oldestId: null,
  renderQueued: false,
};

const $ = (id) => document.getElementById(id);
const LOGIN_PAGE = '/login.html';

// Without a session (never logged in, logged out elsewhere, expired) the API answers 401: go log in.
async function api(path) {
  const response = await fetch(path);
  if (response.status === 401) location.assign(LOGIN_PAGE);
  return response;
}
const chart = new RateChart($('chart'), [
  { key: 'packets', color: COLORS.packets },
  { key: 'critical', color: COLORS.critical },
  { key: 'high', color: COLORS.high },
  { key: 'medium', color: COLORS.medium },
]);

function rank(severity) {
  return SEVERITIES.indexOf(severity);
}

function visible(row) {
  if (rank(row.severity) < rank(state.minSeverity)) return false;
  if (state.ipFilter && !row.src_ip.includes(state.ipFilter) && !row.dst_ip.includes(state.ipFilter)) return false;
  return true;
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function badge(severity) {
  const span = document.createElement('span');
  span.className = 'badge sev-' + severity;
  span.textContent = severity;
  return span;
}

function rowElement(row) {
  const tr = document.createElement('tr');
  tr.className = 'sev-' + row.severity;
  tr.dataset.id = row.id;
  tr.tabIndex = 0;
  const severity = document.createElement('td');
  severity.append(badge(row.severity));
  tr.append(
    cell(new Date(row.received_at).toLocaleTimeString()),
    cell(row.src_ip),
    cell(row.dst_ip),
    cell(row.protocol + ' ' + row.src_port + ' → ' + row.dst_port),
    cell(Number(row.score).toFixed(2), 'num'),
    severity,
    cell((row.reasons || []).join(', '), 'reasons'),
  );
  return tr;
}

function add(rows) {
  let added = 0;
  for (const row of rows) {
    if (state.seen.has(row.id)) continue;
    state.seen.add(row.id);
    state.rows.push(row);
    added++;
  }
  if (!added) return;
  state.rows.sort((a, b) => b.id - a.id);
  while (state.rows.length > MAX_ROWS) state.seen.delete(state.rows.pop().id);
  state.oldestId = state.rows.length ? state.rows[state.rows.length - 1].id : null;
  scheduleRender();
}

// One DOM update per animation frame, however many batches arrived in between.
function scheduleRender() {
  if (state.renderQueued) return;
  state.renderQueued = true;
  requestAnimationFrame(render);
}

function render() {
  state.renderQueued = false;
  const body = document.createElement('tbody');
  body.id = 'rows';
  for (const row of state.rows) if (visible(row)) body.append(rowElement(row));
  $('rows').replaceWith(body);
  $('empty').hidden = body.children.length > 0;
  for (const s of SEVERITIES) $('count-' + s).textContent = state.counts[s];
  $('paused-count').textContent = state.paused ? state.heldCount + ' new while paused' : '';
  $('dropped').textContent = state.committed > state.sampled
    ? 'live view: a sample of ' + state.sampled.toLocaleString() + ' of ' + state.committed.toLocaleString() + ' rows'
    : '';
  $('older').hidden = state.oldestId === null;
  (rangeChart || chart).draw();
}

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

async function loadHistory(beforeId) {
  const params = new URLSearchParams({ limit: String(HISTORY_PAGE) });
  if (beforeId) params.set('before_id', beforeId);
  const response = await api('/api/v1/anomalies?' + params);
  if (!response.ok) return;
  const page = await response.json();
  add(page.anomalies);
}

// Top talkers follow the data: refreshed when anomalies arrive, at most every TALKERS_PACE_MS.
const TALKERS_PACE_MS = 3000;
let talkersTimer = null;
let talkersLoadedAt = 0;
function refreshTalkersSoon() {
  if (talkersTimer) return;
  const wait = Math.max(0, talkersLoadedAt + TALKERS_PACE_MS - Date.now());
  talkersTimer = setTimeout(() => { talkersTimer = null; loadTalkers(); }, wait);
}

async function loadTalkers() {
  talkersLoadedAt = Date.now();
  const response = await api('/api/v1/stats?minutes=15');
  if (!response.ok) return;
  const stats = await response.json();
  const body = document.createElement('tbody');
  body.id = 'talkers';
  for (const t of stats.top_sources) {
    const tr = document.createElement('tr');
    tr.append(cell(t.src_ip), cell(String(t.count), 'num'), cell(Number(t.max_score).toFixed(2), 'num'));
    tr.addEventListener('click', () => { $('ip-filter').value = t.src_ip; state.ipFilter = t.src_ip; scheduleRender(); });
    body.append(tr);
  }
  $('talkers').replaceWith(body);
}

function showDetails(row) {
  const fields = $('details-fields');
  fields.replaceChildren();
  const entries = [
    ['stream id', row.stream_id], ['received', row.received_at], ['stored', row.created_at],
    ['source', row.src_ip + ':' + row.src_port], ['destination', row.dst_ip + ':' + row.dst_port],
    ['protocol', row.protocol], ['tcp flags', '0x' + Number(row.tcp_flags).toString(16).padStart(2, '0')],
    ['ttl', row.ttl ?? 'not sent'], ['payload length', row.payload_len], ['packet rate', row.pkt_rate + ' /s'],
    ['entropy', Number(row.entropy).toFixed(3) + ' bits/byte'], ['score', Number(row.score).toFixed(2)],
    ['reasons', (row.reasons || []).join(', ') || '—'],
  ];
  for (const [name, value] of entries) {
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    dd.textContent = String(value);
    fields.append(dt, dd);
  }
  const dt = document.createElement('dt');
  dt.textContent = 'severity';
  const dd = document.createElement('dd');
  dd.append(badge(row.severity));
  fields.append(dt, dd);
  $('details-id').textContent = '#' + row.id;
  $('details').hidden = false;
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

$('min-severity').addEventListener('change', (e) => { state.minSeverity = e.target.value; scheduleRender(); });
$('ip-filter').addEventListener('input', (e) => { state.ipFilter = e.target.value.trim(); scheduleRender(); });
$('pause').addEventListener('click', () => {
  state.paused = !state.paused;
  $('pause').textContent = state.paused ? 'Resume' : 'Pause';
  if (!state.paused) {
    const held = state.held;
    state.held = [];
    state.heldCount = 0;
    add(held);
  }
  scheduleRender();
});
$('older').addEventListener('click', () => loadHistory(state.oldestId));
$('rows').parentElement.addEventListener('click', (e) => {
  const tr = e.target.closest('tr[data-id]');
  if (!tr) return;
  const row = state.rows.find((r) => String(r.id) === tr.dataset.id);
  if (row) showDetails(row);
});
$('close-details').addEventListener('click', () => { $('details').hidden = true; });
document.addEventListener('keydown', (e) => { if (e.key === 'Escape') $('details').hidden = true; });

loadHistory().finally(connect);
loadTalkers();
setInterval(loadTalkers, 30000); // the window slides even when nothing arrives
$('chart-range').addEventListener('change', loadRange);
setInterval(() => { if (rangeChart) loadRange(); }, 60000);
