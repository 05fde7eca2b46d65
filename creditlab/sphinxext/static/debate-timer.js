/* The debate studio's round timer, flow sheet and drill timers.
 *
 * Plain JavaScript, shipped with the book: no network, no libraries. Every control is a
 * real <button>, <select> or <input>, so the whole tool works from the keyboard; changes
 * that matter (points of information open or closed, one minute left, time up) are
 * announced in a polite live region. The flow sheet is saved in the browser's
 * localStorage as you type, so a reload does not lose a judge's notes.
 */
(function () {
  "use strict";

  function clock(seconds) {
    var s = Math.max(0, Math.round(seconds));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "class") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function storage() {
    try {
      var key = "__creditlab_test__";
      window.localStorage.setItem(key, "1");
      window.localStorage.removeItem(key);
      return window.localStorage;
    } catch (e) {
      return null; // private mode: the flow still works, it just is not kept
    }
  }

  var uid = 0;

  function Timer(root) {
    uid += 1;
    this.root = root;
    this.prefix = root.id || "debate-timer-" + uid;
    var payload = JSON.parse(root.querySelector("script.debate-timer-data").textContent);
    this.formats = payload.formats;
    this.format = root.getAttribute("data-initial") || payload.initial;
    this.store = storage();
    this.running = false;
    this.elapsed = 0; // seconds in the current speech
    this.startedAt = null;
    this.index = 0;
    this.prep = { prop: 0, opp: 0 };
    this.prepRunning = null;
    this.lastState = "";
    this.build();
    this.loadFormat(this.format);
    var self = this;
    window.setInterval(function () { self.tick(); }, 200);
  }

  Timer.prototype.build = function () {
    var root = this.root, self = this, p = this.prefix;
    var fallback = root.querySelector(".debate-timer-fallback");
    if (fallback) fallback.hidden = true;

    var head = el("div", { class: "debate-timer-head" });
    var label = el("label", { for: p + "-format" }, "Format ");
    this.select = el("select", { id: p + "-format", class: "debate-timer-format" });
    Object.keys(this.formats).forEach(function (id) {
      self.select.appendChild(el("option", { value: id }, self.formats[id].name));
    });
    this.select.addEventListener("change", function () { self.loadFormat(self.select.value); });
    label.appendChild(this.select);
    head.appendChild(label);
    root.appendChild(head);

    var panel = el("div", { class: "debate-timer-panel" });
    this.title = el("p", { class: "debate-timer-speech", id: p + "-speech" });
    this.display = el("div", { class: "debate-timer-clock", role: "timer", "aria-labelledby": p + "-speech", "aria-live": "off" }, "0:00");
    this.status = el("p", { class: "debate-timer-status" });
    this.bar = el("div", { class: "debate-timer-bar", "aria-hidden": "true" });
    this.barFill = el("div", { class: "debate-timer-bar-fill" });
    this.bar.appendChild(this.barFill);
    panel.appendChild(this.title);
    panel.appendChild(this.display);
    panel.appendChild(this.status);
    panel.appendChild(this.bar);

    var controls = el("div", { class: "debate-timer-controls", role: "group", "aria-label": "Timer controls" });
    this.prevBtn = el("button", { type: "button", class: "debate-button" }, "Previous speech");
    this.startBtn = el("button", { type: "button", class: "debate-button debate-primary", "aria-pressed": "false" }, "Start");
    this.resetBtn = el("button", { type: "button", class: "debate-button" }, "Reset speech");
    this.nextBtn = el("button", { type: "button", class: "debate-button" }, "Next speech");
    [this.prevBtn, this.startBtn, this.resetBtn, this.nextBtn].forEach(function (b) { controls.appendChild(b); });
    this.prevBtn.addEventListener("click", function () { self.go(self.index - 1); });
    this.nextBtn.addEventListener("click", function () { self.go(self.index + 1); });
    this.resetBtn.addEventListener("click", function () { self.pause(); self.elapsed = 0; self.render(true); });
    this.startBtn.addEventListener("click", function () { self.running ? self.pause() : self.start(); });
    panel.appendChild(controls);

    this.prepBox = el("div", { class: "debate-timer-prep", role: "group", "aria-label": "Preparation time" });
    panel.appendChild(this.prepBox);
    root.appendChild(panel);

    this.live = el("p", { class: "debate-visually-hidden", "aria-live": "polite", role: "status" });
    root.appendChild(this.live);

    var listHead = el("h4", { class: "debate-timer-h" }, "Speeches (choose one to jump to it; change a length for your league)");
    root.appendChild(listHead);
    this.list = el("ol", { class: "debate-timer-list" });
    root.appendChild(this.list);

    var flowHead = el("h4", { class: "debate-timer-h", id: p + "-flow-title" }, "Flow sheet");
    root.appendChild(flowHead);
    var flowHelp = el("p", { class: "debate-timer-help" },
      "One column per speech. Note each argument in the column of the speech that made it, and the answers across from it. Your notes are kept in this browser until you clear them.");
    root.appendChild(flowHelp);
    this.flowWrap = el("div", { class: "debate-flow-wrap", role: "region", tabindex: "0", "aria-labelledby": p + "-flow-title" });
    root.appendChild(this.flowWrap);
    var flowControls = el("div", { class: "debate-timer-controls", role: "group", "aria-label": "Flow sheet controls" });
    this.addRowBtn = el("button", { type: "button", class: "debate-button" }, "Add a row");
    this.downloadBtn = el("button", { type: "button", class: "debate-button" }, "Download flow (CSV)");
    this.clearBtn = el("button", { type: "button", class: "debate-button" }, "Clear flow");
    [this.addRowBtn, this.downloadBtn, this.clearBtn].forEach(function (b) { flowControls.appendChild(b); });
    this.addRowBtn.addEventListener("click", function () { self.flowRows += 1; self.saveFlow(); self.renderFlow(); });
    this.downloadBtn.addEventListener("click", function () { self.downloadFlow(); });
    this.clearBtn.addEventListener("click", function () {
      if (window.confirm("Clear every note in this flow sheet?")) {
        self.flow = {}; self.flowRows = 6; self.saveFlow(); self.renderFlow();
        self.announce("Flow sheet cleared.");
      }
    });
    root.appendChild(flowControls);
  };

  Timer.prototype.key = function (what) { return "creditlab-debate-" + what + "-" + this.format; };

  Timer.prototype.loadFormat = function (id) {
    this.pause();
    this.format = id;
    this.select.value = id;
    var f = this.formats[id];
    var saved = this.store ? JSON.parse(this.store.getItem(this.key("minutes")) || "null") : null;
    this.speeches = f.speeches.map(function (s, i) {
      var copy = Object.assign({}, s);
      if (saved && typeof saved[i] === "number") copy.minutes = saved[i];
      return copy;
    });
    this.index = 0;
    this.elapsed = 0;
    this.prep = { prop: (f.prep || 0) * 60, opp: (f.prep || 0) * 60 };
    this.prepRunning = null;
    this.renderList();
    this.renderPrep();
    var flow = this.store ? JSON.parse(this.store.getItem(this.key("flow")) || "null") : null;
    this.flow = (flow && flow.cells) || {};
    this.flowRows = (flow && flow.rows) || 6;
    this.renderFlow();
    this.render(true);
  };

  Timer.prototype.current = function () { return this.speeches[this.index]; };

  Timer.prototype.now = function () { return Date.now() / 1000; };

  Timer.prototype.start = function () {
    if (this.prepRunning) this.stopPrep();
    this.running = true;
    this.startedAt = this.now() - this.elapsed;
    this.startBtn.textContent = "Pause";
    this.startBtn.setAttribute("aria-pressed", "true");
    this.announce(this.current().name + " started.");
  };

  Timer.prototype.pause = function () {
    if (!this.running) return;
    this.elapsed = this.now() - this.startedAt;
    this.running = false;
    this.startBtn.textContent = "Start";
    this.startBtn.setAttribute("aria-pressed", "false");
  };

  Timer.prototype.go = function (i) {
    if (i < 0 || i >= this.speeches.length) return;
    this.pause();
    this.index = i;
    this.elapsed = 0;
    this.lastState = "";
    this.renderList();
    this.render(true);
    this.announce("Now: " + this.current().name + ", " + this.current().minutes + " minutes.");
  };

  Timer.prototype.state = function () {
    var s = this.current(), t = this.elapsed, total = s.minutes * 60;
    if (t >= total) return "over";
    if (s.poi_from !== null && s.poi_from !== undefined) {
      if (t < s.poi_from * 60) return "protected-start";
      if (t < s.poi_to * 60) return "poi";
      return "protected-end";
    }
    if (total - t <= 60 && total > 60) return "last-minute";
    return "running";
  };

  Timer.prototype.statusText = function (state) {
    var s = this.current();
    switch (state) {
      case "over": return "Time is up: finish your sentence.";
      case "protected-start": return "Protected time: no points of information until " + clock(s.poi_from * 60) + ".";
      case "poi": return "Points of information may be offered until " + clock(s.poi_to * 60) + ".";
      case "protected-end": return "Protected time: no more points of information.";
      case "last-minute": return "Last minute.";
      default:
        if (s.kind === "reply") return "Reply speech: protected throughout.";
        if (s.kind === "cx" || s.kind === "crossfire") return "Questions period.";
        return "Speaking.";
    }
  };

  Timer.prototype.tick = function () {
    if (this.running) {
      this.elapsed = this.now() - this.startedAt;
      this.render(false);
    }
    if (this.prepRunning) {
      var side = this.prepRunning;
      this.prep[side] = Math.max(0, this.prepEnd - this.now());
      if (this.prep[side] <= 0) {
        this.stopPrep();
        this.announce("Preparation time used up for " + this.formats[this.format][side] + ".");
      }
      this.renderPrep();
    }
  };

  Timer.prototype.render = function (force) {
    var s = this.current(), total = s.minutes * 60;
    var left = total - this.elapsed;
    this.title.textContent = (this.index + 1) + " of " + this.speeches.length + ": " + s.name + " (" + s.speaker + ", " + clock(total) + ")";
    this.display.textContent = left >= 0 ? clock(left) : "+" + clock(-left) + " over";
    var state = this.state();
    this.root.setAttribute("data-state", state);
    this.status.textContent = this.statusText(state);
    this.barFill.style.width = Math.min(100, (this.elapsed / total) * 100) + "%";
    if (state !== this.lastState) {
      if (!force && this.running) {
        if (state === "poi") this.announce("Points of information open.");
        else if (state === "protected-end") this.announce("Points of information closed.");
        else if (state === "last-minute") this.announce("One minute left.");
        else if (state === "over") this.announce("Time is up.");
      }
      this.lastState = state;
    }
    this.prevBtn.disabled = this.index === 0;
    this.nextBtn.disabled = this.index === this.speeches.length - 1;
  };

  Timer.prototype.announce = function (text) {
    this.live.textContent = "";
    var live = this.live;
    window.setTimeout(function () { live.textContent = text; }, 30);
  };

  Timer.prototype.renderList = function () {
    var self = this, p = this.prefix;
    this.list.innerHTML = "";
    this.speeches.forEach(function (s, i) {
      var li = el("li");
      var b = el("button", { type: "button", class: "debate-link-button" }, s.name + " (" + s.speaker + ")");
      if (i === self.index) b.setAttribute("aria-current", "step");
      b.addEventListener("click", function () { self.go(i); });
      var id = p + "-len-" + i;
      var lab = el("label", { for: id, class: "debate-len-label" }, " minutes ");
      var input = el("input", { id: id, type: "number", min: "0.5", max: "15", step: "0.5", value: String(s.minutes), class: "debate-len" });
      input.setAttribute("aria-label", "Length of " + s.name + " in minutes");
      input.addEventListener("change", function () {
        var v = parseFloat(input.value);
        if (!(v >= 0.5 && v <= 15)) { input.value = String(s.minutes); self.announce("A speech must last between half a minute and 15 minutes."); return; }
        s.minutes = v;
        if (self.store) self.store.setItem(self.key("minutes"), JSON.stringify(self.speeches.map(function (x) { return x.minutes; })));
        if (i === self.index) self.render(true);
      });
      li.appendChild(b);
      li.appendChild(lab);
      li.appendChild(input);
      self.list.appendChild(li);
    });
  };

  Timer.prototype.renderPrep = function () {
    var self = this, f = this.formats[this.format];
    this.prepBox.innerHTML = "";
    if (!f.prep) { this.prepBox.hidden = true; return; }
    this.prepBox.hidden = false;
    ["prop", "opp"].forEach(function (side) {
      var running = self.prepRunning === side;
      var b = el("button", { type: "button", class: "debate-button", "aria-pressed": running ? "true" : "false" },
        (running ? "Stop " : "Start ") + f[side] + " prep (" + clock(self.prep[side]) + " left)");
      b.disabled = self.prep[side] <= 0 && !running;
      b.addEventListener("click", function () { running ? self.stopPrep() : self.startPrep(side); self.renderPrep(); });
      self.prepBox.appendChild(b);
    });
  };

  Timer.prototype.startPrep = function (side) {
    this.pause();
    this.prepRunning = side;
    this.prepEnd = this.now() + this.prep[side];
    this.announce(this.formats[this.format][side] + " preparation time running.");
  };

  Timer.prototype.stopPrep = function () {
    if (!this.prepRunning) return;
    this.prep[this.prepRunning] = Math.max(0, this.prepEnd - this.now());
    this.prepRunning = null;
  };

  Timer.prototype.flowSpeeches = function () {
    return this.speeches.map(function (s, i) { return { s: s, i: i }; }).filter(function (x) { return x.s.kind === "speech" || x.s.kind === "reply"; });
  };

  Timer.prototype.renderFlow = function () {
    var self = this, p = this.prefix, cols = this.flowSpeeches();
    var table = el("table", { class: "debate-flow" });
    table.appendChild(el("caption", {}, "Flow sheet: " + this.formats[this.format].name));
    var thead = el("thead"), hr = el("tr");
    hr.appendChild(el("th", { scope: "col" }, "Row"));
    cols.forEach(function (c) { hr.appendChild(el("th", { scope: "col", class: "debate-flow-" + c.s.side }, c.s.name)); });
    thead.appendChild(hr);
    table.appendChild(thead);
    var tbody = el("tbody");
    for (var r = 0; r < this.flowRows; r++) {
      var tr = el("tr");
      tr.appendChild(el("th", { scope: "row" }, String(r + 1)));
      cols.forEach(function (c) {
        var td = el("td");
        var key = r + ":" + c.i;
        var ta = el("textarea", { rows: "2", "aria-label": c.s.name + ", row " + (r + 1), "data-key": key, class: "debate-flow-cell" });
        ta.value = self.flow[key] || "";
        ta.addEventListener("input", function () {
          if (ta.value) self.flow[key] = ta.value; else delete self.flow[key];
          self.saveFlow();
        });
        td.appendChild(ta);
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    }
    table.appendChild(tbody);
    this.flowWrap.innerHTML = "";
    this.flowWrap.appendChild(table);
    void p;
  };

  Timer.prototype.saveFlow = function () {
    if (this.store) this.store.setItem(this.key("flow"), JSON.stringify({ rows: this.flowRows, cells: this.flow }));
  };

  Timer.prototype.downloadFlow = function () {
    var cols = this.flowSpeeches(), lines = [];
    function q(t) { return '"' + String(t).replace(/"/g, '""') + '"'; }
    lines.push(["row"].concat(cols.map(function (c) { return q(c.s.name); })).join(","));
    for (var r = 0; r < this.flowRows; r++) {
      var self = this;
      lines.push([r + 1].concat(cols.map(function (c) { return q(self.flow[r + ":" + c.i] || ""); })).join(","));
    }
    var blob = new Blob([lines.join("\n") + "\n"], { type: "text/csv" });
    var a = el("a", { href: URL.createObjectURL(blob), download: "flow-" + this.format + ".csv" });
    document.body.appendChild(a);
    a.click();
    window.setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    this.announce("Flow sheet downloaded as CSV.");
  };

  function DrillTimer(root) {
    var seconds = parseInt(root.getAttribute("data-seconds"), 10) || 60;
    var button = root.querySelector(".debate-drill-start");
    var out = root.querySelector(".debate-drill-clock");
    var live = el("span", { class: "debate-visually-hidden", "aria-live": "polite" });
    root.appendChild(live);
    var end = null, handle = null;
    var label = button.textContent;
    function stop(msg) {
      window.clearInterval(handle); handle = null; end = null;
      button.textContent = label; button.setAttribute("aria-pressed", "false");
      if (msg) live.textContent = msg;
    }
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", function () {
      if (handle) { stop("Drill timer stopped."); return; }
      end = Date.now() / 1000 + seconds;
      button.textContent = "Stop timer";
      button.setAttribute("aria-pressed", "true");
      live.textContent = "Drill timer started: " + seconds + " seconds.";
      handle = window.setInterval(function () {
        var left = end - Date.now() / 1000;
        out.textContent = clock(left);
        root.setAttribute("data-state", left <= 0 ? "over" : "running");
        if (left <= 0) stop("Time is up.");
      }, 200);
    });
  }

  function init() {
    document.querySelectorAll(".debate-timer").forEach(function (root) {
      if (!root.getAttribute("data-ready")) { root.setAttribute("data-ready", "1"); root.debateTimer = new Timer(root); }
    });
    document.querySelectorAll(".debate-drill-timer").forEach(function (root) {
      if (!root.getAttribute("data-ready")) { root.setAttribute("data-ready", "1"); DrillTimer(root); }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
