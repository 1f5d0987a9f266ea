"""The generator's Markdown, page by page, without MkDocs."""

from __future__ import annotations

import pytest
from catalog_factory import dump, pattern

from generator.data.catalog import load_catalog
from generator.site.render import markdown_html, relative_url, render_pages

ANCHORS = ["definition", "examples", "effect", "when-to-use", "when-not-to-use", "rewrite", "related"]


@pytest.fixture
def pages(mini):
    catalog = load_catalog(mini)
    return {lang: {p.src_uri: p for p in render_pages(catalog, lang)} for lang in ("en", "zh")}


def test_one_page_per_pattern_and_topic_in_each_language(pages):
    for lang in ("en", "zh"):
        assert {uri for uri in pages[lang] if not uri.startswith("quiz/")} - {"check.md", "cheatsheet.md"} == {  # quiz pages: test_quiz.py
            "patterns/index.md", "patterns/map.md", "patterns/first-pattern.md", "patterns/second-pattern.md",
            "patterns/third-pattern.md", "topics/index.md", "topics/alpha.md", "topics/beta.md",
        }


def test_pattern_page_has_fixed_anchors_in_both_languages(pages):
    for lang, heading in (("en", "## Definition {#definition}"), ("zh", "## 定义 {#definition}")):
        page = pages[lang]["patterns/first-pattern.md"]
        for anchor in ANCHORS:
            assert f"{{#{anchor}}}" in page.content
        assert heading in page.content
        assert page.source == "patterns/first-pattern.yml"


def test_pattern_page_links_related_patterns_and_shows_its_quotes(pages):
    page = pages["en"]["patterns/first-pattern.md"].content
    assert '<a href="../second-pattern/">Name of second-pattern</a>' in page
    assert "Text of q-one." in page  # featured example
    assert '<a href="../../topics/beta/#q-three">' in page  # another quote that names it
    assert "Notice this." in page


def test_pattern_table_has_a_row_per_pattern_with_counts(pages):
    table = pages["en"]["patterns/index.md"].content
    for pid, count in (("first-pattern", 2), ("second-pattern", 2), ("third-pattern", 1)):
        row = table.split(f'<tr id="{pid}">')[1].split("</tr>")[0]
        assert f'<a href="{pid}/">Name of {pid}</a>' in row
        assert f"<td>{count}</td>" in row


def test_zh_pages_use_chinese_text(pages):
    assert "Name of first-pattern(中文)" in pages["zh"]["patterns/index.md"].content
    assert "q-one 的译文。" in pages["zh"]["topics/alpha.md"].content
    assert "q-one 的译文。" not in pages["en"]["topics/alpha.md"].content


def test_contributed_markdown_is_sanitised():
    html = markdown_html('*ok* [x](javascript:alert(1)) <b onclick="x">b</b> [y](https://example.com)')
    assert "<em>ok</em>" in html
    assert "javascript:" not in html and "onclick" not in html and "<b" not in html
    assert '<a href="https://example.com" rel="nofollow noopener">y</a>' in html


def test_quote_text_is_escaped_not_interpreted(mini):
    data = pattern("first-pattern", complements=["second-pattern"])
    dump(mini / "patterns/first-pattern.yml", data)
    quotes = (mini / "content/quotes/alpha.yml").read_text(encoding="utf-8")
    dump_text = quotes.replace("text: Text of q-one.", "text: 'a < b & *c* `d`'")
    (mini / "content/quotes/alpha.yml").write_text(dump_text, encoding="utf-8")
    page = {p.src_uri: p for p in render_pages(load_catalog(mini), "en")}["topics/alpha.md"].content
    assert "<p>a &lt; b &amp; *c* `d`</p>" in page


@pytest.mark.parametrize("src, target, expected", [
    ("patterns/index.md", "patterns/x/", "x/"),
    ("patterns/a.md", "patterns/b/", "../b/"),
    ("topics/alpha.md", "patterns/x/", "../../patterns/x/"),
    ("patterns/a.md", "topics/t/#q1", "../../topics/t/#q1"),
    ("index.md", "patterns/", "patterns/"),
])
def test_relative_urls(src, target, expected):
    assert relative_url(src, target) == expected


def test_checker_word_list_shows_apostrophes_as_written():
    """/check/ listed `won&#39;t`: the HTML escape of "won't" inside a Markdown code span is shown as written.
    The page is rendered with the build's Markdown extensions and read as a browser reads text."""
    from bs4 import BeautifulSoup
    from conftest import ROOT

    from generator import paths
    from generator.site import htmlsafety

    catalog = load_catalog(ROOT)
    check = next(p for p in render_pages(catalog, "en", preview=True) if p.src_uri == paths.source_uri(paths.CHECK))
    html = htmlsafety.render(htmlsafety.markdown_body(check.content)[0], htmlsafety.markdown_config(ROOT / "mkdocs.yml"))
    words = [code.get_text() for li in BeautifulSoup(html, "html.parser").select("ul > li") for code in li.select("code")]
    assert "won't" in words
    assert not [w for w in words if "&" in w], words
