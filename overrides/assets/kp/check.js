// The draft checker in the browser: the same steps as generator/checker.py,
// run on the same rules (api/check-rules.json, generated at build time).
// Keep the two in step; tests/test_check_page.py compares them.
// User text reaches the page through textContent only.
(function () {
  "use strict";

  function compile(source, flags) { return new RegExp(source, (flags || "") + "g"); }

  function each(re, text, fn) {
    re.lastIndex = 0;
    var m;
    while ((m = re.exec(text)) !== null) {
      if (m[0] === "") { re.lastIndex += 1; continue; }
      fn(m);
    }
  }

  function blank(s) { return s.replace(/[^\n]/g, " "); }

  // Blank out what is not prose, keeping every position.
  function mask(text, rs) {
    var lines = text.split("\n");
    var fence = new RegExp(rs.fence);
    var endFront = null;
    if (lines[0] === "---") {
      for (var j = 1; j < lines.length; j++) {
        if (lines[j] === "---" || lines[j] === "...") { endFront = j; break; }
      }
    }
    var out = [], opened = null;
    lines.forEach(function (line, i) {
      var m = fence.exec(line);
      if (endFront !== null && i <= endFront) {
        out.push(blank(line));
      } else if (opened) {
        out.push(blank(line));
        if (m && m[1][0] === opened[0] && m[1].length >= opened.length &&
            line.slice(m[0].length).replace(/[ \t]/g, "") === "") opened = null;
      } else if (m) {
        opened = m[1];
        out.push(blank(line));
      } else {
        out.push(line);
      }
    });
    var masked = out.join("\n");
    rs.masks.forEach(function (source) { masked = masked.replace(compile(source), blank); });
    return masked;
  }

  function count(s) { return Array.from(s).length; }  // characters (code points), as in Python

  function check(text, rs) {
    text = text.replace(/\r\n/g, "\n").replace(/\r/g, "\n");
    var masked = mask(text, rs);
    var sentences = [];
    each(compile(rs.sentence), masked, function (m) {
      sentences.push([m.index, m.index + m[0].replace(/[ \t]+$/, "").length]);
    });

    var hits = [];
    rs.rules.forEach(function (rule, index) {
      if (rule.kind !== "match") return;
      var find = compile(rule.find, rule.flags);
      var when = rule.when && new RegExp(rule.when, rule.flags);
      var unless = rule.unless && new RegExp(rule.unless, rule.flags);
      sentences.forEach(function (s) {
        var chunk = masked.slice(s[0], s[1]);
        if ((when && !when.test(chunk)) || (unless && unless.test(chunk))) return;
        each(find, chunk, function (m) { hits.push([s[0] + m.index, s[0] + m.index + m[0].length, index, {}]); });
      });
    });

    var paragraphs = [];
    var breaks = new RegExp(rs.paragraph_break);
    sentences.forEach(function (s) {
      var last = paragraphs[paragraphs.length - 1];
      if (last && !breaks.test(masked.slice(last[last.length - 1][1], s[0]))) last.push(s);
      else paragraphs.push([s]);
    });
    var word = compile(rs.word), notProse = new RegExp(rs.not_prose), ends = new RegExp(rs.ends_sentence);
    paragraphs.forEach(function (para) {
      var body = masked.slice(para[0][0], para[para.length - 1][1]);
      if (notProse.test(body)) return;
      var words = 0;
      each(word, body, function () { words += 1; });
      var n = para.length;
      rs.rules.forEach(function (rule, index) {
        if (rule.kind === "long" && (words > rule.max_words || n > rule.max_sentences)) {
          hits.push([para[0][0], para[0][1], index, { words: words, sentences: n }]);
        } else if (rule.kind === "short" && paragraphs.length > 1 && n === 1 && words > 0 &&
                   words <= rule.max_words && ends.test(body)) {
          hits.push([para[0][0], para[0][1], index, {}]);
        }
      });
    });

    hits.sort(function (a, b) { return a[0] - b[0] || a[2] - b[2]; });
    return hits.map(function (h) {
      var rule = rs.rules[h[2]];
      var lineStart = h[0] === 0 ? 0 : text.lastIndexOf("\n", h[0] - 1) + 1;
      var matched = text.slice(h[0], h[1]);
      var message = rule.message.split("{match}").join(matched);
      Object.keys(h[3]).forEach(function (key) { message = message.split("{" + key + "}").join(String(h[3][key])); });
      return {
        line: text.slice(0, h[0]).split("\n").length,
        column: count(text.slice(lineStart, h[0])) + 1,
        length: count(matched),
        text: matched, level: rule.level, rule: rule.id, pattern: rule.pattern, message: message, url: rule.url
      };
    });
  }

  window.kpCheck = check;

  // -- the page ------------------------------------------------------------------

  function render(root, findings, rules) {
    var names = {};
    rules.rules.forEach(function (rule) { names[rule.pattern] = rule.name; });
    var list = root.querySelector(".kp-check__findings");
    var summary = root.querySelector(".kp-check__summary");
    list.textContent = "";
    var counts = { warning: 0, info: 0, good: 0 };
    findings.forEach(function (f) {
      counts[f.level] += 1;
      var item = document.createElement("li");
      item.className = "kp-finding kp-finding--" + f.level;
      item.setAttribute("data-line", f.line);
      item.setAttribute("data-column", f.column);
      item.setAttribute("data-rule", f.rule);
      item.setAttribute("data-level", f.level);
      var where = document.createElement("span");
      where.className = "kp-finding__where";
      where.textContent = f.line + ":" + f.column;
      var level = document.createElement("span");
      level.className = "kp-finding__level";
      level.textContent = root.getAttribute("data-label-" + f.level) || f.level;
      var message = document.createElement("span");
      message.className = "kp-finding__message";
      message.textContent = f.message;
      var link = document.createElement("a");
      link.className = "kp-finding__link";
      link.href = f.url;
      link.textContent = names[f.pattern] || f.pattern;
      item.append(where, " ", level, " ", message, " ", link);
      list.appendChild(item);
    });
    summary.textContent = findings.length
      ? root.getAttribute("data-summary").replace("{warning}", counts.warning)
          .replace("{info}", counts.info).replace("{good}", counts.good)
      : root.getAttribute("data-none");
  }

  function setUp() {
    var root = document.querySelector("[data-kp-check]");
    if (!root || root.getAttribute("data-kp-ready") === "on") return;
    root.setAttribute("data-kp-ready", "on");
    var area = root.querySelector("textarea");
    var button = root.querySelector(".kp-check__run");
    fetch(root.getAttribute("data-rules")).then(function (r) { return r.json(); }).then(function (rules) {
      var timer = null;
      function run() { render(root, check(area.value, rules), rules); }
      button.addEventListener("click", run);
      area.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(run, 300);
      });
      button.disabled = false;
      root.setAttribute("data-kp-loaded", "on");
      if (area.value) run();
    });
  }

  // Loaded by site.js when a page needs it, possibly after the page was set up.
  if (window.document$) window.document$.subscribe(setUp);
  else document.addEventListener("DOMContentLoaded", setUp);
  if (document.readyState !== "loading") setUp();
})();
