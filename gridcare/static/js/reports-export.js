// Export progress: polls the job's status as JSON every 1.5 s and updates the progress
// bar; shows the download link when the file is ready. Without JavaScript the page
// refreshes itself (meta refresh inside <noscript>).
(function () {
  "use strict";
  var box = document.getElementById("export");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var bar = document.getElementById("export-progress");
  var percent = document.getElementById("export-percent");
  var state = document.getElementById("export-state");
  var link = document.getElementById("export-download");

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        bar.value = job.percent;
        percent.textContent = job.percent;
        state.textContent = box.getAttribute("data-label-" + job.status) || job.status;
        if (job.status === "done") {
          link.hidden = false;
        } else if (job.status !== "failed") {
          window.setTimeout(poll, 1500);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  var status = box.getAttribute("data-status");
  if (status === "queued" || status === "running") { window.setTimeout(poll, 1000); }
})();
