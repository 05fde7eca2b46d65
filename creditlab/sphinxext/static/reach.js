/* Reach every reader (plain JavaScript, no network).
   - Links to other sites get a data-print-url attribute when their text is not already the
     address, so that the print stylesheet (and the PDFs) print where they lead.
   - Before printing, every folded <details> is opened (and closed again afterwards).
   - Opened from files (the offline bundle), the in-browser notebooks cannot start: their
     links then say how to start a local web server instead.
   - Accessibility fixes of the theme: the primary sidebar (site title, search, chapters) is
     a labelled landmark, and the boxes that the theme makes keyboard-scrollable (wide tables,
     code) get a role and a name, so that a screen reader says what receives the focus. */
(function () {
  "use strict";

  function markExternalLinks() {
    var links = document.querySelectorAll('.bd-article a[href^="http"]');
    for (var i = 0; i < links.length; i++) {
      var a = links[i];
      var text = (a.textContent || "").trim().replace(/\/$/, "");
      var href = a.getAttribute("href").replace(/\/$/, "");
      if (text && text !== href && text.indexOf(href) === -1 && !a.closest(".reach-run")) {
        a.setAttribute("data-print-url", a.getAttribute("href"));
      }
    }
  }

  var reopened = [];
  function openAll() {
    var closed = document.querySelectorAll("details:not([open])");
    for (var i = 0; i < closed.length; i++) {
      closed[i].setAttribute("open", "");
      reopened.push(closed[i]);
    }
  }
  function closeAgain() {
    while (reopened.length) {
      reopened.pop().removeAttribute("open");
    }
  }

  function explainFileLinks() {
    if (window.location.protocol !== "file:") {
      return;
    }
    var links = document.querySelectorAll('a.reach-run-lite, a[href*="lite/notebooks/index.html"]');
    for (var i = 0; i < links.length; i++) {
      links[i].addEventListener("click", function (event) {
        event.preventDefault();
        var panel = document.querySelector(".reach-run") || document.querySelector(".bd-article");
        var note = document.querySelector(".reach-run-file-note");
        if (!note && panel) {
          note = document.createElement("p");
          note.className = "reach-run-file-note";
          note.setAttribute("role", "status");
          note.textContent =
            "This copy of the book is opened from files, and browsers run notebooks only from a web " +
            "server. Open a terminal in the book's folder, type: python -m http.server 8000 " +
            "and visit http://127.0.0.1:8000/ to run them in your browser.";
          panel.appendChild(note);
        }
        if (note) {
          note.scrollIntoView({ block: "nearest" });
        }
      });
    }
  }

  function labelSidebar() {
    var sidebar = document.querySelector(".bd-sidebar-primary");
    if (sidebar && !sidebar.getAttribute("role")) {
      sidebar.setAttribute("role", "complementary");
      sidebar.setAttribute("aria-label", "Book contents and search");
    }
  }

  function nameOf(box) {
    var caption = box.querySelector("caption");
    if (caption && caption.textContent.trim()) {
      return "Table: " + caption.textContent.trim().replace(/\s+/g, " ").slice(0, 120);
    }
    if (box.querySelector("table")) {
      return "Table";
    }
    return box.matches(".cell_output > .output, .output") ? "Cell output" : "Code";
  }

  function labelScrollables() {
    var boxes = document.querySelectorAll(
      ".pst-scrollable-table-container, pre, .cell_output > .output, .nboutput > .output_area"
    );
    var used = {};
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.tabIndex === 0 && box.getAttribute("tabindex") === "0") {
        if (!box.getAttribute("role") || box.hasAttribute("data-reach-region")) {
          // Landmarks need distinct names: number the ones that would repeat.
          var name = nameOf(box);
          used[name] = (used[name] || 0) + 1;
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", used[name] > 1 ? name + " " + used[name] : name);
          box.setAttribute("data-reach-region", "");
        }
      } else if (box.hasAttribute("data-reach-region")) {
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        box.removeAttribute("data-reach-region");
      }
    }
  }

  function watchScrollables() {
    labelScrollables();
    var main = document.getElementById("main-content") || document.body;
    if (window.MutationObserver) {
      new MutationObserver(labelScrollables).observe(main, {
        subtree: true,
        attributes: true,
        attributeFilter: ["tabindex"],
      });
    }
  }

  window.creditlabPreparePrint = openAll;
  window.addEventListener("beforeprint", openAll);
  window.addEventListener("afterprint", closeAgain);
  function init() {
    markExternalLinks();
    explainFileLinks();
    labelSidebar();
    watchScrollables();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
