// Coding review page: seek to ?t=ms on load; hand coding of a mouse selection of words (its
// character range and times come from the words' data attributes, the server checks them);
// keyboard shortcuts j/k (move), a (accept), r (reject), 1-5 (tonality), p (play), c (code the selection).
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

  function clock(ms) {
    var s = Math.floor(ms / 1000);
    var pad = function (n) { return (n < 10 ? '0' : '') + n; };
    return pad(Math.floor(s / 3600)) + ':' + pad(Math.floor(s / 60) % 60) + ':' + pad(s % 60);
  }

  // Mouse selection → the segment's hand-code form.
  var lastForm = null;
  function selectionToForm() {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || sel.rangeCount === 0) { return null; }
    var node = sel.getRangeAt(0).commonAncestorContainer;
    var el = node.nodeType === 1 ? node : node.parentElement;
    var segment = el && el.closest ? el.closest('li.segment') : null;
    if (!segment) { return null; }
    var words = Array.prototype.slice.call(segment.querySelectorAll('.text .w')).filter(function (w) { return sel.containsNode(w, true); });
    if (words.length === 0) { return null; }
    var first = words[0], last = words[words.length - 1];
    var start = parseInt(first.dataset.c, 10);
    var end = parseInt(last.dataset.c, 10) + parseInt(last.dataset.l, 10);
    var form = segment.querySelector('.hand-code form');
    if (!form) { return null; }
    form.elements.charStart.value = start;
    form.elements.charLength.value = end - start;
    form.elements.startMs.value = first.dataset.s;
    form.elements.endMs.value = last.dataset.e;
    var preview = form.querySelector('.selection-preview');
    preview.textContent = 'Sélection · selection : « ' + words.map(function (w) { return w.textContent; }).join(' ') + ' » ' + clock(parseInt(first.dataset.s, 10)) + ' – ' + clock(parseInt(last.dataset.e, 10));
    preview.hidden = false;
    form.closest('details').open = true;
    return form;
  }
  var segments = document.getElementById('coding-segments');
  if (segments) {
    segments.addEventListener('mouseup', function () { lastForm = selectionToForm() || lastForm; });
  }
  // A typed range replaces a mouse selection: its times are no longer those shown.
  document.querySelectorAll('.hand-code input[name=charStart], .hand-code input[name=charLength]').forEach(function (input) {
    input.addEventListener('input', function () {
      var form = input.form;
      form.elements.startMs.value = '';
      form.elements.endMs.value = '';
      form.querySelector('.selection-preview').hidden = true;
    });
  });

  var items = Array.prototype.slice.call(document.querySelectorAll('.coding[data-proposed]'));
  function current() { return items.indexOf(document.activeElement); }
  function focusAt(i) {
    if (i < 0 || i >= items.length) { return; }
    items[i].focus();
    items[i].scrollIntoView({ block: 'center' });
  }
  var tonalities = { '1': 'Irritant', '2': 'Deception', '3': 'Satisfaction', '4': 'Plaisir', '5': 'Enchantement' };
  document.addEventListener('keydown', function (e) {
    var tag = (e.target && e.target.tagName) || '';
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || e.ctrlKey || e.metaKey || e.altKey) { return; }
    var i = current();
    var form;
    if (e.key === 'j') { focusAt(i + 1); e.preventDefault(); }
    else if (e.key === 'k') { focusAt(Math.max(0, i - 1)); e.preventDefault(); }
    else if ((e.key === 'a' || e.key === 'r') && i >= 0) {
      form = items[i].querySelector(e.key === 'a' ? 'form.accept-form' : 'form.reject-form');
      if (form) { form.submit(); e.preventDefault(); }
    } else if (tonalities[e.key] && i >= 0) {
      form = items[i].querySelector('form.change-form');
      if (form) { form.elements.tonality.value = tonalities[e.key]; form.submit(); e.preventDefault(); }
    } else if (e.key === 'p' && i >= 0 && player) {
      var seek = items[i].querySelector('.seek');
      if (seek) { player.currentTime = parseInt(seek.dataset.startMs, 10) / 1000; player.play(); e.preventDefault(); }
    } else if (e.key === 'c') {
      form = selectionToForm() || lastForm;
      if (form) { form.elements.kind.focus(); e.preventDefault(); }
    }
  });
  var first = items.filter(function (el) { return el.getAttribute('data-proposed') === 'true'; })[0];
  if (first && !params.has('t') && !window.location.hash) { first.focus(); }
})();
