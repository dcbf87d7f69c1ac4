// Optional niceties: search as you type, and sorting without pressing "Suchen".
// The page works fully without this script (plain links and a GET form).
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  var results = document.getElementById("results");
  if (!form || !results || !window.fetch || !window.DOMParser || !window.URLSearchParams) {
    return;
  }
  var input = document.getElementById("q");
  var timer = null;
  var pending = null;

  function url() {
    var params = new URLSearchParams(new FormData(form));
    params.delete("page");
    return "/?" + params.toString();
  }

  function refresh() {
    var target = url();
    if (pending) { pending.abort(); }
    pending = new AbortController();
    fetch(target, { signal: pending.signal, headers: { "Accept": "text/html" } })
      .then(function (response) { return response.text(); })
      .then(function (text) {
        var doc = new DOMParser().parseFromString(text, "text/html");
        var fresh = doc.getElementById("results");
        if (fresh) {
          results.replaceChildren.apply(results, Array.prototype.slice.call(fresh.childNodes));
          history.replaceState(null, "", target);
          document.title = doc.title;
        }
      })
      .catch(function () { /* aborted or offline: the form still works */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 350);
  });
  var sort = document.getElementById("sort");
  if (sort) {
    sort.addEventListener("change", function () { form.submit(); });
  }
})();
