// The Incidents panel's rows: one per alert, engaged ones first. Rows are updated in place, at most once per
// animation frame, writing only what changed; every field is written with textContent.
'use strict';

const IncidentTable = (() => {
  const MAX_ALERTS = 200; // rows the panel keeps; engaged ones win over released ones
  const SUPPRESSIONS = [['1 h', 3600], ['24 h', 86400], ['always', null]];
  const F = IncidentFormat;
  const $ = (id) => document.getElementById(id);
  const state = {
    entries: new Map(),   // alert id → {alert, tr, cells, badge, ack, form, suppressed, drawn}
    dirty: new Set(),     // ids whose row must be redrawn
    reorder: false,       // the order may have changed
    renderQueued: false,
    more: false,          // the server has engaged alerts the panel does not hold
    shown: null,          // id of the alert whose packets are shown
  };

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
      severity: a.severity, detector: F.detectorLabel(a), key: F.keyLabel(a),
      packets: Number(a.packet_count).toLocaleString(), first: F.clock(a.first_seen), last: F.clock(a.last_seen),
      duration: F.duration(F.time(a.last_seen) - F.time(a.first_seen)),
      status: F.statusLabel(a) + (entry.suppressed ? ' · suppressed ' + entry.suppressed : ''),
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
      held.alert = F.merge(held.alert, alert);
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

  function redraw(id) {
    state.dirty.add(id);
    scheduleRender();
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
    const sorted = [...state.entries.values()].sort((x, y) => F.compare(x.alert, y.alert));
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

  // Reorders and recounts at the next frame (after a reload replaced what the panel holds).
  function refresh() {
    state.reorder = true;
    scheduleRender();
  }

  // The selection highlight moves from the row shown before to this one.
  function select(id) {
    if (state.shown !== null) state.dirty.add(state.shown);
    state.shown = id;
    if (id !== null) state.dirty.add(id);
    scheduleRender();
  }

  function entryOf(element) {
    const tr = element.closest('tr[data-alert-id]');
    return tr ? state.entries.get(Number(tr.dataset.alertId)) : null;
  }

  return { state, button, upsert, remove, redraw, refresh, select, entryOf };
})();
