/* The few behaviours the pages ask for with data attributes, since the Content-Security-Policy
   allows no inline script (onclick=, onsubmit=…):
   form[data-confirm], button[data-confirm]
                               asks before submitting, in a <dialog>: data-confirm holds what cannot be
                               undone, data-confirm-title/-ok/-cancel the question and the buttons (all
                               translated on the server: common/confirm.py). Confirmed, the form is sent
                               with confirm=1, which the server's fallback confirmation page asks for;
   input[data-check-all=NAME]  ticks or clears every checkbox name=NAME of its form;
   select[data-autosubmit]     submits its form when the choice changes;
   button[data-print]          prints the page;
   [data-picker]               a search-as-you-type picker (common/pickers.py): htmx fills its results
                               list; here a result is chosen with the mouse or the keyboard (arrows,
                               Enter, Escape), and typing again clears a choice made before. */
(function () {
  "use strict";

  // Buttons of a bare form[data-confirm] (no data-confirm-ok/-cancel): in the page's language.
  var chinese = (document.documentElement.lang || "").indexOf("zh") === 0;
  var OK = chinese ? "确定" : "OK", CANCEL = chinese ? "取消" : "Cancel";

  function confirmDialog(source, onConfirm) {
    var dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("data-testid", "confirm-dialog");
    var title = document.createElement("h2");
    title.textContent = source.dataset.confirmTitle || "";
    var text = document.createElement("p");
    text.textContent = source.dataset.confirm;
    var buttons = document.createElement("div");
    buttons.className = "confirm-buttons";
    var ok = document.createElement("button");
    ok.type = "button";
    ok.className = "button";
    ok.textContent = source.dataset.confirmOk || OK;
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "button secondary";
    cancel.textContent = source.dataset.confirmCancel || CANCEL;
    buttons.append(ok, cancel);
    if (title.textContent) dialog.append(title);
    dialog.append(text, buttons);
    document.body.append(dialog);
    ok.addEventListener("click", function () { dialog.close("ok"); });
    cancel.addEventListener("click", function () { dialog.close("cancel"); });
    dialog.addEventListener("close", function () {
      var chosen = dialog.returnValue === "ok";
      dialog.remove();
      if (chosen) onConfirm();
    });
    dialog.showModal();
    cancel.focus();  // the safe choice first
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    var submitter = event.submitter || null;
    var source = submitter && submitter.dataset && submitter.dataset.confirm ? submitter : form.dataset.confirm ? form : null;
    if (!source || form.dataset.confirmed === "1") return;
    event.preventDefault();
    confirmDialog(source, function () {
      var flag = form.querySelector('input[name="confirm"]');
      if (!flag) {
        flag = document.createElement("input");
        flag.type = "hidden";
        flag.name = "confirm";
        form.append(flag);
      }
      flag.value = "1";
      form.dataset.confirmed = "1";
      if (submitter && form.requestSubmit) form.requestSubmit(submitter); else form.submit();
      delete form.dataset.confirmed;
    });
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
