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
        button.textContent = 'Select and copy the key by hand';
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
});
