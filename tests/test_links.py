"""Links that never break: redirects for former ids, the published URL list, link previews, sitemap.

A mini catalog whose third pattern was renamed (third-pattern -> renamed-pattern,
the old id kept in former_ids) is built once, served on 127.0.0.1, and read as
files and in Chromium.
"""

from __future__ import annotations

import dataclasses
import io
import posixpath
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from catalog_factory import dump, write_catalog
from conftest import ROOT, build_site, built_and_served, fresh_page, make_project, run_cli
from PIL import Image

from generator.data.catalog import load_catalog
from generator.data.manifest import MANIFEST, current_urls, read_manifest
from generator.site import cards
from generator.site.redirects import redirect_pages

OLD, NEW = "third-pattern", "renamed-pattern"
OTHER_SITE_URL = "https://example.org/karpathy/"


# -- helpers ---------------------------------------------------------------------



def rename(root: Path, old: str, new: str, keep_old_id: bool = True) -> None:
    """Rename a pattern the way a contributor would: new file and id, references updated."""
    data = yaml.safe_load((root / f"patterns/{old}.yml").read_text(encoding="utf-8"))
    data["id"] = new
    data["former_ids"] = [old] if keep_old_id else []
    (root / f"patterns/{old}.yml").unlink()
    dump(root / f"patterns/{new}.yml", data)
    for path in (root / "content/quotes").glob("*.yml"):
        quotes = yaml.safe_load(path.read_text(encoding="utf-8"))
        for q in quotes["quotes"]:
            q["patterns"] = [new if p == old else p for p in q["patterns"]]
        dump(path, quotes)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def landing(out: Path, url: str) -> Path | None:
    """The page (or API file) a published URL shows in a built site, following redirect pages;
    None if it is gone, or if its #anchor is on no element of the page it lands on."""
    if not url.endswith("/") and "#" not in url and not url.endswith(".json"):
        return out / url if (out / url).is_file() else None  # a file, such as a page's Markdown twin
    url, _, anchor = url.partition("#")
    for _ in range(3):
        file = out / url if url.endswith(".json") else out / url / "index.html"
        if not file.is_file():
            return None
        if file.suffix == ".json":
            return file
        doc = soup(file)
        refresh = doc.find("meta", attrs={"http-equiv": "refresh"})
        if refresh is None:
            return file if not anchor or doc.find(id=anchor) else None
        target = refresh["content"].split("url=", 1)[1]
        url = posixpath.normpath(posixpath.join(url, target)) + "/"
    return None


def meta(page: BeautifulSoup, key: str) -> str:
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    assert tag is not None, f"no <meta> {key}"
    return tag["content"]


def sitemap_locs(path: Path) -> list[str]:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [loc.text for loc in ET.parse(path).getroot().findall("s:url/s:loc", ns)]


# -- the renamed mini site, built once -------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = make_project(write_catalog(tmp_path_factory.mktemp("links") / "proj"))
    # A summary with Markdown and characters that must be escaped in attributes.
    first = yaml.safe_load((root / "patterns/first-pattern.yml").read_text(encoding="utf-8"))
    first["summary"] = {"en": 'Say "imo" & *mean* it.', "zh": "说 “imo”，*当真*。"}
    dump(root / "patterns/first-pattern.yml", first)
    assert run_cli(root, "urls", "--update").returncode == 0  # the three patterns were published ...
    rename(root, OLD, NEW)  # ... then one was renamed
    result = run_cli(root, "urls", "--update")
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def mini_site(project, tmp_path_factory):
    yield from built_and_served(project, tmp_path_factory.mktemp("links-site") / "site")


@pytest.fixture(scope="module")
def other_site(project, tmp_path_factory):
    out = tmp_path_factory.mktemp("links-other") / "site"
    result = build_site(project, out, OTHER_SITE_URL)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


# -- redirects -------------------------------------------------------------------


def test_redirect_page_keeps_the_anchor_and_works_without_javascript(project):
    [page] = redirect_pages(load_catalog(project), "zh", "https://example.org/kp/zh/")
    assert page.src_uri == f"patterns/{OLD}/index.html"
    assert f'location.replace("../{NEW}/" + location.search + location.hash)' in page.content
    doc = BeautifulSoup(page.content, "html.parser")
    assert doc.html["lang"] == "zh"
    assert doc.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url=../{NEW}/"
    assert doc.find("link", rel="canonical")["href"] == f"https://example.org/kp/zh/patterns/{NEW}/"
    assert doc.find("a")["href"] == f"../{NEW}/"


def test_redirect_files_exist_in_both_languages(project, mini_site):
    out, base = mini_site
    urls = read_manifest(project / MANIFEST)
    assert f"patterns/{OLD}/" in urls and f"zh/patterns/{OLD}/" in urls and f"zh/patterns/{NEW}/" in urls
    for prefix in ("", "zh/"):
        redirect = soup(out / f"{prefix}patterns/{OLD}/index.html")
        assert redirect.find("link", rel="canonical")["href"] == f"{base}{prefix}patterns/{NEW}/"
        target = landing(out, f"{prefix}patterns/{OLD}/")
        assert target == out / f"{prefix}patterns/{NEW}/index.html"
        assert soup(target).find(id="effect")


@pytest.mark.parametrize("prefix, anchor", [("", "effect"), ("zh/", "when-not-to-use")])
def test_old_url_lands_on_the_new_page_with_its_anchor(mini_site, page, prefix, anchor):
    _, base = mini_site
    page.goto(f"{base}{prefix}patterns/{OLD}/#{anchor}")
    page.wait_for_url(f"{base}{prefix}patterns/{NEW}/#{anchor}")
    assert page.evaluate("location.hash") == f"#{anchor}"
    assert page.locator(f"#{anchor}").is_visible()
    assert "Name of third-pattern" in page.locator("h1").inner_text()


def test_old_url_redirects_without_javascript(mini_site, browser):
    _, base = mini_site
    with fresh_page(browser, java_script_enabled=False) as page:
        page.goto(f"{base}patterns/{OLD}/")
        page.wait_for_url(f"{base}patterns/{NEW}/")


# -- the manifest of published URLs ----------------------------------------------


def test_manifest_check_passes_with_the_former_id_and_fails_without_it(mini, tmp_path):
    assert run_cli(mini, "urls", "--update").returncode == 0
    rename(mini, OLD, NEW)
    ok = run_cli(mini, "urls", "--check")
    assert ok.returncode == 1 and "run `python -m generator urls --update`" in ok.stderr  # renamed-pattern not listed
    assert run_cli(mini, "urls", "--update").returncode == 0
    assert run_cli(mini, "urls", "--check").returncode == 0

    # Removing the record breaks the old links: the check says so, and the built site has no page there.
    data = yaml.safe_load((mini / f"patterns/{NEW}.yml").read_text(encoding="utf-8"))
    data["former_ids"] = []
    dump(mini / f"patterns/{NEW}.yml", data)
    bad = run_cli(mini, "urls", "--check")
    assert bad.returncode == 1
    assert (f"'patterns/{OLD}/' was published but no longer resolves: to keep it working, add '{OLD}' to former_ids "
            f"of the pattern it merged into (patterns/<that id>.yml: former_ids: [{OLD}]), or restore patterns/{OLD}.yml") in bad.stderr
    assert f"'zh/patterns/{OLD}/' was published" in bad.stderr
    out = tmp_path / "out"
    assert build_site(make_project(mini), out, "http://127.0.0.1:8000/").returncode == 0
    assert landing(out, f"patterns/{OLD}/") is None
    assert landing(out, f"zh/patterns/{OLD}/") is None


def test_update_never_drops_a_line(mini):
    (mini / MANIFEST).write_text("# old header\npatterns/long-gone/\n", encoding="utf-8")
    result = run_cli(mini, "urls", "--update")
    assert result.returncode == 1  # long-gone no longer resolves: said, and kept
    assert "'patterns/long-gone/' was published but no longer resolves" in result.stderr
    assert "patterns/long-gone/" in read_manifest(mini / MANIFEST)
    assert len(read_manifest(mini / MANIFEST)) == 1 + len(current_urls(load_catalog(mini)))


@pytest.mark.build  # its site fixtures are looked up by name, which the layer marking cannot see
@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_every_published_url_resolves_in_the_shipped_site(engine, request):
    """Every page, pattern anchor, quote permalink and API file ever published, in both languages,
    in the site MkDocs builds and in the one Zensical builds from the same generated folder."""
    out, _ = request.getfixturevalue("site" if engine == "mkdocs" else "zensical_site")
    urls = read_manifest(ROOT / MANIFEST)
    assert any("#" in url for url in urls) and any(url.startswith("zh/patterns/") for url in urls)
    gone = [url for url in urls if landing(out, url) is None]
    assert not gone, f"published URLs that no longer resolve: {gone}"


def test_zensical_warns_of_no_link(zensical_site):
    """Zensical checks links in raw HTML too, and turns a relative link to a .md file into a page URL:
    the home page's link to downloads/AGENTS.md (copied as it is) is written as a full URL for it."""
    out, base = zensical_site
    log = re.sub(r"\x1b\[[0-9;]*m", "", (out.parent / "build.log").read_text(encoding="utf-8"))  # colours
    assert "Warning" not in log, log[-3000:]
    for prefix in ("", "zh/"):
        home = (out / prefix / "index.html").read_text(encoding="utf-8")
        assert f'href="{base}{prefix}downloads/AGENTS.md"' in home
        assert (out / prefix / "downloads" / "AGENTS.md").is_file()


@pytest.mark.build  # its site fixtures are looked up by name, which the layer marking cannot see
@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_the_home_page_title_is_the_site_name_once(engine, request):
    out, _ = request.getfixturevalue("site" if engine == "mkdocs" else "zensical_site")
    for prefix, name in (("", "How Karpathy writes"), ("zh/", "Karpathy 怎么写")):
        assert soup(out / prefix / "index.html").title.get_text() == name  # Zensical once wrote "X - X"


@pytest.mark.build  # its site fixtures are looked up by name, which the layer marking cannot see
@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_the_generator_tag_names_the_engine_that_built(engine, request):
    out, _ = request.getfixturevalue("site" if engine == "mkdocs" else "zensical_site")
    for prefix in ("", "zh/"):
        assert meta(soup(out / prefix / "index.html"), "generator").startswith(f"{engine}-")  # Zensical's said "mkdocs-"


# -- link previews ---------------------------------------------------------------


@pytest.mark.parametrize("prefix, lang, locale", [("", "en", "en_US"), ("zh/", "zh", "zh_CN")])
def test_pattern_page_has_its_own_preview_tags(mini_site, prefix, lang, locale):
    out, base = mini_site
    site_name = {"en": "How Karpathy writes", "zh": "Karpathy 怎么写"}[lang]
    page = soup(out / f"{prefix}patterns/second-pattern/index.html")
    name = "Name of second-pattern" + ("(中文)" if lang == "zh" else "")
    summary = "Summary of second-pattern." + ("(中文)" if lang == "zh" else "")
    assert page.title.get_text() == f"{name} - {site_name}"
    assert meta(page, "description") == summary
    assert meta(page, "og:title") == name
    assert meta(page, "og:description") == summary
    assert meta(page, "og:type") == "article"
    assert meta(page, "og:locale") == locale
    assert (
        meta(page, "og:url") == page.find("link", rel="canonical")["href"] == f"{base}{prefix}patterns/second-pattern/"
    )
    assert meta(page, "og:image") == meta(page, "twitter:image") == f"{base}{prefix}assets/cards/second-pattern.png"
    assert meta(page, "twitter:card") == "summary_large_image"
    assert meta(page, "twitter:title") == name
    card = Image.open(io.BytesIO((out / f"{prefix}assets/cards/second-pattern.png").read_bytes()))
    assert (card.format, card.size) == ("PNG", (1200, 630))


def test_every_pattern_page_has_a_different_title_description_and_card(mini_site):
    out, _ = mini_site
    seen = {"title": set(), "og:description": set(), "og:image": set()}
    for pid in ("first-pattern", "second-pattern", NEW):
        page = soup(out / f"patterns/{pid}/index.html")
        seen["title"].add(page.title.get_text())
        seen["og:description"].add(meta(page, "og:description"))
        seen["og:image"].add(meta(page, "og:image"))
    assert all(len(values) == 3 for values in seen.values()), seen


def test_description_is_plain_text_and_escaped(mini_site):
    out, _ = mini_site
    raw = (out / "patterns/first-pattern/index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(raw, "html.parser")
    assert meta(page, "description") == meta(page, "og:description") == 'Say "imo" & mean it.'
    assert 'content="Say "imo"' not in raw


def test_other_pages_have_the_site_card(mini_site):
    out, base = mini_site
    for prefix in ("", "zh/"):
        home = soup(out / f"{prefix}index.html")
        assert meta(home, "og:type") == "website"
        assert meta(home, "og:image") == f"{base}{prefix}assets/cards/_site.png"
        assert (out / f"{prefix}assets/cards/_site.png").is_file()


# -- sitemap and canonical URLs ---------------------------------------------------


def test_sitemap_lists_the_pattern_pages_of_each_language(mini_site):
    out, base = mini_site
    en, zh = sitemap_locs(out / "sitemap.xml"), sitemap_locs(out / "zh/sitemap.xml")
    for pid in ("first-pattern", "second-pattern", NEW):
        assert f"{base}patterns/{pid}/" in en
        assert f"{base}zh/patterns/{pid}/" in zh
    assert not [loc for loc in en + zh if OLD in loc]  # redirect pages are not pages


def test_site_url_sets_canonical_og_url_image_and_sitemap(other_site):
    out = other_site
    for prefix in ("", "zh/"):
        page = soup(out / f"{prefix}patterns/first-pattern/index.html")
        expected = f"{OTHER_SITE_URL}{prefix}patterns/first-pattern/"
        assert page.find("link", rel="canonical")["href"] == expected
        assert meta(page, "og:url") == expected
        assert meta(page, "og:image") == f"{OTHER_SITE_URL}{prefix}assets/cards/first-pattern.png"
        redirect = soup(out / f"{prefix}patterns/{OLD}/index.html")
        assert redirect.find("link", rel="canonical")["href"] == f"{OTHER_SITE_URL}{prefix}patterns/{NEW}/"
        locs = sitemap_locs(out / f"{prefix}sitemap.xml")
        assert locs and all(loc.startswith(OTHER_SITE_URL + prefix) for loc in locs)


# -- edit links ------------------------------------------------------------------


def test_edit_links_point_to_the_yaml_file(mini_site):
    out, _ = mini_site
    expected = {
        f"patterns/{NEW}/": f"patterns/{NEW}.yml",
        "topics/alpha/": "content/quotes/alpha.yml",
        "topics/beta/": "content/quotes/beta.yml",
        "topics/": "content/topics.yml",
    }
    for prefix in ("", "zh/"):
        for url, source in expected.items():
            edit = soup(out / f"{prefix}{url}index.html").find("a", title=re.compile("Edit|编辑"))
            assert edit is not None, f"{prefix}{url}: no edit link"
            assert edit["href"].endswith(f"/edit/main/{source}"), (url, edit["href"])


# -- social cards ----------------------------------------------------------------


def test_cards_are_deterministic():
    card = cards.Card("Coin a name", 'Give it a *short* name & a "definition".', "Writing pattern", "Site", "en")
    first = cards.draw(card)
    # the same bytes from two fresh processes (no cache, no memo shared with this one)
    script = ("import sys; from generator.site import cards; "
              "sys.stdout.buffer.write(cards.draw(cards.Card(*sys.argv[1:6])))")
    for _ in range(2):
        fresh = subprocess.run([sys.executable, "-c", script, *dataclasses.astuple(card)], capture_output=True, check=True)
        assert fresh.stdout == first
    assert cards.draw(cards.Card("造个新词", "再一句话说清。", "写作模式", "站点", "zh")) != first
    image = Image.open(io.BytesIO(first))
    assert (image.format, image.size) == ("PNG", (1200, 630))



def test_long_text_wraps_inside_the_card():
    face = cards.font("regular", 38, "zh")
    lines = cards.wrap("给说不清的现象起个带画面的短名字，再用一句话钉住它的意思。" * 4, face, 1000, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(face.getlength(line) <= 1000 + face.size for line in lines)
    assert not any(line.startswith(("，", "。")) for line in lines)


def test_a_missing_font_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setattr(cards, "FONT_DIRS", [tmp_path])
    cards.font_file.cache_clear()
    try:
        with pytest.raises(cards.CardError, match="fonts-noto-cjk"):
            cards.font_file("bold")
    finally:
        cards.font_file.cache_clear()


