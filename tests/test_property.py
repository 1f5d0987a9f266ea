"""Random text in every contributed field never becomes live script on a page."""

from __future__ import annotations

import functools
import shutil
import tempfile
from pathlib import Path

import yaml
from catalog_factory import dump, pattern, quote
from conftest import examples
from hypothesis import given, settings
from hypothesis import strategies as st
from test_hostile import page_live_script

from generator.data.catalog import load_catalog
from generator.data.problems import DataError

# Text biased towards what breaks HTML and Markdown.
PIECES = st.sampled_from([
    "<", ">", "&", '"', "'", "`", "*", "_", "[", "]", "(", ")", "{", "}", "#", "!", "\\", "|", ":", "\n", "\n\n",
    "<script>", "</script>", "onerror=", "onclick=", "javascript:", "data:", "<img src=x ", "{: ", "{#", "---",
    "[x](", "![y](", "&#x6a;", "&lt;", "<!--", "-->", "<svg/onload=", "   ", "中文", "\u200b", "%3Cscript",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=5)), min_size=1, max_size=12).map("".join)
TEXT_FIELDS = ["name", "summary", "definition", "effect", "when_to_use", "when_not_to_use"]


@functools.cache
def template() -> Path:
    """The mini catalog, written once; each example changes one file of a copy."""
    from catalog_factory import write_catalog

    return write_catalog(Path(tempfile.mkdtemp()) / "base")


@functools.cache
def baseline() -> list[str]:
    return sorted(page_live_script(template()))


ACCEPTED = []  # examples that passed validation, so the test is not vacuous


EXAMPLES = examples(300)


@settings(max_examples=EXAMPLES, deadline=None)  # stricter validation refuses more of them (control and zero-width characters)
@given(field=st.sampled_from(TEXT_FIELDS + ["rewrite", "note", "quote", "title", "topic"]), text=TEXT)
def random_text_never_runs_script(field, text):
    with tempfile.TemporaryDirectory(prefix="prop-") as folder:
        _check_one(Path(folder), field, text)


def _check_one(folder: Path, field: str, text: str) -> None:
    root = Path(shutil.copytree(template(), folder / "mini"))
    data = pattern("first-pattern", complements=["second-pattern"])
    if field in TEXT_FIELDS:
        data[field] = {"en": text, "zh": text}
    elif field == "rewrite":
        data["rewrite"]["styled"] = {"en": text, "zh": text}
    elif field == "note":
        data["examples"][0]["note"] = {"en": text, "zh": text}
    dump(root / "patterns/first-pattern.yml", data)
    if field in ("quote", "title"):
        q = quote("q-one", ["first-pattern", "second-pattern"])
        if field == "quote":
            q["text"], q["zh"] = text, text
        else:
            q["source"]["title"] = text
        other = yaml.safe_load((root / "content/quotes/alpha.yml").read_text(encoding="utf-8"))
        other["quotes"][0] = q
        dump(root / "content/quotes/alpha.yml", other)
    if field == "topic":
        topics = yaml.safe_load((root / "content/topics.yml").read_text(encoding="utf-8"))
        topics["topics"][0]["title"] = {"en": text, "zh": text}
        topics["topics"][0]["intro"] = {"en": text, "zh": text}
        dump(root / "content/topics.yml", topics)
    try:
        load_catalog(root)
    except DataError:
        return  # refused: nothing is rendered at all
    ACCEPTED.append(text)
    assert sorted(page_live_script(root)) == baseline()


def test_random_text_never_runs_script():
    # The property, then a check that it was not vacuous: a tenth or more of the texts were accepted and rendered
    # (about a third are; a sixth failed about one fast run in a hundred, with 50 examples). One test, so it holds
    # whatever order (or selection) the tests run in.
    ACCEPTED.clear()
    random_text_never_runs_script()
    assert len(ACCEPTED) >= EXAMPLES // 10, len(ACCEPTED)
