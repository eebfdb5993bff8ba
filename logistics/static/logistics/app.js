// Look-up as you type for units, personnel, suppliers…, and confirmations before final steps.
(function () {
  "use strict";

  // Words of the page's language, given by the server on <body data-text-…> (base.html).
  function text(name, fallback) {
    var value = (document.body && document.body.getAttribute("data-text-" + name)) || fallback;
    return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  // The server searches (scoped, accent-insensitive, best first) and the list shows exactly its
  // answer to what is typed now. Tom Select on its own keeps every option it ever loaded, caches
  // answers by query and filters them itself; here each request starts from the chosen records
  // only, an answer that arrives after a newer request is dropped, and an option counts only when
  // it is in the answer to the current text, in the server's order.
  function initLookups(root) {
    root.querySelectorAll("select[data-lookup]").forEach(function (select) {
      if (select.tomselect) { return; }
      var url = select.getAttribute("data-lookup");
      var answeredQuery = null;
      var rankByValue = {};
      var requestsSent = 0;
      var plugins = {};
      if (!select.required && !select.multiple) {
        // An optional field can be emptied again (× or Backspace).
        var clearTitle = text("lookup-clear", "Clear");
        plugins.clear_button = {
          title: clearTitle,
          html: function (data) {
            return '<div class="' + data.className + '" title="' + clearTitle + '" aria-label="' + clearTitle + '" role="button" tabindex="0">&times;</div>';
          }
        };
      }
      var lookup = new TomSelect(select, {
        valueField: "value",
        labelField: "text",
        searchField: [],
        // The server's order, also when nothing is typed (Tom Select then sorts without scores).
        sortField: [{ field: "rank", direction: "asc" }],
        plugins: plugins,
        maxOptions: null,
        // Typing is already throttled (refreshThrottle); a second throttle would only add delay,
        // and its cache would answer a query typed again with another query's options.
        loadThrottle: null,
        shouldLoad: function () { return true; },
        allowEmptyOption: false,
        placeholder: select.getAttribute("data-placeholder") || "",
        load: function (query, callback) {
          var self = this;
          var ticket = ++requestsSent;
          self.clearOptions();
          answeredQuery = null;
          rankByValue = {};
          fetch(url + (url.indexOf("?") >= 0 ? "&" : "?") + "q=" + encodeURIComponent(query), { headers: { "Accept": "application/json" }, credentials: "same-origin" })
            .then(function (response) {
              if (!response.ok) { throw new Error(response.status); }
              return response.json();
            })
            .then(function (data) {
              if (ticket !== requestsSent) { callback(); return; }
              answeredQuery = query;
              data.results.forEach(function (result, position) {
                rankByValue[String(result.value)] = position;
                result.rank = position;
              });
              // A chosen record kept from before takes its place in this answer (first when not in it).
              Object.keys(self.options).forEach(function (value) {
                var position = rankByValue[value];
                self.options[value].rank = position === undefined ? -1 : position;
              });
              callback(data.results);
            })
            .catch(function () {
              if (ticket === requestsSent) { answeredQuery = query; }
              callback();
            });
        },
        score: function (search) {
          return function (option) {
            if (answeredQuery !== search) { return 0; }
            var position = rankByValue[String(option.value)];
            return position === undefined ? 0 : 1 / (position + 1);
          };
        },
        onFocus: function () {
          // The first records on focus, and again when the list holds the answer to other text.
          var typed = this.inputValue();
          if (answeredQuery !== typed) { this.load(typed); }
        },
        render: {
          no_results: function () { return '<div class="no-results">' + text("lookup-nothing", "—") + "</div>"; }
        }
      });
      // While text is typed, the box shows only that text, not the record chosen before.
      var markTyping = function () {
        window.setTimeout(function () {
          lookup.wrapper.classList.toggle("lookup-typing", lookup.control_input.value !== "");
        }, 0);
      };
      lookup.control_input.addEventListener("input", markTyping);
      lookup.on("item_add", markTyping);
      lookup.on("blur", markTyping);
      var clear = lookup.control.querySelector(".clear-button");
      if (clear) {
        clear.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") { event.preventDefault(); clear.click(); }
        });
      }
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
    // Goods used up are counted by quantity: no item to choose.
    var noItem = receipt || kind.value === "consumption";
    container.querySelectorAll(".col-item").forEach(function (cell) { cell.classList.toggle("d-none", noItem); });
    // The item's condition is recorded when it is sent for or back from repair.
    var repair = JSON.parse(kind.getAttribute("data-repair-kinds") || "[]").indexOf(kind.value) >= 0;
    container.querySelectorAll(".col-condition").forEach(function (cell) { cell.classList.toggle("d-none", !repair); });
    // Goods leaving a unit go at its average value, worked out on posting.
    container.querySelectorAll(".col-unit_value, [data-line-value], .col-line_value, tfoot").forEach(function (cell) {
      cell.classList.toggle("d-none", !receipt);
    });
  }

  // The units a voucher of each kind names (assets.choices.VOUCHER_SIDES): a side the kind does not
  // have is hidden and emptied — a receipt comes from outside the force, a disposal leaves it.
  function applySides(kind) {
    var sides = JSON.parse(kind.getAttribute("data-voucher-sides") || "{}")[kind.value];
    if (!sides) { return; }
    [["from_unit", sides[0]], ["to_unit", sides[1]]].forEach(function (side) {
      var select = document.getElementById("id_" + side[0]);
      if (!select) { return; }
      var group = select.closest("[data-field]");
      if (group) { group.classList.toggle("d-none", !side[1]); }
      if (!side[1]) {
        if (select.tomselect) { select.tomselect.clear(); } else { select.value = ""; }
      }
    });
    // The header fields only some kinds take (a loss write-off's decision, a repair's return date…).
    var fields = JSON.parse(kind.getAttribute("data-voucher-fields") || "{}");
    Object.keys(fields).forEach(function (name) {
      var input = document.getElementById("id_" + name);
      var group = input && input.closest("[data-field]");
      var shown = fields[name].indexOf(kind.value) >= 0;
      if (group) { group.classList.toggle("d-none", !shown); }
      if (input && !shown) {
        if (input.tomselect) { input.tomselect.clear(); } else { input.value = ""; }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var kind = document.querySelector("select[data-voucher-sides]");
    if (kind) {
      applySides(kind);
      kind.addEventListener("change", function () { applySides(kind); });
    }
  });

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
