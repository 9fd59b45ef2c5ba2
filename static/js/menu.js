// The header menu is a <details> element: it opens and closes without JavaScript, and on wide
// screens site.css keeps it open (::details-content). Browsers without ::details-content (older
// in-app browsers) get the same here: open on wide screens, and the menu button hidden there.
(function () {
  "use strict";
  var menu = document.querySelector(".site-menu");
  if (!menu || !window.matchMedia || !window.CSS || !CSS.supports) { return; }
  if (CSS.supports("selector(::details-content)")) { return; }
  var wide = window.matchMedia("(min-width: 48em)");
  function follow() {
    document.documentElement.classList.toggle("menu-always-open", wide.matches);
    if (wide.matches) { menu.open = true; }
  }
  follow();
  if (wide.addEventListener) { wide.addEventListener("change", follow); }
})();
