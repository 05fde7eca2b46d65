/* Reach every reader (plain JavaScript, no network).
   - Links to other sites get a data-print-url attribute when their text is not already the
     address, so that the print stylesheet (and the PDFs) print where they lead.
   - Before printing, every folded <details> is opened (and closed again afterwards).
   - Opened from files (the offline bundle), the in-browser notebooks cannot start: their
     links then say how to start a local web server instead. */
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

  window.creditlabPreparePrint = openAll;
  window.addEventListener("beforeprint", openAll);
  window.addEventListener("afterprint", closeAgain);
  function init() {
    markExternalLinks();
    explainFileLinks();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
