/* Claim audit tables: filters and sorting, added on top of a complete static table.
 *
 * Without JavaScript every row is shown and the filter form stays hidden. With it, the
 * form (labelled <select> elements, usable from the keyboard) filters rows by reading,
 * verdict and error pattern, a live region says how many rows are shown, and each
 * column heading becomes a button that sorts the table (aria-sort says how).
 * Plain JavaScript, no library, nothing loaded from elsewhere.
 */
(function () {
  "use strict";

  var VERDICT_ORDER = ["supported", "partly-supported", "misleading", "unsupported", "false", "unverifiable"];

  function classValue(row, prefix) {
    for (var i = 0; i < row.classList.length; i++) {
      var c = row.classList[i];
      if (c.indexOf(prefix) === 0) { return c.slice(prefix.length); }
    }
    return "";
  }

  function rowMatches(row, filters) {
    if (filters.art && !row.classList.contains("claims-art-" + filters.art)) { return false; }
    if (filters.verdict && !row.classList.contains("claims-verdict-" + filters.verdict)) { return false; }
    if (filters.pat && !row.classList.contains("claims-pat-" + filters.pat)) { return false; }
    return true;
  }

  function setupFilters(form) {
    var table = document.getElementById(form.getAttribute("data-table"));
    if (!table) { return; }
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr.claims-row"));
    var status = form.querySelector(".claims-status");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));

    function apply() {
      var filters = {};
      selects.forEach(function (s) { filters[s.getAttribute("data-filter")] = s.value; });
      var shown = 0;
      rows.forEach(function (row) {
        var ok = rowMatches(row, filters);
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      if (status) {
        status.textContent = "Showing " + shown + " of " + rows.length + " claims.";
      }
    }

    selects.forEach(function (s) { s.addEventListener("change", apply); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  function sortKey(row, index, column) {
    var cell = row.children[index];
    var text = cell ? cell.textContent.trim() : "";
    if (column === "claims-col-id") {
      return parseInt(text.replace(/[^0-9]/g, ""), 10) || 0;
    }
    if (column === "claims-col-verdict") {
      return VERDICT_ORDER.indexOf(classValue(row, "claims-verdict-"));
    }
    if (column === "claims-col-confidence") {
      return ["high", "medium", "low"].indexOf(text);
    }
    if (column === "claims-col-article") {
      return classValue(row, "claims-art-");
    }
    return text.toLowerCase();
  }

  function setupSorting(table) {
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    var tbody = table.querySelector("tbody");
    if (!tbody) { return; }
    headers.forEach(function (th, index) {
      var column = "";
      for (var i = 0; i < th.classList.length; i++) {
        if (th.classList[i].indexOf("claims-col-") === 0) { column = th.classList[i]; }
      }
      var label = th.textContent.trim();
      var button = document.createElement("button");
      button.type = "button";
      button.className = "claims-sort";
      button.textContent = label;
      button.setAttribute("aria-label", "Sort by " + label);
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(tbody.querySelectorAll("tr"));
        rows.sort(function (a, b) {
          var ka = sortKey(a, index, column);
          var kb = sortKey(b, index, column);
          var cmp = ka < kb ? -1 : (ka > kb ? 1 : 0);
          if (cmp === 0) { cmp = sortKey(a, 0, "claims-col-id") - sortKey(b, 0, "claims-col-id"); }
          return ascending ? cmp : -cmp;
        });
        rows.forEach(function (row) { tbody.appendChild(row); });
      });
    });
  }

  function init() {
    Array.prototype.slice.call(document.querySelectorAll("table.creditlab-claims-table")).forEach(setupSorting);
    Array.prototype.slice.call(document.querySelectorAll("form.claims-filters")).forEach(setupFilters);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
