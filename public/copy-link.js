// Copy-link buttons on law pages. Loaded only there; without it the article numbers remain plain
// links to their anchors, so nothing is lost when scripts are off.
(function () {
  'use strict';
  function announce(text) {
    var status = document.getElementById('copy-status');
    if (!status) return;
    // Clearing first makes screen readers repeat the message when the same button is pressed twice.
    status.textContent = '';
    window.setTimeout(function () {
      status.textContent = text;
    }, 50);
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.appendChild(area);
      area.select();
      var ok;
      try {
        ok = document.execCommand('copy');
      } catch {
        ok = false;
      }
      document.body.removeChild(area);
      if (ok) resolve();
      else reject(new Error('copy failed'));
    });
  }
  function init() {
    var buttons = document.querySelectorAll('button.copy-link[data-anchor]');
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener('click', function () {
        var anchor = button.getAttribute('data-anchor');
        var url = location.origin + location.pathname + '#' + anchor;
        var label = (document.getElementById(anchor) || {}).textContent || '';
        copy(url).then(
          function () {
            button.setAttribute('data-copied', 'true');
            announce('已复制' + label + '的链接：' + url);
          },
          function () {
            // Without clipboard access, put the link in the address bar where the person can copy it.
            history.replaceState(null, '', '#' + anchor);
            announce('无法自动复制。' + label + '的链接已显示在浏览器地址栏，请从地址栏复制。');
          },
        );
      });
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
