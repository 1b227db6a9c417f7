// The Incidents panel's pure part: labels, times and the order and merge rules of alerts. No DOM.
'use strict';

const IncidentFormat = (() => {
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

  // A suppression rule's CIDR for one address.
  function cidr(ip) {
    return ip ? ip + (ip.includes(':') ? '/128' : '/32') : null;
  }

  return { time, detectorLabel, keyLabel, duration, clock, statusLabel, compare, merge, cidr };
})();
