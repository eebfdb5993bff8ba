// Look-up as you type for units, personnel, suppliers…, and confirmations before final steps.
(function () {
  "use strict";

  function initLookups(root) {
    root.querySelectorAll("select[data-lookup]").forEach(function (select) {
      if (select.tomselect) { return; }
      var url = select.getAttribute("data-lookup");
      new TomSelect(select, {
        valueField: "value",
        labelField: "text",
        searchField: [],
        maxOptions: 20,
        preload: "focus",
        allowEmptyOption: !select.required,
        placeholder: select.getAttribute("data-placeholder") || "",
        load: function (query, callback) {
          fetch(url + (url.indexOf("?") >= 0 ? "&" : "?") + "q=" + encodeURIComponent(query), { headers: { "Accept": "application/json" }, credentials: "same-origin" })
            .then(function (response) { return response.json(); })
            .then(function (data) { callback(data.results); })
            .catch(function () { callback(); });
        },
        // The server already folded accents; show everything it returned.
        score: function () { return function () { return 1; }; },
        render: { no_results: function () { return '<div class="no-results">—</div>'; } }
      });
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute("data-confirm");
    var button = event.submitter;
    if (button && button.getAttribute("data-confirm-click")) { message = button.getAttribute("data-confirm-click"); }
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });

  document.addEventListener("DOMContentLoaded", function () { initLookups(document); });
})();
