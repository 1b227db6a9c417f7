// The live anomaly table: recent history from the REST API on load, then the rows of the live feed
// (js/live-feed.js), filtered, paused and paged here. Every field is written with textContent:
// attacker-controlled text stays text. The page's other parts: js/chart-range.js (the rates chart),
// js/talkers.js (top talkers), js/live-feed.js (the bridge, its frames, and the page's start).
'use strict';

const MAX_ROWS = 500;
const HISTORY_PAGE = 100;
const SEVERITIES = ['low', 'medium', 'high', 'critical'];
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

// Receipt time; beneath it the capture time (a sensor's ts) where it reads differently, and the sensor's name.
function timeCell(row) {
  const received = new Date(row.received_at);
  const td = cell(received.toLocaleTimeString());
  td.title = 'received ' + row.received_at;
  const notes = [];
  if (row.captured_at) {
    const captured = new Date(row.captured_at);
    const sameDay = captured.toDateString() === received.toDateString();
    const text = sameDay ? captured.toLocaleTimeString() : captured.toLocaleString();
    if (text !== td.textContent) notes.push('captured ' + text);
    td.title += ', captured ' + row.captured_at;
  }
  if (row.sensor) notes.push(row.sensor);
  if (notes.length) {
    const note = document.createElement('small');
    note.className = 'captured';
    note.textContent = notes.join(' · ');
    td.append(document.createElement('br'), note);
  }
  return td;
}

function rowElement(row) {
  const tr = document.createElement('tr');
  tr.className = 'sev-' + row.severity;
  tr.dataset.id = row.id;
  tr.tabIndex = 0;
  const severity = document.createElement('td');
  severity.append(badge(row.severity));
  tr.append(
    timeCell(row),
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

async function loadHistory(beforeId) {
  const params = new URLSearchParams({ limit: String(HISTORY_PAGE) });
  if (beforeId) params.set('before_id', beforeId);
  const response = await api('/api/v1/anomalies?' + params);
  if (!response.ok) return;
  const page = await response.json();
  add(page.anomalies);
}

function showDetails(row) {
  const fields = $('details-fields');
  fields.replaceChildren();
  const entries = [
    ['stream id', row.stream_id], ['received', row.received_at], ['captured', row.captured_at ?? 'not sent'],
    ['sensor', row.sensor ?? 'not sent'], ['stored', row.created_at],
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

