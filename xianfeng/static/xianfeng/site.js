/* The few behaviours the pages ask for with data attributes, since the Content-Security-Policy
   allows no inline script (onclick=, onsubmit=…):
   form[data-confirm], button[data-confirm]
                               asks before submitting, in a <dialog>: data-confirm holds what cannot be
                               undone, data-confirm-title/-ok/-cancel the question and the buttons (all
                               translated on the server: common/confirm.py). Confirmed, the form is sent
                               with confirm=1, which the server's fallback confirmation page asks for;
   input[data-check-all=NAME]  ticks or clears every checkbox name=NAME of its form;
   select[data-autosubmit]     submits its form when the choice changes;
   button[data-print]          prints the page. */
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
})();
