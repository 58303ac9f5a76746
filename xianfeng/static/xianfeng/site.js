/* The few behaviours the pages ask for with data attributes, since the Content-Security-Policy
   allows no inline script (onclick=, onsubmit=…):
   form[data-confirm]          asks before submitting (the attribute holds the question);
   input[data-check-all=NAME]  ticks or clears every checkbox name=NAME of its form;
   select[data-autosubmit]     submits its form when the choice changes;
   button[data-print]          prints the page;
   [data-picker]               a search-as-you-type picker (common/pickers.py): htmx fills its results
                               list; here a result is chosen with the mouse or the keyboard (arrows,
                               Enter, Escape), and typing again clears a choice made before. */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (!(el instanceof HTMLElement) || !el.form) return;
    if (el.dataset.checkAll) {
      el.form.querySelectorAll('input[type=checkbox][name="' + el.dataset.checkAll + '"]').forEach(function (box) {
        box.checked = el.checked;
      });
    } else if (el.hasAttribute("data-autosubmit")) {
      el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
    }
  });

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target.closest("[data-print]") : null;
    if (target) window.print();
  });

  function pickerOf(el) {
    return el instanceof Element ? el.closest("[data-picker]") : null;
  }

  function pickerClose(picker) {
    var list = picker.querySelector("[data-picker-results]");
    var input = picker.querySelector("[data-picker-input]");
    list.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function pickerChoose(picker, option) {
    var input = picker.querySelector("[data-picker-input]");
    var value = option.dataset.pickValue;
    var label = option.dataset.pickLabel;
    if (picker.dataset.pickerMultiple) {
      var chosen = picker.querySelector("[data-picker-chosen]");
      var name = picker.dataset.pickerMultiple;
      var present = Array.prototype.some.call(chosen.querySelectorAll("input[type=checkbox]"), function (box) {
        return box.value === value;
      });
      if (!present) {
        var row = document.createElement("label");
        var box = document.createElement("input");
        row.className = "checkbox";
        box.type = "checkbox";
        box.name = name;
        box.value = value;
        box.checked = true;
        row.append(box, " " + label);
        chosen.append(row);
      }
      input.value = "";
    } else {
      picker.querySelector("[data-picker-value]").value = value;
      input.value = label;
    }
    pickerClose(picker);
    input.focus();
  }

  function pickerMove(picker, step) {
    var input = picker.querySelector("[data-picker-input]");
    var options = Array.prototype.slice.call(picker.querySelectorAll("[data-pick-value]"));
    if (!options.length) return;
    var current = options.findIndex(function (o) { return o.getAttribute("aria-selected") === "true"; });
    var next = Math.max(0, Math.min(options.length - 1, current + step));
    options.forEach(function (o, i) {
      if (!o.id) o.id = input.id + "_option_" + i;
      o.setAttribute("aria-selected", i === next ? "true" : "false");
    });
    input.setAttribute("aria-activedescendant", options[next].id);
    options[next].scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    var picker = pickerOf(event.target);
    if (!picker) return;
    var has = picker.querySelector("[data-picker-results]").children.length > 0;
    picker.querySelector("[data-picker-input]").setAttribute("aria-expanded", has ? "true" : "false");
  });

  document.addEventListener("input", function (event) {
    var picker = pickerOf(event.target);
    if (!picker || !event.target.hasAttribute("data-picker-input")) return;
    var hidden = picker.querySelector("[data-picker-value]");
    if (hidden) hidden.value = "";
    if (!event.target.value.trim()) pickerClose(picker);
  });

  document.addEventListener("keydown", function (event) {
    var picker = pickerOf(event.target);
    if (!picker || !event.target.hasAttribute("data-picker-input")) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      pickerMove(picker, event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter") {
      var active = picker.querySelector('[data-pick-value][aria-selected="true"]');
      if (active) {
        event.preventDefault();
        pickerChoose(picker, active);
      }
    } else if (event.key === "Escape") {
      pickerClose(picker);
    }
  });

  document.addEventListener("click", function (event) {
    var option = event.target instanceof Element ? event.target.closest("[data-pick-value]") : null;
    if (option && pickerOf(option)) pickerChoose(pickerOf(option), option);
  });
})();
