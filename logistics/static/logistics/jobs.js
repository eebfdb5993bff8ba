// A background job's page: asks /api/jobs/{id}/ every second and moves the progress bar until the
// job is done (the download button appears) or failed (its message appears).
(function () {
  "use strict";
  var card = document.querySelector("[data-job]");
  if (!card) return;
  var bar = card.querySelector("[data-job-bar]");
  var state = card.querySelector("[data-job-state]");
  var count = card.querySelector("[data-job-count]");
  var failure = card.querySelector("[data-job-failure]");
  var note = card.querySelector("[data-job-message]");
  var download = card.querySelector("[data-job-download]");

  function show(job) {
    var percent = job.percent;
    bar.style.width = percent + "%";
    bar.textContent = percent + " %";
    bar.parentElement.setAttribute("aria-valuenow", String(percent));
    state.textContent = job.state_label;
    state.classList.toggle("text-bg-success", job.state === "done");
    state.classList.toggle("text-bg-danger", job.state === "failed");
    state.classList.toggle("text-bg-secondary", job.state !== "done" && job.state !== "failed");
    count.textContent = job.progress_total ? job.progress_done + " / " + job.progress_total : "";
    var finished = job.state === "done" || job.state === "failed";
    bar.classList.toggle("progress-bar-striped", !finished);
    bar.classList.toggle("progress-bar-animated", !finished);
    bar.classList.toggle("bg-danger", job.state === "failed");
    if (job.state === "failed") {
      failure.textContent = job.message;
      failure.classList.remove("d-none");
    }
    if (job.state === "done" && job.message) {
      note.textContent = job.message;
      note.classList.remove("d-none");
    }
    if (job.file_url) {
      download.href = job.file_url;
      download.classList.remove("d-none");
    }
    return finished;
  }

  function poll() {
    fetch(card.dataset.job, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job || !show(job)) window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
})();
