// Quizzes: answer, get feedback, keep score. Dependency-free.
//
// The page already holds every question, answer and explanation (escaped, in
// <details>), so it works without JavaScript. The page is drawn as this script
// leaves it for a first visit (bar, Check buttons and closed answers are set by
// site.css from Material's js class), so nothing moves when it runs. It only
// hides, shows, marks and reorders that markup; the only text it writes comes from
// the page's strings (site.js kpWords, from the #kp-strings block), via textContent. Progress lives in localStorage, one key per
// quiz and language; it is dropped when the quiz's data version changes.
// Material's instant navigation swaps pages without reloading: site.js calls
// window.KP.onPage(article) for every page, which is where this starts.
(function () {
  "use strict";

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }

  function load(key, version) {
    try {
      var state = JSON.parse(window.localStorage.getItem(key) || "null");
      if (state && state.v === version && typeof state.answers === "object" && typeof state.order === "object"
          && state.answers && state.order) return state;
    } catch (e) { /* storage blocked or corrupt: start fresh */ }
    return { v: version, answers: {}, order: {} };
  }

  function save(key, state) {
    try { window.localStorage.setItem(key, JSON.stringify(state)); } catch (e) { /* private mode: no progress kept */ }
  }

  function setUpQuiz(quiz) {
    if (quiz.getAttribute("data-kp-ready") === "on") return;
    quiz.setAttribute("data-kp-ready", "on");

    var label = function (name) { return window.kpWords()["quiz_" + name] || ""; };  // site.js: the page's strings
    var key = "kp-quiz:" + quiz.getAttribute("data-lang") + ":" + quiz.getAttribute("data-quiz-id");
    var state = load(key, quiz.getAttribute("data-quiz-version"));
    var questions = Array.prototype.slice.call(quiz.querySelectorAll("fieldset.kp-quiz__q"));
    var status = quiz.querySelector(".kp-quiz__status");
    var result = quiz.querySelector(".kp-quiz__result");

    function parts(fieldset) {
      return {
        list: fieldset.querySelector(".kp-quiz__choices"),
        inputs: Array.prototype.slice.call(fieldset.querySelectorAll(".kp-quiz__choices input")),
        check: fieldset.querySelector("[data-kp-action=check]"),
        feedback: fieldset.querySelector(".kp-quiz__feedback"),
        details: fieldset.querySelector("details.kp-quiz__answer"),
        answer: (fieldset.getAttribute("data-answer") || "").split(" ").filter(Boolean).sort()
      };
    }

    function isRight(q, chosen) {
      return chosen.slice().sort().join(" ") === q.answer.join(" ");
    }

    // What storage says about a question, kept only if it names this page's own choices.
    function stored(map, fieldset) {
      var value = map[fieldset.id];
      if (!Array.isArray(value)) return null;
      var keys = parts(fieldset).inputs.map(function (i) { return i.value; });
      value = value.filter(function (k) { return keys.indexOf(k) !== -1; });
      return value.length ? value : null;
    }

    function order(fieldset, keys) {
      var q = parts(fieldset);
      keys.forEach(function (k) {
        q.inputs.forEach(function (input) {
          if (input.value === k) q.list.appendChild(input.closest("li"));
        });
      });
    }

    function show(fieldset, chosen) {
      var q = parts(fieldset);
      var answered = !!chosen;
      q.inputs.forEach(function (input) {
        var li = input.closest("li");
        input.checked = answered && chosen.indexOf(input.value) !== -1;
        input.disabled = answered;
        li.classList.toggle("kp-quiz__choice--right", answered && q.answer.indexOf(input.value) !== -1);
        li.classList.toggle("kp-quiz__choice--wrong", answered && input.checked && q.answer.indexOf(input.value) === -1);
      });
      if (answered) {
        var right = isRight(q, chosen);
        fieldset.setAttribute("data-kp-result", right ? "right" : "wrong");
        var line = fieldset.querySelector(".kp-quiz__correct");
        q.feedback.textContent = label(right ? "right" : "wrong") + " " + (line ? line.textContent : "");
        q.check.setAttribute("aria-disabled", "true");
      } else {
        fieldset.removeAttribute("data-kp-result");
        q.feedback.textContent = "";
        q.check.removeAttribute("aria-disabled");
      }
      q.details.hidden = !answered;
      q.details.open = answered;
    }

    function score() {
      var right = 0, answered = 0;
      questions.forEach(function (fieldset) {
        var chosen = stored(state.answers, fieldset);
        if (!chosen) return;
        answered += 1;
        if (isRight(parts(fieldset), chosen)) right += 1;
      });
      var values = { right: right, answered: answered, total: questions.length };
      var done = answered === questions.length;
      status.textContent = done ? fill(label("result"), values) : fill(label("score"), values);
      result.hidden = !done;
      result.querySelector(".kp-quiz__result-text").textContent = fill(label("result"), values);
    }

    function check(fieldset) {
      var q = parts(fieldset);
      if (stored(state.answers, fieldset)) return;
      var chosen = q.inputs.filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
      if (!chosen.length) {
        q.feedback.textContent = label("choose");
        return;
      }
      state.answers[fieldset.id] = chosen;
      save(key, state);
      show(fieldset, chosen);
      score();
    }

    function reset() {
      state = { v: state.v, answers: {}, order: {} };
      questions.forEach(function (fieldset) {
        var keys = parts(fieldset).inputs.map(function (i) { return i.value; });
        var before = keys.join(" ");
        for (var i = keys.length - 1; i > 0; i--) {
          var j = Math.floor(Math.random() * (i + 1));
          var swap = keys[i]; keys[i] = keys[j]; keys[j] = swap;
        }
        if (keys.length > 1 && keys.join(" ") === before) keys.push(keys.shift());
        state.order[fieldset.id] = keys;
        order(fieldset, keys);
        show(fieldset, null);
      });
      save(key, state);
      score();
      status.textContent = label("restarted") + " " + status.textContent;
      var first = questions.length && parts(questions[0]).inputs[0];
      if (first) first.focus();
    }

    questions.forEach(function (fieldset) {
      var keys = stored(state.order, fieldset);
      if (keys) order(fieldset, keys);
      show(fieldset, stored(state.answers, fieldset));
      // Enter on a choice checks it, like submitting a one-question form.
      fieldset.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && event.target.matches("input")) {
          event.preventDefault();
          check(fieldset);
        }
      });
    });
    quiz.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-kp-action]");
      if (!button) return;
      if (button.getAttribute("data-kp-action") === "reset") reset();
      else check(button.closest("fieldset"));
    });
    score();
  }

  function onPage(article) {
    article.querySelectorAll(".kp-quiz").forEach(setUpQuiz);
  }

  // Chain with any other onPage hook instead of replacing it.
  var KP = window.KP = window.KP || {};
  var previous = KP.onPage;
  KP.onPage = function (article) {
    if (previous) previous(article);
    onPage(article);
  };
  // If the page was set up before this script ran, set up its quizzes now (setUpQuiz runs once per quiz).
  if (document.readyState !== "loading") {
    var article = document.querySelector("article.md-content__inner");
    if (article) onPage(article);
  }
})();
