// The county dashboard's long bar chart: the largest bars first, all of them on demand.
// Without JavaScript the full chart sits in a <details> below the top bars.
(function () {
  "use strict";
  document.querySelectorAll("[data-chart-toggle]").forEach(function (button) {
    var figure = document.getElementById(button.dataset.chartToggle);
    if (!figure) { return; }
    var parts = function (name) { return figure.querySelectorAll('[data-chart-part="' + name + '"]'); };
    parts("all").forEach(function (el) {
      if (el.tagName === "DETAILS") { el.open = true; el.classList.add("chart-all-scripted"); }
    });
    var showingAll = false;
    var show = function () {
      parts("top").forEach(function (el) { el.hidden = showingAll; });
      parts("all").forEach(function (el) { el.hidden = !showingAll; });
      button.textContent = showingAll ? button.dataset.showTop : button.dataset.showAll;
      button.setAttribute("aria-expanded", showingAll ? "true" : "false");
    };
    button.hidden = false;
    button.addEventListener("click", function () { showingAll = !showingAll; show(); });
    show();
  });
})();
