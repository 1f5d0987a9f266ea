"""llms.txt, llms-full.txt and the Markdown twins of pages (issue 15), in the built site."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import shipped_catalog
from llms_txt import parse_llms_file
from tokens import count

from generator import paths
from generator.export import llms, markdown

LANGS = paths.LANGS
FULL_BUDGET = 30_000  # tokens of the English llms-full.txt (issue 15)


@pytest.fixture(scope="module")
def catalog():
    return shipped_catalog()


def local_file(out: Path, base: str, url: str) -> Path | None:
    """The file a link of the built site points at (a folder URL -> its index.html), or None."""
    assert url.startswith(base), f"{url} is not under {base}"
    rel = url[len(base):].partition("#")[0]
    path = out / rel / "index.html" if rel.endswith("/") or not rel else out / rel
    return path if path.is_file() else None


@pytest.mark.parametrize("lang", LANGS)
def test_llms_txt_parses_and_every_link_resolves_in_the_built_site(site, catalog, lang):
    out, base = site
    root = out / paths.PREFIX[lang]
    parsed = parse_llms_file((root / paths.LLMS).read_text(encoding="utf-8"))
    assert parsed.title and parsed.summary
    sections = parsed.sections
    assert len(sections) == 7 and "Optional" in sections
    links = [link for section in sections.values() for link in section]
    assert len(links) > len(catalog.patterns) + len(catalog.topics)
    missing = [link["url"] for link in links if local_file(out, base, link["url"]) is None]
    assert not missing, missing
    # Every pattern is linked by its Markdown twin, with its summary as the note.
    pattern_links = list(sections.values())[0]
    assert [link["url"] for link in pattern_links] == [
        base + paths.in_lang(lang, paths.markdown(paths.pattern(pid))) for pid in catalog.patterns]
    assert all(link["desc"] for link in pattern_links)
    downloads = {link["url"] for link in list(sections.values())[5]}
    assert base + paths.in_lang(lang, paths.skill_zip(lang)) in downloads


@pytest.mark.parametrize("lang", LANGS)
def test_llms_full_holds_every_pattern_with_its_quotes_and_sources(site, catalog, lang):
    out, _ = site
    text = (out / paths.PREFIX[lang] / paths.LLMS_FULL).read_text(encoding="utf-8")
    for pid, pattern in catalog.patterns.items():
        assert f"## {pattern.name.get(lang)}\n" in text, pid
        assert pattern.definition.get(lang) in text, pid
        for example in pattern.examples:
            quote = catalog.quotes[example.quote]
            first_line = quote.text.strip().split("\n")[0]
            assert f"> {first_line}" in text, example.quote
            if quote.source.url:
                assert f"]({quote.source.url})" in text, example.quote


def test_english_llms_full_is_under_its_token_budget(site):
    out, _ = site
    tokens = count((out / paths.LLMS_FULL).read_text(encoding="utf-8"))
    print(f"llms-full.txt (en): {tokens} tokens (cl100k_base)")
    assert tokens < FULL_BUDGET


@pytest.mark.parametrize("lang", LANGS)
def test_each_pattern_twin_holds_definition_examples_and_sources(site, catalog, lang):
    out, base = site
    for pid, pattern in catalog.patterns.items():
        text = (out / paths.in_lang(lang, paths.markdown(paths.pattern(pid)))).read_text(encoding="utf-8")
        assert text.startswith(f"# {pattern.name.get(lang)}\n")
        assert pattern.definition.get(lang) in text and pattern.rewrite.styled.get(lang) in text
        assert "<div" not in text and "md-" not in text and "{#" not in text  # no theme chrome, no attr lists
        for example in pattern.examples:
            quote = catalog.quotes[example.quote]
            assert "> " + quote.text.strip().split("\n")[0] in text
            if quote.source.url:
                assert f"]({quote.source.url})" in text
        # Links are absolute and land on files of the built site.
        for url in re.findall(r"\]\((http[^)]+)\)", text):
            if url.startswith(base):
                assert local_file(out, base, url), (pid, url)


@pytest.mark.parametrize("lang", LANGS)
def test_topic_and_quiz_twins_exist_beside_their_pages(site, catalog, lang):
    out, _ = site
    for tid, topic in catalog.topics.items():
        text = (out / paths.in_lang(lang, paths.markdown(paths.topic(tid)))).read_text(encoding="utf-8")
        assert text.startswith(f"# {topic.title.get(lang)}\n")
        # each quote links its card (the id stays in the URL, never in the text: issue 24)
        assert all(f"#{q.id})" in text and f"`{q.id}`" not in text for q in catalog.quotes_for_topic(tid))
    quiz_pages = [p for p in (out / paths.PREFIX[lang] / paths.QUIZZES).glob("*/index.html")]
    assert quiz_pages
    for page in quiz_pages:
        assert (page.parent.parent / f"{page.parent.name}.md").is_file(), page


@pytest.mark.parametrize("lang", LANGS)
def test_pattern_page_links_its_markdown_twin(site, lang):
    out, _ = site
    page = out / paths.in_lang(lang, paths.pattern("plain-words")) / "index.html"
    html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    link = html.select_one("a.kp-markdown__link")
    assert link["href"] == "../plain-words.md"
    assert (page.parent / link["href"]).resolve().is_file()
    assert html.select_one("button[data-kp-markdown]")["data-kp-markdown"] == link["href"]


def test_a_renamed_patterns_old_markdown_url_keeps_its_text(catalog):
    pid = next(iter(catalog.patterns))
    moved = type(catalog)(catalog.root, {**catalog.patterns, pid: catalog.patterns[pid].model_copy(
        update={"former_ids": ["an-old-name"]})}, catalog.topics, catalog.quotes, catalog.quote_topic)
    pages = markdown.MarkdownWriter(moved, "en", "https://x.test/").pages()
    assert pages[paths.markdown(paths.pattern("an-old-name"))] == pages[paths.markdown(paths.pattern(pid))]


def test_llms_full_and_the_skill_hold_each_twin_and_a_field_opens_no_heading(catalog):
    pid = next(iter(catalog.patterns))
    pattern = catalog.patterns[pid]
    definition = pattern.definition.model_copy(update={"en": "# Not a heading\n## nor this"})
    hostile = type(catalog)(catalog.root, {**catalog.patterns, pid: pattern.model_copy(update={"definition": definition})},
                            catalog.topics, catalog.quotes, catalog.quote_topic)
    files = llms.site_files(hostile, "en", "https://x.test/")
    twin = files[paths.markdown(paths.pattern(pid))]
    assert "\n\\# Not a heading\n\\## nor this\n" in twin
    # llms-full.txt: the same text, every heading one level down (the pattern's name an H2), the field's lines not
    one_down = "\n".join("#" + line if line.startswith("#") else line for line in twin.split("\n"))
    assert one_down.startswith(f"## {pattern.name.en}\n") and one_down in files[paths.LLMS_FULL]
    with zipfile.ZipFile(io.BytesIO(files[paths.skill_zip("en")])) as archive:
        assert archive.read(f"{paths.SKILL_NAME['en']}/references/{pid}.md").decode("utf-8") == twin


def test_llms_txt_links_the_other_language(catalog):
    en = llms.llms_txt(catalog, "en", "https://x.test/guide/", "Guide")
    zh = llms.llms_txt(catalog, "zh", "https://x.test/guide/zh/", "Guide")
    assert "(https://x.test/guide/zh/llms.txt)" in en
    assert "(https://x.test/guide/llms.txt)" in zh



@pytest.mark.parametrize("lang", LANGS)
def test_a_quote_notes_link_to_another_quote_is_a_link_in_the_twin(catalog, lang):
    writer = markdown.MarkdownWriter(catalog, lang, "https://example.org/")
    seen = 0
    for pid, pattern in catalog.patterns.items():
        text = writer.pattern(pid)
        for example in pattern.examples:
            note = catalog.quotes[example.quote].source.note
            for words, target in re.findall(r"\[([^\[\]]*)\]\(quote:([^)\s]*)\)", note.get(lang) if note else ""):
                assert re.search(r"\[" + re.escape(words) + r"\]\(https://example\.org/[^)]*#" + re.escape(target) + r"\)", text), (pid, words)
                seen += 1
    assert seen >= 3
