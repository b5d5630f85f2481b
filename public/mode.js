// 适老化 mode: the header button (deferred; the mode itself is applied before first paint by the
// small inline script in src/layouts/BaseLayout.astro). The choice lives in the xf-elder cookie,
// which the server also reads to serve large print to browsers without script
// (src/server/elder-mode.ts), and in localStorage for older visits.
(function () {
  var KEY = 'xf-elder-mode';
  var COOKIE = 'xf-elder';
  var root = document.documentElement;
  var remember = function (on) {
    document.cookie = COOKIE + '=' + (on ? '1' : '0') + '; path=/; max-age=31536000; samesite=lax';
    try {
      localStorage.setItem(KEY, on ? '1' : '0');
    } catch {
      /* the cookie remembers it */
    }
  };
  var wire = function () {
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
  };
  // Deferred scripts run before DOMContentLoaded; wire at once if the document is already parsed.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', wire);
  else wire();
})();
