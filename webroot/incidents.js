// The Incidents panel: alerts (episodes of many anomalous packets), engaged ones first by severity and
// recency, then the recently released ones, dimmed. Loaded from /api/v1/alerts when the bridge opens (at
// start and after every reconnect), then kept current by the alert events each live-feed frame carries.
// Rows are updated in place, at most once per animation frame; every field is written with textContent.
// Acknowledging and suppressing need the admin token, which the operator types once; it is kept in
// sessionStorage only (gone with the tab) and sent as Authorization: Bearer.
'use strict';

(() => {
  const MAX_ALERTS = 200;       // rows the panel keeps; engaged ones win over released ones
  const ENGAGED_PAGE = 200;
  const RELEASED_PAGE = 50;
  const TOKEN_KEY = 'netwatch.admin_token';
  const NAME_KEY = 'netwatch.admin_name';
  const SEVERITIES = ['low', 'medium', 'high', 'critical'];
  const DETECTORS = {
    port_scan: 'Port scan', syn_flood: 'SYN flood', host_sweep: 'Host sweep', source_flood: 'Source flood',
  };
  // In the scoring table's order (an alert stores its reason set sorted by name).
  const REASONS = {
    suspicious_port: 'suspicious port', syn_only: 'SYN only', high_entropy: 'high entropy', high_rate: 'high rate',
    abnormal_ttl: 'abnormal TTL', oversized_payload: 'oversized payload',
  };
  const REASON_ORDER = Object.keys(REASONS);
  const SUPPRESSIONS = [['1 h', 3600], ['24 h', 86400], ['always', null]];

  const $ = (id) => document.getElementById(id);
  const state = {
    entries: new Map(),   // alert id → {alert, tr, cells, buttons, form}
    dirty: new Set(),     // ids whose row must be redrawn
    reorder: false,       // the order may have changed
    renderQueued: false,
    generation: 0,        // the latest reload; an older one's answer is ignored
    touched: null,        // ids a live event brought in since the reload started
    more: false,          // the server has engaged alerts the panel does not hold
    shown: null,          // id of the alert whose packets are shown
    refetchTimer: null,
  };

  // ---- formatting (pure) ----

  function rank(severity) {
    return SEVERITIES.indexOf(severity);
  }

  function time(iso) {
    return iso ? Date.parse(iso) : 0;
  }

  function detectorLabel(alert) {
    if (alert.detector === 'packet') {
      const order = (r) => (REASON_ORDER.includes(r) ? REASON_ORDER.indexOf(r) : REASON_ORDER.length);
      const reasons = [...(alert.reasons || [])].sort((a, b) => order(a) - order(b)).map((r) => REASONS[r] || r);
      return reasons.length ? 'Packets: ' + reasons.join(', ') : 'Packets';
    }
    return DETECTORS[alert.detector] || String(alert.detector);
  }

  function hostPort(ip, port) {
    if (port === null || port === undefined) return ip;
    return (ip.includes(':') ? '[' + ip + ']' : ip) + ':' + port;
  }

  // Who → whom: src → dst (a port scan, per-packet alerts), src → :port (a host sweep), → dst (a SYN flood),
  // src → * (a source flood).
  function keyLabel(alert) {
    const src = alert.src_ip || '';
    const port = alert.dst_port;
    let whom;
    if (alert.dst_ip) whom = hostPort(alert.dst_ip, port);
    else if (port !== null && port !== undefined) whom = ':' + port;
    else whom = src ? '*' : '';
    return (src ? src + ' ' : '') + '→ ' + whom;
  }

  function duration(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 60) return s + ' s';
    const m = Math.floor(s / 60);
    if (m < 60) return m + ' min' + (s % 60 ? ' ' + (s % 60) + ' s' : '');
    const h = Math.floor(m / 60);
    if (h < 24) return h + ' h' + (m % 60 ? ' ' + (m % 60) + ' min' : '');
    return Math.floor(h / 24) + ' d' + (h % 24 ? ' ' + (h % 24) + ' h' : '');
  }

  function clock(iso) {
    if (!iso) return '—';
    const date = new Date(iso);
    return date.toDateString() === new Date().toDateString()
      ? date.toLocaleTimeString() : date.toLocaleString();
  }

  function statusLabel(alert) {
    let text = alert.state === 'released' ? 'released' : 'engaged';
    if (alert.acknowledged_at) text += ' · acknowledged' + (alert.acknowledged_by ? ' by ' + alert.acknowledged_by : '');
    return text;
  }

  // Engaged first (severity, then the latest activity), then released ones, the latest released first.
  function compare(a, b) {
    const ea = a.state !== 'released';
    const eb = b.state !== 'released';
    if (ea !== eb) return ea ? -1 : 1;
    if (ea) {
      return rank(b.severity) - rank(a.severity) || time(b.last_seen) - time(a.last_seen) || b.id - a.id;
    }
    return time(b.released_at || b.last_seen) - time(a.released_at || a.last_seen) || b.id - a.id;
  }

  // An alert only moves forward: released stays released, acknowledged stays acknowledged, counts and
  // times only grow. So an event and a fetched copy merge the same whatever order they arrive in.
  function merge(held, next) {
    if (!held) return next;
    const merged = Object.assign({}, next);
    if (held.state === 'released' && next.state !== 'released') {
      merged.state = 'released';
      merged.released_at = held.released_at;
    }
    if (held.acknowledged_at && !next.acknowledged_at) {
      merged.acknowledged_at = held.acknowledged_at;
      merged.acknowledged_by = held.acknowledged_by;
      merged.note = held.note;
    }
    if (time(held.last_seen) > time(next.last_seen)) merged.last_seen = held.last_seen;
    if (Number(held.packet_count) > Number(next.packet_count)) merged.packet_count = held.packet_count;
    if (Number(held.max_score) > Number(next.max_score)) merged.max_score = held.max_score;
    if (rank(held.severity) > rank(next.severity)) merged.severity = held.severity;
    return merged;
  }

  // ---- the admin token ----

  function adminToken() {
    try {
      return sessionStorage.getItem(TOKEN_KEY) || '';
    } catch (e) {
      return '';
    }
  }

  function adminName() {
    try {
      return sessionStorage.getItem(NAME_KEY) || '';
    } catch (e) {
      return '';
    }
  }

  function setAdmin(token, name) {
    try {
      if (token) sessionStorage.setItem(TOKEN_KEY, token); else sessionStorage.removeItem(TOKEN_KEY);
      if (name) sessionStorage.setItem(NAME_KEY, name); else if (!token) sessionStorage.removeItem(NAME_KEY);
    } catch (e) {
      // storage refused (private mode quota): the token then lasts until this page is reloaded
    }
    showAdminState();
  }

  function showAdminState() {
    const has = !!adminToken();
    $('admin-form').hidden = has;
    $('admin-set').hidden = !has;
    $('admin-who').textContent = has ? 'admin' + (adminName() ? ' (' + adminName() + ')' : '') : '';
  }

  function message(text, kind) {
    const box = $('incidents-message');
    box.textContent = text;
    box.className = 'incidents-message' + (kind ? ' ' + kind : '');
  }

  function needToken() {
    message('Enter the admin token to acknowledge or suppress alerts.', 'error');
    $('admin-form').hidden = false;
    $('admin-set').hidden = true;
    $('admin-token').focus();
  }

  // An admin request; null after telling the operator what went wrong.
  async function adminPost(path, body) {
    const token = adminToken();
    if (!token) {
      needToken();
      return null;
    }
    let response;
    try {
      response = await fetch(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token },
        body: JSON.stringify(body),
      });
    } catch (e) {
      message('The request failed: the dashboard is unreachable.', 'error');
      return null;
    }
    if (response.status === 401) {
      setAdmin('', '');
      needToken();
      message('The admin token was refused (401): enter it again.', 'error');
      return null;
    }
    let json = null;
    try {
      json = await response.json();
    } catch (e) {
      // not JSON: answered below by status
    }
    if (!response.ok) {
      message('Refused (' + response.status + '): ' + ((json && json.error) || response.statusText), 'error');
      return null;
    }
    return json;
  }

  // ---- rows ----

  function td(className) {
    const cell = document.createElement('td');
    if (className) cell.className = className;
    return cell;
  }

  function button(text, className) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = className;
    b.textContent = text;
    return b;
  }

  function createEntry(alert) {
    const tr = document.createElement('tr');
    tr.dataset.alertId = alert.id;
    tr.tabIndex = 0;
    const cells = {
      severity: td('inc-severity'), detector: td('inc-detector'), key: td('inc-key'),
      packets: td('inc-packets num'), first: td('inc-first'), last: td('inc-last'),
      duration: td('inc-duration num'), status: td('inc-status'), actions: td('inc-actions'),
    };
    const badge = document.createElement('span');
    cells.severity.append(badge);
    const buttons = document.createElement('span');
    buttons.className = 'inc-buttons';
    const ack = button('Acknowledge', 'ack');
    buttons.append(ack);
    const suppressLabel = document.createElement('span');
    suppressLabel.className = 'muted';
    suppressLabel.textContent = 'Suppress';
    buttons.append(suppressLabel);
    for (const [label, seconds] of SUPPRESSIONS) {
      const b = button(label, 'suppress');
      b.setAttribute('aria-label', 'Suppress ' + label);
      b.title = seconds === null ? 'Suppress alerts like this one, with no expiry'
        : 'Suppress alerts like this one for ' + label;
      b.dataset.seconds = seconds === null ? '' : String(seconds);
      b.dataset.label = label;
      buttons.append(b);
    }
    cells.actions.append(buttons);
    tr.append(cells.severity, cells.detector, cells.key, cells.packets, cells.first, cells.last, cells.duration,
      cells.status, cells.actions);
    return { alert, tr, cells, badge, ack, form: null, suppressed: '', drawn: {} };
  }

  // Writes only what changed since the row was last drawn.
  function draw(entry) {
    const a = entry.alert;
    const values = {
      severity: a.severity, detector: detectorLabel(a), key: keyLabel(a),
      packets: Number(a.packet_count).toLocaleString(), first: clock(a.first_seen), last: clock(a.last_seen),
      duration: duration(time(a.last_seen) - time(a.first_seen)),
      status: statusLabel(a) + (entry.suppressed ? ' · suppressed ' + entry.suppressed : ''),
    };
    for (const [name, value] of Object.entries(values)) {
      if (entry.drawn[name] === value) continue;
      entry.drawn[name] = value;
      if (name === 'severity') {
        entry.badge.className = 'badge sev-' + value;
        entry.badge.textContent = value;
      } else {
        entry.cells[name].textContent = value;
      }
    }
    entry.cells.first.title = a.first_seen || '';
    entry.cells.last.title = a.last_seen || '';
    entry.cells.status.title = a.note ? 'note: ' + a.note : '';
    const className = 'incident sev-' + a.severity + ' ' + (a.state === 'released' ? 'released' : 'engaged')
      + (a.acknowledged_at ? ' acknowledged' : '') + (state.shown === a.id ? ' selected' : '');
    if (entry.tr.className !== className) entry.tr.className = className;
    entry.ack.hidden = !!a.acknowledged_at;
  }

  function upsert(alert) {
    if (!alert || alert.id === undefined || alert.id === null) return;
    const held = state.entries.get(alert.id);
    if (held) {
      held.alert = merge(held.alert, alert);
    } else {
      state.entries.set(alert.id, createEntry(alert));
    }
    state.dirty.add(alert.id);
    state.reorder = true;
    scheduleRender();
  }

  function remove(id) {
    const entry = state.entries.get(id);
    if (!entry) return;
    entry.tr.remove();
    state.entries.delete(id);
    state.dirty.delete(id);
  }

  function scheduleRender() {
    if (state.renderQueued) return;
    state.renderQueued = true;
    requestAnimationFrame(render);
  }

  function render() {
    state.renderQueued = false;
    for (const id of state.dirty) {
      const entry = state.entries.get(id);
      if (entry) draw(entry);
    }
    state.dirty.clear();
    if (state.reorder) {
      state.reorder = false;
      reorder();
    }
    let attention = 0;
    for (const { alert } of state.entries.values()) {
      if (alert.state !== 'released' && !alert.acknowledged_at) attention++;
    }
    $('attention-count').textContent = String(attention) + (state.more ? '+' : '');
    $('needs-attention').classList.toggle('some', attention > 0);
    $('incidents-empty').hidden = state.entries.size > 0;
  }

  // Puts the rows in order, moving only those out of place, and drops those past MAX_ALERTS.
  function reorder() {
    const sorted = [...state.entries.values()].sort((x, y) => compare(x.alert, y.alert));
    for (const dropped of sorted.splice(MAX_ALERTS)) remove(dropped.alert.id);
    const body = $('incident-rows');
    const focused = body.contains(document.activeElement) ? document.activeElement : null;
    let cursor = body.firstElementChild;
    for (const entry of sorted) {
      if (entry.tr === cursor) cursor = cursor.nextElementSibling;
      else body.insertBefore(entry.tr, cursor);
    }
    if (focused && focused !== document.activeElement && body.contains(focused)) focused.focus();
  }

  // ---- loading ----

  async function fetchList(alertState, limit) {
    const response = await fetch('/api/v1/alerts?' + new URLSearchParams({ state: alertState, limit: String(limit) }));
    if (response.status === 401) {
      location.assign('/login.html');
      return null;
    }
    if (!response.ok) throw new Error('HTTP ' + response.status);
    return response.json();
  }

  // The engaged alerts and the recently released ones; what the panel held and neither list has any more
  // (released long ago, or gone past the list's end) leaves, unless a live event brought it in meanwhile.
  async function reload() {
    const generation = ++state.generation;
    state.touched = new Set();
    let engaged;
    let released;
    try {
      [engaged, released] = await Promise.all([fetchList('engaged', ENGAGED_PAGE), fetchList('released', RELEASED_PAGE)]);
    } catch (e) {
      if (generation === state.generation) {
        state.touched = null;
        message('Alerts could not be loaded (' + e.message + '); live events still arrive.', 'error');
      }
      return;
    }
    if (generation !== state.generation) return;
    if (!engaged || !released) {
      state.touched = null;
      return;
    }
    const loaded = new Set();
    for (const alert of [...(engaged.alerts || []), ...(released.alerts || [])]) {
      loaded.add(alert.id);
      upsert(alert);
    }
    for (const id of [...state.entries.keys()]) {
      if (!loaded.has(id) && !state.touched.has(id)) remove(id);
    }
    state.touched = null;
    if ($('incidents-message').textContent.startsWith('Alerts could not be loaded')) message('', '');
    state.more = engaged.next_before_id !== null && engaged.next_before_id !== undefined;
    state.reorder = true;
    scheduleRender();
  }

  // The alert events of one live-feed frame: [{event, alert}], the latest per alert.
  function onEvents(events) {
    if (!Array.isArray(events)) return;
    for (const e of events) {
      if (!e || !e.alert) continue;
      if (state.touched) state.touched.add(e.alert.id);
      upsert(e.alert);
      if (e.alert.id === state.shown) refetchShownSoon();
    }
  }

  // ---- the detail area: an alert's packets ----

  function packetRow(row) {
    if (typeof rowElement === 'function') return rowElement(row); // the packet table's own row, from app.js
    const tr = document.createElement('tr');
    for (const text of [row.received_at, row.src_ip, row.dst_ip, row.protocol, row.score, row.severity]) {
      const cell = document.createElement('td');
      cell.textContent = String(text);
      tr.append(cell);
    }
    return tr;
  }

  // The selection highlight moves from the row shown before to this one.
  function select(id) {
    if (state.shown !== null) state.dirty.add(state.shown);
    state.shown = id;
    if (id !== null) state.dirty.add(id);
    scheduleRender();
  }

  async function showAlert(id) {
    select(id);
    const detail = $('incident-detail');
    detail.hidden = false;
    $('incident-detail-title').textContent = 'Alert #' + id;
    $('incident-detail-summary').textContent = 'Loading…';
    let body;
    try {
      const response = await fetch('/api/v1/alerts/' + encodeURIComponent(id));
      if (response.status === 401) {
        location.assign('/login.html');
        return;
      }
      if (!response.ok) throw new Error('HTTP ' + response.status);
      body = await response.json();
    } catch (e) {
      if (state.shown === id) $('incident-detail-summary').textContent = 'Could not load this alert (' + e.message + ').';
      return;
    }
    if (state.shown !== id) return;
    const alert = body.alert || {};
    upsert(alert);
    const packets = body.packets || [];
    $('incident-detail-title').textContent = 'Alert #' + id + ': ' + detectorLabel(alert) + ' ' + keyLabel(alert);
    $('incident-detail-summary').textContent = alert.severity + ', ' + statusLabel(alert) + ', '
      + Number(alert.packet_count).toLocaleString() + ' packets, max score ' + Number(alert.max_score).toFixed(2)
      + (alert.note ? ', note: ' + alert.note : '') + '. ' + (packets.length
        ? 'Its latest ' + packets.length + ' stored packets, newest first:' : 'No stored packets.');
    const rows = document.createElement('tbody');
    rows.id = 'incident-packets';
    for (const row of packets) rows.append(packetRow(row));
    $('incident-packets').replaceWith(rows);
    state.packets = packets;
    if (window.NetwatchDeliveries) window.NetwatchDeliveries.show(id); // notify: where it went (deliveries.js)
  }

  function refetchShownSoon() {
    if (state.refetchTimer) return;
    state.refetchTimer = setTimeout(() => {
      state.refetchTimer = null;
      if (state.shown !== null) showAlert(state.shown);
    }, 1000);
  }

  function closeDetail() {
    select(null);
    $('incident-detail').hidden = true;
  }

  // ---- actions ----

  function openAckForm(entry) {
    if (!adminToken()) {
      needToken();
      return;
    }
    if (entry.form) {
      entry.form.querySelector('input').focus();
      return;
    }
    const form = document.createElement('form');
    form.className = 'ack-form';
    const note = document.createElement('input');
    note.type = 'text';
    note.className = 'ack-note';
    note.maxLength = 1000;
    note.placeholder = 'note (optional)';
    note.setAttribute('aria-label', 'acknowledgement note');
    const save = document.createElement('button');
    save.type = 'submit';
    save.className = 'ack-save';
    save.textContent = 'Save';
    const cancel = button('Cancel', 'ack-cancel');
    form.append(note, save, cancel);
    entry.form = form;
    entry.cells.actions.firstElementChild.hidden = true;
    entry.cells.actions.append(form);
    note.focus();
  }

  function closeAckForm(entry) {
    if (!entry.form) return;
    entry.form.remove();
    entry.form = null;
    entry.cells.actions.firstElementChild.hidden = false;
  }

  async function acknowledge(entry) {
    const id = entry.alert.id;
    const body = { note: entry.form.querySelector('input').value.trim() };
    if (adminName()) body.by = adminName();
    const save = entry.form.querySelector('button[type=submit]');
    save.disabled = true;
    const alert = await adminPost('/api/v1/alerts/' + encodeURIComponent(id) + '/ack', body);
    if (entry.form) entry.form.querySelector('button[type=submit]').disabled = false;
    if (!alert) return;
    const current = state.entries.get(id) || entry;
    closeAckForm(current);
    upsert(alert.alert || alert);
    message('Alert #' + id + ' acknowledged.', 'ok');
  }

  function cidr(ip) {
    return ip ? ip + (ip.includes(':') ? '/128' : '/32') : null;
  }

  async function suppress(entry, seconds, label) {
    const a = entry.alert;
    const body = {
      detector: a.detector,
      src_cidr: cidr(a.src_ip),
      dst_cidr: cidr(a.dst_ip),
      dst_port: a.dst_port === undefined ? null : a.dst_port,
      reason: 'from the dashboard: alert #' + a.id + ' (' + detectorLabel(a) + ' ' + keyLabel(a) + ')',
    };
    if (seconds) body.duration_seconds = seconds; else body.expires_at = null;
    if (adminName()) body.created_by = adminName();
    const rule = await adminPost('/api/v1/suppressions', body);
    if (!rule) return;
    const current = state.entries.get(a.id);
    if (current) {
      current.suppressed = label;
      state.dirty.add(a.id);
      scheduleRender();
    }
    message('Suppression rule #' + rule.id + ' created for ' + detectorLabel(a) + ' ' + keyLabel(a)
      + (seconds ? ' for ' + label : ', with no expiry') + '.', 'ok');
  }

  function entryOf(element) {
    const tr = element.closest('tr[data-alert-id]');
    return tr ? state.entries.get(Number(tr.dataset.alertId)) : null;
  }

  function wire() {
    const body = $('incident-rows').parentElement;
    body.addEventListener('click', (e) => {
      const entry = entryOf(e.target);
      if (!entry) return;
      const control = e.target.closest('button, input, form');
      if (!control) {
        showAlert(entry.alert.id);
        return;
      }
      if (control.classList.contains('ack')) openAckForm(entry);
      else if (control.classList.contains('ack-cancel')) closeAckForm(entry);
      else if (control.classList.contains('suppress')) {
        const seconds = control.dataset.seconds ? Number(control.dataset.seconds) : null;
        suppress(entry, seconds, control.dataset.label);
      }
    });
    body.addEventListener('submit', (e) => {
      e.preventDefault();
      const entry = entryOf(e.target);
      if (entry && entry.form) acknowledge(entry);
    });
    body.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && e.target.matches('tr[data-alert-id]')) showAlert(Number(e.target.dataset.alertId));
      if (e.key === 'Escape') {
        const entry = entryOf(e.target);
        if (entry && entry.form) closeAckForm(entry);
      }
    });
    $('admin-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const token = $('admin-token').value.trim();
      if (!token) return;
      setAdmin(token, $('admin-name').value.trim());
      $('admin-token').value = '';
      message('Admin token set for this tab.', 'ok');
    });
    $('admin-forget').addEventListener('click', () => {
      setAdmin('', '');
      message('Admin token forgotten.', '');
    });
    $('close-incident').addEventListener('click', closeDetail);
    $('incident-packets').parentElement.addEventListener('click', (e) => {
      const tr = e.target.closest('tr[data-id]');
      if (!tr || typeof showDetails !== 'function' || !state.packets) return;
      const row = state.packets.find((r) => String(r.id) === tr.dataset.id);
      if (row) showDetails(row);
    });
    showAdminState();
  }

  wire();
  window.Incidents = { reload, onEvents, showAlert, keyLabel, detectorLabel, duration };
})();
