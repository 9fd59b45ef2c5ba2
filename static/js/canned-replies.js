// Canned replies on a report's admin page: one tap puts the text into the public reply box
// (after what is already there), ready to edit and send.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-canned-reply]");
    if (!button) { return; }
    var box = button.form && button.form.querySelector("textarea[name=public_reply]");
    if (!box) { return; }
    var text = button.getAttribute("data-canned-reply");
    box.value = box.value.trim() ? box.value.replace(/\s+$/, "") + "\n" + text : text;
    box.dispatchEvent(new Event("input", { bubbles: true }));
    box.focus();
  });
})();
