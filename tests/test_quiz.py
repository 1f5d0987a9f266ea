"""Quizzes from the data: every answer matches the YAML, and the pages are the same on every build."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import yaml
from bs4 import BeautifulSoup
from catalog_factory import bi, dump, pattern, quote
from conftest import ROOT, shipped_catalog, shipped_pages

from generator.data.catalog import load_catalog
from generator.data.problems import DataError
from generator.i18n import labels
from generator.quiz import KINDS, build_quizzes, quiz_for_pattern
from generator.site.render import render_pages


def claim(cid: str, kind: str, topic: str, text: str | None = None) -> dict:
    return {"id": cid, "text": bi(text or f"Sentence {cid}."), "kind": kind, "why": bi(f"Why {cid}."), "topic": topic}


@pytest.fixture
def quizroot(mini):
    """The mini catalog plus two patterns (so questions have four choices) and claims.yml."""
    dump(mini / "patterns" / "fourth-pattern.yml", pattern("fourth-pattern", quote="q-four", topics=["beta"]))
    dump(mini / "patterns" / "fifth-pattern.yml", pattern(
        "fifth-pattern", quote="q-four", topics=["beta", "alpha"],
        rewrite={"plain": bi("Plain five."), "styled": bi("Styled *five*."), "decoy": bi("Decoy five.")}))
    beta = yaml.safe_load((mini / "content/quotes/beta.yml").read_text(encoding="utf-8"))
    beta["quotes"].append(quote("q-four", ["fourth-pattern", "fifth-pattern"]))
    beta["quotes"].append(quote("q-five", ["fifth-pattern", "fourth-pattern"]))
    dump(mini / "content/quotes/beta.yml", beta)
    dump(mini / "content/claims.yml", {"pattern": "first-pattern", "claims": [
        claim("c-measured", "measured", "alpha"),
        claim("c-predicted", "predicted", "alpha"),
        claim("c-beta", "predicted", "beta", text='A "quoted" claim & a < b.'),
    ]})
    return mini


@pytest.fixture
def catalog(quizroot):
    return load_catalog(quizroot)


def quizzes_by_id(catalog, lang="en"):
    return {q.id: q for q in build_quizzes(catalog, lang)}


# -- the oracle: every question checked against the data --------------------------


def check_against_data(catalog, quiz, lang="en"):
    """Every right answer is what the YAML says, and every wrong one is not."""
    L = labels(lang)
    assert quiz.questions, quiz.id
    assert len({q.id for q in quiz.questions}) == len(quiz.questions), "question ids repeat"
    for q in quiz.questions:
        keys = [c.key for c in q.choices]
        assert keys == list("abcdefgh"[: len(keys)]), "keys follow page order"
        assert q.answer, f"{quiz.id}/{q.id} has no right answer"
        assert len(q.answer) < len(q.choices), f"{quiz.id}/{q.id} has no wrong answer"
        kind, _, ident = q.id.partition("-")
        if q.kind == "name-that-pattern":
            assert kind == "quote"
            data = catalog.quotes[ident]
            assert q.text == data.text
            shown = [c.pattern for c in q.choices]
            assert len(set(shown)) == len(shown)
            assert {c.pattern for c in q.choices if c.correct} == set(data.patterns)
            assert not {c.pattern for c in q.choices if not c.correct} & set(data.patterns)
            assert len(q.choices) == min(max(4, len(data.patterns) + 1), len(catalog.patterns))
            assert [c.text for c in q.choices] == [catalog.patterns[p].name.get(lang) for p in shown]
            assert q.multiple == (len(set(data.patterns)) > 1)
            if quiz.topic:
                assert catalog.quote_topic[ident] == quiz.topic
        elif q.kind == "measured-or-predicted":
            assert kind == "claim"
            data = catalog.claims[ident]
            assert q.text == data.text.get(lang) and q.explanation == data.why.get(lang)
            [right] = [c for c in q.choices if c.correct]
            assert right.text == L[f"quiz_{data.kind}"]
            assert {c.text for c in q.choices} == {L["quiz_measured"], L["quiz_predicted"]}
            assert not q.multiple
            if quiz.topic:
                assert data.topic == quiz.topic
        elif q.kind == "which-rewrite":
            assert kind == "rewrite"
            data = catalog.patterns[ident]
            assert q.text == data.rewrite.plain.get(lang)
            assert [c.text for c in q.choices if c.correct] == [data.rewrite.styled.get(lang)]
            assert [c.text for c in q.choices if not c.correct] == [data.rewrite.decoy.get(lang)]
            assert data.name.get(lang) in q.prompt
            if quiz.topic:
                assert quiz.topic in data.topics
        elif q.kind == "spot-the-misuse":
            assert kind == "misuse"
            data = catalog.patterns[ident]
            graded = {data.graded.well.text.get(lang): "well", data.graded.overdone.text.get(lang): "overdone",
                      data.graded.misapplied.text.get(lang): "misapplied"}
            assert sorted(graded[c.text] for c in q.choices if c.correct) == ["misapplied", "overdone"]
            assert [graded[c.text] for c in q.choices if not c.correct] == ["well"]
            for c in q.choices:  # each choice explains itself with its grade and its why
                assert c.explanation.endswith(getattr(data.graded, graded[c.text]).why.get(lang))
                assert c.explanation.startswith(L["grades"][graded[c.text]])
            assert q.multiple and data.name.get(lang) in q.prompt
            if quiz.topic:
                assert quiz.topic in data.topics
        else:
            raise AssertionError(q.kind)


def test_every_answer_matches_the_data(catalog):
    for lang in ("en", "zh"):
        for quiz in build_quizzes(catalog, lang):
            check_against_data(catalog, quiz, lang)


def test_the_shipped_quizzes_match_the_shipped_data():
    catalog = shipped_catalog()
    quizzes = quizzes_by_id(catalog)
    assert set(KINDS) <= set(quizzes)
    assert set(catalog.topics) <= set(quizzes)
    for lang in ("en", "zh"):
        for quiz in build_quizzes(catalog, lang):
            check_against_data(catalog, quiz, lang)
    # every claim is asked once; at least three per topic
    assert [q.id for q in quizzes["measured-or-predicted"].questions] == [f"claim-{c}" for c in catalog.claims]
    for tid in catalog.topics:
        assert sum(c.topic == tid for c in catalog.claims.values()) >= 3, tid
        kinds = {q.kind for q in quizzes[tid].questions}
        assert kinds == set(KINDS), f"topic quiz {tid} mixes {kinds}"
    assert catalog.claims_pattern in catalog.patterns


def test_kind_quizzes_cover_every_pattern(catalog):
    quizzes = quizzes_by_id(catalog)
    assert [q.id for q in quizzes["which-rewrite"].questions] == [f"rewrite-{p}" for p in catalog.patterns]
    assert [q.id for q in quizzes["spot-the-misuse"].questions] == [f"misuse-{p}" for p in catalog.patterns]
    named = {c.pattern for q in quizzes["name-that-pattern"].questions for c in q.choices if c.correct}
    assert named == set(catalog.patterns)
    assert [q.id for q in quizzes["measured-or-predicted"].questions] == [
        "claim-c-measured", "claim-c-predicted", "claim-c-beta"]


def test_topic_quiz_mixes_its_topic_only(catalog):
    quizzes = quizzes_by_id(catalog)
    beta = {q.id for q in quizzes["beta"].questions}
    assert beta == {"quote-q-three", "quote-q-four", "quote-q-five", "rewrite-third-pattern", "rewrite-fourth-pattern",
                    "rewrite-fifth-pattern", "claim-c-beta", "misuse-third-pattern", "misuse-fourth-pattern",
                    "misuse-fifth-pattern"}
    alpha = {q.id for q in quizzes["alpha"].questions}
    assert "rewrite-fifth-pattern" in alpha and "claim-c-beta" not in alpha


def test_four_choices_and_checkboxes_for_many_answers(catalog):
    q = next(q for q in quizzes_by_id(catalog)["beta"].questions if q.id == "quote-q-five")
    assert len(q.choices) == 4 and q.multiple
    assert sorted(c.pattern for c in q.choices if c.correct) == ["fifth-pattern", "fourth-pattern"]


def test_same_order_in_both_languages(catalog):
    en, zh = quizzes_by_id(catalog, "en"), quizzes_by_id(catalog, "zh")
    for qid, quiz in en.items():
        assert [(q.id, [c.correct for c in q.choices]) for q in quiz.questions] == \
               [(q.id, [c.correct for c in q.choices]) for q in zh[qid].questions]
        assert quiz.version == zh[qid].version


def test_version_changes_when_an_answer_changes(quizroot):
    before = quizzes_by_id(load_catalog(quizroot))["measured-or-predicted"].version
    data = yaml.safe_load((quizroot / "content/claims.yml").read_text(encoding="utf-8"))
    data["claims"][0]["kind"] = "predicted"
    dump(quizroot / "content/claims.yml", data)
    assert quizzes_by_id(load_catalog(quizroot))["measured-or-predicted"].version != before


# -- pages ----------------------------------------------------------------------


def quiz_pages(catalog, lang):
    return {p.src_uri: p for p in render_pages(catalog, lang) if p.src_uri.startswith("quiz/")}


def test_pages_for_every_quiz_and_an_index(catalog):
    for lang in ("en", "zh"):
        pages = quiz_pages(catalog, lang)
        assert set(pages) == {"quiz/index.md"} | {f"quiz/{q}.md" for q in (*KINDS, "alpha", "beta")}
        index = BeautifulSoup(pages["quiz/index.md"].content, "html.parser")
        for quiz in build_quizzes(catalog, lang):
            link = index.find("a", href=f"{quiz.id}/")
            assert link.get_text() == quiz.title
            count = link.find_next_sibling("span").get_text()
            assert count == labels(lang).plural("quiz_questions", len(quiz.questions))
    assert pages["quiz/measured-or-predicted.md"].source == "content/claims.yml"


def test_rendered_markup_matches_the_model(catalog):
    """The HTML is what quiz.js and the no-JS reader see: check it against the model."""
    for lang in ("en", "zh"):
        pages = quiz_pages(catalog, lang)
        for quiz in build_quizzes(catalog, lang):
            html = BeautifulSoup(pages[f"quiz/{quiz.id}.md"].content, "html.parser")
            root = html.find("section", class_="kp-quiz")
            assert root.has_attr("data-search-exclude")
            assert root["data-quiz-id"] == quiz.id and root["data-lang"] == lang
            assert root["data-total"] == str(len(quiz.questions)) and root["data-quiz-version"] == quiz.version
            assert root.find(class_="kp-quiz__status")["aria-live"] == "polite"
            # Drawn as quiz.js leaves it for a first visit, so nothing moves when it runs (site.css hides
            # the bar and the Check buttons without JavaScript).
            assert not root.find(class_="kp-quiz__bar").has_attr("hidden")
            assert root.find(class_="kp-quiz__status").get_text() == labels(lang)["js"]["quiz_score"].format(
                right=0, answered=0, total=len(quiz.questions))
            fieldsets = root.find_all("fieldset")
            assert [f["id"] for f in fieldsets] == [q.id for q in quiz.questions]
            for q, fs in zip(quiz.questions, fieldsets):
                assert fs["data-answer"].split() == list(q.answer)
                assert q.prompt in fs.legend.get_text()
                inputs = fs.select(".kp-quiz__choices input")
                assert [i["value"] for i in inputs] == [c.key for c in q.choices]
                assert {i["type"] for i in inputs} == {"checkbox" if q.multiple else "radio"}
                assert {i["name"] for i in inputs} == {q.id}
                for i in inputs:
                    assert fs.find("label", attrs={"for": i["id"]})
                assert fs.find(class_="kp-quiz__feedback")["aria-live"] == "polite"
                assert not fs.find(class_="kp-quiz__actions").has_attr("hidden")
                details = fs.find("details", class_="kp-quiz__answer")
                answer = details.find(class_="kp-quiz__correct").get_text()
                for c in q.choices:
                    if c.correct and not c.markdown:
                        assert c.text in answer
                    elif not c.correct and not c.markdown:
                        assert c.text not in answer
                for pid in q.links:
                    assert details.find("a", href=f"../../patterns/{pid}/"), (quiz.id, q.id, pid)
                if q.explanation:
                    assert details.find(class_="kp-quiz__explanation")


def test_text_from_yaml_is_escaped(catalog):
    page = quiz_pages(catalog, "en")["quiz/beta.md"].content
    assert 'A "quoted" claim &amp; a &lt; b.' in page
    assert "& a < b" not in page


def test_pattern_pages_link_to_a_quiz_that_covers_them(catalog):
    quizzes = build_quizzes(catalog, "en")
    pages = {p.src_uri: p.content for p in render_pages(catalog, "en")}
    for pid, p in catalog.patterns.items():
        quiz = quiz_for_pattern(quizzes, p)
        assert quiz.topic == p.topics[0]
        assert any(pid in q.links for q in quiz.questions)
        link = BeautifulSoup(pages[f"patterns/{pid}.md"].split("{#rewrite}")[1], "html.parser").find(
            "p", class_="kp-test-yourself").a
        assert link["href"] == f"../../quiz/{quiz.id}/"
        assert link.get_text().startswith(labels("en")["test_yourself"])


def test_no_claims_file_means_no_measured_quiz(mini):
    quizzes = quizzes_by_id(load_catalog(mini))
    assert "measured-or-predicted" not in quizzes
    assert {"name-that-pattern", "which-rewrite", "alpha", "beta"} <= set(quizzes)


# -- determinism ------------------------------------------------------------------


def test_same_data_same_pages(catalog, quizroot):
    first = {lang: quiz_pages(catalog, lang) for lang in ("en", "zh")}
    again = {lang: quiz_pages(load_catalog(quizroot), lang) for lang in ("en", "zh")}
    assert first == again


_DIGEST = """
import hashlib, sys
from pathlib import Path
from generator.data.catalog import load_catalog
from generator.site.render import render_pages

def digest(pages):
    h = hashlib.sha256()
    for p in pages:
        h.update(p.src_uri.encode() + b"\\0" + p.content.encode() + b"\\0")
    return h.hexdigest()

def digests(roots):
    return tuple(digest([p for lang in ("en", "zh") for p in render_pages(load_catalog(Path(root)), lang)])
                 for root in roots)
"""


def test_byte_for_byte_across_processes(quizroot):
    """Python's str hash changes per process (PYTHONHASHSEED); the pages must not (a mini and the shipped catalog,
    rendered in this process and in two more with other seeds)."""
    code: dict = {}
    exec(_DIGEST, code)
    found = {(*code["digests"]([quizroot]), code["digest"]([*shipped_pages("en").values(), *shipped_pages("zh").values()]))}
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", _DIGEST + "print(*digests(sys.argv[1:]))", str(quizroot), str(ROOT)],
                             cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", check=True)
        found.add(tuple(out.stdout.split()))
    assert len(found) == 1


# -- claims.yml is checked like every other file -----------------------------------


def claim_problems(root) -> list[str]:
    with pytest.raises(DataError) as info:
        load_catalog(root)
    return [str(p) for p in info.value.problems]


def test_claims_with_unknown_topic_pattern_duplicate_or_bad_kind(quizroot):
    text = "\n".join([
        "pattern: firts-pattern",
        "claims:",
        "  - id: c-one",
        "    text: {en: One., zh: 一。}",
        "    kind: measured",
        "    why: {en: Why., zh: 为什么。}",
        "    topic: alpah",
        "  - id: c-one",
        "    text: {en: Two., zh: 二。}",
        "    kind: guessed",
        "    why: {en: Why., zh: 为什么。}",
        "    topic: alpha",
        "",
    ])
    (quizroot / "content/claims.yml").write_text(text, encoding="utf-8")
    assert claim_problems(quizroot) == [
        "content/claims.yml:10: field 'claims[1].kind': expected one of 'measured' or 'predicted', found text 'guessed'",
    ]
    # With the shape fixed, the cross-checks run: every problem at once
    (quizroot / "content/claims.yml").write_text(text.replace("guessed", "predicted"), encoding="utf-8")
    assert claim_problems(quizroot) == [
        "content/claims.yml:1: field 'pattern': unknown pattern 'firts-pattern' (did you mean 'first-pattern'?)",
        "content/claims.yml:7: field 'claims[0].topic': unknown topic 'alpah' (did you mean 'alpha'?)",
        "content/claims.yml:8: field 'claims[1].id': duplicate claim id 'c-one'",
    ]


def test_claims_refuse_html(quizroot):
    data = yaml.safe_load((quizroot / "content/claims.yml").read_text(encoding="utf-8"))
    data["claims"][0]["why"]["en"] = "<img src=x onerror=alert(1)>"
    dump(quizroot / "content/claims.yml", data)
    assert any("field 'claims[0].why.en': HTML is not allowed" in m for m in claim_problems(quizroot))


def test_shipped_claims_file_points_editors_at_the_schema():
    first = (ROOT / "content/claims.yml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../generator/data/schema/claims.schema.json"
    assert (ROOT / "generator/data/schema/claims.schema.json").exists()


def test_quiz_citations_name_a_tweet_once():
    # The quiz used to build its own citation: "— Andrej Karpathy, Tweet: Tweet, 2025-02-02".
    shipped = shipped_catalog()
    for lang in ("en", "zh"):
        venues = labels(lang)["venues"].values()
        cites = [q.cite for quiz in build_quizzes(shipped, lang) for q in quiz.questions if q.cite]
        assert cites
        doubled = [c for c in cites if any(f"{v}: {v}" in c for v in venues)]
        assert doubled == []
    tweet = next(q for q in shipped.quotes.values() if q.source.venue == "tweet" and q.source.title == "Tweet")
    quiz = next(quiz for quiz in build_quizzes(shipped, "en") if quiz.id == "name-that-pattern")
    question = next(q for q in quiz.questions if q.id == f"quote-{tweet.id}")
    assert question.cite == f"Andrej Karpathy, Tweet, {tweet.source.date}"


def test_the_url_manifest_lists_the_quizzes_the_site_builds(catalog):
    from generator.data.manifest import quiz_ids

    shipped = shipped_catalog()
    for cat in (catalog, shipped):
        assert quiz_ids(cat) == [q.id for q in build_quizzes(cat, "en")]


# -- issue 24: an explanation explains the answer, it does not repeat the tagline --

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_quiz_explanations_explain_the_answer_from_the_data(lang):
    catalog = shipped_catalog()
    summaries = {p.summary.get(lang) for p in catalog.patterns.values()}
    right_total = right_specific = 0
    for quiz in build_quizzes(catalog, lang):
        for q in quiz.questions:
            assert q.explanation not in summaries, (quiz.id, q.id)  # a question never ends on the tagline
            for ch in q.choices:
                if not ch.correct:
                    continue
                p = catalog.patterns[ch.pattern] if ch.pattern in catalog.patterns else None
                if q.kind == "which-rewrite":
                    assert ch.explanation == p.rewrite.why.get(lang), q.id
                elif q.kind == "name-that-pattern":
                    note = next((ex.note.get(lang) for ex in p.examples if f"quote-{ex.quote}" == q.id), None)
                    if note:
                        assert ch.explanation == note, q.id
                    assert ch.explanation != p.summary.get(lang), q.id
                    right_total += 1
                    right_specific += ch.explanation == note or "“" in ch.explanation
    # most right answers name this quote's own evidence: its note, or the words in it that show the pattern
    assert right_specific / right_total > 0.6, (right_specific, right_total)
