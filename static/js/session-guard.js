// The login ends after SESSION_COOKIE_AGE seconds without a request (#17). Five minutes before
// (half the time for very short sessions), a notice at the top of the page counts down and
// offers 延长登录, which posts to /session/extend/ and keeps the page as it is. Once the time is
// up, the notice says so and offers 重新登录; the forms of the page are kept in this browser
// (form-guard.js) and come back after logging in.
// Reads <body data-session-seconds data-session-user data-session-extend-url data-login-url>,
// written only for a logged-in user. Tabs share the time through localStorage, so a page left
// open does not warn while the user works in another tab.
(function () {
  "use strict";
  const body = document.body;
  const seconds = Number(body.dataset.sessionSeconds);
  if (!body.dataset.sessionUser || !seconds) return;
  const KEY = `pb-session:${body.dataset.sessionUser}`;
  // The server renews an active session at most once a minute, so it may end up to a minute
  // before "this page's load + seconds".
  const margin = Math.min(60, Math.floor(seconds / 10));
  const lead = Math.min(300, Math.floor(seconds / 2));

  function stored() {
    try { return Number(window.localStorage.getItem(KEY)) || 0; } catch (error) { return 0; }
  }
  function store(value) {
    try { window.localStorage.setItem(KEY, String(value)); } catch (error) { /* refused */ }
  }

  let endsAt = Date.now() + (seconds - margin) * 1000;
  if (stored() < endsAt) store(endsAt);

  let box = null;
  let state = "";
  function build() {
    box = document.createElement("div");
    box.className = "alert alert-warning shadow position-fixed top-0 start-50 translate-middle-x mt-2 d-flex flex-wrap align-items-center gap-2";
    box.id = "session-warning";
    box.setAttribute("role", "alert");
    box.style.zIndex = "1090";
    box.style.maxWidth = "min(40rem, 95vw)";
    box.innerHTML = '<span class="session-text me-auto"></span><button type="button" class="btn btn-sm btn-primary session-button"></button>';
    box.querySelector(".session-button").addEventListener("click", () => {
      if (state === "expired") relogin(); else extend();
    });
    document.body.append(box);
  }

  function show(kind, text, button) {
    if (!box) build();
    box.classList.toggle("alert-warning", kind !== "expired");
    box.classList.toggle("alert-danger", kind === "expired");
    box.querySelector(".session-text").textContent = text;
    const action = box.querySelector(".session-button");
    action.textContent = button;
    box.hidden = false;
    if (state !== kind) {
      state = kind;
      if (kind === "expired" && window.perfbudgetForms) window.perfbudgetForms.keepAll();
    }
  }

  function hide() {
    if (box) box.hidden = true;
    state = "";
  }

  function minutes(ms) {
    const total = Math.max(0, Math.ceil(ms / 1000));
    const m = Math.floor(total / 60);
    const s = total % 60;
    return m ? `${m}分${s}秒` : `${s}秒`;
  }

  function tick() {
    endsAt = Math.max(endsAt, stored());
    const left = endsAt - Date.now();
    if (left <= 0) {
      show("expired", "登录已过期。本页未保存的内容已保存在本浏览器中，重新登录后会自动恢复。", "重新登录");
    } else if (left <= lead * 1000) {
      show("warning", `登录即将过期（剩余${minutes(left)}）。如还要继续填写，请点击“延长登录”，页面内容不受影响。`, "延长登录");
    } else if (state) {
      hide();
    }
  }

  function csrfToken() {
    const input = document.querySelector("input[name='csrfmiddlewaretoken']");
    if (input) return input.value;
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  async function extend() {
    const button = box.querySelector(".session-button");
    button.disabled = true;
    try {
      const response = await fetch(body.dataset.sessionExtendUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "fetch" },
      });
      if (response.status === 401 || response.redirected) {
        endsAt = 0;
        store(0);
        tick();
        return;
      }
      if (!response.ok) throw new Error(String(response.status));
      const answer = await response.json();
      endsAt = Date.now() + Number(answer.seconds) * 1000;
      store(endsAt);
      hide();
    } catch (error) {
      box.querySelector(".session-text").textContent = "网络连接失败，未能延长登录，请稍后再试。";
    } finally {
      button.disabled = false;
    }
  }

  function relogin() {
    if (window.perfbudgetForms) { window.perfbudgetForms.keepAll(); window.perfbudgetForms.leave(); }
    const here = window.location.pathname + window.location.search;
    window.location.href = `${body.dataset.loginUrl}?next=${encodeURIComponent(here)}`;
  }

  window.addEventListener("storage", (event) => { if (event.key === KEY) tick(); });
  window.setInterval(tick, 1000);
})();
