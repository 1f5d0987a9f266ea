"""The checker reads Markdown as a reader does, in the CLI and in the browser (check.js), and knows
technical senses, Chinese business words and the Chinese forms of the patterns.

Every construct hides business words where a reader does not read prose, next to one sentence of
prose that must still be flagged (so a checker that flags nothing fails too).
"""

from __future__ import annotations

import json

import pytest
from conftest import fresh_page, run_main, shipped_catalog

from generator.check import checker

SITE = "http://example.test/"
PROSE = "\n\nWe utilize it.\n"  # the one finding every construct keeps

CONSTRUCTS = {
    "indented code": "Some text.\n\n    leverage = synergy()\n    utilize()\n",
    "tilde fence": "~~~python\nleverage = 1\n~~~\n",
    "backtick fence": "```\nwe leverage synergy\n```\n",
    "fence inside a list": "- an item\n\n    ```python\n    leverage = 1\n    ```\n",
    "fence inside an admonition": "!!! note\n\n    ```\n    leverage = 1\n    ```\n",
    "indented code inside a list": "1. an item\n\n        leverage = 1\n",
    "inline code": "Call `leverage()` and ``synergy `x` ``.",
    "front matter": "---\ntitle: We leverage synergy\n---\n# Title",
    "toml front matter": "+++\ntitle = 'We leverage synergy'\n+++\n# Title",
    "display math": "$$\n\\text{leverage} = 1\n$$",
    "inline math": "The value $leverage_t$ and \\(synergy\\) grow.",
    "html tag": '<span class="leverage" data-x="synergy">text</span>',
    "html pre block": "<pre>\nwe leverage synergy\n</pre>",
    "html script": "<script>\nvar leverage = 1;\n</script>",
    "html comment": "<!-- we leverage synergy -->\nText.",
    "unclosed html comment": "We utilize it.\n\n<!-- we leverage synergy\n\nand more (to the end, as in HTML)",
    "link target": "See [the page](https://x.test/leverage) and ![img](synergy.png).",
    "reference definition": "See [the page][1].\n\n[1]: https://x.test/leverage-synergy",
    "heading id": "## Plain words {#leverage-vs-use}",
    "attribute list": "A paragraph.\n{: .leverage }",
    "email": "Write to team@synergy.io today.",
    "bare domain": "Go to www.synergy.com/leverage or synergy.io now.",
    "autolink": "<https://leverage.example.com/synergy>",
    "block quote": "> we leverage synergy, said the memo",
    "quoted mention": "Say 'use', not 'leverage'; \"synergy\" means nothing.",
}

TECHNICAL = [
    "The GPU utilization stays at 90%.",
    "A wide basin in the loss landscape.",
    "Print it in landscape orientation.",
    "We fit a robust regression.",
    "The streamlines in the plot follow the flow.",
    "VRAM utilization and Model FLOPS utilization are logged.",
]

BUSINESS_EN = ["We are excited to announce v2.", "We operationalize it.", "Ask the stakeholders.",
               "A game-changing tool.", "It will revolutionize search.", "In order to win, ship.",
               "It's a testament to the team.", "Let's delve into it.", "A rich tapestry of tools."]
BUSINESS_ZH = ["我们要赋能业务。", "这是抓手。", "形成闭环。", "降本增效。", "打通数据。", "沉淀经验。", "对齐一下。",
               "颗粒度太粗。"]


@pytest.fixture(scope="module")
def rules():
    return checker.rules(shipped_catalog(), "en", SITE)


@pytest.fixture(scope="module")
def cli_results(tmp_path_factory):
    """construct name -> findings of one `check --format json` run over a file per construct."""
    folder = tmp_path_factory.mktemp("constructs")
    names = {}
    for i, (name, text) in enumerate(CONSTRUCTS.items()):
        path = folder / f"c{i}.md"
        path.write_text(text + PROSE, encoding="utf-8")
        names[str(path)] = name
    result = run_main("check", "--format", "json", "--fail-on", "never", *names)
    assert result.returncode == 0, result.stderr
    out = {name: [] for name in CONSTRUCTS}
    for f in json.loads(result.stdout)["findings"]:
        out[names[f["path"]]].append(f)
    return out


def warned(findings):
    """The business words found, in either tier (a warning, or a note of level info)."""
    return [f["text"] if isinstance(f, dict) else f.text for f in findings
            if (f["rule"] if isinstance(f, dict) else f.rule) in ("avoid-word", "padding-word")]


@pytest.mark.parametrize("name", CONSTRUCTS)
def test_the_cli_reads_no_business_word_in_markdown_structure(cli_results, name):
    assert warned(cli_results[name]) == ["utilize"], CONSTRUCTS[name]


@pytest.mark.parametrize("name", CONSTRUCTS)
def test_the_browser_reads_no_business_word_in_markdown_structure(browser_results, name):
    assert warned(browser_results[name]) == ["utilize"], CONSTRUCTS[name]


@pytest.fixture(scope="module")
def browser_results(site, page_module):
    """construct name -> findings of check.js (the function the page runs) with the site's rules."""
    _, base = site
    page_module.goto(f"{base}check/")
    page_module.wait_for_function("window.kpCheck !== undefined")
    data = page_module.evaluate("fetch('../api/check-rules.json').then(r => r.json())")
    texts = [text + PROSE for text in CONSTRUCTS.values()]
    found = page_module.evaluate("([ts, r]) => ts.map(t => window.kpCheck(t, r))", [texts, data])
    return dict(zip(CONSTRUCTS, found))


@pytest.fixture(scope="module")
def page_module(browser):
    with fresh_page(browser) as page:
        yield page


@pytest.mark.parametrize("text", TECHNICAL)
def test_technical_senses_are_not_business_words(rules, text):
    assert warned(checker.check(text, rules)) == []
    assert warned(checker.check(text.replace(".", ", and we utilize it."), rules)) == ["utilize"]


@pytest.mark.parametrize("text", BUSINESS_EN)
def test_business_words_the_old_list_missed_are_flagged(rules, text):
    assert len(warned(checker.check(text, rules))) == 1, text


@pytest.mark.parametrize("text", BUSINESS_ZH)
def test_chinese_business_words_are_flagged_in_chinese(text):
    rules = checker.rules(shipped_catalog(), "zh", SITE + "zh/")
    [finding] = [f for f in checker.check(text, rules) if f.rule in ("avoid-word", "padding-word")]
    said = "是商务腔" if finding.level == "warning" else "常常是凑字的套话"
    assert finding.message.startswith(f"\u201c{finding.text}\u201d{said}") and finding.url.endswith("/zh/patterns/plain-words/")


def test_a_certain_chinese_prediction_is_flagged(rules):
    found = [(f.rule, f.text) for f in checker.check("AI 一定会颠覆所有行业。", rules)]
    assert ("certain-prediction", "一定") in found and ("padding-word", "颠覆") in found
    assert not [f for f in checker.check("我觉得 AI 可能会颠覆一些行业。", rules) if f.rule == "certain-prediction"]


@pytest.mark.parametrize("text, pattern", [
    ("个人觉得这个方向是对的。", "imo-marks-a-claim"),
    ("依我看这是对的。", "imo-marks-a-claim"),  # not 我觉得: the quote translations use it for a plain "I think"
    ("它有点像一台新的计算机。", "kind-of-like"),
    ("这是软件 2.0。", "version-numbers"),
    ("我管它叫氛围编程。", "coin-a-name"),
    ("这是智能体的十年。", "stretch-the-timeline"),
])
def test_chinese_forms_of_the_patterns_are_recognised(rules, text, pattern):
    assert pattern in {f.pattern for f in checker.check(text, rules) if f.level == "good"}


def test_a_huge_unclosed_comment_and_long_runs_are_masked_in_one_pass(rules):
    text = "<!-- " * 2000 + "\n\nWe utilize it. " + "x" * 500 + "@synergy.io"
    assert warned(checker.check(text, rules)) == []  # all inside the unclosed comment
    assert warned(checker.check("We utilize it. " + "a" * 500 + " leverage", rules)) == ["utilize", "leverage"]
