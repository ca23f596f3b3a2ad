// ResearchStudio front-end: no inline script (the CSP forbids it), no framework, no CDN.
(function () {
  'use strict';

  function token(form) {
    var input = form.querySelector('input[name="__RequestVerificationToken"]');
    return input ? input.value : '';
  }

  function addResult(list, text, cls, href) {
    var li = document.createElement('li');
    li.className = cls;
    if (href) {
      var a = document.createElement('a');
      a.href = href;
      a.textContent = text;
      li.appendChild(a);
    } else {
      li.textContent = text;
    }
    list.appendChild(li);
  }

  // Multi-file upload, one request per file so one bad file never sinks the others.
  var form = document.getElementById('upload-form');
  if (form) {
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var files = document.getElementById('upload-files').files;
      var list = document.getElementById('upload-results');
      var bar = document.getElementById('upload-progress');
      var url = form.getAttribute('data-upload-url');
      var queue = Array.prototype.slice.call(files);
      list.textContent = '';
      function next() {
        if (queue.length === 0) { bar.hidden = true; refreshStatus(); return; }
        var file = queue.shift();
        var data = new FormData();
        data.append('files', file, file.name);
        var xhr = new XMLHttpRequest();
        xhr.open('POST', url);
        xhr.setRequestHeader('RequestVerificationToken', token(form));
        bar.hidden = false;
        xhr.upload.onprogress = function (ev) { if (ev.lengthComputable) { bar.value = ev.loaded / ev.total; } };
        xhr.onload = function () {
          var results;
          try { results = JSON.parse(xhr.responseText); } catch (err) { results = null; }
          if (Array.isArray(results)) {
            results.forEach(function (r) {
              addResult(list, file.name + ' — ' + r.message, 'outcome-' + r.outcome.toLowerCase(), r.url);
            });
          } else {
            var detail = results && results.detail ? results.detail : ('HTTP ' + xhr.status);
            addResult(list, file.name + ' — ' + detail, 'outcome-rejected');
          }
          next();
        };
        xhr.onerror = function () { addResult(list, file.name + ' — the connection was lost; nothing was kept, please retry.', 'outcome-interrupted'); next(); };
        xhr.send(data);
      }
      next();
    });
  }

  // Live progress of the study's interviews; rows for new interviews are added in place, so an
  // upload in progress is never interrupted by a reload.
  var table = document.getElementById('interviews');
  function cell(tr, field, cls) {
    var td = document.createElement('td');
    if (field) { td.setAttribute('data-field', field); }
    if (cls) { td.className = cls; }
    tr.appendChild(td);
    return td;
  }
  function addRow(row) {
    var tr = document.createElement('tr');
    tr.setAttribute('data-interview-id', row.id);
    var a = document.createElement('a');
    a.href = '/Interviews/Details/' + row.id;
    a.textContent = row.title;
    cell(tr).appendChild(a);
    cell(tr).textContent = row.participant;
    cell(tr).textContent = row.duration;
    cell(tr).textContent = row.media;
    cell(tr, 'status', 'status');
    cell(tr, 'stage');
    var progress = document.createElement('progress');
    progress.max = 1;
    progress.setAttribute('data-field', 'progress');
    cell(tr).appendChild(progress);
    cell(tr, 'error', 'error');
    table.querySelector('tbody').appendChild(tr);
    var empty = document.querySelector('#interviews + .empty');
    if (empty) { empty.remove(); }
    return tr;
  }
  function refreshStatus() {
    if (!table) { return; }
    fetch(table.getAttribute('data-status-url'), { credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (rows) {
        rows.forEach(function (row) {
          var tr = table.querySelector('tr[data-interview-id="' + row.id + '"]') || addRow(row);
          tr.querySelector('[data-field="status"]').textContent = row.status;
          tr.querySelector('[data-field="stage"]').textContent = row.stage;
          tr.querySelector('[data-field="progress"]').value = row.progress;
          tr.querySelector('[data-field="error"]').textContent = row.error || '';
        });
      })
      .catch(function () { /* transient; the next poll retries */ });
  }
  if (table) { window.setInterval(refreshStatus, 1000); }

  // Click a segment time to play that moment.
  var player = document.getElementById('player');
  document.querySelectorAll('button.seek').forEach(function (b) {
    b.addEventListener('click', function () {
      if (!player) { return; }
      player.currentTime = parseInt(b.getAttribute('data-start-ms'), 10) / 1000;
      player.play();
    });
  });
})();
