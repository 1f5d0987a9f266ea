"""The source audit's corrections (issue 16), each pinned so it cannot silently come back.

The facts come from the originals: the nanoGPT README history (`git log -S` on
karpathy/nanoGPT), the tweet as posted, the transcripts. The tests read the
shipped YAML; that it also validates is tested in test_validation.py.
"""

from __future__ import annotations

import pytest
import yaml

from conftest import ROOT


def quotes() -> dict[str, dict]:
    found = {}
    for path in sorted((ROOT / "content" / "quotes").glob("*.yml")):
        for quote in yaml.safe_load(path.read_text(encoding="utf-8"))["quotes"]:
            found[quote["id"]] = quote
    return found


QUOTES = quotes()


@pytest.mark.parametrize(("qid", "date", "commit"), [
    # the line "lol ¯\_(ツ)_/¯" came with the README revamp, not the first README
    ("lol-shrug", "2023-02-05", "23a8e70"),
    # "The code itself is plain and readable" replaced "aims by design to be" that day
    ("nanogpt-300-lines", "2023-01-08", "e53b9d2"),
])
def test_readme_quotes_carry_the_date_of_the_commit_that_added_them(qid, date, commit):
    source = QUOTES[qid]["source"]
    assert source["date"] == date
    assert commit in source["note"]["en"] and commit in source["note"]["zh"]
    assert "approximate" not in source["note"]["en"]


def test_jagged_intelligence_tweet_keeps_its_heading_line_and_no_dash():
    quote = QUOTES["jagged-intelligence-tweet"]
    assert quote["text"].startswith("Jagged Intelligence\n\nThe word I came up with")
    assert "—" not in quote["text"] and "——" not in quote["zh"]
    assert quote["zh"].startswith("锯齿状智能（Jagged Intelligence）\n\n")


@pytest.mark.parametrize(("qid", "slip"), [
    ("decade-of-agents", "22, 25"),
    ("jagged-intelligence", "two hours in strawberry"),
    ("os-through-terminal", "Chatchipity"),
])
def test_verified_transcripts_say_which_slip_they_fixed(qid, slip):
    source = QUOTES[qid]["source"]
    assert source["verified"] is True
    assert slip not in QUOTES[qid]["text"]
    assert slip in source["note"]["en"] and slip in source["note"]["zh"]


def test_note_details_match_the_originals():
    internet = QUOTES["internet-is-terrible"]["source"]["note"]
    assert "[01:01:22]" in internet["en"] and "[01:01:22]" in internet["zh"]
    assert "1:00:30" not in internet["en"] + internet["zh"]
    hallucination = QUOTES["no-hallucination-problem"]["source"]["note"]
    assert '"Okay I feel much better now :)"' in hallucination["en"]
    assert "Okay I feel much better now :)" in hallucination["zh"]
    microgpt = QUOTES["microgpt-blog"]["source"]["note"]
    assert "front matter" in microgpt["en"] and "front matter" in microgpt["zh"]
    assert "URL" not in microgpt["en"] and "网址" not in microgpt["zh"]


def test_chinese_translations_fixed_by_the_audit():
    # "handed around": given out to everyone, not handed down from someone
    alien = QUOTES["alien-tool"]["zh"]
    assert "被分发到了大家手里" in alien and "传了下来" not in alien
    # "And whoever can spin it fastest." is a noun phrase, not a question
    engine = QUOTES["data-engine"]["zh"]
    assert engine.endswith("以及能把它转得最快的人。")
    assert "谁能" not in engine
