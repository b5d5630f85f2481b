// 适老化 mode: applied before first paint from localStorage, toggled by the header button.
(function () {
  var KEY = 'xf-elder-mode';
  var root = document.documentElement;
  try {
    if (localStorage.getItem(KEY) === '1') root.classList.add('elder');
  } catch {
    /* storage may be blocked; the default mode is fine */
  }
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
      try {
        localStorage.setItem(KEY, root.classList.contains('elder') ? '1' : '0');
      } catch {
        /* not remembered, but still switched */
      }
      sync();
    });
  });
})();
