// Clinic entry pages: add rows of medicines or tests, and show only the details that belong to
// the chosen service or patient group. Without this script every field simply stays visible.
(function () {
  "use strict";

  function addLine(prefix) {
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = document.querySelector("template[data-empty-line='" + prefix + "']");
    var body = document.querySelector("[data-lines='" + prefix + "'] tbody");
    if (!total || !template || !body) { return; }
    var index = parseInt(total.value, 10);
    var holder = document.createElement("tbody");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    var row = holder.firstElementChild;
    body.appendChild(row);
    total.value = String(index + 1);
    var first = row.querySelector("input, select");
    if (first) { first.focus(); }
  }

  function groupOf(field) {
    var element = document.getElementById("id_" + field);
    return element ? element.closest(".col-md-6, .col-md-4, .col-md-5, .col-md-7, .col-md-8") : null;
  }

  function hasError(element) {
    return element && element.querySelector(".is-invalid, .invalid-feedback");
  }

  function toggleServiceGroups() {
    var service = document.getElementById("id_service");
    if (!service) { return; }
    document.querySelectorAll("[data-service-group]").forEach(function (group) {
      var shown = group.getAttribute("data-service-group") === service.value || hasError(group);
      group.hidden = !shown;
    });
  }

  var PATIENT_FIELDS = {
    officer: ["personnel"],
    relative: ["relative_of", "relationship", "full_name", "address"],
    citizen: ["full_name", "address"]
  };

  function togglePatientFields() {
    var kind = document.getElementById("id_kind");
    if (!kind || !document.getElementById("id_personnel")) { return; }
    ["personnel", "relative_of", "relationship", "full_name", "address"].forEach(function (field) {
      var group = groupOf(field);
      if (!group) { return; }
      var wanted = !kind.value || (PATIENT_FIELDS[kind.value] || []).indexOf(field) >= 0;
      group.hidden = !(wanted || hasError(group));
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-line]");
    if (button) { event.preventDefault(); addLine(button.getAttribute("data-add-line")); }
  });
  document.addEventListener("change", function (event) {
    if (event.target.id === "id_service") { toggleServiceGroups(); }
    if (event.target.id === "id_kind") { togglePatientFields(); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    toggleServiceGroups();
    togglePatientFields();
  });
})();
