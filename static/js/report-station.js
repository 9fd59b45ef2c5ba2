// The report form's "将提交给：…" line: which station the report will reach, from the station
// chosen in the list or, if none is chosen, from the compound typed (the server matches it as
// it will on submission). A compound that fits several stations offers them as buttons that
// choose one. Plain script, no framework; without it the server still finds the station.
(function () {
  "use strict";
  var box = document.getElementById("station-preview");
  var select = document.getElementById("id_unit");
  var compound = document.getElementById("id_compound");
  if (!box || !select || !compound || !window.fetch) { return; }
  var text = box.dataset;
  var timer = null;
  var asked = "";

  function clear() { while (box.firstChild) { box.removeChild(box.firstChild); } }
  function line(content, className) {
    var p = document.createElement("p");
    if (className) { p.className = className; }
    p.textContent = content;
    box.appendChild(p);
    return p;
  }
  function target(title) {
    clear();
    var p = line("", "preview-target");
    var strong = document.createElement("strong");
    strong.textContent = text.to + title;
    p.appendChild(strong);
  }
  function choose(unit) {
    // The select offers only the stations in play: add the one chosen here if it is not.
    var value = String(unit.id);
    var known = Array.prototype.some.call(select.options, function (o) { return o.value === value; });
    if (!known) { select.add(new Option(unit.title, value)); }
    select.value = value;
    select.dispatchEvent(new Event("change"));
    select.focus();
  }
  function show(data) {
    if (select.value) { return; }
    if (data.unit) {
      target(data.unit.title);
      line(text.wrong, "meta");
    } else if (data.candidates && data.candidates.length) {
      clear();
      line(text.several);
      var list = document.createElement("div");
      list.className = "preview-choices";
      data.candidates.forEach(function (unit) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button secondary";
        button.textContent = unit.title;
        button.addEventListener("click", function () { choose(unit); });
        list.appendChild(button);
      });
      box.appendChild(list);
      line(text.noneOfThem, "meta");
    } else if (data.status) {
      clear();
      line(text.unmatched);
    } else {
      clear();
    }
  }
  function ask() {
    var q = compound.value.trim();
    if (select.value) { return; }
    if (!q) { clear(); asked = ""; return; }
    if (q === asked) { return; }
    asked = q;
    fetch(text.url + "?compound=" + encodeURIComponent(q), { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : {}; })
      .then(function (data) { if (compound.value.trim() === q) { show(data); } })
      .catch(function () { /* the server matches on submission anyway */ });
  }
  select.addEventListener("change", function () {
    if (select.value) {
      target(select.options[select.selectedIndex].text);
    } else {
      asked = "";
      ask();
    }
  });
  compound.addEventListener("input", function () {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(ask, 300);
  });
  if (select.value) { target(select.options[select.selectedIndex].text); } else if (!box.firstChild) { ask(); }
})();
