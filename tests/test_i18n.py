"""UI text: one locale file per language, the same keys in each, plurals with one/other forms."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT

from generator import paths
from generator.i18n import LOCALES, check_locales, labels

GENERATOR = ROOT / "generator"


@pytest.fixture
def locales(tmp_path):
    folder = tmp_path / "locales"
    shutil.copytree(LOCALES, folder)
    return folder


def edit(folder, lang, old, new):
    path = folder / f"{lang}.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(folder, lang, key) -> int:
    lines = (folder / f"{lang}.yml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(f"{key}:"))


def messages(folder) -> list[str]:
    return [str(p) for p in check_locales(folder)[1]]


def test_the_shipped_locales_agree():
    assert messages(LOCALES) == []
    assert set(labels("en")) == set(labels("zh"))


def test_a_key_missing_in_one_locale_is_reported_with_its_line(locales):
    line = line_of(locales, "en", "gallery")
    edit(locales, "zh", "gallery: 引文集\n", "")
    assert messages(locales) == [f"generator/locales/en.yml:{line}: key 'gallery': missing in zh"]


def test_a_key_only_in_one_locale_is_reported(locales):
    edit(locales, "zh", "gallery: 引文集\n", "gallery: 引文集\ngalery: 引文集\n")
    line = line_of(locales, "zh", "galery")
    assert messages(locales) == [f"generator/locales/zh.yml:{line}: key 'galery': not in en: add it there or remove it"]


def test_nested_keys_are_compared_too(locales):
    edit(locales, "zh", "  tweet: 推文\n", "")
    [msg] = messages(locales)
    assert msg.endswith("key 'venues.tweet': missing in zh")


def test_a_plural_needs_both_forms(locales):
    edit(locales, "en", "  one: '{n} quote'\n", "")
    [msg] = messages(locales)
    assert msg.endswith("key 'topic_count': a plural needs exactly the forms one and other, as text"), msg


def test_plural_forms_are_chosen_by_count():
    assert labels("en").plural("topic_count", 1) == "1 quote"
    assert labels("en").plural("topic_count", 2) == "2 quotes"
    assert labels("en").plural("topic_count", 0) == "0 quotes"
    assert labels("zh").plural("topic_count", 1) == "1 条引文"


# -- declared once: the URL scheme and the language list ------------------------------


def sources():
    for path in sorted(GENERATOR.rglob("*")):
        if path.suffix in (".py", ".j2", ".html", ".js") and path.name != "paths.py":
            yield path
    for path in sorted((ROOT / "overrides").rglob("*")):
        if path.suffix in (".html", ".js"):
            yield path


def test_the_pattern_url_scheme_is_spelt_only_in_paths_py():
    # a site path: patterns/<something>/ built from a variable (data file paths, patterns/<id>.yml, are fine)
    spelt = re.compile(r"""patterns/\{[^}]*\}/|["']patterns/["'] ?[~+]""")
    found = [f"{p.relative_to(ROOT)}:{n}" for p in sources()
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if spelt.search(line)]
    assert found == []
    assert paths.pattern("x") == "patterns/x/"


def test_the_language_list_is_spelt_only_in_paths_py():
    spelt = re.compile(r"""\(\s*["']en["'],\s*["']zh["']\s*\)|\[\s*["']en["'],\s*["']zh["']\s*\]|["']zh/["']""")
    found = [f"{p.relative_to(ROOT)}:{n}" for p in sources()
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if spelt.search(line)]
    assert found == []
    assert paths.LANGS == ("en", "zh")


def test_the_checker_locales_agree_too():
    # the checker (generator/check/) keeps its own text so it runs without the site; same rules
    folder = GENERATOR / "check" / "locales"
    assert [str(p) for p in check_locales(folder)[1]] == []
    copy = Path(tempfile.mkdtemp()) / "locales"
    shutil.copytree(folder, copy)
    first = next(line for line in (copy / "zh.yml").read_text(encoding="utf-8").splitlines() if ": " in line and not line.startswith(("#", " ")))
    (copy / "zh.yml").write_text((copy / "zh.yml").read_text(encoding="utf-8").replace(first + "\n", "", 1), encoding="utf-8")
    [msg] = [str(p) for p in check_locales(copy)[1]]
    assert msg.endswith(f"key '{first.split(':')[0]}': missing in zh")


def test_an_edited_locale_shows_on_the_next_rebuild(locales, monkeypatch):
    # `mkdocs serve` rebuilds in the same process: the UI text must not be the one read at start.
    from generator import i18n

    monkeypatch.setattr(i18n, "LOCALES", locales)
    assert labels("en")["venues"]["tweet"] == "Tweet"
    edit(locales, "en", "  tweet: Tweet\n", "  tweet: Post on X\n")
    assert labels("en")["venues"]["tweet"] == "Post on X"
