"""The map of the patterns: Graphviz's SVG links every pattern page and draws every typed relation."""

from __future__ import annotations

import os

import pytest
import yaml
from bs4 import BeautifulSoup
from catalog_factory import dump, pattern
from conftest import build_site, make_project, shipped_catalog, shipped_pages

from generator.data.catalog import load_catalog
from generator.data.problems import DataError
from generator.site import patternmap
from generator.site.render import render_pages

CATALOG = shipped_catalog()


def map_page(catalog, lang="en") -> str:
    pages = shipped_pages(lang) if catalog is CATALOG else {p.src_uri: p for p in render_pages(catalog, lang)}
    return pages["patterns/map.md"].content


def drawing(content: str) -> BeautifulSoup:
    return BeautifulSoup(content.split('<div class="kp-map"')[1].split("</svg>")[0] + "</svg>", "html.parser")


def node_links(svg: BeautifulSoup) -> list[str]:
    return sorted(a["xlink:href"] for a in svg.find_all("a"))


def edges(svg: BeautifulSoup) -> set[tuple[str, str]]:
    found = set()
    for g in svg.find_all("g", class_="edge"):
        kind = next(c for c in g["class"] if c.startswith("kp-map__edge--")).removeprefix("kp-map__edge--")
        found.add((kind, g["id"].removeprefix("map-")))
    return found


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_map_links_every_pattern_page_and_draws_every_relation(lang):
    svg = drawing(map_page(CATALOG, lang))
    assert node_links(svg) == sorted(f"../{pid}/" for pid in CATALOG.patterns)
    assert edges(svg) == {(kind, f"{a}--{b}") for kind, a, b in patternmap.pairs(CATALOG)}
    # every node's link carries the pattern's name as its text
    for pid, p in CATALOG.patterns.items():
        link = svg.find("a", attrs={"xlink:href": f"../{pid}/"})
        assert " ".join(t.get_text() for t in link.find_all("text")) .replace(" ", "") == p.name.get(lang).replace(" ", "")


def test_removing_a_patterns_relations_changes_the_map(mini):
    before = map_page(load_catalog(mini))
    assert ("complements", "first-pattern--second-pattern") in edges(drawing(before))
    for pid, quote in (("first-pattern", "q-one"), ("second-pattern", "q-two")):
        dump(mini / "patterns" / f"{pid}.yml", pattern(pid, quote=quote))  # no relations stated
    after = map_page(load_catalog(mini))
    assert after != before
    assert edges(drawing(after)) == set()
    assert node_links(drawing(after)) == ["../first-pattern/", "../second-pattern/", "../third-pattern/"]


def test_the_text_alternative_lists_the_same_relations(mini):
    dump(mini / "patterns" / "third-pattern.yml",
         pattern("third-pattern", quote="q-three", topics=["beta"], relations={"often_confused_with": ["second-pattern"]}))
    page = BeautifulSoup(map_page(load_catalog(mini)).split("{#list}")[1], "html.parser")
    listed = {}
    for item in page.select("ul.kp-map-list > li"):
        pid = item.a["href"].strip("./")
        listed[pid] = {li.get_text().split(":")[0]: [a["href"].strip("./") for a in li.find_all("a")] for li in item.select("ul > li")}
    assert listed == {
        "first-pattern": {"Works well with": ["second-pattern"]},
        "second-pattern": {"Works well with": ["first-pattern"], "Often confused with": ["third-pattern"]},
        "third-pattern": {"Often confused with": ["second-pattern"]},
    }


def test_same_catalog_same_bytes(mini):
    catalog = load_catalog(mini)
    assert map_page(catalog) == map_page(catalog)
    svg = patternmap.Drawing(catalog, "zh", lambda pid: pid, "title").result()
    assert "<!--" not in svg and "<?xml" not in svg and "\n\n" not in svg


def test_no_pattern_may_take_the_map_s_address(mini):
    data = pattern("map", quote="q-one")
    dump(mini / "patterns" / "map.yml", data)
    quotes = yaml.safe_load((mini / "content/quotes/alpha.yml").read_text(encoding="utf-8"))
    quotes["quotes"][0]["patterns"].append("map")
    dump(mini / "content/quotes/alpha.yml", quotes)
    with pytest.raises(DataError) as info:
        load_catalog(mini)
    assert "patterns/map.yml:1: field 'id': 'map' is reserved: its page would take the place of the site's own page /patterns/map/; choose another id" in [str(p) for p in info.value.problems]


def test_without_graphviz_the_build_says_what_to_install(mini, tmp_path):
    project = make_project(mini)
    python_dir = os.path.dirname(os.path.realpath(os.sys.executable))
    # a published build (cards on, as `python -m generator build` and CI run it) must not drop the map
    result = build_site(project, tmp_path / "out", "http://127.0.0.1:1/", extra_env={"PATH": python_dir, "KP_CARDS": "true"})
    assert result.returncode != 0
    assert "Graphviz's `dot` is not installed: apt-get install graphviz" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_the_built_map_links_resolve(site):
    out, _ = site
    for lang_dir in ("", "zh/"):
        page = BeautifulSoup((out / lang_dir / "patterns/map/index.html").read_text(encoding="utf-8"), "html.parser")
        links = [a["xlink:href"] for a in page.select(".kp-map svg a")]
        assert len(links) == len(CATALOG.patterns)
        for href in links:
            assert (out / lang_dir / "patterns" / "map" / href / "index.html").resolve().is_file(), href


def test_a_preview_without_graphviz_shows_the_list_and_says_why(mini, monkeypatch):
    # `mkdocs serve` needs Python alone: no `dot` on PATH gives the list, a published build fails instead
    monkeypatch.setenv("PATH", "/nonexistent")
    catalog = load_catalog(mini)
    skipped = []
    pages = {p.src_uri: p for p in render_pages(catalog, "en", preview=True, on_skip=skipped.append)}
    page = pages["patterns/map.md"].content
    assert "<svg" not in page.split("kp-map-legend", 1)[-1].split("</ul>", 1)[-1]
    assert "Graphviz is not installed here" in page and 'class="kp-map-list"' in page
    assert skipped and "apt-get install graphviz" in skipped[0]
    with pytest.raises(patternmap.MapError):
        render_pages(catalog, "en")


def test_pattern_names_are_text_in_the_drawing_never_dot_markup(mini):
    # "<...>" would be an HTML-like label to Graphviz, "\N" the node's id, '"' the end of the string
    name = '< 1 & 2 > \\N "q"'
    dump(mini / "patterns" / "first-pattern.yml", pattern("first-pattern", complements=["second-pattern"],
                                                          name={"en": name, "zh": name}))
    svg = drawing(map_page(load_catalog(mini)))
    link = svg.find("a", attrs={"xlink:href": "../first-pattern/"})
    assert " ".join(t.get_text() for t in link.find_all("text")) == name
