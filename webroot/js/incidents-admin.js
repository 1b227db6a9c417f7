// The admin token of the Incidents panel, and the panel's message line. Acknowledging and suppressing need
// the admin token, which the operator types once; it is kept in sessionStorage only (gone with the tab) and
// sent as Authorization: Bearer.
'use strict';

const IncidentAdmin = (() => {
  const TOKEN_KEY = 'netwatch.admin_token';
  const NAME_KEY = 'netwatch.admin_name';
  const $ = (id) => document.getElementById(id);

  function stored(key) {
    try {
      return sessionStorage.getItem(key) || '';
    } catch (e) {
      return '';
    }
  }

  function token() {
    return stored(TOKEN_KEY);
  }

  function name() {
    return stored(NAME_KEY);
  }

  function set(newToken, newName) {
    try {
      if (newToken) sessionStorage.setItem(TOKEN_KEY, newToken); else sessionStorage.removeItem(TOKEN_KEY);
      if (newName) sessionStorage.setItem(NAME_KEY, newName); else if (!newToken) sessionStorage.removeItem(NAME_KEY);
    } catch (e) {
      // storage refused (private mode quota): the token then lasts until this page is reloaded
    }
    showState();
  }

  function showState() {
    const has = !!token();
    $('admin-form').hidden = has;
    $('admin-set').hidden = !has;
    $('admin-who').textContent = has ? 'admin' + (name() ? ' (' + name() + ')' : '') : '';
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
  async function post(path, body) {
    const bearer = token();
    if (!bearer) {
      needToken();
      return null;
    }
    let response;
    try {
      response = await fetch(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + bearer },
        body: JSON.stringify(body),
      });
    } catch (e) {
      message('The request failed: the dashboard is unreachable.', 'error');
      return null;
    }
    if (response.status === 401) {
      set('', '');
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

  function wire() {
    $('admin-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const typed = $('admin-token').value.trim();
      if (!typed) return;
      set(typed, $('admin-name').value.trim());
      $('admin-token').value = '';
      message('Admin token set for this tab.', 'ok');
    });
    $('admin-forget').addEventListener('click', () => {
      set('', '');
      message('Admin token forgotten.', '');
    });
    showState();
  }

  return { token, name, message, needToken, post, wire };
})();
