// Where an alert went: its deliveries to each recipient (GET /api/v1/alerts/{id}/deliveries), shown in the
// Incidents panel's detail under the alert's summary. incidents.js calls NetwatchDeliveries.show(id).
'use strict';

window.NetwatchDeliveries = (() => {
  let shown = null;

  function describe(d) {
    const to = d.recipient + ' (' + d.type + ')';
    if (d.state === 'delivered') return d.event + ' delivered to ' + to + ' at ' + d.delivered_at;
    if (d.state === 'dead') {
      return d.event + ' to ' + to + ': failed, given up after ' + d.attempts + ' attempts'
        + (d.last_error ? ' (' + d.last_error + ')' : '');
    }
    if (d.attempts === 0) return d.event + ' to ' + to + ': queued';
    return d.event + ' to ' + to + ': retrying, attempt ' + d.attempts + ', next at ' + d.next_attempt_at
      + (d.last_error ? ' (' + d.last_error + ')' : '');
  }

  function render(list, deliveries) {
    const items = deliveries.length ? deliveries.map((d) => {
      const li = document.createElement('li');
      li.className = 'delivery delivery-' + d.state;
      li.textContent = describe(d);
      return li;
    }) : [Object.assign(document.createElement('li'), { className: 'muted', textContent: 'Not sent to any recipient.' })];
    list.replaceChildren(...items);
  }

  async function show(alertId) {
    const list = document.getElementById('incident-deliveries');
    if (!list) return;
    shown = alertId;
    try {
      const response = await fetch('/api/v1/alerts/' + encodeURIComponent(alertId) + '/deliveries');
      if (!response.ok) throw new Error('HTTP ' + response.status);
      const body = await response.json();
      // Oldest first reads as a story: engaged, then what followed.
      if (shown === alertId) render(list, (body.deliveries || []).slice().reverse());
    } catch (e) {
      if (shown === alertId) list.replaceChildren(Object.assign(document.createElement('li'),
        { className: 'muted', textContent: 'Deliveries unavailable (' + e.message + ').' }));
    }
  }

  return { show };
})();
