"""Graded examples: the pattern used well, overdone and misapplied, on the page at #graded."""

from __future__ import annotations

import pytest
import yaml
from bs4 import BeautifulSoup
from catalog_factory import bi, pattern
from conftest import shipped_catalog

from generator.data.catalog import load_catalog
from generator.data.problems import DataError
from generator.site.render import render_pages


def problems(root) -> list[str]:
    with pytest.raises(DataError) as info:
        load_catalog(root)
    return [str(p) for p in info.value.problems]


def write(root, data) -> str:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    (root / "patterns" / f"{data['id']}.yml").write_text(text, encoding="utf-8")
    return text


def test_graded_section_follows_when_not_to_use_in_both_languages(mini):
    catalog = load_catalog(mini)
    for lang, labels in (("en", ["Used well", "Overdone", "Misapplied"]), ("zh", ["用得好", "用过头", "用错地方"])):
        page = {p.src_uri: p for p in render_pages(catalog, lang)}["patterns/first-pattern.md"].content
        assert page.index("{#when-not-to-use}") < page.index("{#graded}") < page.index("{#rewrite}")
        section = BeautifulSoup(page.split("{#graded}")[1].split("{#rewrite}")[0], "html.parser")
        items = section.select(".kp-graded__item")
        assert [i["id"] for i in items] == ["graded-well", "graded-overdone", "graded-misapplied"]
        ours = {"en": "Our example", "zh": "我们写的例子"}[lang]  # every example we wrote says so
        assert [i.select_one(".kp-graded__label").get_text() for i in items] == [f"{x} {ours}" for x in labels]
        suffix = "(中文)" if lang == "zh" else ""
        assert items[1].select_one(".kp-graded__text").get_text(strip=True) == f"An example overdone.{suffix}"
        assert items[2].select_one(".kp-graded__why").get_text().endswith(f"Why it is misapplied.{suffix}")


def test_a_missing_grade_and_a_two_line_why_are_refused(mini):
    data = pattern("first-pattern", complements=["second-pattern"])
    del data["graded"]["overdone"]
    data["graded"]["well"]["why"] = {"en": "First line.\nSecond line.", "zh": "一行。"}
    data["graded"]["misapplied"]["text"] = bi("<b>bold</b>")
    text = write(mini, data)
    found = problems(mini)
    assert "patterns/first-pattern.yml:" + str(text.splitlines().index("graded:") + 1) + ": field 'graded.overdone': required" in found
    assert any("field 'graded.well.why.en': must be one line" in m for m in found)
    assert any("field 'graded.misapplied.text.en': HTML is not allowed" in m for m in found)
    assert len(found) == 4  # misapplied.text.zh too


def test_a_pattern_without_graded_examples_is_refused(mini):
    data = pattern("first-pattern", complements=["second-pattern"])
    del data["graded"]
    write(mini, data)
    assert "patterns/first-pattern.yml:1: field 'graded': required" in problems(mini)


def test_shipped_graded_examples_are_ours_and_distinct():
    catalog = shipped_catalog()
    quotes = {q.text for q in catalog.quotes.values()}
    seen = set()
    for pid, p in catalog.patterns.items():
        for grade in ("well", "overdone", "misapplied"):
            example = getattr(p.graded, grade)
            for lang in ("en", "zh"):
                text = example.text.get(lang)
                assert text not in quotes and text not in seen, f"{pid} {grade}.{lang}"
                seen.add(text)
                assert len(text) <= 300, f"{pid} {grade}.{lang}: keep it short"
