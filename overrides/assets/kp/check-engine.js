// The draft checker's engine: the same steps as generator/check/engine.py and checker.py,
// run on the same rules (api/check-rules.json, generated at build time). Keep the two in
// step; tests/test_check_page.py compares them. check.js (the page) loads this file, and
// runs it again as a Web Worker so a huge draft never blocks the tab.
(function () {
  "use strict";

  var MAX_GAP = 3, MAX_TOKEN = 80;
  var TRIM_LEAD = "(<[\"'*_", TRIM_TRAIL = ".,;:!?)>]\"'*_", GAP_CHARS = " \t\n-,;:";

  function compile(source, flags) { return new RegExp(source, (flags || "") + "g"); }
  function anchored(source, flags) { return new RegExp("^(?:" + source + ")", flags || ""); }
  function blank(s) { return s.replace(/[^\n]/g, " "); }
  function strip(s) { return s.replace(/^[ \t]+|[ \t]+$/g, ""); }

  function each(re, text, fn) {
    re.lastIndex = 0;
    var m;
    while ((m = re.exec(text)) !== null) {
      if (m[0] === "") { re.lastIndex += 1; continue; }
      fn(m);
    }
  }

  function blankSpans(text, spans) {
    var out = [], pos = 0;
    spans.forEach(function (s) { out.push(text.slice(pos, s[0]), blank(text.slice(s[0], s[1]))); pos = s[1]; });
    out.push(text.slice(pos));
    return out.join("");
  }

  // HTML comments, then <pre>/<script>/<style> blocks; an unclosed one runs to the end.
  function rawBlocks(text, rs) {
    var spans = [], i = text.indexOf("<!--");
    while (i >= 0) {
      var j = text.indexOf("-->", i + 4), end = j < 0 ? text.length : j + 3;
      spans.push([i, end]);
      i = text.indexOf("<!--", end);
    }
    text = blankSpans(text, spans);
    spans = [];
    var opener = compile(rs.raw_block, "i"), m;
    opener.lastIndex = 0;
    while ((m = opener.exec(text)) !== null) {
      var closer = compile("</" + m[1] + "[ \t\n]*>", "i");
      closer.lastIndex = m.index + m[0].length;
      var c = closer.exec(text), stop = c ? c.index + c[0].length : text.length;
      spans.push([m.index, stop]);
      opener.lastIndex = stop;
    }
    return blankSpans(text, spans);
  }

  function indent(line) {
    var n = 0;
    for (var i = 0; i < line.length; i++) {
      if (line[i] === " ") n += 1;
      else if (line[i] === "\t") n += 4 - n % 4;
      else break;
    }
    return n;
  }

  // Front matter, fenced and indented code, $$ math blocks, block quotes: blanked line by line.
  function maskLines(text, rs) {
    var lines = text.split("\n");
    var fenceRe = anchored(rs.fence), itemRe = anchored(rs.list_item), boxRe = anchored(rs.container);
    var endFront = -1;
    if (lines[0] === "---" || lines[0] === "+++") {
      for (var j = 1; j < lines.length; j++) {
        if (lines[0] === "---" ? lines[j] === "---" || lines[j] === "..." : lines[j] === "+++") { endFront = j; break; }
      }
    }
    var out = [], fence = "", math = false, container = 0, prevBlank = true, inCode = false;
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i], stripped = strip(line), hide, m;
      if (i <= endFront) {
        hide = true;
      } else if (fence) {
        hide = true;
        m = fenceRe.exec(stripped);
        if (m && m[1][0] === fence[0] && m[1].length >= fence.length && strip(stripped.slice(m[0].length)) === "") {
          fence = "";
        }
      } else if (math) {
        hide = true;
        math = line.indexOf("$$") < 0;
      } else if (stripped[0] === ">") {
        hide = true;
        inCode = false;
      } else if (!stripped) {
        out.push(line);
        prevBlank = true;
        continue;
      } else if ((m = fenceRe.exec(stripped))) {
        hide = true;
        fence = m[1];
        inCode = false;
      } else if (stripped.slice(0, 2) === "$$") {
        hide = true;
        math = stripped.split("$$").length - 1 < 2;
      } else if ((prevBlank || inCode) && indent(line) >= container + 4) {
        hide = true;
        inCode = true;
      } else {
        hide = false;
        inCode = false;
        var item = itemRe.exec(line);
        if (item) container = item[0].length;  // the item's content column
        else if (boxRe.test(line)) container = indent(line) + 4;
        else if (prevBlank && indent(line) === 0) container = 0;
      }
      out.push(hide ? blank(line) : line);
      prevBlank = false;
    }
    return out.join("\n");
  }

  // Addresses (URLs, emails, bare domains) and over-long runs, one ASCII run at a time.
  function maskTokens(text, rs) {
    var tests = rs.token_masks.map(function (s) { return new RegExp(s, "i"); });
    var spans = [];
    each(compile(rs.ascii_run), text, function (m) {
      var start = m.index, end = m.index + m[0].length;
      if (m[0].length > MAX_TOKEN) { spans.push([start, end]); return; }
      while (start < end && TRIM_LEAD.indexOf(text[start]) >= 0) start += 1;
      while (end > start && TRIM_TRAIL.indexOf(text[end - 1]) >= 0) end -= 1;
      var core = text.slice(start, end);
      if (start < end && tests.some(function (t) { return t.test(core); })) spans.push([start, end]);
    });
    return blankSpans(text, spans);
  }

  function mask(text, rs) {
    var masked = maskLines(rawBlocks(text, rs), rs);
    rs.masks.forEach(function (source) { masked = masked.replace(compile(source), blank); });
    return maskTokens(masked, rs);
  }

  function phraseTokens(phrase) {
    var out = [];
    phrase.toLowerCase().split(/[ -]/).forEach(function (piece) {
      if (/[\u3400-\u9fff]/.test(piece)) out.push.apply(out, piece.split(""));
      else out.push(piece);
    });
    return out;
  }

  function makeIndex(rs) {
    var byFirst = Object.create(null), numbers = Object.create(null);
    function add(phrase, rule, role) {
      var tokens = phraseTokens(phrase);
      tokens.forEach(function (t) {
        if (t.indexOf("#") >= 0 && !numbers[t]) {
          numbers[t] = new RegExp("^" + t.split("#").map(function (p) { return p.split(".").join("\\."); })
            .join("[0-9]+(?:[.,][0-9]+)*") + "$");  // engine._NUMBER_TOKEN
        }
      });
      var key = tokens[0].indexOf("#") >= 0 ? "#" : tokens[0];
      (byFirst[key] = byFirst[key] || []).push([tokens, rule, role]);
    }
    rs.ignore.forEach(function (p) { add(p, -1, "ignore"); });
    rs.rules.forEach(function (rule, index) {
      ["find", "when", "unless"].forEach(function (role) {
        (rule[role] || []).forEach(function (p) { add(p, index, role); });
      });
    });
    return {
      byFirst: byFirst,
      same: function (want, token) {
        if (want.indexOf("#") >= 0) return numbers[want].test(token);
        return want === "*" || want === token;
      }
    };
  }

  function gapOk(text, start, end) {
    if (end - start > MAX_GAP) return false;
    var gap = text.slice(start, end), newlines = 0;
    for (var i = 0; i < gap.length; i++) {
      if (GAP_CHARS.indexOf(gap[i]) < 0) return false;
      if (gap[i] === "\n") newlines += 1;
    }
    return newlines <= 1;
  }

  function findPhrases(masked, rs) {
    var index = makeIndex(rs), tokens = [], hits = [];
    each(compile(rs.token), masked, function (m) {
      tokens.push([m.index, m.index + m[0].length, m[0].toLowerCase().split("\u2019").join("'")]);
    });
    tokens.forEach(function (tok, i) {
      var candidates = index.byFirst[tok[2]] || [];
      if ("0123456789".indexOf(tok[2][0]) >= 0) candidates = candidates.concat(index.byFirst["#"] || []);
      candidates.forEach(function (c) {
        var want = c[0], n = want.length;
        if (i + n > tokens.length) return;
        for (var k = 0; k < n; k++) {
          if (!index.same(want[k], tokens[i + k][2])) return;
          if (k && !gapOk(masked, tokens[i + k - 1][1], tokens[i + k][0])) return;
        }
        hits.push([tok[0], tokens[i + n - 1][1], c[1], c[2]]);
      });
    });
    return hits;
  }

  function sentencesOf(masked, rs) {
    var out = [];
    each(compile(rs.sentence), masked, function (m) {
      out.push([m.index, m.index + m[0].replace(/[ \t]+$/, "").length]);
    });
    return out;
  }

  function matchHits(masked, rs, sentences) {
    var phrases = findPhrases(masked, rs).sort(function (a, b) { return a[0] - b[0] || a[2] - b[2] || b[1] - a[1]; });
    var reach = Object.create(null), gates = Object.create(null), finds = [], ignoreEnd = -1, s = 0;
    phrases.forEach(function (p) {
      while (s < sentences.length && sentences[s][1] <= p[0]) s += 1;
      if (p[3] === "ignore") ignoreEnd = Math.max(ignoreEnd, p[1]);
      else if (p[3] !== "find") gates[p[3] + ":" + s + ":" + p[2]] = true;
      else if (p[1] > ignoreEnd && p[1] > (p[2] in reach ? reach[p[2]] : -1)) {  // not inside a longer find of its rule
        reach[p[2]] = p[1];
        finds.push([p[0], p[1], p[2], s]);
      }
    });
    var hits = [];
    finds.forEach(function (f) {
      var rule = rs.rules[f[2]];
      if ((!(rule.when && rule.when.length) || gates["when:" + f[3] + ":" + f[2]]) && !gates["unless:" + f[3] + ":" + f[2]]) {
        hits.push([f[0], f[1], f[2], {}]);
      }
    });
    return hits;
  }

  function paragraphHits(masked, rs, sentences) {
    var paragraphs = [], breaks = new RegExp(rs.paragraph_break);
    sentences.forEach(function (s) {
      var last = paragraphs[paragraphs.length - 1];
      if (last && !breaks.test(masked.slice(last[last.length - 1][1], s[0]))) last.push(s);
      else paragraphs.push([s]);
    });
    var word = compile(rs.word), notProse = new RegExp(rs.not_prose), ends = new RegExp(rs.ends_sentence);
    var hits = [], before = 0, end = -1;  // before: size of the prose paragraph just above (checker.py)
    var sized = [];  // the long and short rules, found once: a few of ~150 (checker.py)
    rs.rules.forEach(function (rule, index) {
      if (rule.kind === "long" || rule.kind === "short") sized.push([index, rule]);
    });
    paragraphs.forEach(function (para) {
      var body = masked.slice(para[0][0], para[para.length - 1][1]);
      var rightAfter = end >= 0 && masked.slice(end, para[0][0]).split("\n").length - 1 <= 3;
      var above = rightAfter ? before : 0;
      end = para[para.length - 1][1];
      before = 0;
      if (notProse.test(body)) return;
      var words = 0, size = 0;  // size: two Chinese characters count as one word (checker.py _short_size)
      each(word, body, function (m) { words += 1; size += /^[\u3400-\u9fff]$/.test(m[0]) ? 0.5 : 1; });
      var n = para.length;
      before = size;
      sized.forEach(function (pair) {
        var index = pair[0], rule = pair[1];
        if (rule.kind === "long" && (words > rule.max_words || n > rule.max_sentences)) {
          hits.push([para[0][0], para[0][1], index, { words: words, sentences: n }]);
        } else if (rule.kind === "short" && n === 1 && size > 0 && size <= rule.max_words &&
                   (paragraphs.length > 1 ? ends.test(body) && above >= (rule.after_words || 0)
                    : body.indexOf("\n") < 0 && !ends.test(body) && !/[:\uff1a]$/.test(body))) {
          hits.push([para[0][0], para[0][1], index, {}]);
        }
      });
    });
    return hits;
  }

  function count(s) { return Array.from(s).length; }  // characters (code points), as in Python

  // Findings as checker.check returns them, plus [start, end] in the text (UTF-16 offsets) for marking.
  function run(text, rs) {
    text = text.replace(/\r\n/g, "\n").replace(/\r/g, "\n");
    var masked = mask(text, rs), sentences = sentencesOf(masked, rs);
    var hits = matchHits(masked, rs, sentences).concat(paragraphHits(masked, rs, sentences));
    hits.sort(function (a, b) { return a[0] - b[0] || a[2] - b[2]; });
    var line = 1, column = 0, pos = 0, spans = [];
    var findings = hits.map(function (h) {
      for (; pos < h[0]; pos++) {  // walk forward once: linear in the text
        var code = text.charCodeAt(pos);
        if (code === 10) { line += 1; column = 0; } else if (code < 0xDC00 || code > 0xDFFF) column += 1;
      }
      var rule = rs.rules[h[2]], matched = text.slice(h[0], h[1]);
      var message = rule.message.split("{match}").join(matched);
      Object.keys(h[3]).forEach(function (key) { message = message.split("{" + key + "}").join(String(h[3][key])); });
      spans.push([h[0], h[1]]);
      return {
        line: line, column: column + 1, length: count(matched),
        text: matched, level: rule.level, rule: rule.id, pattern: rule.pattern, message: message, url: rule.url
      };
    });
    return { text: text, findings: findings, spans: spans };
  }

  function check(text, rs) { return run(text, rs).findings; }

  // In a Web Worker: check what the page sends, answer with the result.
  if (typeof document === "undefined") {
    self.onmessage = function (event) { self.postMessage(run(event.data.text, event.data.rules)); };
    return;
  }
  window.kpEngine = { run: run, src: document.currentScript && document.currentScript.src };
  window.kpCheck = check;
})();
