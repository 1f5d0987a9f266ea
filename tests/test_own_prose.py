"""The site follows its own rules (issue 24): our prose passes our checker, in both languages, and reads as
written in Chinese. His quotes are left out (tests/own_prose.py says what counts as ours)."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, shipped_catalog
from own_prose import own_prose

from generator.check import checker
from generator.site.cjk import join_cjk_lines

CATALOG = shipped_catalog()
SITE = "https://example.org/"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_our_prose_gets_no_warning_from_our_checker(lang):
    rules = checker.rules(CATALOG, lang, SITE)
    texts = own_prose(CATALOG, lang)
    assert len(texts) > 300  # every field, not an empty scan
    found = [f"{where}:{f.line}: {f.rule} {f.text!r}" for where, text in texts
             for f in checker.check(text, rules) if f.level == "warning"]
    assert not found, "our own prose breaks our rules:\n" + "\n".join(found)


# Word-for-word renderings an editor flagged; each has a plain Chinese way to say it.
CALQUES = ["单独站着", "保证能发现", "会漏的抽象", "一个把手", "软软的", "去干活", "校准你", "如果有的话", "装扮"]


def test_chinese_prose_has_none_of_the_calques_we_fixed():
    texts = own_prose(CATALOG, "zh") + [(f"quote {q.id} zh", q.zh) for q in CATALOG.quotes.values()]
    found = [f"{where}: {c}" for where, text in texts for c in CALQUES if c in text]
    assert not found, "\n".join(found)


def test_a_chinese_note_that_counts_words_says_they_are_the_originals_english_words():
    """'九个词' over a Chinese translation of a different length misleads: say it counts the English."""
    for pid, p in CATALOG.patterns.items():
        for i, ex in enumerate(p.examples):
            note = ex.note.zh
            if re.search(r"(?<!没有)[一二两三四五六七八九十\d]+个词", note):
                assert "英文" in note, f"patterns/{pid}.yml examples[{i}].note.zh: {note}"


def test_the_cheat_sheet_does_not_say_one_page_and_two_pages():
    from generator.i18n import labels
    for lang, one in (("en", "on one page"), ("zh", "在一页上")):
        intro = labels(lang)["cheatsheet_intro"]
        assert one not in intro and ("two A4" in intro or "两页 A4" in intro)


def test_the_site_name_and_the_home_page_title_are_one_name():
    import yaml
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    site_name = re.search(r"^site_name: (.+)$", config, re.M)[1]
    home = yaml.safe_load((ROOT / "content/en/index.md").read_text(encoding="utf-8").split("---")[1])
    assert site_name == home["title"]
    from generator.i18n import labels
    assert labels("en")["export"]["guide_name"] == site_name


def test_a_line_break_inside_chinese_is_not_a_space():
    assert join_cjk_lines("改写。\n写给工程师") == "改写。写给工程师"
    assert join_cjk_lines("改写。\nEnglish") == "改写。English"
    assert join_cjk_lines("one\ntwo") == "one\ntwo"  # English keeps its space
    assert "generator.site.cjk" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    import markdown
    html = markdown.markdown("这是改写。\n写给 [工程师](x)\n和研究者。\n\n```\n代码。\n代码\n```",
                             extensions=["generator.site.cjk", "fenced_code"])
    assert "这是改写。写给" in html and "</a>和研究者" in html and "代码。\n代码" in html
