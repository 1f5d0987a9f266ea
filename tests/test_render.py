"""The generator's Markdown, page by page, without MkDocs."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from catalog_factory import dump, pattern
from hypothesis import given, settings
from hypothesis import strategies as st
from conftest import ROOT, shipped_catalog, shipped_pages

from generator.data.catalog import load_catalog
from generator.site.render import MARKDOWN_VENUES, markdown_html, relative_url, render_pages

ANCHORS = ["definition", "examples", "effect", "when-to-use", "when-not-to-use", "rewrite", "related"]


@pytest.fixture
def pages(mini):
    catalog = load_catalog(mini)
    return {lang: {p.src_uri: p for p in render_pages(catalog, lang)} for lang in ("en", "zh")}


def test_one_page_per_pattern_and_topic_in_each_language(pages):
    for lang in ("en", "zh"):
        assert {uri for uri in pages[lang] if not uri.startswith("quiz/")} - {"check.md", "cheatsheet.md", "by-document.md"} == {  # quiz pages: test_quiz.py
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


# -- issue 24: every example we wrote is labelled as ours, wherever it is shown --

OURS = {"en": "Our example", "zh": "我们写的例子"}


def _real_catalog():
    return shipped_catalog()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_example_we_wrote_is_labelled_on_the_page_twin_and_skill(lang):
    from generator.export.markdown import MarkdownWriter
    from generator.export.skill import SkillWriter, full_selection
    from generator.data.models import GRADES

    catalog = _real_catalog()
    site = {uri: p.content for uri, p in shipped_pages(lang, preview=True).items()}
    twins = MarkdownWriter(catalog, lang, "https://example.org/").pages()
    skill = SkillWriter(catalog, lang, "https://example.org/", "X", full_selection(catalog, lang)).skill_md()
    label = OURS[lang]
    for pid, p in catalog.patterns.items():
        page = site[f"patterns/{pid}.md"]
        for grade in GRADES:  # each graded example: its label sits in the same block as its text
            block = page.split(f'id="graded-{grade}"')[1].split('class="kp-graded__text"')[0]
            assert label in block, (pid, grade)
        rewrite = page.split("{#rewrite}")[1].split("kp-rewrite__styled")[0]
        assert label in rewrite, pid
        twin = twins[f"patterns/{pid}.md"]
        assert twin.split(p.graded.well.text.get(lang).split("\n")[0])[0].rstrip().endswith(f"_({label})_"), pid
        assert twin.count(f"({label})") == len(GRADES) + 1, pid
        line = next(ln for ln in skill.splitlines() if p.rewrite.plain.get(lang) in ln)
        assert label in line, pid
    for uri, content in site.items():
        if uri.startswith("quiz/"):
            for fieldset in content.split("<fieldset")[1:]:
                ours = "kp-quiz__q--which-rewrite" in fieldset or "kp-quiz__q--spot-the-misuse" in fieldset
                assert (label in fieldset.split("</legend>")[0]) == ours, uri


# -- issue 24: provenance serves readers --

def _visible_text(html: str) -> str:
    """Text a reader sees: tags and their attributes removed."""
    import re
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_notes_link_quotes_instead_of_showing_ids_and_leave_the_study_to_about(lang):
    import re
    catalog = _real_catalog()
    site = {uri: p.content for uri, p in shipped_pages(lang, preview=True).items()}
    ids = [i for i in [*catalog.quotes, *catalog.patterns] if "-" in i]
    id_word = re.compile(r"(?<![\w/#.-])(" + "|".join(map(re.escape, ids)) + r")(?![\w/-])")
    for uri, content in site.items():
        body = content.split("\n---\n", 1)[-1] if content.startswith("---") else content
        text = _visible_text(body)
        assert "study of his style" not in text and "文风研究" not in text, uri
        for note in re.findall(r'<p class="kp-quote__note">(.*?)</p>', body):
            assert not id_word.search(_visible_text(note)), (uri, note)
            assert "quote:" not in note, (uri, note)
    # a note's link lands on the card it names
    code = site["topics/code.md"]
    note = code.split('id="fails-silently"')[1].split("</details>")[0]
    assert 'href="../learning/#patience-and-detail"' in note
    assert "<summary>" in note  # folded under the quote


def test_a_note_linking_an_unknown_quote_is_a_data_error(mini):
    import re
    path = mini / "content/quotes/alpha.yml"
    text = path.read_text(encoding="utf-8")
    assert "confidence:" in text
    path.write_text(re.sub(r"(\n(\s+)confidence: )", r"\n\2note: {en: 'See [x](quote:no-such-quote).', zh: '见 [x](quote:q-one)。'}\1", text, count=1),
                    encoding="utf-8")
    from generator.data.problems import DataError
    with pytest.raises(DataError) as err:
        load_catalog(mini)
    assert "links unknown quote 'no-such-quote'" in str(err.value)


def test_source_labels_never_repeat_their_kind():
    from generator.cite import source_label
    from generator.i18n import labels
    catalog = _real_catalog()
    for lang in ("en", "zh"):
        L = labels(lang)
        for q in catalog.quotes.values():
            label = source_label(q.source, L).casefold()
            for word in {q.source.venue.split()[0], L["venues"][q.source.venue].casefold()}:
                assert label.count(word) <= 1, (lang, q.id, label)


# -- issue 24: excerpts keep the point --

def test_an_excerpt_keeps_the_words_that_show_the_pattern_and_marks_each_cut_once():
    import re
    from generator.excerpt import excerpt, pattern_keys
    catalog = _real_catalog()
    table = {uri: p.content for uri, p in shipped_pages("en", preview=True).items()}["patterns/index.md"]
    for pid, p in catalog.patterns.items():
        keys = pattern_keys(p)
        for q in catalog.quotes_for_pattern(pid):
            for text in (q.text, q.zh):
                for limit in (70, 110, 150):
                    cut = excerpt(text, limit, keys)
                    assert not re.search(r"…\s+…", cut) and cut.count("…") <= text.count("…") + 2, (pid, q.id, cut)
                    assert not cut.endswith("……") or text.endswith("……"), (pid, q.id, cut)
                    assert len(cut) <= max(limit * 1.15, limit + 60) + 4, (pid, q.id, len(cut))
                    # the first signal found in the text survives the cut
                    signal = keys[0] and re.search("|".join(f"(?:{rx})" for rx in keys[0]), " ".join(text.split()), re.I)
                    if signal and limit >= 110:
                        assert signal[0].lower() in cut.lower(), (pid, q.id, limit, signal[0], cut)
    for pid, words in (("stretch-the-timeline", "decade of agents"), ("one-line-paragraph", "Strap in."),
                       ("cosmic-scale-joke", "litter"), ("admit-uncertainty", "strong prediction")):
        row = table.split(f'<tr id="{pid}">')[1].split("</tr>")[0]
        assert words in row, (pid, row)
    assert "… …" not in table


def test_excerpt_cuts_at_words_and_leaves_short_texts_whole():
    from generator.excerpt import excerpt
    assert excerpt("short text", 110) == "short text"
    long = "One two three. " * 20 + "The point is here. " + "Four five six. " * 20
    cut = excerpt(long, 60, ((r"point is here",), ()))
    assert "The point is here." in cut and cut.startswith("… ") and cut.endswith("…")
    assert excerpt("word " * 40 + "end…", 30).count("…") == 1


# -- issue 24: how to apply it --

def test_every_pattern_has_three_to_five_steps_shown_under_how_to_apply_in_both_languages():
    from generator.export.markdown import MarkdownWriter
    catalog = _real_catalog()
    for lang in ("en", "zh"):
        site = {uri: p.content for uri, p in shipped_pages(lang, preview=True).items()}
        twins = MarkdownWriter(catalog, lang, "https://example.org/").pages()
        for pid, p in catalog.patterns.items():
            assert 3 <= len(p.how_to_apply) <= 5, pid
            page = site[f"patterns/{pid}.md"]
            section = page.split("{#how-to-apply}")[1].split("\n## ")[0]
            assert section.count("<li>") == len(p.how_to_apply), pid
            assert page.index("{#when-not-to-use}") < page.index("{#how-to-apply}") < page.index("{#graded}")
            twin = twins[f"patterns/{pid}.md"]
            for i, step in enumerate(p.how_to_apply, 1):
                assert f"{i}. {step.get(lang)}" in twin, (pid, i)


def test_how_to_apply_needs_three_to_five_steps(mini):
    import yaml
    from generator.data.problems import DataError
    path = mini / "patterns/first-pattern.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["how_to_apply"] = [{"en": "One.", "zh": "一。"}, {"en": "Two.", "zh": "二。"}]
    dump(path, data)
    with pytest.raises(DataError) as err:
        load_catalog(mini)
    assert "how_to_apply" in str(err.value) and "3 to 5 steps, found 2" in str(err.value)


def test_pattern_pages_pair_recommended_and_not_recommended_with_their_reason():
    catalog = _real_catalog()
    for lang, (yes, no) in (("en", ("Recommended", "Not recommended")), ("zh", ("推荐", "不推荐"))):
        site = {uri: p.content for uri, p in shipped_pages(lang, preview=True).items()}
        for pid, p in catalog.patterns.items():
            page = site[f"patterns/{pid}.md"]
            for grade in ("well", "overdone", "misapplied"):
                block = page.split(f'id="graded-{grade}"')[1].split("</div>\n</div>")[0]
                assert (yes if grade == "well" else no) + "</p>" in block, (pid, grade)
                assert getattr(p.graded, grade).why.get(lang)[:20] in block
            assert p.rewrite.why is not None, pid
            assert 'class="kp-rewrite__why"' in page.split("{#rewrite}")[1]


# -- issue 24: /by-document/ --

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_by_document_page_gives_each_kind_its_patterns_to_use_and_to_avoid(lang):
    from generator.data import bydocument
    catalog = _real_catalog()
    data = bydocument.load(catalog.root, catalog)
    page = shipped_pages(lang, preview=True)["by-document.md"]
    assert page.source == "content/by-document.yml"
    kinds = [d.id for d in data.documents]
    assert kinds == ["readme", "blog-post", "tweet", "talk", "postmortem", "design-doc"]
    for d in data.documents:
        section = page.content.split(f"{{#{d.id}}}")[1].split("\n## ")[0]
        fit, avoid = section.split(f'id="{d.id}-avoid"')
        for f in d.fit:
            assert f'href="../patterns/{f.pattern}/"' in fit and f.why.get(lang) in fit
            for qid in f.quotes:  # his words, linked to their card
                assert f'href="../topics/{catalog.quote_topic[qid]}/#{qid}"' in fit
        for a in d.avoid:
            assert f'href="../patterns/{a.pattern}/"' in avoid and a.why.get(lang) in avoid
        if d.ours:
            assert OURS[lang] in section
    assert sum(len(f.quotes) for d in data.documents for f in d.fit) >= 12


def test_by_document_refuses_a_quote_that_does_not_show_its_pattern(mini):
    from generator.data import bydocument
    from generator.data.problems import DataError
    (mini / "content/by-document.yml").write_text(
        "documents:\n- id: readme\n  title: {en: A README, zh: README}\n  intro: {en: Skim., zh: 扫读。}\n"
        "  fit:\n  - pattern: first-pattern\n    why: {en: Why., zh: 为什么。}\n    quotes: [q-two]\n"
        "  avoid:\n  - pattern: no-such-pattern\n    why: {en: Why., zh: 为什么。}\n", encoding="utf-8")
    catalog = load_catalog(mini)
    with pytest.raises(DataError) as err:
        bydocument.load(mini, catalog)
    text = str(err.value)
    assert "content/by-document.yml:10: field 'documents[0].avoid[0].pattern': unknown pattern 'no-such-pattern'" in text
    assert "content/by-document.yml:8: field 'documents[0].fit[0].quotes[0]': quote 'q-two' does not list 'first-pattern'" in text


def test_map_labels_never_leave_a_lone_character_on_a_line():
    from generator.site.patternmap import label_lines
    assert label_lines("精确的数字，随口的语气", "zh") == ["精确的数字，", "随口的语气"]
    assert label_lines("把 LLM 当成一台计算机", "zh") == ["把 LLM", "当成一台计算机"]
    catalog = _real_catalog()
    for p in catalog.patterns.values():
        for lang in ("en", "zh"):
            lines = label_lines(p.name.get(lang), lang)
            assert "".join(lines).replace(" ", "") == p.name.get(lang).replace(" ", "")
            assert all(len(line.strip()) >= 2 for line in lines), (p.id, lines)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_check_page_shows_its_rules_in_a_few_lines_and_folds_the_word_lists(lang):
    import re
    catalog = _real_catalog()
    page = {uri: p.content for uri, p in shipped_pages(lang, preview=True).items()}["check.md"]
    rules = page.split("{#rules}")[1].split("\n## ")[0]
    shown, folded = rules.split('<details class="kp-check__lists" markdown="1">')
    assert len(re.findall(r"`[^`]+`|<code>", shown)) <= 12  # the visible rules: sentences and a few examples, not a wall of chips
    n = int(re.search(r"\d+", folded.split("</summary>")[0])[0])
    assert n == len(re.findall(r"`[^`]+`|<code>", folded.split("</summary>")[1])) > 100


def test_checker_word_list_shows_apostrophes_as_written():
    """/check/ listed `won&#39;t`: the HTML escape of "won't" inside a Markdown code span is shown as written.
    The page is rendered with the build's Markdown extensions and read as a browser reads text."""
    from bs4 import BeautifulSoup
    from conftest import ROOT

    from generator import paths
    from generator.site import htmlsafety

    check = shipped_pages("en", preview=True)[paths.source_uri(paths.CHECK)]
    html = htmlsafety.render(htmlsafety.markdown_body(check.content)[0], htmlsafety.markdown_config(ROOT / "mkdocs.yml"))
    words = [code.get_text() for li in BeautifulSoup(html, "html.parser").select("ul > li") for code in li.select("code")]
    assert "won't" in words
    assert not [w for w in words if "&" in w], words


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_more_quotes_list_shows_a_readme_quote_as_words_not_markdown(lang):
    catalog = shipped_catalog()
    marked = {q.id for q in catalog.quotes.values()
              if q.source.venue in MARKDOWN_VENUES and ("](" in q.text or "`" in q.text)}
    seen = 0
    for page in shipped_pages(lang).values():
        if not page.src_uri.startswith("patterns/"):
            continue
        for item in BeautifulSoup(page.content, "html.parser").select(".kp-more__list li"):
            if item.a["href"].rpartition("#")[2] in marked:
                text = item.q.get_text()
                assert "](" not in text and "`" not in text, (page.src_uri, text)
                seen += 1
    assert seen >= 3


@given(st.lists(st.sampled_from(["word", "中文", " ", "  ", "\u3000", "\n", "\t", "1.", "-", "*", "_", "`", "#", ">",
                                 "<b>", "&amp;", "[a](http://x.test)", "\\", "!", "|", "'", "\u00a0", "\x02", "é"]),
                max_size=8).map("".join))
@settings(max_examples=500, deadline=None)
def test_md_filter_renders_any_text_as_python_markdown_does(text):
    # A plain line takes a shorter way to its <p>; the page must not tell.
    import re

    import markdown
    import nh3

    from generator.site import render

    reference = nh3.clean(markdown.Markdown(output_format="html").convert(text), tags=render._ALLOWED_TAGS,
                          attributes=render._ALLOWED_ATTRS, url_schemes={"http", "https"}, link_rel="nofollow noopener")
    assert markdown_html(text) == re.sub(r"\n\s*\n", "\n", reference.strip())
