// Live preview of the official table on the monitoring and self-evaluation pages (#18): while
// the clerk types, the form is posted with action=preview (nothing is saved) and the server's
// rendering of the table as typed replaces the preview. Only the newest answer is shown.
(function () {
  "use strict";
  const form = document.querySelector("form[data-preview]");
  const target = document.getElementById("preview");
  if (!form || !target) {
    return;
  }
  let timer = null;
  let sent = 0;

  function refresh() {
    const data = new FormData(form);
    data.set("action", "preview");
    sent += 1;
    const mine = sent;
    fetch(window.location.pathname, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (markup) {
        if (markup !== null && mine === sent) {
          target.innerHTML = markup;
          target.dataset.refreshed = String(mine);
        }
      })
      .catch(function () {
        // offline or the session ended: the preview stays as it was; saving says why
      });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
})();
