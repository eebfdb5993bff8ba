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

  window.initLookups = initLookups;
  document.addEventListener("DOMContentLoaded", function () { initLookups(document); });
})();

// Multi-line documents: add and remove rows, running line values and total, fields by voucher kind.
(function () {
  "use strict";

  function parseMoney(text) {
    var digits = (text || "").replace(/[^0-9-]/g, "");
    return digits ? parseInt(digits, 10) : 0;
  }

  function formatMoney(value) {
    return value.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function refresh(container) {
    var total = 0;
    container.querySelectorAll("[data-line-row]").forEach(function (row) {
      var deleted = row.querySelector("input[name$='-DELETE']");
      var quantity = row.querySelector("input[name$='-quantity']");
      var value = row.querySelector("input[name$='-unit_value']");
      var cell = row.querySelector("[data-line-value]");
      if (deleted && deleted.checked) { row.classList.add("d-none"); return; }
      var lineValue = Math.abs(parseInt(quantity && quantity.value || "0", 10) || 0) * parseMoney(value && value.value);
      total += lineValue;
      if (cell) { cell.textContent = lineValue ? formatMoney(lineValue) + " ₫" : "—"; }
    });
    var totalCell = container.querySelector("[data-line-total]");
    if (totalCell) { totalCell.textContent = formatMoney(total); }
  }

  function applyKind(container) {
    var kind = document.querySelector("select[data-voucher-kind]");
    if (!kind) { return; }
    var receipt = kind.value === "receipt";
    ["serial_number", "plate_number", "chassis_number", "engine_number"].forEach(function (name) {
      container.querySelectorAll(".col-" + name).forEach(function (cell) { cell.classList.toggle("d-none", !receipt); });
    });
    container.querySelectorAll(".col-item").forEach(function (cell) { cell.classList.toggle("d-none", receipt); });
    // Goods leaving a unit go at its average value, worked out on posting.
    container.querySelectorAll(".col-unit_value, [data-line-value], .col-line_value, tfoot").forEach(function (cell) {
      cell.classList.toggle("d-none", !receipt);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-line-formset]").forEach(function (container) {
      var total = container.querySelector("input[name$='-TOTAL_FORMS']");
      var template = container.querySelector("template[data-line-template]");
      var rows = container.querySelector("[data-line-rows]");
      container.querySelector("[data-add-line]").addEventListener("click", function () {
        var index = parseInt(total.value, 10);
        var html = template.innerHTML.replace(/__prefix__/g, index);
        rows.insertAdjacentHTML("beforeend", html);
        total.value = index + 1;
        if (window.initLookups) { window.initLookups(rows.lastElementChild); }
        applyKind(container);
        refresh(container);
      });
      container.addEventListener("click", function (event) {
        var button = event.target.closest("[data-remove-line]");
        if (!button) { return; }
        var row = button.closest("[data-line-row]");
        var deleted = row.querySelector("input[name$='-DELETE']");
        if (deleted) { deleted.checked = true; }
        refresh(container);
      });
      container.addEventListener("input", function () { refresh(container); });
      var kind = document.querySelector("select[data-voucher-kind]");
      if (kind) { kind.addEventListener("change", function () { applyKind(container); }); }
      applyKind(container);
      refresh(container);
    });
  });
})();
