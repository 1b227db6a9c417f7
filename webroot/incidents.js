// The Incidents panel: alerts (episodes of many anomalous packets), engaged ones first by severity and
// recency, then the recently released ones, dimmed. Loaded from /api/v1/alerts when the bridge opens (at
// start and after every reconnect), then kept current by the alert events each live-feed frame carries.
// Its parts, loaded before this file: js/incidents-format.js (labels, order, merge; pure),
// js/incidents-admin.js (the admin token, messages), js/incidents-table.js (the rows),
// js/incidents-detail.js (an alert's packets), js/incidents-actions.js (Acknowledge, Suppress).
'use strict';

(() => {
  const ENGAGED_PAGE = 200;
  const RELEASED_PAGE = 50;
  const T = IncidentTable;
  const A = IncidentAdmin;
  let generation = 0;  // the latest reload; an older one's answer is ignored
  let touched = null;  // ids a live event brought in since the reload started

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
    const mine = ++generation;
    touched = new Set();
    let engaged;
    let released;
    try {
      [engaged, released] = await Promise.all([fetchList('engaged', ENGAGED_PAGE), fetchList('released', RELEASED_PAGE)]);
    } catch (e) {
      if (mine === generation) {
        touched = null;
        A.message('Alerts could not be loaded (' + e.message + '); live events still arrive.', 'error');
      }
      return;
    }
    if (mine !== generation) return;
    if (!engaged || !released) {
      touched = null;
      return;
    }
    const loaded = new Set();
    for (const alert of [...(engaged.alerts || []), ...(released.alerts || [])]) {
      loaded.add(alert.id);
      T.upsert(alert);
    }
    for (const id of [...T.state.entries.keys()]) {
      if (!loaded.has(id) && !touched.has(id)) T.remove(id);
    }
    touched = null;
    if (document.getElementById('incidents-message').textContent.startsWith('Alerts could not be loaded')) {
      A.message('', '');
    }
    T.state.more = engaged.next_before_id !== null && engaged.next_before_id !== undefined;
    T.refresh();
  }

  // The alert events of one live-feed frame: [{event, alert}], the latest per alert.
  function onEvents(events) {
    if (!Array.isArray(events)) return;
    for (const e of events) {
      if (!e || !e.alert) continue;
      if (touched) touched.add(e.alert.id);
      T.upsert(e.alert);
      if (e.alert.id === T.state.shown) IncidentDetail.refetchSoon();
    }
  }

  A.wire();
  IncidentDetail.wire();
  IncidentActions.wire(IncidentDetail.show);
  const F = IncidentFormat;
  window.Incidents = {
    reload, onEvents, showAlert: IncidentDetail.show, keyLabel: F.keyLabel, detectorLabel: F.detectorLabel,
    duration: F.duration,
  };
})();
