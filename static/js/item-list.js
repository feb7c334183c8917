// Ordered text items (分项绩效目标, 工作保障措施): add, remove and reorder; numbers follow the order.
(function () {
  "use strict";
  const template = document.getElementById("item-template");
  document.querySelectorAll("[data-item-list]").forEach((list) => {
    const name = list.dataset.itemList;
    const items = list.querySelector(".items");
    const legend = list.querySelector("legend").textContent;

    function renumber() {
      items.querySelectorAll("[data-item]").forEach((item, index) => {
        const id = `${name}-${index + 1}`;
        item.querySelector(".item-number").textContent = `${index + 1}、`;
        item.querySelector("label").htmlFor = id;
        item.querySelector("label").textContent = `${legend} ${index + 1}`;
        item.querySelector("textarea").id = id;
        item.querySelector("textarea").name = name;
      });
    }

    list.querySelector(".item-add").addEventListener("click", () => {
      items.append(template.content.cloneNode(true));
      renumber();
      items.lastElementChild.querySelector("textarea").focus();
    });
    items.addEventListener("click", (event) => {
      const item = event.target.closest("[data-item]");
      if (!item) return;
      if (event.target.closest(".item-up") && item.previousElementSibling) {
        item.previousElementSibling.before(item);
        event.target.focus();
      } else if (event.target.closest(".item-down") && item.nextElementSibling) {
        item.nextElementSibling.after(item);
        event.target.focus();
      } else if (event.target.closest(".item-remove")) {
        (item.nextElementSibling || item.previousElementSibling || list.querySelector(".item-add"))
          .querySelector?.("textarea")?.focus();
        item.remove();
      }
      renumber();
    });
    if (!items.querySelector("[data-item]")) list.querySelector(".item-add").click();
  });
  const problem = document.querySelector("#conflict, #form-errors, .is-invalid");
  if (problem) problem.focus();
})();
