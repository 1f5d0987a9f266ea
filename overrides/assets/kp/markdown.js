// "Copy page as Markdown" (issue 15): fetches the page's Markdown twin (the link
// beside the button) and puts it on the clipboard. Material's instant navigation
// swaps pages without reloading, so the buttons are set up from document$.
(function () {
  "use strict";

  // site.js owns the page's strings, the live region and the clipboard; this file only adds the button.
  function words() { return window.kpWords ? window.kpWords() : {}; }
  function announce(text) { window.kpAnnounce(text); }
  function write(text) { return window.kpCopyText(text); }

  function setUp(button) {
    if (button.getAttribute("data-kp-ready")) return;
    button.setAttribute("data-kp-ready", "1");
    button.hidden = false;
    var label = button.textContent;
    button.addEventListener("click", function () {
      var url = new URL(button.getAttribute("data-kp-markdown"), window.location.href);
      if (url.origin !== window.location.origin) return;  // only this site's Markdown twins go to the clipboard
      fetch(url.toString())
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.text();
        })
        .then(write)
        .then(function () {
          button.textContent = words().copied;
          announce(words().copied);
        }, function () {
          announce(words().copy_failed);
        });
      window.setTimeout(function () { button.textContent = label; }, 1500);
    });
  }

  function onPage() {
    document.querySelectorAll("[data-kp-markdown]").forEach(setUp);
  }

  if (window.document$) {
    window.document$.subscribe(onPage);
  } else {
    document.addEventListener("DOMContentLoaded", onPage);
  }
})();
