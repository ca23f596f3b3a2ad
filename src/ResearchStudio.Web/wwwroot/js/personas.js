// Personas pages: reload while a CRM scoring job runs; the matching game's instant feedback.
(function () {
  'use strict';
  var running = document.querySelector('[data-refresh]');
  if (running) {
    window.setTimeout(function () { window.location.reload(); }, parseInt(running.getAttribute('data-refresh'), 10) * 1000);
  }
})();
