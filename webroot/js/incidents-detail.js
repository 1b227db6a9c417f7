// The Incidents panel's detail area: a clicked alert and its latest stored packets, fetched again (at most once
// a second) while live events change the alert.
'use strict';

const IncidentDetail = (() => {
  const F = IncidentFormat;
  const T = IncidentTable;
  const $ = (id) => document.getElementById(id);
  let packets = null;      // the rows shown, for their details on a click
  let refetchTimer = null;

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

  async function show(id) {
    T.select(id);
    $('incident-detail').hidden = false;
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
      if (T.state.shown === id) $('incident-detail-summary').textContent = 'Could not load this alert (' + e.message + ').';
      return;
    }
    if (T.state.shown !== id) return;
    const alert = body.alert || {};
    T.upsert(alert);
    const rows = body.packets || [];
    $('incident-detail-title').textContent = 'Alert #' + id + ': ' + F.detectorLabel(alert) + ' ' + F.keyLabel(alert);
    $('incident-detail-summary').textContent = alert.severity + ', ' + F.statusLabel(alert) + ', '
      + Number(alert.packet_count).toLocaleString() + ' packets, max score ' + Number(alert.max_score).toFixed(2)
      + (alert.note ? ', note: ' + alert.note : '') + '. ' + (rows.length
        ? 'Its latest ' + rows.length + ' stored packets, newest first:' : 'No stored packets.');
    const tbody = document.createElement('tbody');
    tbody.id = 'incident-packets';
    for (const row of rows) tbody.append(packetRow(row));
    $('incident-packets').replaceWith(tbody);
    packets = rows;
  }

  // A live event changed the alert shown: fetch it again, at most once a second.
  function refetchSoon() {
    if (refetchTimer) return;
    refetchTimer = setTimeout(() => {
      refetchTimer = null;
      if (T.state.shown !== null) show(T.state.shown);
    }, 1000);
  }

  function close() {
    T.select(null);
    $('incident-detail').hidden = true;
  }

  function wire() {
    $('close-incident').addEventListener('click', close);
    $('incident-packets').parentElement.addEventListener('click', (e) => {
      const tr = e.target.closest('tr[data-id]');
      if (!tr || typeof showDetails !== 'function' || !packets) return;
      const row = packets.find((r) => String(r.id) === tr.dataset.id);
      if (row) showDetails(row);
    });
  }

  return { show, refetchSoon, wire };
})();
