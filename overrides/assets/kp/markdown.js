// "Copy page as Markdown" (issue 15): fetches the page's Markdown twin (the link
// beside the button) and puts it on the clipboard. Material's instant navigation
// swaps pages without reloading, so the buttons are set up from document$.
(function () {
  "use strict";

  function words() {
    return window.kpWords ? window.kpWords() : {};
  }

  // The same polite live region site.js uses, so screen readers hear one voice.
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

  function write(text) {
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

  function setUp(button) {
    if (button.getAttribute("data-kp-ready")) return;
    button.setAttribute("data-kp-ready", "1");
    button.hidden = false;
    var label = button.textContent;
    button.addEventListener("click", function () {
      var url = new URL(button.getAttribute("data-kp-markdown"), window.location.href);
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
