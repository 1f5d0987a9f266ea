"""The checker's rules as a Vale style: `python -m generator export vale --out DIR`.

Writes DIR/Karpathy/*.yml. Use it with a .vale.ini such as:

    StylesPath = DIR
    [*.md]
    BasedOnStyles = Karpathy

Vale's regexes are Go's (RE2): no lookaround, so the rules below use only the
phrases of content/checker.yml as RE2 regexes. Vale cannot say "unless the
sentence hedges", so CertainPrediction and HedgedMeasurement look for the two
kinds of words in one sentence; the checker's own rules are a little stricter.
Findings of level "good" (patterns a draft uses) are not exported.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..data.catalog import Catalog
from .. import paths
from . import lexicon

STYLE = "Karpathy"
# The checker's levels in Vale's words.
LEVELS = {"warning": "warning", "info": "suggestion"}
# What may not appear in a Vale regex (RE2 has no lookaround or backreferences).
NOT_RE2 = ("(?=", "(?!", "(?<", "\\1")


def _camel(pattern_id: str) -> str:
    return "".join(part.capitalize() for part in pattern_id.split("-"))


def _plain(text: str) -> str:
    """A swap value is read as a regex by Vale: keep words and punctuation that are not regex syntax."""
    for char in "()[]{}*+?^$\\":
        text = text.replace(char, "")
    return text.replace("|", " or ").strip()


def _both_orders(first: str, second: str) -> list[str]:
    return [f"(?:{first})[^.!?]*(?:{second})", f"(?:{second})[^.!?]*(?:{first})"]


def phrase_regex(phrase: str) -> str:
    """A checker phrase as an RE2 regex: words apart by spaces or hyphens, # a number, * one word."""
    words = []
    for word in re.split(r"[ -]", phrase):
        if word == "*":
            words.append(r"\w+")
        else:
            words.append("[0-9]+".join(re.escape(part) for part in word.split("#")))
    return r"\b" + "[- ]+".join(words) + r"\b"


def _any(phrases: list[str]) -> str:
    return "|".join(phrase_regex(p) for p in phrases if not re.search(r"[\u3400-\u9fff]", p))


def styles(catalog: Catalog, site_url: str) -> dict[str, dict]:
    """file name -> rule, for the English rules (content/checker.yml; Chinese words are left to the checker)."""
    data = lexicon.load(catalog.root, catalog)
    links, words = data.links, data.words
    url = lambda pid: paths.join(site_url, paths.pattern(pid))  # noqa: E731
    def swap(tier: str) -> dict[str, str]:
        return {"|".join(re.escape(f) for f in a.forms()): _plain(a.instead.en)
                for a in data.avoid_words if a.tier == tier and not re.search(r"[\u3400-\u9fff]", a.word)}

    return {
        f"{_camel(links.avoid_word)}.yml": {
            "extends": "substitution", "message": "Karpathy style: a business word. Use '%s' instead of '%s'.",
            "link": url(links.avoid_word), "level": LEVELS["warning"], "ignorecase": True, "swap": swap("warning"),
        },
        "PaddingWords.yml": {
            "extends": "substitution", "message": "Karpathy style: usually padding (keep it only in its plain or "
                                                  "technical sense). Consider '%s' instead of '%s'.",
            "link": url(links.avoid_word), "level": LEVELS["info"], "ignorecase": True, "swap": swap("note"),
        },
        "CertainPrediction.yml": {
            "extends": "existence", "message": "Karpathy style: a prediction stated as certain ('%s'). Hedge what you "
                                               "predict; be certain about what you measured.",
            "link": url(links.certain_prediction), "level": LEVELS["warning"], "scope": "sentence",
            "ignorecase": True, "nonword": True,
            "tokens": _both_orders(_any(words.future.all()), _any(words.certain.all())),
        },
        "HedgedMeasurement.yml": {
            "extends": "existence", "message": "Karpathy style: a measured result in a hedge ('%s'). "
                                               "State what you measured plainly.",
            "link": url(links.hedged_measurement), "level": LEVELS["info"], "scope": "sentence",
            "ignorecase": True, "nonword": True,
            "tokens": _both_orders(_any(words.measured.all()), _any(words.hedge.all())),
        },
        "LongParagraph.yml": {
            "extends": "occurrence", "message": "Karpathy style: a long paragraph (%s words). Give the point that "
                                                "matters a paragraph of its own.",
            "link": url(links.long_paragraph), "level": LEVELS["info"], "scope": "paragraph",
            "max": data.paragraphs.long_words, "token": "\\b\\w+\\b",
        },
    }


def export(catalog: Catalog, out_dir: Path, site_url: str) -> list[Path]:
    """Write the Vale style (out_dir/Karpathy/*.yml) built from the checked catalog; returns the paths written.

    site_url is the English root the rules' links point to. Raises OSError if out_dir cannot be written.
    """
    folder = Path(out_dir) / STYLE
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rule in styles(catalog, site_url).items():
        path = folder / name
        text = yaml.safe_dump(rule, allow_unicode=True, sort_keys=False, width=1000)
        path.write_text(f"# Generated by `python -m generator export vale` from the pattern data. Do not edit.\n{text}",
                        encoding="utf-8")
        written.append(path)
    return written
