// Unsaved forms are not lost (#17): every form a user types into is kept in this browser
// (localStorage) while it has changes, keyed by user, page and form, so that
//  - a save that arrives after the login has expired (the server answers with the login page)
//    and a page closed by mistake come back after logging in again, with a notice;
//  - leaving a changed form (closing the tab, or an in-page link such as 查看绩效目标表) asks
//    first.
// Kept: the form's own fields, the hidden version included (so the server's version check
// still says when someone else saved meanwhile). Never kept: passwords, files, CSRF tokens.
// session-guard.js uses window.perfbudgetForms to keep the forms when the login ends.
(function () {
  "use strict";
  const PREFIX = "pb-draft:";
  const KEEP_DAYS = 7;
  const SKIPPED_TYPES = ["submit", "button", "reset", "file", "password", "image"];
  const SKIPPED_NAMES = ["csrfmiddlewaretoken", "next"];
  const body = document.body;
  const user = body.dataset.sessionUser || "";
  let leaving = false; // set when the user chose to leave, or submits: no second question

  function storage() {
    try { return window.localStorage; } catch (error) { return null; }
  }

  function read(key) {
    const store = storage();
    if (!store) return null;
    try { return JSON.parse(store.getItem(key)); } catch (error) { return null; }
  }

  function write(key, value) {
    const store = storage();
    if (!store) return;
    try { store.setItem(key, JSON.stringify(value)); } catch (error) { /* full or refused */ }
  }

  function remove(key) {
    const store = storage();
    if (store) store.removeItem(key);
  }

  function draftKeys() {
    const store = storage();
    if (!store) return [];
    const keys = [];
    for (let i = 0; i < store.length; i += 1) {
      const key = store.key(i);
      if (key && key.startsWith(PREFIX)) keys.push(key);
    }
    return keys;
  }

  function fields(form) {
    return Array.from(form.elements).filter((el) => el.name
      && !SKIPPED_TYPES.includes(el.type)
      && !SKIPPED_NAMES.includes(el.name)
      && !el.closest("template"));
  }

  // A form worth keeping: posted, with something to type or choose, not a login form, and
  // not read-only (a disabled fieldset).
  function guarded(form) {
    if ((form.getAttribute("method") || "").toLowerCase() !== "post") return false;
    if (form.hasAttribute("data-no-draft") || form.querySelector("input[type=password]")) return false;
    return fields(form).some((el) => el.type !== "hidden" && !el.matches(":disabled"));
  }

  function valueOf(el) {
    if (el.type === "checkbox" || el.type === "radio") return el.checked ? "1" : "";
    if (el.multiple) return Array.from(el.selectedOptions).map((o) => o.value).join("\u0001");
    return el.value;
  }

  function setValue(el, value) {
    if (el.type === "checkbox" || el.type === "radio") { el.checked = value === "1"; return; }
    if (el.multiple) {
      const chosen = value.split("\u0001");
      Array.from(el.options).forEach((o) => { o.selected = chosen.includes(o.value); });
      return;
    }
    el.value = value;
  }

  function snapshot(form) {
    return fields(form).map((el) => [el.name, valueOf(el)]);
  }

  function formKey(form, index) {
    return `${PREFIX}${user}:${window.location.pathname}:${form.id || `form-${index}`}`;
  }

  function versionOf(form) {
    const version = form.querySelector("input[name='version']");
    return version ? version.value : "";
  }

  // Add rows or list items until the form has `count` fields called `name` (the project
  // editor's indicator rows, the plan editor's numbered lists); gives up when nothing grows.
  function grow(form, name, count) {
    const present = () => form.querySelectorAll(`[name="${CSS.escape(name)}"]`).length;
    let button = null;
    const list = form.querySelector(`[data-item-list="${CSS.escape(name)}"]`);
    if (list) button = list.querySelector(".item-add");
    else if (/^rows-\d+-/.test(name)) button = document.getElementById("add-row");
    let tries = 0;
    while (button && present() < count && tries < 200) {
      const before = present();
      button.click();
      tries += 1;
      if (present() === before && !/^rows-\d+-/.test(name)) break;
    }
  }

  function apply(form, values) {
    const seen = {};
    const wanted = [];
    values.forEach(([name, value]) => {
      seen[name] = (seen[name] || 0) + 1;
      wanted.push([name, seen[name] - 1, value]);
    });
    Object.entries(seen).forEach(([name, count]) => grow(form, name, count));
    const put = () => wanted.forEach(([name, index, value]) => {
      const el = form.querySelectorAll(`[name="${CSS.escape(name)}"]`)[index];
      if (el && !SKIPPED_TYPES.includes(el.type)) setValue(el, value);
    });
    put();
    // Choices that depend on another (二级 on 一级) are rebuilt by the page's own script on
    // `change`; then the kept values are put back once more.
    form.querySelectorAll("select").forEach((el) => el.dispatchEvent(new Event("change", { bubbles: true })));
    put();
    form.querySelectorAll("input[type=checkbox][name$='-DELETE']").forEach((box) => {
      const row = box.closest("[data-row]");
      if (row) row.classList.toggle("row-deleted", box.checked);
    });
    form.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function notice(form, draft, baseVersion, onDiscard) {
    const box = document.createElement("div");
    box.className = "alert alert-warning";
    box.id = "draft-restored";
    box.setAttribute("role", "alert");
    box.tabIndex = -1;
    const text = document.createElement("p");
    text.className = "mb-1";
    const strong = document.createElement("strong");
    strong.textContent = "已恢复您未保存的修改，请检查后保存。";
    text.append(strong);
    const when = new Date(draft.savedAt);
    text.append(` （${when.toLocaleString("zh-CN", { hour12: false })} 填写，保存在本浏览器中）`);
    box.append(text);
    if (draft.version && baseVersion && draft.version !== baseVersion) {
      const changed = document.createElement("p");
      changed.className = "mb-1";
      changed.id = "draft-version-changed";
      changed.textContent = "注意：在此期间这张表已被保存过（可能是他人修改）。点击“保存”时系统会列出对方的修改，请核对后再决定是否以您的内容为准。";
      box.append(changed);
    }
    const discard = document.createElement("button");
    discard.type = "button";
    discard.className = "btn btn-sm btn-outline-secondary";
    discard.textContent = "放弃恢复的修改";
    discard.addEventListener("click", onDiscard);
    box.append(discard);
    form.before(box);
    box.focus();
  }

  const tracked = [];

  function track(form, index) {
    const key = formKey(form, index);
    const entry = { form, key, base: JSON.stringify(snapshot(form)), version: versionOf(form), dirty: false };
    // A page that came back with errors (or a refused save) shows what was typed, not what
    // is stored: it counts as changed from the start.
    if (form.querySelector(".is-invalid, .invalid-feedback") || document.querySelector("#conflict, #form-errors")) {
      entry.dirty = true;
    }
    tracked.push(entry);

    const draft = read(key);
    if (draft && !draft.submitted && Array.isArray(draft.fields)) {
      if (JSON.stringify(draft.fields) === entry.base) {
        remove(key);
      } else {
        apply(form, draft.fields);
        entry.dirty = true;
        notice(form, draft, entry.version, () => {
          remove(key);
          leaving = true;
          window.location.reload();
        });
      }
    }

    let timer = null;
    const check = () => {
      clearTimeout(timer);
      timer = setTimeout(() => keep(entry), 250);
    };
    form.addEventListener("input", () => { entry.sent = false; check(); });
    form.addEventListener("change", check);
    form.addEventListener("click", check);
    form.addEventListener("submit", () => {
      clearTimeout(timer);
      entry.sent = true; // a check still pending must not mark it unsent again
      keep(entry);
      leaving = true;
    });
  }

  // Write (or drop) the entry's draft; `submitted` marks one that the server should now have.
  function keep(entry) {
    const submitted = Boolean(entry.sent);
    const now = JSON.stringify(snapshot(entry.form));
    if (now !== entry.base) entry.dirty = true;
    if (!entry.dirty) { remove(entry.key); return; }
    write(entry.key, {
      path: window.location.pathname,
      savedAt: Date.now(),
      version: entry.version,
      fields: JSON.parse(now),
      submitted,
    });
  }

  function dirty() {
    return tracked.some((entry) => {
      if (entry.dirty) return true;
      return JSON.stringify(snapshot(entry.form)) !== entry.base;
    });
  }

  function keepAll() {
    tracked.forEach((entry) => keep(entry));
  }

  function forgetAll() {
    tracked.forEach((entry) => remove(entry.key));
  }

  // --- leaving a changed page ---------------------------------------------------------------

  let modal = null;
  let onLeave = null;
  function leaveDialog(go) {
    if (!modal) {
      modal = document.createElement("div");
      modal.className = "modal fade";
      modal.id = "leave-dialog";
      modal.tabIndex = -1;
      modal.setAttribute("aria-labelledby", "leave-dialog-title");
      modal.setAttribute("aria-hidden", "true");
      modal.innerHTML = `<div class="modal-dialog"><div class="modal-content">
        <div class="modal-header"><h2 class="modal-title h5" id="leave-dialog-title"></h2></div>
        <div class="modal-body"><p class="mb-0"></p></div>
        <div class="modal-footer">
          <button type="button" class="btn btn-primary" data-bs-dismiss="modal" id="leave-stay"></button>
          <button type="button" class="btn btn-outline-danger" id="leave-go"></button>
        </div></div></div>`;
      modal.querySelector(".modal-title").textContent = "您有未保存的修改";
      modal.querySelector(".modal-body p").textContent = "本页填写的内容还没有保存。离开本页将放弃这些修改。要先回到表单点击“保存”吗？";
      modal.querySelector("#leave-stay").textContent = "留在本页";
      modal.querySelector("#leave-go").textContent = "放弃修改并离开";
      document.body.append(modal);
      modal.querySelector("#leave-go").addEventListener("click", () => {
        forgetAll();
        leaving = true;
        onLeave();
      });
    }
    onLeave = go;
    window.bootstrap.Modal.getOrCreateInstance(modal).show();
  }

  function start() {
    // Drafts older than a week, and drafts the server received (the page after a save
    // loaded while logged in), are dropped.
    const old = Date.now() - KEEP_DAYS * 24 * 3600 * 1000;
    draftKeys().forEach((key) => {
      const draft = read(key);
      if (!draft || draft.savedAt < old) remove(key);
      else if (user && draft.submitted && key.startsWith(`${PREFIX}${user}:`)) remove(key);
    });
    if (!user) { loginPage(); return; }
    Array.from(document.forms).forEach((form, index) => { if (guarded(form)) track(form, index); });
    if (!tracked.length) return;

    window.addEventListener("beforeunload", (event) => {
      if (leaving || !dirty()) return;
      keepAll();
      event.preventDefault();
      event.returnValue = "";
    });
    document.addEventListener("click", (event) => {
      const link = event.target.closest("a[href]");
      if (!link || event.defaultPrevented || leaving || !dirty()) return;
      if (link.target === "_blank" || link.hasAttribute("download") || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const url = new URL(link.href, window.location.href);
      if (url.origin !== window.location.origin) return;
      if (url.pathname === window.location.pathname && url.search === window.location.search && url.hash) return;
      event.preventDefault();
      keepAll();
      leaveDialog(() => { window.location.href = link.href; });
    });
    // Another form of the page (退出, 结转, …) leaves it too: asked the same way. 退出 takes
    // the drafts of this user with it (a shared computer keeps nothing of theirs).
    document.addEventListener("submit", (event) => {
      const form = event.target;
      if (tracked.some((entry) => entry.form === form)) return;
      const logout = /\/logout\/$/.test(form.getAttribute("action") || "");
      const forget = () => {
        if (logout) draftKeys().filter((key) => key.startsWith(`${PREFIX}${user}:`)).forEach(remove);
      };
      if (leaving || event.defaultPrevented || !dirty()) { forget(); return; }
      event.preventDefault();
      keepAll();
      leaveDialog(() => { forget(); form.submit(); });
    });
  }

  // The login page after an expired session: a save that was sent then reached the server
  // without a login and was not saved; its draft is restored when the page opens again.
  function loginPage() {
    const next = new URLSearchParams(window.location.search).get("next");
    if (!next) return;
    const path = new URL(next, window.location.href).pathname;
    let kept = false;
    draftKeys().forEach((key) => {
      const draft = read(key);
      if (!draft || draft.path !== path) return;
      if (draft.submitted) { draft.submitted = false; write(key, draft); }
      kept = true;
    });
    if (!kept) return;
    const box = document.createElement("div");
    box.className = "alert alert-info";
    box.id = "draft-kept";
    box.setAttribute("role", "status");
    box.textContent = "登录已过期，刚才的内容没有保存。您填写的内容已保存在本浏览器中，重新登录后将自动恢复到表单中，请检查后再点击“保存”。";
    const main = document.querySelector("main");
    if (main) main.prepend(box);
  }

  window.perfbudgetForms = { dirty, keepAll, leave() { leaving = true; } };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
