"""Astral characters (emoji) survive front matter; unreadable front matter and URL clashes fail the build (issue 13)."""

from __future__ import annotations

import json

import pytest
import yaml
from bs4 import BeautifulSoup
from catalog_factory import bi, dump, pattern
from conftest import build_site, make_project

from generator.data.catalog import load_catalog
from generator.site import guards
from generator.site.render import render_pages

EMOJI = "Rockets \U0001F680 and \U00020BB7 \u2014 'quoted' <b>"  # an emoji, a CJK Extension B ideograph


def front_matter(content: str) -> dict:
    return yaml.safe_load(content.split("---", 2)[1])


def test_yaml_text_writes_astral_characters_as_themselves():
    written = str(guards.yaml_text(EMOJI))
    assert "\\ud83d" not in written and "\U0001F680" in written
    assert yaml.safe_load(f"description: {written}") == {"description": EMOJI}
    assert "<" not in written and "'" not in written  # still safe in HTML, like tojson


def test_pattern_front_matter_keeps_emoji(mini):
    data = pattern("first-pattern", complements=["second-pattern"], summary={"en": "Ship it \U0001F680 today.", "zh": "今天发布 \U0001F680。"})
    dump(mini / "patterns" / "first-pattern.yml", data)
    catalog = load_catalog(mini)
    for lang, text in (("en", "Ship it \U0001F680 today."), ("zh", "今天发布 \U0001F680。")):
        page = next(p for p in render_pages(catalog, lang) if p.src_uri == "patterns/first-pattern.md")
        assert front_matter(page.content)["description"] == text


def test_unreadable_front_matter_is_an_error():
    with pytest.raises(guards.SiteError) as info:
        guards.check_front_matter("patterns/x.md", '---\ndescription: "\\ud83d\\ude80"\n---\n# x\n')
    assert str(info.value).startswith("patterns/x.md: front matter is not valid YAML: ")
    guards.check_front_matter("patterns/x.md", '---\ndescription: "\U0001F680"\n---\n# x\n')


def test_two_files_at_one_url_are_refused():
    with pytest.raises(guards.SiteError) as info:
        guards.check_unique_urls([("patterns/index.html", "patterns/index.md"), ("a/index.html", "a.md"),
                                  ("patterns/index.html", "generated patterns/index.md")])
    assert str(info.value) == ("two files would be published at one URL: /patterns/index.html from patterns/index.md "
                               "and generated patterns/index.md")


def test_emoji_title_and_summary_reach_the_built_pages(mini, tmp_path):
    project = make_project(mini)
    data = pattern("first-pattern", complements=["second-pattern"], name={"en": "Launch \U0001F680", "zh": "发射 \U0001F680"},
                   summary={"en": "Ship it \U0001F680 today.", "zh": "今天发布 \U0001F680。"})
    dump(project / "patterns" / "first-pattern.yml", data)
    topics = yaml.safe_load((project / "content" / "topics.yml").read_text(encoding="utf-8"))
    topics["topics"][0]["title"] = bi("LLM nature \U0001F9E0")
    dump(project / "content" / "topics.yml", topics)
    out = tmp_path / "out"
    result = build_site(project, out, "http://127.0.0.1:8000/")
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((out / "patterns" / "first-pattern" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.title.string.startswith("Launch \U0001F680")
    assert page.find("meta", attrs={"name": "description"})["content"] == "Ship it \U0001F680 today."
    zh = BeautifulSoup((out / "zh" / "patterns" / "first-pattern" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert zh.find("meta", attrs={"name": "description"})["content"] == "今天发布 \U0001F680。"
    topic = BeautifulSoup((out / "topics" / "alpha" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert topic.title.string.startswith("LLM nature \U0001F9E0")
    api = json.loads((out / "api" / "patterns.json").read_text(encoding="utf-8"))
    assert "Ship it \U0001F680 today." in json.dumps(api, ensure_ascii=False)
    index = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any("\U0001F680" in doc["title"] + doc["text"] for doc in index["docs"])


def test_a_card_leaves_out_emoji_it_cannot_draw():
    # Noto Sans CJK has no emoji glyphs: a rocket would be drawn as an empty box
    from generator.site import cards

    assert cards.drawable("Ship it \U0001F680 today.") == "Ship it today."
    assert cards.drawable("\U0001F469\u200D\U0001F4BB 写代码 \u2764\uFE0F") == "写代码"
    assert cards.drawable("Software 2.0 — 中文 · 100%") == "Software 2.0 — 中文 · 100%"
    with_emoji = cards.Card("Launch \U0001F680", "Ship it \U0001F680 today.", "Writing pattern", "Site", "en")
    without = cards.Card("Launch", "Ship it today.", "Writing pattern", "Site", "en")
    assert cards.draw(with_emoji) == cards.draw(without)
