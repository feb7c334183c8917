// The 退回 page (#17 item 9): filter and select the automated findings by group, add opinion
// rows, and offer only the chosen project's indicator rows. Without JavaScript the page still
// works: groups open, every checkbox usable, two opinion rows with every project's rows.
(function () {
  "use strict";
  const box = document.getElementById("return-findings");
  if (box) { findings(box); }
  const opinions = document.getElementById("typed-opinions");
  if (opinions) { opinionRows(opinions); }

  function findings(box) {
    const toolbar = box.querySelector("[data-findings-toolbar]");
    const filter = document.getElementById("findings-filter");
    const ruleSelect = document.getElementById("findings-rule");
    const levelSelect = document.getElementById("findings-level");
    const all = box.querySelector("[data-select-all]");
    const items = Array.from(box.querySelectorAll("[data-finding]"));
    const groups = Array.from(box.querySelectorAll("[data-group]"));
    const checkbox = (item) => item.querySelector("input[name='finding']");
    const shown = (el) => !el.hidden;
    toolbar.hidden = false;
    box.querySelectorAll("[data-select-group], [data-select-rule]").forEach((el) => { el.hidden = false; });

    // One state for a set of findings: all ticked, none, or some (the indeterminate dash).
    function mark(control, members) {
      const ticked = members.filter((item) => checkbox(item).checked).length;
      control.checked = members.length > 0 && ticked === members.length;
      control.indeterminate = ticked > 0 && ticked < members.length;
    }

    function refresh() {
      const visible = items.filter(shown);
      box.querySelectorAll("[data-rule-group]").forEach((rule) => {
        const members = Array.from(rule.querySelectorAll("[data-finding]")).filter(shown);
        rule.hidden = members.length === 0;
        rule.querySelector("[data-rule-count]").textContent = members.length;
        mark(rule.querySelector("[data-select-rule]"), members);
      });
      groups.forEach((group) => {
        const members = Array.from(group.querySelectorAll("[data-finding]")).filter(shown);
        group.hidden = members.length === 0;
        group.querySelector("[data-group-count]").textContent = members.length;
        mark(group.querySelector("[data-select-group]"), members);
      });
      mark(all, visible);
      box.querySelector("[data-chosen-count]").textContent =
        items.filter((item) => checkbox(item).checked).length;
      const filtered = visible.length !== items.length;
      box.querySelector("[data-shown-note]").hidden = !filtered;
      box.querySelector("[data-shown-count]").textContent = visible.length;
      box.querySelector("[data-nothing-shown]").hidden = visible.length > 0;
    }

    function applyFilter() {
      const words = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      const rule = ruleSelect.value;
      const level = levelSelect.value;
      items.forEach((item) => {
        const text = (item.closest("[data-group]").querySelector("summary").textContent + " " + item.textContent).toLowerCase();
        item.hidden = (rule && item.dataset.rule !== rule) || (level && item.dataset.level !== level) ||
          !words.every((word) => text.includes(word));
      });
      refresh();
    }

    // Ticking a group ticks what it shows: hidden findings keep their state.
    function tick(scope, checked) {
      Array.from(scope.querySelectorAll("[data-finding]")).filter(shown)
        .forEach((item) => { checkbox(item).checked = checked; });
      refresh();
    }

    box.addEventListener("change", (event) => {
      const target = event.target;
      if (target.matches("[data-select-all]")) { tick(box, target.checked); }
      else if (target.matches("[data-select-group]")) { tick(target.closest("[data-group]"), target.checked); }
      else if (target.matches("[data-select-rule]")) { tick(target.closest("[data-rule-group]"), target.checked); }
      else if (target.matches("input[name='finding']")) { refresh(); }
    });
    filter.addEventListener("input", applyFilter);
    ruleSelect.addEventListener("change", applyFilter);
    levelSelect.addEventListener("change", applyFilter);
    box.querySelectorAll("[data-expand]").forEach((button) => {
      button.addEventListener("click", () => {
        groups.forEach((group) => { group.open = button.dataset.expand === "open"; });
      });
    });
    // Many findings: start with the groups closed so the page opens on an overview.
    if (items.length > 30) { groups.forEach((group) => { group.open = false; }); }
    refresh();
  }

  function opinionRows(fieldset) {
    const body = fieldset.querySelector("[data-opinion-rows]");
    const template = document.getElementById("opinion-template");
    const total = fieldset.querySelector("input[name$='-TOTAL_FORMS']");
    const most = Number(fieldset.querySelector("input[name$='-MAX_NUM_FORMS']").value);
    const add = document.getElementById("add-opinion");

    // The indicator list shows the chosen project's rows only; picking a row picks its project.
    function limitRows(row) {
      const project = row.querySelector("[data-project-select]");
      const select = row.querySelector("[data-row-select]");
      if (!project || !select) return;
      const chosen = project.value;
      const label = chosen ? project.options[project.selectedIndex].text : "";
      Array.from(select.querySelectorAll("optgroup")).forEach((group) => {
        const match = !chosen || group.label === label;
        group.hidden = !match;
        group.disabled = !match;
      });
      const option = select.options[select.selectedIndex];
      if (option && option.parentElement.tagName === "OPTGROUP" && option.parentElement.disabled) {
        select.value = "";
      }
    }

    function pickProject(row) {
      const project = row.querySelector("[data-project-select]");
      const select = row.querySelector("[data-row-select]");
      const option = select.options[select.selectedIndex];
      if (!option || option.parentElement.tagName !== "OPTGROUP") return;
      const wanted = option.parentElement.label;
      const match = Array.from(project.options).find((candidate) => candidate.text === wanted);
      if (match && project.value !== match.value) { project.value = match.value; limitRows(row); }
    }

    body.addEventListener("change", (event) => {
      const row = event.target.closest("[data-opinion-row]");
      if (!row) return;
      if (event.target.matches("[data-project-select]")) limitRows(row);
      if (event.target.matches("[data-row-select]")) pickProject(row);
    });
    body.querySelectorAll("[data-opinion-row]").forEach(limitRows);

    add.hidden = false;
    add.addEventListener("click", () => {
      const index = Number(total.value);
      if (index >= most) { add.disabled = true; return; }
      const html = template.innerHTML.replace(/__prefix__/g, String(index));
      body.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      const row = body.lastElementChild;
      limitRows(row);
      row.querySelector("select, input").focus();
      if (index + 1 >= most) add.disabled = true;
    });
  }
})();
