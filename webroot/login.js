// The login form posts itself (no script needed); this only says when the last attempt was refused.
'use strict';

if (new URLSearchParams(location.search).has('failed')) {
  document.getElementById('failed').hidden = false;
}
