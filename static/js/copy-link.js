// "复制本节链接": copies the section's full address. Without JavaScript (or without the
// clipboard API) the link still jumps to the section, leaving its address in the address bar.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.URL || !document.addEventListener) { return; }
  function say(link, text) {
    var status = link.parentNode.querySelector(".copy-status");
    if (status) { status.textContent = text; }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-copy-link]");
    if (!link) { return; }
    var hash = link.getAttribute("href");
    var url = new URL(hash, window.location.href).href;
    event.preventDefault();
    if (window.history && history.replaceState) { history.replaceState(null, "", hash); }
    navigator.clipboard.writeText(url).then(
      function () { say(link, link.getAttribute("data-copied")); },
      function () { say(link, link.getAttribute("data-failed")); }
    );
  });
})();
