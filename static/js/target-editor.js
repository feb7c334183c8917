// The project editor: indicator rows (add / remove / reorder), 二级 choices that follow 一级,
// 三级 suggestions from the indicator library, the value composer and the live table preview.
// Plain JavaScript, no framework; the page works without it (rows just cannot be added).
(function () {
  "use strict";
  const form = document.getElementById("project-form");
  if (!form) return;
  const rows = document.getElementById("indicator-rows");
  const total = form.querySelector("input[name='rows-TOTAL_FORMS']");
  const tree = JSON.parse(document.getElementById("frame-tree").textContent);
  const glyphs = { ge: "≥", gt: "＞", eq: "＝", lt: "＜", le: "≤" };
  const spellings = [[">=", "ge"], ["≥", "ge"], ["<=", "le"], ["≤", "le"], [">", "gt"],
    ["＞", "gt"], ["<", "lt"], ["＜", "lt"], ["=", "eq"], ["＝", "eq"]];

  const dateText = /^(?:(?:19|20|21)\d{2}\s*(?:年|-\s*\d{1,2}(?!\d)|[./]\s*\d{1,2}\s*[./]\s*\d{1,2}(?!\d)|[./]\s*\d{1,2}\s*(?:$|[前底末]|以前|之前))|\d{1,2}\s*月\s*(?:份|底|末|初|中|前|上旬|中旬|下旬|\d{1,2}\s*[日号]))/;
  const field = (row, name) => row.querySelector(`[name$='-${name}']`);
  const liveRows = () => Array.from(rows.querySelectorAll("[data-row]:not(.row-deleted)"));

  function renumber() {
    liveRows().forEach((row, index) => { field(row, "ORDER").value = index + 1; });
  }

  function fillLevel2(row) {
    const level1 = field(row, "level1").value;
    const select = field(row, "level2");
    const current = select.value;
    const names = tree[level1] || [];
    const blank = select.options[0] ? select.options[0].text : "请选择";
    select.innerHTML = "";
    select.add(new Option(blank, ""));
    names.forEach((name) => select.add(new Option(name, name, false, name === current)));
    if (current && !names.includes(current)) select.value = "";
  }

  function parse(text) {
    let rest = text.trim();
    let comparator = "";
    for (const [spelling, code] of spellings) {
      if (rest.startsWith(spelling)) { comparator = code; rest = rest.slice(spelling.length).trim(); break; }
    }
    const match = rest.match(/^[-+]?\d+(?:\.\d+)?/);
    // A date or deadline (`2023年11月底前`, `12月底前`) is text, as indicators/values.py reads it.
    if (!match || dateText.test(rest)) return { text: rest };
    return { comparator, number: match[0], unit: rest.slice(match[0].length).trim() };
  }

  function showHint(row) {
    const value = field(row, "value").value;
    const hint = row.querySelector(".value-hint");
    if (!value.trim()) { hint.textContent = ""; return; }
    const parts = parse(value);
    hint.textContent = parts.number === undefined
      ? `表中显示：${value.trim()}（定性指标）`
      : `表中显示：${value.trim()}（符号 ${glyphs[parts.comparator] || "无"}，数值 ${parts.number}，单位 ${parts.unit || "未填"}）`;
  }

  function compose(row) {
    const number = field(row, "number").value.trim();
    if (!number) return;
    const glyph = glyphs[field(row, "comparator").value] || "";
    field(row, "value").value = `${glyph}${number}${field(row, "unit").value.trim()}`;
    showHint(row);
  }

  function splitValue(row) {
    const parts = parse(field(row, "value").value);
    if (parts.number === undefined) return;
    field(row, "comparator").value = parts.comparator;
    field(row, "number").value = parts.number;
    field(row, "unit").value = parts.unit;
  }

  let suggestTimer = null;
  const suggestions = new WeakMap();
  function suggest(row) {
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(async () => {
      const params = new URLSearchParams({
        level1: field(row, "level1").value,
        level2: field(row, "level2").value,
        q: field(row, "name").value.slice(0, 10),
      });
      const response = await fetch(`${form.dataset.suggestUrl}?${params}`);
      if (!response.ok) return;
      const items = (await response.json()).items;
      suggestions.set(row, items);
      const list = row.querySelector(".name-suggestions");
      list.innerHTML = "";
      items.forEach((item) => list.append(new Option(item.value_example, item.name)));
    }, 200);
  }

  function takeSuggestion(row) {
    const items = suggestions.get(row) || [];
    const item = items.find((i) => i.name === field(row, "name").value);
    if (!item) return;
    const fill = (name, value) => { if (value && !field(row, name).value.trim()) field(row, name).value = value; };
    fill("description", item.description);
    fill("value", item.value_example);
    fill("basis", item.basis);
    splitValue(row);
    showHint(row);
  }

  function wire(row) {
    const list = row.querySelector(".name-suggestions");
    field(row, "name").setAttribute("list", list.id);
    field(row, "name").setAttribute("autocomplete", "off");
    if (!field(row, "number").value) splitValue(row);
    showHint(row);
  }

  function addRow() {
    const index = Number(total.value);
    const html = document.getElementById("row-template").innerHTML.replace(/__prefix__/g, index);
    rows.insertAdjacentHTML("beforeend", html);
    total.value = index + 1;
    const row = rows.lastElementChild;
    wire(row);
    renumber();
    field(row, "level1").focus();
  }

  function move(row, step) {
    const live = liveRows();
    const target = live[live.indexOf(row) + step];
    if (!target) return;
    if (step < 0) target.before(row); else target.after(row);
    renumber();
    row.querySelector(step < 0 ? ".move-up" : ".move-down").focus();
    schedulePreview();
  }

  // A row whose 一级 is chosen joins that 一级's rows: moved after the last of them unless it
  // already stands beside one. A 一级 that has no rows yet leaves the row where it is. (The
  // save puts the rows of one 一级 together anyway; this shows it at once.)
  function placeInGroup(row) {
    const level1 = field(row, "level1").value;
    if (!level1) return;
    const live = liveRows();
    const at = live.indexOf(row);
    const same = (other) => Boolean(other) && field(other, "level1").value === level1;
    if (same(live[at - 1]) || same(live[at + 1])) return;
    const group = live.filter((other) => other !== row && same(other));
    if (!group.length) return;
    group[group.length - 1].after(row);
    renumber();
    field(row, "level1").focus();
  }

  function setDeleted(row, deleted) {
    field(row, "DELETE").checked = deleted;
    row.classList.toggle("row-deleted", deleted);
    renumber();
    schedulePreview();
    row.querySelector(deleted ? ".restore-row" : ".remove-row").focus();
  }

  let previewTimer = null;
  function schedulePreview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(async () => {
      renumber();
      const response = await fetch(form.dataset.previewUrl, { method: "POST", body: new FormData(form) });
      if (response.ok) document.getElementById("preview").innerHTML = await response.text();
    }, 300);
  }

  rows.addEventListener("click", (event) => {
    const row = event.target.closest("[data-row]");
    if (!row) return;
    if (event.target.closest(".move-up")) move(row, -1);
    else if (event.target.closest(".move-down")) move(row, 1);
    else if (event.target.closest(".remove-row")) setDeleted(row, true);
    else if (event.target.closest(".restore-row")) setDeleted(row, false);
  });
  rows.addEventListener("change", (event) => {
    const row = event.target.closest("[data-row]");
    if (!row) return;
    if (event.target.matches("[name$='-level1']")) { fillLevel2(row); suggest(row); placeInGroup(row); }
    if (event.target.matches("[name$='-level2']")) suggest(row);
    if (event.target.matches("[name$='-name']")) takeSuggestion(row);
    if (event.target.matches("[name$='-comparator'], [name$='-number'], [name$='-unit']")) compose(row);
    if (event.target.matches("[name$='-value']")) splitValue(row);
  });
  rows.addEventListener("input", (event) => {
    const row = event.target.closest("[data-row]");
    if (!row) return;
    if (event.target.matches("[name$='-name']")) suggest(row);
    if (event.target.matches("[name$='-value']")) showHint(row);
  });
  rows.addEventListener("focusin", (event) => {
    const row = event.target.closest("[data-row]");
    if (row && event.target.matches("[name$='-name']") && !suggestions.has(row)) suggest(row);
  });
  form.addEventListener("input", schedulePreview);
  form.addEventListener("change", schedulePreview);
  form.addEventListener("submit", renumber);
  document.getElementById("add-row").addEventListener("click", addRow);

  rows.querySelectorAll("[data-row]").forEach((row) => {
    const chosen = field(row, "level2").value;
    fillLevel2(row);
    field(row, "level2").value = chosen && (tree[field(row, "level1").value] || []).includes(chosen) ? chosen : "";
    wire(row);
  });
  renumber();
  const problem = document.querySelector("#conflict, #form-errors, .is-invalid");
  if (problem) problem.focus();
})();
