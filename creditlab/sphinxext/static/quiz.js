/* Self-check quizzes (creditlab.sphinxext.quiz): feedback in the page, no server, no
   network. The questions are plain HTML (fieldset, legend, radio buttons or a text box)
   and work without this script: the reader can open "Answer and reasoning". This script
   adds a Check button that says whether the answer is right and reveals the reasoning in
   an aria-live region. Keyboard: Tab to the options, arrow keys to choose, Tab to Check,
   Enter or Space to check; in a text box, Enter checks. */
(function () {
  "use strict";

  function normalise(text) {
    return text.trim().replace(/\s+/g, " ").toLowerCase();
  }

  function verdictFor(question) {
    if (question.dataset.type === "choice") {
      var chosen = question.querySelector("input[type=radio]:checked");
      if (!chosen) return "none";
      return chosen.dataset.correct === "true" ? "right" : "wrong";
    }
    var input = question.querySelector("input[type=text]");
    var value = normalise(input.value);
    if (!value) return "none";
    var patterns = [];
    try {
      patterns = JSON.parse(input.dataset.accept || "[]");
    } catch (e) {
      patterns = [];
    }
    var ok = patterns.some(function (p) {
      try {
        return new RegExp("^(?:" + p + ")$", "i").test(value);
      } catch (e) {
        return false;
      }
    });
    return ok ? "right" : "wrong";
  }

  var MESSAGES = {
    right: "\u2714 Correct. The reasoning is below.",
    wrong: "\u2718 Not quite. Read the answer and the reasoning below, then try again if you like.",
    none: {
      choice: "Choose an answer first.",
      short: "Type an answer first."
    }
  };

  function check(question) {
    var verdict = verdictFor(question);
    var out = question.querySelector(".kit-quiz-verdict");
    var reveal = question.querySelector(".kit-quiz-reveal");
    question.classList.remove("kit-quiz-right", "kit-quiz-wrong");
    if (verdict === "none") {
      out.textContent = MESSAGES.none[question.dataset.type] || MESSAGES.none.choice;
      return;
    }
    question.classList.add(verdict === "right" ? "kit-quiz-right" : "kit-quiz-wrong");
    out.textContent = MESSAGES[verdict];
    reveal.hidden = false;
    reveal.open = true;
  }

  function init(question) {
    var quiz = question.closest(".kit-quiz");
    var instructor = quiz && quiz.dataset.edition === "instructor";
    var button = question.querySelector(".kit-quiz-check");
    var reveal = question.querySelector(".kit-quiz-reveal");
    if (!button || !reveal) return;
    button.hidden = false;
    if (!instructor) {
      reveal.open = false;
      reveal.hidden = true; /* revealed by Check */
    }
    button.addEventListener("click", function () {
      check(question);
    });
    var input = question.querySelector("input[type=text]");
    if (input) {
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();
          check(question);
        }
      });
    }
    /* A new choice clears an old verdict, so that the feedback always matches the answer. */
    question.querySelectorAll("input").forEach(function (el) {
      el.addEventListener("input", function () {
        var out = question.querySelector(".kit-quiz-verdict");
        if (out.textContent) {
          out.textContent = "";
          question.classList.remove("kit-quiz-right", "kit-quiz-wrong");
        }
      });
    });
  }

  /* MathJax makes every formula a tab stop (for its menu). Inside a question that puts
     several stops between an option and the Check button, so formulas in quizzes are taken
     out of the tab order; screen readers still read them. */
  function untabMath(root) {
    root.querySelectorAll("mjx-container[tabindex]").forEach(function (el) {
      if (el.getAttribute("tabindex") !== "-1") el.setAttribute("tabindex", "-1");
    });
  }

  function start() {
    var questions = document.querySelectorAll(".kit-quiz-question");
    questions.forEach(init);
    var untabAll = function () {
      document.querySelectorAll(".kit-quiz").forEach(untabMath);
    };
    untabAll();
    /* MathJax typesets after the page has loaded: run again once it has finished. */
    var tries = 0;
    var wait = function () {
      var mj = window.MathJax;
      if (mj && mj.startup && mj.startup.promise) {
        mj.startup.promise.then(untabAll);
      } else if (tries++ < 50) {
        window.setTimeout(wait, 200);
      }
    };
    wait();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
