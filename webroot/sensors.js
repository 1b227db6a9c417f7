// The Sensors panel: every registered sensor with its health (GET /api/v1/sensors, this node's counters), silent
// ones in red; a click on a column header sorts by it (again: the other way).
'use strict';

(() => {
  const REFRESH_MS = 5000;
  const COLUMNS = [
    {key: 'name', label: 'Sensor', value: (s) => s.name},
    {key: 'last_seen', label: 'Last seen', value: (s) => lastSeen(s) || 0, text: (s) => when(lastSeen(s))},
    {key: 'pps_1m', label: 'Pkt/s (1 min)', value: (s) => health(s).pps_1m || 0, num: true},
    {key: 'pps_1h', label: 'Pkt/s (1 h)', value: (s) => health(s).pps_1h || 0, num: true},
    {key: 'rejected', label: 'Refused', value: refused, num: true, title: refusedDetail},
    {key: 'last_error', label: 'Last error', value: (s) => lastError(s)},
    {key: 'skew', label: 'Clock skew', value: (s) => health(s).clock_skew_ms ?? 0, text: skew, num: true},
    {key: 'software', label: 'Software', value: (s) => health(s).user_agent || ''},
    {key: 'quota', label: 'Quota (pkt/s)', value: (s) => s.quota_pps || 0, text: (s) => s.quota_pps ?? '—', num: true},
  ];
  const sort = {key: 'name', descending: false};
  let sensors = [];

  function health(s) {
    return s.health || {};
  }
  function lastSeen(s) {
    const cluster = s.last_seen_at ? Date.parse(s.last_seen_at) : 0;
    return Math.max(cluster, health(s).last_seen_ms || 0) || null;
  }
  function when(ms) {
    return ms ? new Date(ms).toLocaleString() : 'never';
  }
  function refused(s) {
    return Object.values(health(s).rejected || {}).reduce((a, b) => a + b, 0);
  }
  function refusedDetail(s) {
    return Object.entries(health(s).rejected || {}).filter(([, n]) => n > 0).map(([k, n]) => `${k}: ${n}`).join(', ');
  }
  function lastError(s) {
    const e = health(s).last_error;
    return e ? `${e.status} ${e.message}` : '';
  }
  function skew(s) {
    const ms = health(s).clock_skew_ms;
    return ms == null ? '—' : `${(ms / 1000).toFixed(1)} s`;
  }

  function header() {
    const tr = document.createElement('tr');
    for (const column of COLUMNS) {
      const th = document.createElement('th');
      th.textContent = column.label;
      th.dataset.sort = column.key;
      th.setAttribute('aria-sort', sort.key !== column.key ? 'none' : sort.descending ? 'descending' : 'ascending');
      th.addEventListener('click', () => {
        sort.descending = sort.key === column.key ? !sort.descending : false;
        sort.key = column.key;
        render();
      });
      tr.append(th);
    }
    return tr;
  }

  function render() {
    const column = COLUMNS.find((c) => c.key === sort.key);
    const sorted = [...sensors].sort((a, b) => {
      const x = column.value(a);
      const y = column.value(b);
      const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return sort.descending ? -order : order;
    });
    const head = document.createElement('thead');
    head.append(header());
    const body = document.createElement('tbody');
    body.id = 'sensor-rows';
    for (const s of sorted) {
      const tr = document.createElement('tr');
      tr.dataset.sensor = s.name;
      if (s.silent) tr.className = 'silent';
      for (const c of COLUMNS) {
        const td = document.createElement('td');
        td.textContent = String(c.text ? c.text(s) : c.value(s));
        if (c.num) td.className = 'num';
        if (c.title) td.title = c.title(s);
        tr.append(td);
      }
      if (s.silent) tr.title = `silent: nothing received for ${s.silent_after_seconds ?? 'the configured'} s or more`;
      body.append(tr);
    }
    const table = document.getElementById('sensors-table');
    table.replaceChildren(head, body);
    document.getElementById('sensors-silent').textContent = String(sensors.filter((s) => s.silent).length);
  }

  async function load() {
    try {
      const response = await fetch('/api/v1/sensors');
      if (!response.ok) return;
      sensors = (await response.json()).sensors;
      render();
    } catch (e) {
      // Offline for a moment: the next refresh tries again.
    }
  }

  if (document.getElementById('sensors-table')) {
    load();
    setInterval(load, REFRESH_MS);
  }
})();
