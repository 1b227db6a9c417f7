// Top talkers of the last 15 minutes (GET /api/v1/stats): a click on one filters the table by its address.
'use strict';

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

setInterval(loadTalkers, 30000); // the window slides even when nothing arrives
