// Behaviour every page may use, bound here instead of inline handlers: the
// Content-Security-Policy runs only scripts from static/ (settings.CONTENT_SECURITY_POLICY).
(function () {
  "use strict";
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-action='print']");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
})();
