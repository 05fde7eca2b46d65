/* On a narrow screen, a table too wide for its column is shown as one card per row, each
   cell headed by its column's name, instead of a box that scrolls sideways. The column
   names are added as hidden-from-assistive-technology labels, and the table keeps explicit
   ARIA table roles, so a screen reader still reads it as a table with its headers. Tables
   with merged cells, fewer than three columns, no header row, or controls in their header
   (the claim audit's sort buttons, which must stay visible) are left as they are.
   Without JavaScript a wide table scrolls inside its own box (creditlab.css). */
(function () {
  "use strict";
  var NARROW = window.matchMedia("(max-width: 640px)");

  function prepare(table) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.replace(/\s+/g, " ").trim();
    });
    if (heads.length < 3 || table.querySelector("[rowspan], [colspan]")) return false;
    if (table.classList.contains("creditlab-claims-table") || table.querySelector("thead button, thead a, thead input, thead select")) return false;
    var rows = table.querySelectorAll("tbody tr");
    if (!rows.length) return false;
    table.setAttribute("role", "table");
    Array.prototype.forEach.call(table.querySelectorAll("thead, tbody"), function (g) { g.setAttribute("role", "rowgroup"); });
    Array.prototype.forEach.call(table.querySelectorAll("tr"), function (tr) { tr.setAttribute("role", "row"); });
    Array.prototype.forEach.call(table.querySelectorAll("thead th"), function (th) { th.setAttribute("role", "columnheader"); });
    Array.prototype.forEach.call(rows, function (tr) {
      Array.prototype.forEach.call(tr.children, function (cell, i) {
        cell.setAttribute("role", cell.tagName === "TH" ? "rowheader" : "cell");
        if (!cell.textContent.trim() && !cell.querySelector("img, svg")) cell.classList.add("creditlab-empty-cell");
        if (!heads[i]) return;
        var label = document.createElement("span");
        label.className = "creditlab-cell-label";
        label.setAttribute("aria-hidden", "true");
        label.textContent = heads[i];
        cell.insertBefore(label, cell.firstChild);
      });
    });
    return true;
  }

  function update() {
    var tables = document.querySelectorAll("article.bd-article table");
    Array.prototype.forEach.call(tables, function (table) {
      if (!table.dataset.creditlabStack) table.dataset.creditlabStack = prepare(table) ? "yes" : "no";
      if (table.dataset.creditlabStack !== "yes") return;
      table.classList.remove("creditlab-stacked");
      if (!NARROW.matches) return;
      var box = table.parentElement;
      if (table.scrollWidth > box.clientWidth + 1) table.classList.add("creditlab-stacked");
    });
  }

  var pending = null;
  function later() {
    if (pending) window.clearTimeout(pending);
    pending = window.setTimeout(update, 100);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", update);
  else update();
  window.addEventListener("resize", later);
})();
