"""The draft checker: findings at exact positions, the CLI, its JSON, and the site's own prose."""

from __future__ import annotations

import json
import re
import subprocess
import textwrap

import jsonschema
import pytest
from catalog_factory import write_checker_catalog
from conftest import ROOT, run_cli, shipped_catalog, shipped_pages

from generator.check import checker, report
from generator.data.models import PHRASE_PATTERN
from generator.data.catalog import load_catalog
from generator.site import api

SITE = "http://example.test/"

# Prose paragraphs long enough for a one-liner after them (short_after_words: 40; two CJK characters are one word).
LONG = ("A long first paragraph that says what we tried, what we read, what we changed in the data loader, what we "
        "measured on the small model and on the large one, and what happened next when we ran it again on a clean "
        "machine.")
ZH_LONG = ("我们先读了旧代码，再写了新的数据加载器，在小模型和大模型上各跑了一遍，把日志一行一行读完，记下看到了什么、"
           "改了什么、还有哪里没弄懂，最后在一台干净的机器上从头又跑了一次，结果和上一次完全一样。")

DRAFT = textwrap.dedent('''\
    ---
    title: leverage in front matter is skipped
    ---
    # Plan

    We synergized the new cache. We will definitely ship it next year.

    We measured a 40% drop in latency, which might be noise.

    ```python
    leverage = utilize()
    ```

    Inline `facilitate` is code. "leverage" in quotes is a mention, and so is [a link](https://x.test/leverage).
    Imo Software 2.0 is kind of like magic lol.
    It took a week of reading the old code, a day of writing the new one and an afternoon of tests before we knew
    that the cache was right.

    Strap in.
''')

EXPECTED = [  # line, column, rule, text
    (6, 4, "avoid-word", "synergized"),
    (6, 38, "certain-prediction", "definitely"),
    (8, 1, "uses-pattern", "We measured"),
    (8, 42, "hedged-measurement", "might"),
    (15, 1, "uses-pattern", "Imo"),
    (15, 5, "uses-pattern", "Software 2.0"),
    (15, 21, "uses-pattern", "kind of like"),
    (15, 34, "uses-pattern", "magic"),
    (15, 40, "uses-pattern", "lol"),
    (19, 1, "short-paragraph", "Strap in."),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return write_checker_catalog(tmp_path_factory.mktemp("checker") / "project")


@pytest.fixture(scope="module")
def rules(project):
    return checker.rules(load_catalog(project), "en", SITE)


def positions(findings):
    return [(f.line, f.column, f.rule, f.text) for f in findings]


def test_a_draft_gets_findings_at_exact_lines_and_columns(rules):
    findings = checker.check(DRAFT, rules)
    assert positions(findings) == EXPECTED
    first = findings[0]
    assert first.level == "warning" and first.length == len("synergized")
    assert first.message == '"synergized" is a business word. Instead: work together; say on what.'
    assert first.url == f"{SITE}patterns/plain-words/"
    assert [f.level for f in findings] == ["warning", "warning", "good", "info", "good", "good", "good", "good", "good", "good"]
    assert findings[1].url == f"{SITE}patterns/measured-vs-predicted/"
    assert findings[-1].url == f"{SITE}patterns/one-line-paragraph/"


def test_windows_line_ends_give_the_same_positions(rules):
    assert positions(checker.check(DRAFT.replace("\n", "\r\n"), rules)) == EXPECTED


@pytest.mark.parametrize("text", [
    "We leverage it.", "It leverages caches.", "We leveraged caches.", "Leveraging caches helps.",
    "We utilize it.", "She utilizes it.", "They utilized it.", "Utilizing it.", "Facilitation helps.", "We utilise it.",
    "It facilitates reuse.", "It facilitated reuse.", "Facilitating reuse.", "A deep dive.", "Two deep dives.",
    "A deep\ndive.", "A deep-dive.",
])
def test_business_words_match_in_every_form(rules, text):
    found = [f for f in checker.check(text, rules) if f.rule in ("avoid-word", "padding-word")]
    assert len(found) == 1, text
    assert found[0].text.replace("\n", " ").replace("-", " ").lower().startswith(("lever", "util", "facil", "deep d"))


@pytest.mark.parametrize("text", ["A lever.", "Leveraged buyouts aside, no.", "unleverage"])
def test_no_business_word_inside_other_words(rules, text):
    found = [f.text for f in checker.check(text, rules) if f.rule in ("avoid-word", "padding-word")]
    assert found == (["Leveraged"] if "buyouts" in text else [])


def test_columns_count_characters_not_bytes_or_utf16_units(rules):
    [finding] = [f for f in checker.check("😀 中文 leverage", rules) if f.rule == "padding-word"]
    assert (finding.line, finding.column, finding.length) == (1, 6, 8)


def test_code_is_skipped(rules):
    text = "```\nwe will definitely leverage\n```\n\n~~~~\nutilize\n~~~~\n\nUse ``a `leverage` b`` here, <code>utilize</code>.\n"
    assert checker.check(text, rules) == []


def test_hedged_predictions_pass_and_certain_ones_do_not(rules):
    def certain(text):
        return [f.text for f in checker.check(text, rules) if f.rule == "certain-prediction"]

    assert certain("AGI will certainly arrive by 2030.") == ["certainly"]
    assert certain("2025 is the year of agents.") == ["is the year of"]
    assert certain("It is 100% going to win.") == ["100%"]
    assert certain("Imo AGI will certainly arrive by 2030.") == []
    assert certain("I suspect AGI will definitely arrive.") == []
    assert certain("The cache is definitely faster.") == []  # measured, not predicted


def test_measured_results_in_hedges_are_noted(rules):
    def hedged(text):
        return [f.text for f in checker.check(text, rules) if f.rule == "hedged-measurement"]

    assert hedged("We measured it, and it seems maybe 2x faster.") == ["seems", "maybe"]
    assert hedged("The benchmarks show it is perhaps 30% faster.") == ["perhaps"]
    assert hedged("We measured a 40% drop.") == []
    assert hedged("It will probably be 2x faster next year.") == []  # a prediction may hedge


def test_a_list_item_is_its_own_sentence(rules):
    def certain(text):
        return [f.text for f in checker.check(text, rules) if f.rule == "certain-prediction"]

    # A future word in one item and a certainty word in the next are two claims, not one prediction.
    assert certain("Plan:\n- It will ship soon\n- definitely tested\n1. later\n") == []
    assert certain("- It will ship soon and\n  definitely work\n") == ["definitely"]  # one item over two lines
    assert certain("It will ship soon and\ndefinitely work.\n") == ["definitely"]


def test_long_paragraphs_are_noted_once_at_their_start(rules):
    paragraph = " ".join(f"Sentence number {i} says a thing." for i in range(1, 14))
    found = [f for f in checker.check(f"# Title\n\n{paragraph}\n", rules) if f.rule == "long-paragraph"]
    assert [(f.line, f.column, f.text) for f in found] == [(3, 1, "Sentence number 1 says a thing.")]
    assert "(78 words, 13 sentences)" in found[0].message
    assert checker.check(" ".join(f"Sentence number {i} says a thing." for i in range(1, 13)), rules) == []
    words = " ".join(["word"] * 251) + "."
    assert [f.rule for f in checker.check(words, rules)] == ["long-paragraph"]
    assert checker.check(" ".join(["word"] * 250) + ".", rules) == []
    listing = "\n".join(f"- item {i}. More." for i in range(20))
    assert checker.check(listing, rules) == []  # a list is not a paragraph of prose


@pytest.mark.parametrize("text, found", [
    ("Neural net training fails silently", True),  # a whole text that is one short line: a line set alone
    ("神经网络训练失败时悄无声息", True),  # 13 characters: two count as one word, so 6.5 words
    ("Neural net training fails silently.", False),  # one sentence that ends: just a short text
    ("Once it is compiled, run it:", False),  # a line that ends with a colon leads into code or a list
    ("编译好以后这样运行：", False),
    ("Neural net training\nfails silently", False),  # two lines: not a line set alone
    ("How long until we measure wealth inequality in FLOPS", False),  # 9 words: over short_words (8)
    (LONG + "\n\nIt dropped to 2.4.", True),
    (LONG + "\n\nIt dropped to 2.4", False),
    # After a long stretch only: not after a short paragraph, a heading, a list or code.
    ("A short first paragraph that says what we tried.\n\nIt dropped to 2.4.", False),
    (LONG + "\n\n## Results\n\nIt dropped to 2.4.", False),
    (LONG + "\n\n```\nrun()\n```\n\nIt dropped to 2.4.", False),
    (LONG + "\n\n> a quote\n\nIt dropped to 2.4.", False),
    # Two Chinese characters count as one word, as for the one-liner itself: 96 characters are enough, half not.
    (ZH_LONG + "\n\n它降到了 2.4。", True),
    (ZH_LONG[:len(ZH_LONG) // 2] + "。\n\n它降到了 2.4。", False),
])
def test_one_liners_are_recognised(rules, text, found):
    assert any(f.rule == "short-paragraph" for f in checker.check(text, rules)) is found


def test_rules_link_only_to_patterns_that_exist(mini):
    rules = checker.rules(load_catalog(mini), "en", SITE)
    assert rules.rules == []  # the mini catalog has none of the checker's patterns


def test_chinese_rules_speak_chinese_and_link_the_chinese_site(project):
    rules = checker.rules(load_catalog(project), "zh", SITE + "zh/")
    [finding] = [f for f in checker.check("We leverage it.", rules)]
    assert finding.message == "\u201cleverage\u201d常常是凑字的套话；只在它的本义或技术含义下用。换成：用、借助。"
    assert finding.url == f"{SITE}zh/patterns/plain-words/"


def test_rule_regexes_stay_in_the_subset_python_and_javascript_share(rules):
    # Python and JavaScript read these differently, or one of them lacks them.
    unportable = re.compile(r"\\[sSwWdDAZzpPhHvVRX]|\(\?[PimsxaLu<]|\(\?<[=!]|\\[0-9]{2}|\[\[:|\\u\{")
    sources = [rules.fence, rules.list_item, rules.container, rules.raw_block, rules.ascii_run, rules.token,
               rules.sentence, rules.paragraph_break, rules.word, rules.not_prose, rules.ends_sentence,
               *rules.masks, *rules.token_masks]
    for source in sources:
        assert not unportable.search(source), source
        re.compile(source, re.ASCII)
    # Rules hold phrases, not regexes: words with single separators, matched token by token.
    phrase = re.compile(PHRASE_PATTERN)
    for rule in rules.rules:
        for text in [*rule.find, *rule.when, *rule.unless]:
            assert phrase.match(text), (rule.id, text)


# -- the command line ----------------------------------------------------------------


def run(project, *args, stdin: str | None = None) -> subprocess.CompletedProcess:
    return run_cli(project, "check", *args, stdin=stdin, env={"SITE_URL": SITE, "PATH": "/usr/bin:/bin"})


def test_cli_prints_one_line_per_finding_and_fails_on_warnings(project, tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    result = run(project, str(draft))
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (f'{draft}:6:4: warning: "synergized" is a business word. Instead: work together; say on what. '
                        '[avoid-word] '
                        f"{SITE}patterns/plain-words/")
    assert len(lines) == len(EXPECTED) + 1 and lines[-1] == "2 warnings, 1 note, 7 patterns used"
    assert "\033[" not in result.stdout  # no colour when the output is not a terminal
    found = checker.check("We synergize it.", checker.rules(load_catalog(project), "en", SITE))
    assert "\033[33mwarning\033[0m" in "\n".join(report.text_lines(checker.checked({"x": found}, "en"), color=True))


@pytest.mark.parametrize("text, fail_on, status", [
    ("We synergize it.", "warning", 1), ("We synergize it.", "info", 1), ("We synergize it.", "never", 0),
    ("We leverage it.", "warning", 0), ("We leverage it.", "info", 1),  # a note-tier word: level info
    ("We measured 2x, maybe.", "warning", 0), ("We measured 2x, maybe.", "info", 1),
    ("Imo it works. Strap in.", "info", 0),  # patterns used never fail a check
])
def test_cli_exit_status_follows_fail_on(project, text, fail_on, status):
    assert run(project, "--fail-on", fail_on, "-", stdin=text).returncode == status


def test_cli_json_validates_against_its_published_schema(project, tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    result = run(project, "--format", "json", str(draft), "-", stdin="We will surely utilize it.\n")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    schema = api.schema("check", SITE)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema)
    assert data["schema_version"] == 2 and data["lang"] == "en"
    mine = [(f["line"], f["column"], f["rule"], f["text"]) for f in data["findings"] if f["path"] == str(draft)]
    assert mine == EXPECTED
    stdin = [(f["line"], f["column"], f["rule"]) for f in data["findings"] if f["path"] == "-"]
    assert stdin == [(1, 9, "certain-prediction"), (1, 16, "padding-word")]
    assert data["counts"] == {"warning": 3, "info": 2, "good": 7}


def test_cli_can_use_a_published_rules_file(project, tmp_path):
    rules_file = tmp_path / "check-rules.json"
    rules_file.write_text(api.files(load_catalog(project), "en", SITE)["api/check-rules.json"], encoding="utf-8")
    result = run(tmp_path / "nowhere", "--rules", str(rules_file), "--format", "json", "-", stdin="We synergize it.")
    assert result.returncode == 1, result.stderr
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["avoid-word"]


def test_cli_reports_an_unreadable_file(project, tmp_path):
    result = run(project, str(tmp_path / "missing.md"))
    assert result.returncode == 2 and "missing.md" in result.stderr


# -- the site follows its own rules ----------------------------------------------------

# Our own explanatory prose. rewrite.plain and rewrite.decoy are meant to be flat
# or corporate, the avoid_words list names the words, and quotes are verbatim.
PROSE_FIELDS = ("summary", "definition", "effect", "when_to_use", "when_not_to_use")


def test_the_shipped_data_names_business_words_to_avoid():
    catalog = shipped_catalog()
    data = catalog.checker
    words = {w.word for w in data.avoid_words}
    assert {"leverage", "utilize", "facilitate", "赋能", "抓手", "闭环"} <= words
    assert len(words) >= 60 and sum(bool(re.search("[\u3400-\u9fff]", w)) for w in words) >= 30
    ids = {r.pattern for r in checker.rules(catalog, "en", SITE).rules}
    assert ids == set(catalog.patterns) - {"plain-words", "one-line-paragraph"} | {"plain-words", "one-line-paragraph"}, \
        "every pattern has a rule, and every rule links to a pattern of the shipped data"


def test_the_site_uses_no_business_words_in_its_own_prose():
    catalog = shipped_catalog()
    offenders = []
    for lang in ("en", "zh"):
        rules = checker.rules(catalog, lang, SITE)

        def scan(where, text, rules=rules):
            offenders.extend(f"{where}:{f.line}:{f.column}: {f.text}" for f in checker.check(text, rules)
                             if f.rule == "avoid-word")

        for path in sorted((ROOT / "content" / lang).rglob("*.md")):
            scan(path.relative_to(ROOT), path.read_text(encoding="utf-8"))
        for pid, pattern in catalog.patterns.items():
            for name in PROSE_FIELDS:
                scan(f"patterns/{pid}.yml {name}.{lang}", getattr(pattern, name).get(lang))
            scan(f"patterns/{pid}.yml rewrite.styled.{lang}", pattern.rewrite.styled.get(lang))
        for uri in ("check.md", "cheatsheet.md"):
            scan(uri, shipped_pages(lang)[uri].content)
    assert not offenders, "business words in our own prose (quote or `code` a word you mention):\n" + "\n".join(offenders)


@pytest.mark.parametrize("lang, words", [
    ("en", ["<code>kind of like</code>", "`loss landscape`", "`definitely`", "<code>leverage</code>", "use, build on"]),
    ("zh", ["`一定`", "<code>有点像</code>", "<code>赋能</code>", "用、借助"]),
])
def test_the_check_page_lists_what_it_looks_for_from_the_data(lang, words):
    """'What it looks for' is rendered from content/checker.yml and the patterns' signals, not written by hand."""
    page = shipped_pages(lang)["check.md"]
    for word in words:
        assert word in page.content, word


@pytest.mark.parametrize("lang, line", [
    ("en", "one-sentence paragraphs of at most 8 words right after a paragraph of 40 words or more"),
    ("zh", "紧跟在 40 个词以上的段落之后、不超过 8 个词的单句段落"),
])
def test_the_check_page_states_the_one_liner_threshold_from_the_data(lang, line):
    page = shipped_pages(lang)["check.md"].content
    assert line in page and "None" not in page


def test_a_checker_file_without_the_one_liner_threshold_is_refused(tmp_path):
    # Left out, the /check/ page said "right after a paragraph of None words or more", and validate passed.
    project = write_checker_catalog(tmp_path / "project")
    path = project / "content" / "checker.yml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines, 1) if line.strip().startswith("short_after_words:"))
    path.write_text("".join(line for n, line in enumerate(lines, 1) if n != at), encoding="utf-8")
    mapping = next(n for n, line in enumerate(lines, 1) if line.startswith("paragraphs:"))
    result = run_cli(project, "validate")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"content/checker.yml:{mapping}: field 'paragraphs.short_after_words': required\n" \
                            "1 problem found.\n"


def test_a_page_refuses_to_print_none_for_a_missing_number(tmp_path):
    # A value that is None (a field made optional later) stops the page instead of showing "None" to readers.
    import dataclasses

    from generator.site.render import render_pages

    catalog = load_catalog(write_checker_catalog(tmp_path / "project"))
    paragraphs = catalog.checker.paragraphs.model_copy(update={"short_after_words": None})
    catalog = dataclasses.replace(catalog, checker=catalog.checker.model_copy(update={"paragraphs": paragraphs}))
    with pytest.raises(ValueError, match=r"\{after\}"):
        [page.content for page in render_pages(catalog, "en")]


def test_a_phrase_inside_a_longer_one_of_its_rule_counts_once():
    # "in one file" is one use of minimal-code-proof, not two with "one file" inside it.
    rules = checker.rules(load_catalog(ROOT), "en", SITE)
    pairs = [(rule, long) for rule in rules.rules if rule.kind == "match" and not rule.when and not rule.unless
             for long in rule.find for short in rule.find
             if short != long and f" {short} " in f" {long} " and re.fullmatch(r"[a-z ]+", long)]
    assert len(pairs) >= 3, pairs  # the data has such phrases
    for rule, long in pairs:
        found = [f for f in checker.check(f"Here it is {long} again.", rules) if f.rule == rule.id]
        assert [f.text for f in found] == [long], (rule.pattern, long, found)
