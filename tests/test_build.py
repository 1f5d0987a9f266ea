"""A full `mkdocs build --strict` of the shipped content, checked in its HTML."""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup
from conftest import shipped_catalog


ANCHORS = ["definition", "examples", "effect", "when-to-use", "when-not-to-use", "rewrite", "related"]
CATALOG = shipped_catalog()


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_pattern_has_a_page_with_all_anchors_in_both_languages(site):
    out, _ = site
    for lang_dir in ("", "zh/"):
        for pid in CATALOG.patterns:
            page = soup(out / f"{lang_dir}patterns/{pid}/index.html")
            ids = {tag.get("id") for tag in page.find_all(id=True)}
            missing = [a for a in ANCHORS if a not in ids]
            assert not missing, f"{lang_dir}patterns/{pid}: missing anchors {missing}"


def test_every_pattern_has_a_table_row_in_both_languages(site):
    out, _ = site
    for lang_dir, lang in (("", "en"), ("zh/", "zh")):
        table = soup(out / f"{lang_dir}patterns/index.html").find("table", class_="kp-sortable")
        rows = table.find("tbody").find_all("tr")
        assert [row["id"] for row in rows] == list(CATALOG.patterns)
        for row in rows:
            link = row.find("a")
            assert link["href"] == f"{row['id']}/"
            assert link.get_text() == CATALOG.patterns[row["id"]].name.get(lang)


def test_related_links_resolve_to_pattern_pages(site):
    out, _ = site
    for pid, pattern in CATALOG.patterns.items():
        page = soup(out / f"patterns/{pid}/index.html")
        groups = {ul["data-relation"]: [a["href"] for a in ul.select("a")] for ul in page.select("#related ~ section ul.kp-related")}
        assert groups == {kind: [f"../{rid}/" for rid in ids] for kind, ids in CATALOG.relations_of(pid).items() if ids}
        hrefs = [href for group in groups.values() for href in group]
        for href in hrefs:
            assert (out / "patterns" / pid / href / "index.html").resolve().exists()


def test_language_switch_stays_on_the_same_page(site):
    out, _ = site
    pid = next(iter(CATALOG.patterns))
    en = soup(out / f"patterns/{pid}/index.html")
    zh = soup(out / f"zh/patterns/{pid}/index.html")
    assert en.find("a", hreflang="zh")["href"] == f"../../zh/patterns/{pid}/"
    assert zh.find("a", hreflang="en")["href"] == f"../../../patterns/{pid}/"
    assert en.html["lang"] == "en" and zh.html["lang"] == "zh"


def test_edit_link_points_to_the_yaml_file(site):
    out, _ = site
    pid = next(iter(CATALOG.patterns))
    for lang_dir in ("", "zh/"):
        page = soup(out / f"{lang_dir}patterns/{pid}/index.html")
        edit = page.find("a", title=re.compile("Edit|编辑"))
        assert edit["href"].endswith(f"/edit/main/patterns/{pid}.yml"), edit["href"]


def test_home_pages_exist_and_link_the_table(site):
    out, _ = site
    for lang_dir in ("", "zh/"):
        home = soup(out / f"{lang_dir}index.html")
        # the page's own text links the table (Material's nav links it from every page anyway)
        assert home.select_one("article.md-content__inner").find("a", href="patterns/")


def test_chinese_search_index_is_segmented(site):
    out, _ = site
    index = json.loads((out / "zh/search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["zh"]
    text = " ".join(doc["text"] for doc in index["docs"])
    # jieba separates Chinese words with zero-width spaces, which the separator splits on
    assert "\u200b" in text
    words = set(re.split(index["config"]["separator"], text))
    assert "模式" in words
