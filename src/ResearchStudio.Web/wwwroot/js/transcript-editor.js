// Transcript editor: the text follows the player (current segment and word highlighted and kept in
// view) and the player follows the text (a click on a word or a segment time seeks there).
(function () {
  'use strict';
  var player = document.getElementById('player');
  var list = document.getElementById('edit-segments');
  if (!player || !list) { return; }

  function timed(selector) {
    return Array.prototype.slice.call(list.querySelectorAll(selector)).map(function (el) {
      return { el: el, start: parseInt(el.getAttribute('data-start-ms'), 10), end: parseInt(el.getAttribute('data-end-ms'), 10) };
    });
  }
  var segments = timed('li[data-start-ms]');
  var words = timed('.word[data-start-ms]');

  // Last item starting at or before ms (items are in time order), if ms is before its end.
  function at(items, ms) {
    var lo = 0, hi = items.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (items[mid].start <= ms) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found >= 0 && ms < items[found].end ? items[found].el : null;
  }

  var currentSegment = null, currentWord = null;
  function follow() {
    var ms = player.currentTime * 1000;
    var segment = at(segments, ms);
    if (segment !== currentSegment) {
      if (currentSegment) { currentSegment.classList.remove('current'); }
      currentSegment = segment;
      if (segment) {
        segment.classList.add('current');
        // Never move the page under a researcher who is typing in another segment.
        var typing = document.activeElement && document.activeElement.tagName === 'TEXTAREA';
        if (!typing) { segment.scrollIntoView({ block: 'center', behavior: 'smooth' }); }
      }
    }
    var word = at(words, ms);
    if (word !== currentWord) {
      if (currentWord) { currentWord.classList.remove('current'); }
      currentWord = word;
      if (word) { word.classList.add('current'); }
    }
  }
  player.addEventListener('timeupdate', follow);
  player.addEventListener('seeked', follow);

  list.addEventListener('click', function (e) {
    var target = e.target.closest('[data-seek-ms]');
    if (!target) { return; }
    player.currentTime = parseInt(target.getAttribute('data-seek-ms'), 10) / 1000;
    var playing = player.play();
    if (playing && playing.catch) { playing.catch(function () { /* autoplay refused: ready at that time */ }); }
  });
})();
