// Small, dependency-free behaviour for the style guide. Material's instant
// navigation swaps pages without reloading, so everything starts from
// document$ (once per page), never from DOMContentLoaded.
(function () {
  "use strict";

  // Where our scripts live, for the ones only some pages need.
  var ASSETS = document.currentScript ? document.currentScript.src.replace(/[^/]*$/, "") : "";

  // UI text comes from the page: one JSON block (overrides/main.html) filled from
  // generator/locales/<lang>.yml, so the scripts hold no words of their own.
  // Instant navigation keeps the first page's head, which has the same strings.
  var STRINGS = null;
  function words() {
    if (!STRINGS) {
      var block = document.getElementById("kp-strings");
      STRINGS = block ? JSON.parse(block.textContent) : {};
    }
    return STRINGS;
  }
  window.kpWords = words;

  // One polite live region announces copies and filter results to screen readers.
  function announce(text) {
    var region = document.getElementById("kp-announcer");
    if (!region) {
      region = document.createElement("div");
      region.id = "kp-announcer";
      region.className = "kp-visually-hidden";
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      document.body.removeChild(area);
      ok ? resolve() : reject(new Error("copy failed"));
    });
  }

  // Icons from Material Design Icons (the set Material for MkDocs bundles), as SVG path data.
  var ICONS = {
    link: "M10.59 13.41c.41.39.41 1.03 0 1.42-.39.39-1.03.39-1.42 0a5.003 5.003 0 0 1 0-7.07l3.54-3.54a5.003 5.003 0 0 1 7.07 0 5.003 5.003 0 0 1 0 7.07l-1.49 1.49c.01-.82-.12-1.64-.4-2.42l.47-.48a2.98 2.98 0 0 0 0-4.24 2.98 2.98 0 0 0-4.24 0l-3.53 3.53a2.98 2.98 0 0 0 0 4.24m2.82-4.24c.39-.39 1.03-.39 1.42 0a5.003 5.003 0 0 1 0 7.07l-3.54 3.54a5.003 5.003 0 0 1-7.07 0 5.003 5.003 0 0 1 0-7.07l1.49-1.49c-.01.82.12 1.64.4 2.43l-.47.47a2.98 2.98 0 0 0 0 4.24 2.98 2.98 0 0 0 4.24 0l3.53-3.53a2.98 2.98 0 0 0 0-4.24.973.973 0 0 1 0-1.42",
    copy: "M19 21H8V7h11m0-2H8a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h11a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2m-3-4H4a2 2 0 0 0-2 2v14h2V3h12z",
    quote: "M14 17h3l2-4V7h-6v6h3M6 17h3l2-4V7H5v6h3z"
  };
  function icon(name) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("class", "kp-icon");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", ICONS[name]);
    svg.appendChild(path);
    return svg;
  }

  // An icon button: the label is its accessible name (visually hidden, and a tooltip),
  // so the button stays light on the page and clear to a screen reader.
  // Shared with markdown.js: one live region, one clipboard path.
  window.kpAnnounce = announce;
  window.kpCopyText = copyText;

  function copyButton(label, getText, extraClass, iconName) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "kp-copy " + (extraClass || "");
    button.title = label;
    var text = document.createElement("span");
    text.className = "kp-visually-hidden";
    text.textContent = label;
    button.appendChild(icon(iconName));
    button.appendChild(text);
    button.addEventListener("click", function () {
      var copied = getText();
      button.setAttribute("data-kp-copied", copied);
      copyText(copied).then(function () {
        text.textContent = words().copied;
        button.setAttribute("data-kp-state", "copied");
        announce(words().copied);
      }, function () {
        announce(words().copy_failed);
      });
      window.setTimeout(function () { text.textContent = label; button.removeAttribute("data-kp-state"); }, 1500);
    });
    return button;
  }

  function pageUrl(hash) {
    var url = new URL(window.location.href);
    url.hash = hash ? "#" + hash : "";
    url.search = "";
    return url.toString();
  }

  // Copy-link buttons for the page (on its title) and for each anchored section. Each hangs in an
  // empty slot after the heading's last word (site.css): adding it changes no line of the page.
  function addHeadingButton(heading, button) {
    var slot = document.createElement("span");
    slot.className = "kp-copy-slot";
    slot.appendChild(button);
    heading.appendChild(slot);
  }

  function addHeadingButtons(article) {
    if (article.querySelector("[data-kp-not-found]")) return;  // nothing there worth a link
    var title = article.querySelector("h1");
    if (title && !title.querySelector(".kp-copy")) {
      addHeadingButton(title, copyButton(words().copy_link, function () { return pageUrl(""); }, "kp-copy--page", "link"));
    }
    article.querySelectorAll("h2[id]").forEach(function (heading) {
      if (heading.querySelector(".kp-copy")) return;
      var id = heading.id;
      addHeadingButton(heading, copyButton(words().copy_link, function () { return pageUrl(id); }, "kp-copy--anchor", "link"));
    });
  }

  // Quote cards: copy the permalink, copy a Markdown citation.
  function addQuoteButtons(article) {
    article.querySelectorAll(".kp-quote[id]").forEach(function (card) {
      var actions = card.querySelector(".kp-quote__actions");
      if (!actions || actions.querySelector(".kp-copy")) return;
      var id = card.id;
      actions.appendChild(copyButton(words().copy_link, function () { return pageUrl(id); }, "kp-copy--quote", "copy"));
      actions.appendChild(copyButton(words().copy_citation, function () {
        var text = card.getAttribute("data-cite-text") || "";
        var quoted = text.split("\n").map(function (line) { return "> " + line; }).join("\n");
        return quoted + "\n\n— " + card.getAttribute("data-cite-source");
      }, "kp-copy--citation", "quote"));
    });
  }

  // Sortable tables: a button in each header; aria-sort tells which way.
  function makeSortable(table) {
    if (table.getAttribute("data-kp-sortable") === "on") return;
    table.setAttribute("data-kp-sortable", "on");
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "kp-sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = th.getAttribute("data-sort-type") === "number";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column].textContent.trim();
          var y = b.cells[column].textContent.trim();
          var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  // Gallery filter: hidden without JavaScript (site.css, Material's no-js class), so the full list shows.
  function setUpFilter(form) {
    if (form.getAttribute("data-kp-ready") === "on") return;
    form.setAttribute("data-kp-ready", "on");
    var select = form.querySelector("select");
    var output = form.querySelector("output");
    var cards = document.querySelectorAll(".kp-gallery .kp-quote");
    function apply() {
      var wanted = select.value;
      var shown = 0;
      cards.forEach(function (card) {
        var patterns = (card.getAttribute("data-patterns") || "").split(" ");
        var visible = !wanted || patterns.indexOf(wanted) !== -1;
        card.hidden = !visible;
        if (visible) shown += 1;
      });
      output.textContent = form.getAttribute("data-shown-template")
        .replace("{n}", shown).replace("{total}", cards.length);
      var url = new URL(window.location.href);
      if (wanted) url.searchParams.set("pattern", wanted); else url.searchParams.delete("pattern");
      history.replaceState(history.state, "", url.toString());
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    select.addEventListener("change", apply);
    var initial = new URL(window.location.href).searchParams.get("pattern");
    if (initial && select.querySelector('option[value="' + CSS.escape(initial) + '"]')) select.value = initial;
    apply();
  }

  // The header is not swapped by instant navigation: point the language links
  // at the page we are on now. __md_scope is the English root (the plugin sets
  // Material's extra.scope, shared by both languages); each link names its
  // language's folder under it. 404 pages (no data-kp-current) keep their links.
  function updateLanguageLinks() {
    var list = document.querySelector(".md-select__list[data-kp-current]");
    if (!window.__md_scope || !list) return;
    var current = list.querySelector('a.kp-lang-link[data-kp-lang="' + list.getAttribute("data-kp-current") + '"]');
    if (!current) return;
    var root = new URL(current.getAttribute("data-kp-prefix"), window.__md_scope).href;
    var here = window.location.href.split("#")[0].split("?")[0];
    if (here.indexOf(root) !== 0) return;
    var path = here.slice(root.length);
    list.querySelectorAll("a.kp-lang-link[data-kp-prefix]").forEach(function (link) {
      link.href = new URL(link.getAttribute("data-kp-prefix") + path, window.__md_scope).href;
    });
  }

  // quiz.js and check.js are loaded only by pages that use them, once per visit:
  // every other page stays lighter.
  var loaded = {};
  function loadScriptFor(article, selector, name) {
    if (loaded[name] || !ASSETS || !article.querySelector(selector)) return;
    loaded[name] = true;
    var script = document.createElement("script");
    script.src = ASSETS + name;
    document.body.appendChild(script);
  }

  function setUp() {
    updateLanguageLinks();
    var article = document.querySelector("article.md-content__inner");
    if (!article) return;
    addHeadingButtons(article);
    addQuoteButtons(article);
    article.querySelectorAll("table.kp-sortable").forEach(makeSortable);
    article.querySelectorAll("form.kp-filter").forEach(setUpFilter);
    if (window.KP && window.KP.onPage) window.KP.onPage(article);
    loadScriptFor(article, ".kp-quiz", "quiz.js");
    loadScriptFor(article, "[data-kp-check]", "check.js");
  }

  if (window.document$) {
    window.document$.subscribe(setUp);
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
})();
