// 适老化 mode: applied before first paint, toggled by the header button. The choice lives in the
// xf-elder cookie, which the server also reads to serve large print to browsers without script
// (src/server/elder-mode.ts); localStorage is read only where an older visit left it there.
(function () {
  var KEY = 'xf-elder-mode';
  var COOKIE = 'xf-elder';
  var root = document.documentElement;
  // With script the button replaces the no-script links (global.css hides them under .js).
  root.classList.add('js');
  var cookie = (document.cookie.match(/(?:^|;\s*)xf-elder=([01])/) || [])[1];
  var stored = null;
  try {
    stored = localStorage.getItem(KEY);
  } catch {
    /* storage may be blocked; the cookie or the default mode is fine */
  }
  var remember = function (on) {
    document.cookie = COOKIE + '=' + (on ? '1' : '0') + '; path=/; max-age=31536000; samesite=lax';
    try {
      localStorage.setItem(KEY, on ? '1' : '0');
    } catch {
      /* the cookie remembers it */
    }
  };
  // An older visit's choice, kept only in storage, moves into the cookie the server reads.
  if (!cookie && stored) remember(stored === '1');
  if ((cookie || stored) === '1') root.classList.add('elder');
  else root.classList.remove('elder');
  document.addEventListener('DOMContentLoaded', function () {
    var btn = document.getElementById('mode-switch');
    if (!btn) return;
    btn.hidden = false;
    var sync = function () {
      var on = root.classList.contains('elder');
      btn.setAttribute('aria-pressed', on ? 'true' : 'false');
      btn.textContent = on ? '标准模式' : '长辈模式（大字）';
    };
    sync();
    btn.addEventListener('click', function () {
      root.classList.toggle('elder');
      remember(root.classList.contains('elder'));
      sync();
    });
  });
})();
