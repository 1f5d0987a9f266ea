"""UI text: one YAML file per language in generator/locales/, with the same keys as English (the
reference); a plural is a mapping with `one` and `other` forms, `{n}` standing for the count."""

from __future__ import annotations

import functools
from pathlib import Path

from .data.problems import DataError, Problem
from .data.yamlfile import read_yaml
from .paths import LANGS

LOCALES = Path(__file__).parent / "locales"
PLURAL_FORMS = ("one", "other")


class Template(str):
    """Locale text with {fields}: format() refuses None, so a value left out never reaches a page as "None"."""

    def format(self, *args, **fields) -> str:
        if missing := [f"{{{name}}}" for name, value in [*enumerate(args), *fields.items()] if value is None]:
            raise ValueError(f"{', '.join(missing)} is None in locale text {str(self)!r}")
        return str.format(self, *args, **fields)


def templates(value):
    """value (checked locale data: tables of text) with every text that holds a { as a Template."""
    if isinstance(value, dict):
        return {key: templates(item) for key, item in value.items()}
    return Template(value) if isinstance(value, str) and "{" in value else value


class Labels(dict):
    """One language's UI text: key -> str, or key -> {one, other} for plurals, or a nested table."""

    def __init__(self, lang: str, data: dict):
        super().__init__(templates(data))
        self.lang = lang

    def plural(self, key: str, n: int, **fields) -> str:
        """The form of `key` for count n with {n} and other {field}s filled in: English `one` for exactly 1,
        else `other` (Chinese has one form). Raises KeyError for an unknown key."""
        forms = self[key]
        form = forms["one"] if n == 1 and self.lang == "en" else forms["other"]
        return form.format(n=n, **fields)


def _shape(value) -> str:
    """'plural' (one/other forms, even when one is missing: reported on its own), 'table' or 'text'."""
    if isinstance(value, dict):
        return "plural" if any(form in value for form in PLURAL_FORMS) else "table"
    return "text"


def check_locales(folder: Path | None = None) -> tuple[dict[str, dict], list[Problem]]:
    """(data by language, problems) of folder/<lang>.yml (default: LOCALES; a copy, in tests, is named as
    it): `generator/locales/zh.yml:<line>: key 'x': missing in zh` (at the key's line in the reference
    locale, the first language), 'not in en', 'must be non-empty text', ..."""
    folder, langs = Path(folder or LOCALES), LANGS
    docs = {lang: read_yaml(folder / f"{lang}.yml", f"generator/locales/{lang}.yml") for lang in langs}
    problems = [p for doc in docs.values() for p in doc.problems]
    data = {lang: doc.data if isinstance(doc.data, dict) else {} for lang, doc in docs.items()}
    ref_lang, ref = langs[0], docs[langs[0]]

    def key_problem(doc, parts, message):
        dotted = ".".join(str(p) for p in parts)
        return Problem(doc.path, doc.line(parts), "", f"key '{dotted}': {message}")

    def compare(parts: tuple, want: dict, have: dict, lang: str) -> None:
        doc = docs[lang]
        for key, value in want.items():
            here = parts + (key,)
            if key not in have:
                problems.append(key_problem(ref, here, f"missing in {lang}"))
            elif _shape(value) != _shape(have[key]):
                problems.append(key_problem(doc, here, f"must be {_shape(value)} as in {ref_lang}"))
            elif _shape(value) == "table":
                compare(here, value, have[key], lang)
        for key in have:
            if key not in want:
                problems.append(key_problem(doc, parts + (key,), f"not in {ref_lang}: add it there or remove it"))

    def check_values(parts: tuple, table: dict, doc) -> None:
        for key, value in table.items():
            here = parts + (key,)
            if _shape(value) == "plural":
                if set(value) != set(PLURAL_FORMS) or not all(isinstance(v, str) and v for v in value.values()):
                    problems.append(key_problem(doc, here, "a plural needs exactly the forms one and other, as text"))
            elif isinstance(value, dict):
                check_values(here, value, doc)
            elif not isinstance(value, str) or not value.strip():
                problems.append(key_problem(doc, here, "must be non-empty text"))

    for lang in langs:
        if docs[lang].data is not None and not isinstance(docs[lang].data, dict):
            problems.append(Problem(docs[lang].path, 1, "", "a locale file is a mapping of keys to text"))
        check_values((), data[lang], docs[lang])
        if lang != ref_lang and ref.data is not None:
            compare((), data[ref_lang], data[lang], lang)
    return data, problems


def labels(lang: str) -> Labels:
    """The UI text of one language, checked against every other locale; raises DataError listing every
    problem. Read again when a locale file changes (an edit shows on the next rebuild under `mkdocs serve`)."""
    return _labels(lang, LOCALES, tuple(path.read_bytes() for path in sorted(LOCALES.glob("*.yml"))))


@functools.lru_cache(maxsize=16)
def _labels(lang: str, folder: Path, contents: tuple) -> Labels:
    data, problems = check_locales(folder)
    if problems:
        raise DataError(problems)
    return Labels(lang, data[lang])


def js_strings(lang: str) -> dict[str, str]:
    """The strings site.js, quiz.js and check.js read from the page's JSON block (the `js` table), as plain
    str: the scripts fill them in, and the build writes them into YAML."""
    return {key: str(text) for key, text in labels(lang)["js"].items()}
