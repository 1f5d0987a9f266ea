"""The two tiers of business words: a warning-tier word is never in his calibration text, and every word's
stated evidence is what the checker counts; `eval` runs on the data the repository ships."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import ROOT, copy_data, run_cli, shipped_catalog

from generator.check import checker, evaluate


@pytest.fixture(scope="module")
def eval_output() -> str:
    """What `python -m generator eval` prints on the shipped data (it takes seconds: run once)."""
    result = run_cli(ROOT, "eval")
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def shipped():
    """(checker data, English rules, what they count in his calibration paragraphs) of the shipped data."""
    catalog = shipped_catalog()
    data, rules = catalog.checker, checker.rules(catalog, "en", "http://example.test/")
    return data, rules, evaluate.word_counts([p["text"] for p in evaluate.labelled()], rules, data)


def test_no_warning_tier_word_appears_in_his_calibration_text(shipped):
    data, _, found = shipped
    warnings = {a.word for a in data.avoid_words if a.tier == "warning"}
    assert not {w: n for w, n in found.items() if w in warnings}, \
        "he writes these words: move them to tier note (content/checker.yml)"


def test_every_warning_states_the_evidence_the_checker_counts(shipped):
    data, rules, his = shipped
    corporate = evaluate.word_counts(evaluate.corporate_texts(ROOT / evaluate.CORPORATE), rules, data)
    stated = {a.word: (a.evidence.his, a.evidence.corporate) for a in data.avoid_words if a.tier == "warning"}
    assert stated == {w: (his[w], corporate[w]) for w in stated}


def test_tiers_give_the_levels_and_fail_on_defaults_to_warnings(tmp_path):
    draft = tmp_path / "d.md"
    draft.write_text("We synergize the caches, and leverage the landscape.\n", encoding="utf-8")
    result = run_cli(ROOT, "check", "--format", "json", str(draft))
    levels = Counter((f["rule"], f["level"]) for f in __import__("json").loads(result.stdout)["findings"])
    assert levels == {("avoid-word", "warning"): 1, ("padding-word", "info"): 2}
    assert result.returncode == 1
    draft.write_text("We leverage the landscape.\n", encoding="utf-8")
    assert run_cli(ROOT, "check", str(draft)).returncode == 0  # notes alone do not fail a check
    assert run_cli(ROOT, "check", "--fail-on", "info", str(draft)).returncode == 1


def test_a_warning_without_evidence_is_refused_with_its_line(tmp_path):
    project = copy_data(tmp_path / "p")
    path = project / "content" / "checker.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- word: synergy\n")
    end = text.index("\n- word:", start + 1)
    entry = text[start:end]
    path.write_text(text.replace(entry, "\n".join(l for l in entry.split("\n") if "evidence" not in l)),
                    encoding="utf-8")
    result = run_cli(project, "validate")
    assert result.returncode == 1
    line = text[:start].count("\n") + 1
    assert f"content/checker.yml:{line}:" in result.stderr and "evidence" in result.stderr


def test_eval_runs_on_the_shipped_paragraphs_with_no_argument(eval_output):
    out = eval_output
    assert "| tuning (fit) paragraphs | old held-out (fit) paragraphs | fresh held-out paragraphs |" in out
    assert "fresh held-out: precision" in out and "**all but plain-words**" in out
    assert "## Corporate paragraphs" in out and "| zh |" in out
    paragraphs = evaluate.labelled()
    assert len(paragraphs) >= 150 and {p["part"] for p in paragraphs} == {"tuning", "held-out", "fresh-held-out"}
    # cs231n/cs231n.github.io: his course notes, MIT, "Copyright (c) 2015 Andrej Karpathy"
    assert all(p["repo"].startswith(("karpathy/", "cs231n/")) and len(p["commit"]) == 40 and p["path"]
               for p in paragraphs)


def test_a_verb_only_note_skips_its_technical_noun(tmp_path):
    """`utilize` is padding; `utilization` of hardware is a measure he reports (content/checker.yml, nouns: false)."""
    draft = tmp_path / "d.md"
    draft.write_text("We utilized the cache. Packing keeps 100% utilization of the rows.\n", encoding="utf-8")
    result = run_cli(ROOT, "check", "--format", "json", str(draft))
    found = [(f["text"], f["rule"], f["level"]) for f in __import__("json").loads(result.stdout)["findings"]]
    assert found == [("utilized", "padding-word", "info")]


def test_quotes_from_his_other_blog_posts_are_reported_apart(eval_output):
    """Quotes from karpathy.github.io pages other than the five corpus posts are the team's held-out measure."""
    assert evaluate.quote_part("https://karpathy.github.io/2019/04/25/recipe/") == "fit"
    assert evaluate.quote_part("https://x.com/karpathy/status/1") == "fit"
    assert evaluate.quote_part("https://karpathy.github.io/2016/09/07/phd/") == "held-out posts"
    assert evaluate.quote_part("https://karpathy.github.io/neuralnets/") == "held-out posts"
    assert "en held-out posts: recall" in eval_output and "zh fit: recall" in eval_output


def test_an_emoticon_is_a_signal_and_code_like_colons_are_not(tmp_path):
    """Emoticons are tokens (rules.TOKEN), so internet-words can list :) and <3; C:Dict and a<30 are not emoticons."""
    draft = tmp_path / "d.md"
    draft.write_text("It works now :)\n\nThanks to pytorch <3\n\nSee C:Dict and a<30 here.\n", encoding="utf-8")
    result = run_cli(ROOT, "check", "--format", "json", str(draft))
    found = [(f["line"], f["text"], f["pattern"]) for f in __import__("json").loads(result.stdout)["findings"]
             if f["rule"] == "uses-pattern"]
    assert found == [(1, ":)", "internet-words"), (3, "<3", "internet-words")]


def test_a_number_in_a_phrase_is_any_number_the_draft_writes(tmp_path):
    """`#ms` in a paired signal finds 26.2ms as well as 26ms: # is a number as TOKEN reads it."""
    draft = tmp_path / "d.md"
    draft.write_text("At the current 26.2ms/iteration we, amusingly, have an identical running time.\n",
                     encoding="utf-8")
    result = run_cli(ROOT, "check", "--format", "json", str(draft))
    found = [(f["text"], f["pattern"]) for f in __import__("json").loads(result.stdout)["findings"]
             if f["rule"] == "uses-pattern"]
    assert found == [("amusingly", "precise-number-shrug")]
