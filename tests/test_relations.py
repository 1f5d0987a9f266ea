"""Typed relations between patterns: checked, derived both ways, grouped on the page."""

from __future__ import annotations

import pytest
import yaml
from bs4 import BeautifulSoup
from catalog_factory import pattern
from conftest import shipped_catalog

from generator.data.catalog import load_catalog
from generator.data.problems import DataError
from generator.site.render import render_pages


def problems(root) -> list[str]:
    with pytest.raises(DataError) as info:
        load_catalog(root)
    return [str(p) for p in info.value.problems]


def write_pattern(root, pid, relations, **overrides) -> str:
    data = pattern(pid, relations=relations, **overrides)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    (root / "patterns" / f"{pid}.yml").write_text(text, encoding="utf-8")
    return text


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_relation_stated_once_shows_on_both_patterns(mini):
    write_pattern(mini, "third-pattern", {"contrasts_with": ["first-pattern"]}, quote="q-three", topics=["beta"])
    catalog = load_catalog(mini)
    assert catalog.relations_of("third-pattern") == {"complements": [], "contrasts_with": ["first-pattern"], "often_confused_with": []}
    # first-pattern never names third-pattern: the link is derived
    assert catalog.relations_of("first-pattern")["contrasts_with"] == ["third-pattern"]
    # stated from both sides with the same type: one link, not two
    assert catalog.relations_of("first-pattern")["complements"] == ["second-pattern"]
    assert catalog.relations_of("second-pattern")["complements"] == ["first-pattern"]


def test_self_links_and_unknown_ids_name_the_line(mini):
    text = write_pattern(mini, "first-pattern", {"complements": ["second-pattern"], "often_confused_with": ["first-pattern", "secnd-pattern"]})
    found = problems(mini)
    line = line_of(text, "- first-pattern")
    assert f"patterns/first-pattern.yml:{line}: field 'relations.often_confused_with[0]': a pattern cannot be related to itself" in found
    assert any(m.endswith("field 'relations.often_confused_with[1]': unknown pattern 'secnd-pattern' (did you mean 'second-pattern'?)") for m in found)
    assert len(found) == 2


def test_a_pair_with_two_types_is_a_contradiction(mini):
    # first-pattern says "complements"; second-pattern says "often confused with" about the same pair
    first = (mini / "patterns" / "first-pattern.yml").read_text(encoding="utf-8")
    text = write_pattern(mini, "second-pattern", {"often_confused_with": ["first-pattern"]}, quote="q-two")
    [message] = problems(mini)
    assert message == (
        f"patterns/second-pattern.yml:{line_of(text, '- first-pattern')}: field 'relations.often_confused_with[0]': "
        f"'first-pattern' is already linked to 'second-pattern' as complements "
        f"(patterns/first-pattern.yml:{line_of(first, '- second-pattern')}); a pair of patterns has one relation type")


def test_one_file_cannot_give_a_pair_two_types(mini):
    write_pattern(mini, "first-pattern", {"complements": ["second-pattern"], "contrasts_with": ["second-pattern"]})
    [message] = problems(mini)
    assert "field 'relations.contrasts_with[0]': 'second-pattern' is already linked to 'first-pattern' as complements" in message


def test_unknown_relation_type_is_refused(mini):
    write_pattern(mini, "first-pattern", {"compliments": ["second-pattern"]})
    assert any("field 'relations.compliments': unknown field (did you mean 'complements'?)" in m for m in problems(mini))


def test_the_page_groups_relations_by_type_under_the_related_anchor(mini):
    write_pattern(mini, "third-pattern", {"often_confused_with": ["first-pattern"]}, quote="q-three", topics=["beta"])
    catalog = load_catalog(mini)
    for lang, heading in (("en", "Often confused with"), ("zh", "容易混淆")):
        page = {p.src_uri: p for p in render_pages(catalog, lang)}["patterns/first-pattern.md"].content
        assert "{#related}" in page
        html = BeautifulSoup(page.split("{#related}")[1], "html.parser")
        groups = {ul["data-relation"]: [a["href"] for a in ul.find_all("a")] for ul in html.select("ul.kp-related")}
        assert groups == {"complements": ["../second-pattern/"], "often_confused_with": ["../third-pattern/"]}
        assert html.find("h3", id="related-often-confused-with").get_text() == heading


def test_a_pattern_without_relations_has_no_empty_related_section(mini):
    # third-pattern states nothing and nobody names it
    page = {p.src_uri: p for p in render_pages(load_catalog(mini), "en")}["patterns/third-pattern.md"].content
    assert "{#related}" not in page and "kp-related" not in page


def test_every_shipped_pattern_has_a_typed_relation():
    catalog = shipped_catalog()
    for pid in catalog.patterns:
        assert any(catalog.relations_of(pid).values()), pid
    kinds = {kind for pid in catalog.patterns for kind, ids in catalog.relations_of(pid).items() if ids}
    assert kinds == {"complements", "contrasts_with", "often_confused_with"}

