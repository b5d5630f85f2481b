// 打印 buttons (receipts, 处理意见书): shown only when this script runs, since printing needs it.
// An external file because the CSP allows no inline scripts; a few bytes instead of a React island.
document.querySelectorAll('button[data-print]').forEach(function (button) {
  button.hidden = false;
  button.addEventListener('click', function () {
    window.print();
  });
});
