// gRPC admin: progressive enhancement only; every page works without this file.
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('[data-copy-target]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var source = document.getElementById(button.getAttribute('data-copy-target'));
      if (!source) { return; }
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        button.textContent = 'Copied';
      }, function () {
        button.textContent = button.getAttribute('data-copy-failed') || 'Select and copy it by hand';
      });
    });
  });
  // The explorer's method list narrows as one types; without this the search form does it.
  var search = document.getElementById('explorer-search');
  if (search) {
    search.addEventListener('input', function () {
      var query = search.value.trim().toLowerCase();
      document.querySelectorAll('.methods section.service').forEach(function (service) {
        var shown = 0;
        service.querySelectorAll('li[data-method]').forEach(function (item) {
          var match = item.getAttribute('data-method').toLowerCase().indexOf(query) >= 0;
          item.hidden = !match;
          if (match) { shown++; }
        });
        service.hidden = shown === 0;
      });
    });
  }
  // The explorer's commands are rendered for the request as loaded: say so once it changes.
  var stale = document.getElementById('commands-stale');
  if (stale) {
    ['request', 'metadata'].forEach(function (id) {
      var field = document.getElementById(id);
      if (field) { field.addEventListener('input', function () { stale.hidden = false; }); }
    });
  }
  // Streaming responses are shown as they arrive, with a stop button; without this the form
  // posts and the page shows every response once the call ends.
  var streamForm = document.querySelector('form[data-stream-url]');
  if (streamForm && window.fetch && window.TextDecoder && window.AbortController) {
    streamForm.addEventListener('submit', function (event) {
      event.preventDefault();
      streamCall(streamForm);
    });
  }
  // The explorer's enum values: a click puts the value in the request's JSON at the field's path.
  var requestBox = document.getElementById('request');
  var enumValues = document.querySelectorAll('.enum-value[data-path]');
  if (requestBox && enumValues.length > 0) {
    document.querySelectorAll('.js-only').forEach(function (hint) { hint.hidden = false; });
    enumValues.forEach(function (value) {
      value.setAttribute('role', 'button');
      value.setAttribute('tabindex', '0');
      var choose = function () {
        var message = document.getElementById('fields-message');
        try {
          requestBox.value = withValue(requestBox.value, value.getAttribute('data-path'),
              value.getAttribute('data-value'), value.getAttribute('data-repeated') === 'true');
          message.hidden = true;
        } catch (e) {
          message.textContent = 'The request is not valid JSON (' + e.message + '): fix it, then choose the value again.';
          message.hidden = false;
        }
      };
      value.addEventListener('click', choose);
      value.addEventListener('keydown', function (event) {
        if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); choose(); }
      });
    });
  }
});

// One JSON object, or one per line (client and bidirectional streaming): the value goes in each.
function withValue(text, path, value, repeated) {
  var lines = text.split('\n').filter(function (line) { return line.trim() !== ''; });
  var single;
  try {
    single = JSON.parse(text.trim() === '' ? '{}' : text);
  } catch (e) {
    if (lines.length < 2) { throw e; }
    return lines.map(function (line) {
      return JSON.stringify(setPath(JSON.parse(line), path.split('.'), value, repeated));
    }).join('\n');
  }
  return JSON.stringify(setPath(single, path.split('.'), value, repeated), null, 2);
}

// A segment "labels[]" is a repeated message: the value goes in its first element.
function setPath(target, segments, value, repeated) {
  var node = target;
  for (var i = 0; i < segments.length - 1; i++) {
    var segment = segments[i];
    if (segment.slice(-2) === '[]') {
      var name = segment.slice(0, -2);
      if (!Array.isArray(node[name]) || node[name].length === 0) { node[name] = [{}]; }
      node = node[name][0];
    } else {
      if (node[segment] === null || typeof node[segment] !== 'object') { node[segment] = {}; }
      node = node[segment];
    }
  }
  var leaf = segments[segments.length - 1];
  if (repeated) {
    var list = Array.isArray(node[leaf]) ? node[leaf] : [];
    if (list.indexOf(value) < 0) { list.push(value); }
    node[leaf] = list;
  } else {
    node[leaf] = value;
  }
  return target;
}

function streamCall(form) {
  var url = form.getAttribute('data-stream-url');
  var panel = document.getElementById('stream-panel');
  var status = document.getElementById('stream-status');
  var elapsed = document.getElementById('stream-elapsed');
  var message = document.getElementById('stream-message');
  var count = document.getElementById('stream-count');
  var responses = document.getElementById('stream-responses');
  var trailers = document.getElementById('stream-trailers');
  var stop = document.getElementById('stream-stop');
  var earlier = document.getElementById('result-panel');
  if (earlier) { earlier.hidden = true; }
  panel.hidden = false;
  status.textContent = 'streaming';
  status.className = 'status';
  elapsed.textContent = '';
  message.hidden = true;
  count.textContent = '0';
  responses.replaceChildren();
  trailers.replaceChildren(row('none yet', null));
  var csrf = form.querySelector('input[name=_csrf]');
  var callId = null;
  var ended = false;
  stop.disabled = true;
  stop.onclick = function () {
    if (!callId || ended) { return; }
    stop.disabled = true;
    status.textContent = 'stopping';
    var body = new FormData();
    if (csrf) { body.append('_csrf', csrf.value); }
    fetch(url + '/' + encodeURIComponent(callId) + '/cancel', { method: 'POST', body: body, credentials: 'same-origin' });
  };
  var handle = function (event) {
    if (event.name === 'start') {
      callId = event.data.id;
      stop.disabled = false;
    } else if (event.name === 'response') {
      var pre = document.createElement('pre');
      pre.className = 'response';
      pre.textContent = event.data.json;
      responses.appendChild(pre);
      count.textContent = String(event.data.n);
    } else if (event.name === 'end' || event.name === 'failure') {
      ended = true;
      stop.disabled = true;
      var code = event.name === 'end' ? event.data.code : 'FAILED';
      status.textContent = code;
      status.className = 'status status-' + code;
      elapsed.textContent = event.data.elapsed || '';
      if (event.data.message) { message.textContent = event.data.message; message.hidden = false; }
      var names = Object.keys(event.data.trailers || {});
      trailers.replaceChildren.apply(trailers, names.length === 0 ? [row('none', null)]
          : names.map(function (name) { return row(name, event.data.trailers[name]); }));
    }
  };
  fetch(url, { method: 'POST', body: new FormData(form), credentials: 'same-origin',
      headers: { 'Accept': 'text/event-stream' } })
    .then(function (response) {
      if (!response.ok || !response.body) { throw new Error('the admin answered HTTP ' + response.status); }
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffer = '';
      var pump = function () {
        return reader.read().then(function (chunk) {
          if (chunk.done) { return; }
          buffer += decoder.decode(chunk.value, { stream: true });
          var events = buffer.split(/\r?\n\r?\n/);
          buffer = events.pop();
          events.forEach(function (text) { handle(parseEvent(text)); });
          return pump();
        });
      };
      return pump();
    })
    .catch(function (error) {
      if (!ended) { handle({ name: 'failure', data: { message: 'The stream broke off: ' + error.message } }); }
    });
}

// Server-sent events as Spring writes them: "event:name" and "data:..." lines.
function parseEvent(text) {
  var name = 'message';
  var data = [];
  text.split(/\r?\n/).forEach(function (line) {
    if (line.indexOf('event:') === 0) { name = line.slice(6).trim(); }
    else if (line.indexOf('data:') === 0) { data.push(line.slice(5).replace(/^ /, '')); }
  });
  return { name: name, data: JSON.parse(data.join('\n') || '{}') };
}

function row(name, value) {
  var tr = document.createElement('tr');
  var first = document.createElement(value === null ? 'td' : 'th');
  first.textContent = name;
  if (value === null) { first.className = 'muted'; }
  tr.appendChild(first);
  if (value !== null) {
    var second = document.createElement('td');
    second.textContent = value;
    tr.appendChild(second);
  }
  return tr;
}
