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
