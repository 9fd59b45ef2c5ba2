// "复制链接": copies a link to the clipboard. Either a link to a section of the page
// (<a href="#…" data-copy-link>: its full address) or a button carrying the address to copy
// (<button data-copy-link="https://…">, the status link of a whistle report). Without
// JavaScript the section link still jumps to the section, and the status link stays readable
// beside its button, to copy by hand; without the clipboard API (an old phone, plain http)
// the status link is selected and copied the old way.
(function () {
  "use strict";
  if (!window.URL || !document.addEventListener) { return; }
  function say(control, text) {
    var status = control.parentNode.querySelector(".copy-status");
    if (status) { status.textContent = text; }
  }
  function copyByHand(control, url) {
    var box = document.querySelector("input.status-link[value='" + url.replace(/'/g, "") + "']");
    var done = false;
    if (box) {
      box.focus();
      box.select();
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
    }
    say(control, control.getAttribute(done ? "data-copied" : "data-failed"));
  }
  document.addEventListener("click", function (event) {
    var control = event.target.closest && event.target.closest("[data-copy-link]");
    if (!control) { return; }
    var given = control.getAttribute("data-copy-link");
    var hash = control.getAttribute("href");
    var url = given || new URL(hash, window.location.href).href;
    if (!navigator.clipboard) {
      if (given) { event.preventDefault(); copyByHand(control, url); }
      return;
    }
    event.preventDefault();
    if (!given && window.history && history.replaceState) { history.replaceState(null, "", hash); }
    navigator.clipboard.writeText(url).then(
      function () { say(control, control.getAttribute("data-copied")); },
      function () { say(control, control.getAttribute("data-failed")); }
    );
  });
})();
