// The draft checker page: loads check-engine.js (the same steps as generator/check/), runs it in
// a Web Worker with a time limit, lists the findings and marks them in the draft.
// User text reaches the page through textContent only.
(function () {
  "use strict";
  // UI text from the page's #kp-strings block (site.js kpWords): the script holds no words of its own.
  // (The worker, which has no window, never shows text.)
  function words() { return typeof window !== "undefined" && window.kpWords ? window.kpWords() : {}; }

  var TIME_LIMIT_MS = 5000;
  var SELF = document.currentScript && document.currentScript.src;
  function run(text, rules) { return window.kpEngine.run(text, rules); }

  // -- the page ------------------------------------------------------------------

  function renderList(root, result, rules) {
    var names = {};
    rules.rules.forEach(function (rule) { names[rule.pattern] = rule.name; });
    var list = root.querySelector(".kp-check__findings");
    list.textContent = "";
    result.findings.forEach(function (f, i) {
      var item = document.createElement("li");
      item.className = "kp-finding kp-finding--" + f.level;
      item.setAttribute("data-line", f.line);
      item.setAttribute("data-column", f.column);
      item.setAttribute("data-rule", f.rule);
      item.setAttribute("data-level", f.level);
      var where = document.createElement("a");
      where.className = "kp-finding__where";
      where.href = "#kp-mark-" + i;
      where.textContent = f.line + ":" + f.column;
      var level = document.createElement("span");
      level.className = "kp-finding__level";
      level.textContent = (words()["check_level_" + f.level] || f.level);
      var message = document.createElement("span");
      message.className = "kp-finding__message";
      message.textContent = f.message;
      var link = document.createElement("a");
      link.className = "kp-finding__link";
      var target = new URL(f.url, window.location.href);  // a rules file's link: http(s) or this site only
      if (target.protocol === "https:" || target.protocol === "http:") link.href = target.href;
      link.textContent = names[f.pattern] || f.pattern;
      item.append(where, " ", level, " ", message, " ", link);
      list.appendChild(item);
    });
  }

  // The draft again, each finding marked where it is: a <mark> reachable with Tab, its message as its label.
  // A word's mark nests inside its paragraph's; a mark that would cross another is left out (it stays listed).
  function renderMarks(root, result) {
    var box = root.querySelector(".kp-check__marked"), text = result.text, spans = result.spans;
    box.textContent = "";
    var order = spans.map(function (s, i) { return i; }).filter(function (i) { return spans[i][1] > spans[i][0]; });
    order.sort(function (a, b) { return spans[a][0] - spans[b][0] || spans[b][1] - spans[a][1] || a - b; });
    var stack = [{ node: box, end: Infinity }], pos = 0;
    function close(until) {
      while (stack.length > 1 && stack[stack.length - 1].end <= until) {
        var top = stack.pop();
        top.node.append(text.slice(pos, top.end));
        pos = top.end;
      }
    }
    order.forEach(function (i) {
      var span = spans[i], f = result.findings[i];
      close(span[0]);
      var parent = stack[stack.length - 1];
      if (span[1] > parent.end) return;
      parent.node.append(text.slice(pos, span[0]));
      pos = span[0];
      var mark = document.createElement("mark");
      mark.id = "kp-mark-" + i;
      mark.className = "kp-mark kp-mark--" + f.level;
      mark.tabIndex = 0;
      mark.title = f.message;
      mark.setAttribute("aria-label", ((words()["check_level_" + f.level] || f.level)) + ": " + f.message);
      parent.node.append(mark);
      stack.push({ node: mark, end: span[1] });
    });
    close(Infinity);
    box.append(text.slice(pos));
    box.hidden = result.findings.length === 0;
  }

  function render(root, result, rules) {
    var counts = { warning: 0, info: 0, good: 0 };
    result.findings.forEach(function (f) { counts[f.level] += 1; });
    renderList(root, result, rules);
    renderMarks(root, result);
    root.querySelector(".kp-check__summary").textContent = result.findings.length
      ? words().check_summary.replace("{warning}", counts.warning)
          .replace("{info}", counts.info).replace("{good}", counts.good)
      : words().check_none;
  }

  // One worker per check: a check that outlives the time limit is stopped, and the page says so.
  function checker(root, rules) {
    var worker = null, timer = null;
    function stop() {
      if (worker) worker.terminate();
      window.clearTimeout(timer);
      worker = null;
    }
    return function (text) {
      stop();
      if (!window.Worker || !window.kpEngine.src) { render(root, run(text, rules), rules); return; }
      worker = new Worker(window.kpEngine.src);
      var mine = worker;
      root.setAttribute("data-kp-busy", "on");
      worker.onmessage = function (event) {
        if (mine !== worker) return;
        stop();
        root.removeAttribute("data-kp-busy");
        render(root, event.data, rules);
      };
      timer = window.setTimeout(function () {
        stop();
        root.removeAttribute("data-kp-busy");
        root.querySelector(".kp-check__summary").textContent = words().check_too_long;
      }, TIME_LIMIT_MS);
      worker.postMessage({ text: text, rules: rules });
    };
  }

  function setUp() {
    var root = document.querySelector("[data-kp-check]");
    if (!root || root.getAttribute("data-kp-ready") === "on") return;
    root.setAttribute("data-kp-ready", "on");
    var area = root.querySelector("textarea");
    var button = root.querySelector(".kp-check__run");
    // Rules only from this site: a page's own data-rules could point elsewhere (the build refuses that too).
    var source = new URL(root.getAttribute("data-rules") || "", window.location.href);
    if (source.origin !== window.location.origin) return;
    fetch(source.href).then(function (r) { return r.json(); }).then(function (rules) {
      var timer = null, go = checker(root, rules);
      function runNow() { go(area.value); }
      button.addEventListener("click", runNow);
      area.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(runNow, 300);
      });
      button.disabled = false;
      root.setAttribute("data-kp-loaded", "on");
      if (area.value) runNow();
    });
  }

  // The engine first (once), then the page; check.js is loaded by site.js when a page needs it,
  // possibly after the page was set up.
  function start() {
    if (window.document$) window.document$.subscribe(setUp);
    else document.addEventListener("DOMContentLoaded", setUp);
    if (document.readyState !== "loading") setUp();
  }
  if (window.kpEngine) { start(); return; }
  var script = document.createElement("script");
  script.src = SELF.replace(/check\.js([?#].*)?$/, "check-engine.js$1");
  script.addEventListener("load", start);
  document.head.appendChild(script);
})();
