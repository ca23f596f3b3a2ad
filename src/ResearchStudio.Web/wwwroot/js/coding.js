// Coding review page: seek to ?t=ms on load, keyboard shortcuts j/k (move), a (accept), r (reject).
(function () {
  'use strict';
  var player = document.getElementById('player');
  var params = new URLSearchParams(window.location.search);
  if (player && params.has('t')) {
    var t = parseInt(params.get('t'), 10);
    if (!isNaN(t)) {
      player.addEventListener('loadedmetadata', function () { player.currentTime = t / 1000; }, { once: true });
    }
  }

  var items = Array.prototype.slice.call(document.querySelectorAll('.coding[data-proposed]'));
  if (items.length === 0) { return; }
  function current() {
    var i = items.indexOf(document.activeElement);
    return i >= 0 ? i : -1;
  }
  function focusAt(i) {
    if (i < 0 || i >= items.length) { return; }
    items[i].focus();
    items[i].scrollIntoView({ block: 'center' });
  }
  document.addEventListener('keydown', function (e) {
    var tag = (e.target && e.target.tagName) || '';
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || e.ctrlKey || e.metaKey || e.altKey) { return; }
    var i = current();
    if (e.key === 'j') { focusAt(i + 1); e.preventDefault(); }
    else if (e.key === 'k') { focusAt(Math.max(0, i - 1)); e.preventDefault(); }
    else if ((e.key === 'a' || e.key === 'r') && i >= 0) {
      var form = items[i].querySelector(e.key === 'a' ? 'form.accept-form' : 'form.reject-form');
      if (form) { form.submit(); e.preventDefault(); }
    }
  });
  var first = items.filter(function (el) { return el.getAttribute('data-proposed') === 'true'; })[0];
  if (first && !params.has('t') && !window.location.hash) { first.focus(); }
})();
