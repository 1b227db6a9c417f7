// The Incidents panel's actions on a row: Acknowledge (with a note) and Suppress 1 h / 24 h / always (a rule
// for that alert's key). Both need the admin token (incidents-admin.js).
'use strict';

const IncidentActions = (() => {
  const F = IncidentFormat;
  const T = IncidentTable;
  const A = IncidentAdmin;

  function openAckForm(entry) {
    if (!A.token()) {
      A.needToken();
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
    const cancel = T.button('Cancel', 'ack-cancel');
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
    if (A.name()) body.by = A.name();
    const save = entry.form.querySelector('button[type=submit]');
    save.disabled = true;
    const alert = await A.post('/api/v1/alerts/' + encodeURIComponent(id) + '/ack', body);
    if (entry.form) entry.form.querySelector('button[type=submit]').disabled = false;
    if (!alert) return;
    const current = T.state.entries.get(id) || entry;
    closeAckForm(current);
    T.upsert(alert.alert || alert);
    A.message('Alert #' + id + ' acknowledged.', 'ok');
  }

  async function suppress(entry, seconds, label) {
    const a = entry.alert;
    const body = {
      detector: a.detector,
      src_cidr: F.cidr(a.src_ip),
      dst_cidr: F.cidr(a.dst_ip),
      dst_port: a.dst_port === undefined ? null : a.dst_port,
      reason: 'from the dashboard: alert #' + a.id + ' (' + F.detectorLabel(a) + ' ' + F.keyLabel(a) + ')',
    };
    if (seconds) body.duration_seconds = seconds; else body.expires_at = null;
    if (A.name()) body.created_by = A.name();
    const rule = await A.post('/api/v1/suppressions', body);
    if (!rule) return;
    const current = T.state.entries.get(a.id);
    if (current) {
      current.suppressed = label;
      T.redraw(a.id);
    }
    A.message('Suppression rule #' + rule.id + ' created for ' + F.detectorLabel(a) + ' ' + F.keyLabel(a)
      + (seconds ? ' for ' + label : ', with no expiry') + '.', 'ok');
  }

  // Clicks, submits and keys on the rows: a click outside the controls shows the alert's packets.
  function wire(showAlert) {
    const table = document.getElementById('incident-rows').parentElement;
    table.addEventListener('click', (e) => {
      const entry = T.entryOf(e.target);
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
    table.addEventListener('submit', (e) => {
      e.preventDefault();
      const entry = T.entryOf(e.target);
      if (entry && entry.form) acknowledge(entry);
    });
    table.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && e.target.matches('tr[data-alert-id]')) showAlert(Number(e.target.dataset.alertId));
      if (e.key === 'Escape') {
        const entry = T.entryOf(e.target);
        if (entry && entry.form) closeAckForm(entry);
      }
    });
  }

  return { wire };
})();
