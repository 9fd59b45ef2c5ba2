// Suggestions as you type in the station finder. Plain script, no framework; the form
// works without it.
(function () {
  "use strict";
  var input = document.getElementById("finder-q");
  var list = document.getElementById("finder-suggestions");
  if (!input || !list || !window.fetch) { return; }
  var timer = null;
  var last = "";
  function clear() { while (list.firstChild) { list.removeChild(list.firstChild); } }
  function show(results) {
    clear();
    results.forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = r.url;
      a.textContent = r.title + (r.compounds.length ? "（" + r.compounds.join("、") + "）" : "");
      li.appendChild(a);
      list.appendChild(li);
    });
  }
  input.addEventListener("input", function () {
    var q = input.value.trim();
    if (timer) { clearTimeout(timer); }
    if (!q) { clear(); last = ""; return; }
    timer = setTimeout(function () {
      if (q === last) { return; }
      last = q;
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(q), { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) { if (input.value.trim() === q) { show(data.results || []); } })
        .catch(function () { clear(); });
    }, 200);
  });
})();
