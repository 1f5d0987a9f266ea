"""The front page: what the guide is, a card for every part, three featured patterns with their best quote."""

from __future__ import annotations

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, build_site, fresh_page, make_project, shipped_catalog

from generator import paths
from generator.data.catalog import load_catalog
from generator.site.render import featured_html

CATALOG = shipped_catalog()


def parts(lang: str) -> list[str]:
    """Every part of the site the home page leads to (hrefs relative to the home page): the pages, the
    JSON data, and what the site publishes for language models and agents (generator/export)."""
    return ["patterns/", "patterns/map/", "topics/", "quiz/", "check/", "cheatsheet/", paths.BY_DOCUMENT,
            *(paths.api(name) for name in ("patterns", "quotes", "topics")),
            paths.LLMS, paths.LLMS_FULL, paths.skill_zip(lang), paths.agents_md(), paths.cursor_rules(lang)]


def front_matter(lang: str) -> dict:
    text = (ROOT / "content" / lang / "index.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---")[1])


@pytest.mark.parametrize("lang_dir", ["", "zh/"])
def test_home_has_a_card_for_every_part_and_three_featured_patterns(site, lang_dir):
    out, _ = site
    home = BeautifulSoup((out / lang_dir / "index.html").read_text(encoding="utf-8"), "html.parser")
    cards = home.select(".grid.cards.kp-parts > ul > li")
    hrefs = [a["href"] for li in cards for a in li.find_all("a")]
    assert sorted(hrefs) == sorted(parts("zh" if lang_dir else "en"))
    for href in hrefs:
        target = out / lang_dir / href
        assert (target / "index.html" if href.endswith("/") else target).is_file(), href
    featured = home.select(".grid.cards.kp-featured > ul > li")
    ids = front_matter("zh" if lang_dir else "en")["featured"]
    assert len(featured) == len(ids) == 3
    lang = "zh" if lang_dir else "en"
    for li, pid in zip(featured, ids):
        pattern = CATALOG.patterns[pid]
        assert li.select_one(".kp-featured__name a")["href"] == f"patterns/{pid}/"
        assert li.select_one(".kp-featured__name").get_text() == pattern.name.get(lang)
        best = CATALOG.quotes[pattern.examples[0].quote]
        assert li.select_one(".kp-featured__quote").get_text() == best.text  # verbatim, from the data
        assert li.select_one(".kp-featured__source a")["href"].endswith(f"#{best.id}")


def test_both_home_pages_feature_the_same_patterns():
    assert front_matter("en")["featured"] == front_matter("zh")["featured"]
    assert all(pid in CATALOG.patterns for pid in front_matter("en")["featured"])


def test_featured_refuses_unknown_ids(mini):
    catalog = load_catalog(mini)
    html = featured_html(catalog, "en", "index.md", ["first-pattern"])
    assert '<a href="patterns/first-pattern/">Name of first-pattern</a>' in html
    assert "Text of q-one." in html
    with pytest.raises(ValueError, match=r"field 'featured\[1\]': unknown pattern 'nowhere'"):
        featured_html(catalog, "en", "index.md", ["first-pattern", "nowhere"])
    with pytest.raises(ValueError, match="expected a list of pattern ids"):
        featured_html(catalog, "en", "index.md", "first-pattern")


def test_a_home_page_featuring_an_unknown_pattern_stops_the_build(mini, tmp_path):
    project = make_project(mini)
    home = project / "content" / "en" / "index.md"
    text = home.read_text(encoding="utf-8")
    assert "featured:" not in text  # make_project drops the shipped list
    home.write_text(text.replace("---\n", "---\nfeatured: [first-pattern, no-such]\n", 1), encoding="utf-8")
    result = build_site(project, tmp_path / "out", "http://127.0.0.1:1/")
    assert result.returncode != 0
    assert "content/en/index.md: field 'featured[1]': unknown pattern 'no-such'" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("width", [390, 1280])
def test_home_cards_leave_no_gap_and_keep_file_names_whole(site, browser, width):
    _, base = site
    with fresh_page(browser, viewport={"width": width, "height": 800}) as page:
        page.goto(base)
        grid = page.locator(".grid.cards.kp-parts")  # its <ul> is display: contents
        last = grid.locator("> ul > li").last
        assert "llms.txt" in last.inner_text()
        # The downloads card, last and longest, fills its row: no empty cell beside it.
        assert abs(last.bounding_box()["width"] - grid.bounding_box()["width"]) < 1
        for link in grid.locator("a").all():
            assert link.evaluate("a => a.getClientRects().length") == 1, link.inner_text()


@pytest.mark.parametrize("lang_dir", ["", "zh/"])
def test_home_and_about_count_the_quotes_by_confidence_from_the_data(site, lang_dir):
    """issue 24: the pages say what is true of our evidence, counted from the quotes, not a blanket 'checked'."""
    import re
    out, _ = site
    counts = {kind: sum(q.source.confidence == kind for q in CATALOG.quotes.values())
              for kind in ("verified", "auto-transcript", "corroborated", "unverified")}
    for page in ("index.html", "about/index.html"):
        html = (out / lang_dir / page).read_text(encoding="utf-8")
        assert "kp:evidence" not in html, page  # the mark was replaced
        text = BeautifulSoup(html, "html.parser").select_one("p.kp-evidence").get_text()
        numbers = [int(n) for n in re.findall(r"\d+", text)]
        assert numbers == [len(CATALOG.quotes), *counts.values()], (page, text)
        assert "Every quote is checked" not in html and "每条引文都和出处核对过" not in html
