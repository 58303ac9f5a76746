/* The report's PDF takes a while on a big county: fetch it, say that it is being prepared and for how long
   (the real elapsed time: the server does not report a percentage, so none is shown), then save it.
   Without JavaScript, or if the browser cannot fetch, the link downloads as any link does. */
(function () {
  "use strict";

  function filename(response, fallback) {
    var match = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
    return match ? match[1] : fallback;
  }

  function prepare(link, status) {
    var started = Date.now();
    var seconds = function () { return Math.round((Date.now() - started) / 1000); };
    var say = function (template) { status.textContent = template.replace("{s}", seconds()); };
    link.setAttribute("aria-disabled", "true");
    link.classList.add("busy");
    say(status.dataset.preparing);
    var timer = window.setInterval(function () { say(status.dataset.preparing); }, 1000);
    var done = function () {
      window.clearInterval(timer);
      link.removeAttribute("aria-disabled");
      link.classList.remove("busy");
    };
    fetch(link.href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok || (response.headers.get("Content-Type") || "").indexOf("application/pdf") !== 0) {
          // A refusal comes as a page with its message: show it.
          done();
          window.location.href = link.href;
          return null;
        }
        var name = filename(response, "report.pdf");
        return response.blob().then(function (blob) {
          var url = URL.createObjectURL(blob);
          var save = document.createElement("a");
          save.href = url;
          save.download = name;
          document.body.appendChild(save);
          save.click();
          save.remove();
          window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
          done();
          say(status.dataset.done);
        });
      })
      .catch(function () {
        done();
        status.textContent = status.dataset.failed;
      });
  }

  function init() {
    var status = document.getElementById("report-status");
    if (!status || typeof fetch === "undefined") return;
    document.querySelectorAll("a[data-prepare]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (link.getAttribute("aria-disabled") === "true") { event.preventDefault(); return; }
        event.preventDefault();
        prepare(link, status);
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
