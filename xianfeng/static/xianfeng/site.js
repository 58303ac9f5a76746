/* The few behaviours the pages ask for with data attributes, since the Content-Security-Policy
   allows no inline script (onclick=, onsubmit=…):
   form[data-confirm]          asks before submitting (the attribute holds the question);
   input[data-check-all=NAME]  ticks or clears every checkbox name=NAME of its form;
   select[data-autosubmit]     submits its form when the choice changes;
   button[data-print]          prints the page. */
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
})();
