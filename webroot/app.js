// The live anomaly table: recent history from the REST API on load, then every committed batch from
// the event-bus bridge. Every field is written with textContent: attacker-controlled text stays text.
'use strict';

const MAX_ROWS = 500;
const SEVERITIES = ['low', 'medium', 'high', 'critical'];
const state = {
  rows: [],            // newest first, at most MAX_ROWS
  seen: new Set(),     // ids in state.rows, to merge history and live rows without duplicates
  counts: { low: 0, medium: 0, high: 0, critical: 0 },
  paused: false,
  pausedRows: [],
  pausedCount: 0,
  minSeverity: 'low',
  ipFilter: '',
  oldestId: null,
  renderQueued: false,
};

const $ = (id) => document.getElementById(id);

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

function rowElement(row) {
  const tr = document.createElement('tr');
  tr.className = 'sev-' + row.severity;
  tr.dataset.id = row.id;
  tr.title = 'stream id ' + row.stream_id + ', entropy ' + Number(row.entropy).toFixed(2);
  tr.append(
    cell(new Date(row.received_at).toLocaleTimeString()),
    cell(row.src_ip + (row.src_port ? ':' + row.src_port : '')),
    cell(row.dst_ip + (row.dst_port ? ':' + row.dst_port : '')),
    cell(row.protocol + ' ' + row.src_port + ' → ' + row.dst_port),
    cell(Number(row.score).toFixed(2)),
  );
  const severity = document.createElement('td');
  const badge = document.createElement('span');
  badge.className = 'badge sev-' + row.severity;
  badge.textContent = row.severity;
  severity.append(badge);
  tr.append(severity, cell((row.reasons || []).join(', '), 'reasons'));
  return tr;
}

function add(rows, { live }) {
  let added = 0;
  for (const row of rows) {
    if (state.seen.has(row.id)) continue;
    state.seen.add(row.id);
    state.rows.push(row);
    if (live) state.counts[row.severity] = (state.counts[row.severity] || 0) + 1;
    added++;
  }
  if (!added) return;
  state.rows.sort((a, b) => b.id - a.id);
  while (state.rows.length > MAX_ROWS) state.seen.delete(state.rows.pop().id);
  state.oldestId = state.rows.length ? state.rows[state.rows.length - 1].id : null;
  scheduleRender();
}

// One DOM update per animation frame, however many batches arrived.
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
  $('paused-count').textContent = state.paused ? state.pausedCount + ' new while paused' : '';
  $('older').hidden = state.oldestId === null;
}

function onLive(body) {
  const rows = (body && body.anomalies) || [];
  if (state.paused) {
    state.pausedRows.push(...rows);
    state.pausedCount += rows.length;
    if (state.pausedRows.length > MAX_ROWS) state.pausedRows.splice(0, state.pausedRows.length - MAX_ROWS);
    scheduleRender();
    return;
  }
  add(rows, { live: true });
}

async function loadHistory(beforeId) {
  const params = new URLSearchParams({ limit: '100' });
  if (beforeId) params.set('before_id', beforeId);
  const response = await fetch('/api/v1/anomalies?' + params);
  if (!response.ok) return;
  const page = await response.json();
  add(page.anomalies, { live: false });
}

function setConnected(up) {
  const indicator = $('connection');
  indicator.className = 'connection ' + (up ? 'up' : 'down');
  indicator.textContent = up ? 'connected' : 'disconnected';
}

let reconnectDelay = 500;
function connect() {
  const bus = new EventBusClient('/eventbus');
  bus.registerHandler('anomalies.new', onLive);
  bus.onopen = () => {
    reconnectDelay = 500;
    setConnected(true);
    loadHistory(); // fills in whatever was committed while we were away
  };
  bus.onclose = () => {
    setConnected(false);
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
    const held = state.pausedRows;
    state.pausedRows = [];
    state.pausedCount = 0;
    add(held, { live: true });
  }
  scheduleRender();
});
$('older').addEventListener('click', () => loadHistory(state.oldestId));

loadHistory().finally(connect);
