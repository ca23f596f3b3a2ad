// Jump to the moment a search hit points at: /Interviews/Details/{id}?t=<ms> seeks the player there.
(function () {
  'use strict';
  var player = document.getElementById('player');
  var t = new URLSearchParams(window.location.search).get('t');
  if (!player || !t || !/^\d{1,10}$/.test(t)) { return; }
  var ms = parseInt(t, 10);

  // Show the segment being played: the last one that starts at or before the moment.
  var current = null;
  document.querySelectorAll('button.seek[data-start-ms]').forEach(function (b) {
    if (parseInt(b.getAttribute('data-start-ms'), 10) <= ms) { current = b; }
  });
  if (current && current.closest('li')) {
    var li = current.closest('li');
    li.classList.add('search-target');
    li.scrollIntoView({ block: 'center' });
  }

  function seek() {
    player.currentTime = ms / 1000;
    // Browsers may refuse to play without a click; the player is then ready at the right time.
    var playing = player.play();
    if (playing && playing.catch) { playing.catch(function () { }); }
  }
  if (player.readyState >= 1) { seek(); } else { player.addEventListener('loadedmetadata', seek, { once: true }); }
})();
