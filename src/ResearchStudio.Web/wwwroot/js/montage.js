// Montage page: polls the render status and reloads when the render ends (no inline script: CSP).
(function () {
  'use strict';
  var box = document.getElementById('render');
  if (!box || box.getAttribute('data-rendering') !== 'true') {
    return;
  }
  var url = box.getAttribute('data-status-url');
  var bar = document.getElementById('montage-progress');
  var label = document.getElementById('montage-status');
  function poll() {
    fetch(url, { headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (!s) { return; }
        if (bar) { bar.hidden = false; bar.value = s.progress; }
        if (label) { label.textContent = s.status; }
        var clip = document.getElementById('montage-clip');
        if (clip && s.clips) { clip.textContent = 'clip ' + Math.max(1, s.clip) + ' / ' + s.clips; }
        if (s.status !== 'Rendering') { window.location.reload(); return; }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
})();
