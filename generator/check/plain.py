"""What `check` needs at start-up, without pydantic or YAML: the shipped rules as plain objects.

`python -m generator check` outside this project reads the rules shipped in
the package (generator/check/rules/<lang>.json). Those files are written by
`python -m generator schema` from the validated RuleSet model (rules.py), and
tests/test_checker_cli.py fails when they drift, so they are read here without
validating them again: importing pydantic would take longer than checking a
large draft. A --rules file from elsewhere is still validated (rules.read).
"""

from __future__ import annotations

import json
from pathlib import Path

SCHEMA_VERSION = 2
LEVELS = ("warning", "info", "good")  # "good": a pattern the draft uses; never fails a check
SHIPPED = Path(__file__).parent / "rules"
LOCALES = Path(__file__).parent / "locales"


class RulesError(Exception):
    """A rules file that cannot be used; str() is one line for the user."""


class Plain:
    """A JSON object's fields as attributes: what check() reads of a RuleSet or a Rule.

    Set one by one, the fields live in the object itself, where Python reads them
    fastest (check() reads rules' fields a million times in a 1 MB draft).
    """

    def __init__(self, **fields):
        for name, value in fields.items():
            setattr(self, name, value)

    def __repr__(self) -> str:
        return f"Plain({vars(self)})"

    def model_copy(self, update: dict | None = None) -> Plain:
        """A copy with some fields replaced, as pydantic's model_copy (cli.rebase uses it)."""
        return Plain(**{**vars(self), **(update or {})})


def shipped(lang: str) -> Plain:
    """The shipped rules of one language (of paths.LANGS) as a Plain RuleSet, its rules as Plain Rules.

    Raises RulesError when the file is missing or is not a rules file of SCHEMA_VERSION.
    """
    path = SHIPPED / f"{lang}.json"
    try:
        ruleset = json.loads(path.read_text(encoding="utf-8"), object_hook=lambda fields: Plain(**fields))
    except OSError as err:
        raise RulesError(f"{path}: cannot read the rules file: {err.strerror or err}") from None
    except ValueError as err:
        raise RulesError(f"{path}: not a JSON rules file ({err})") from None
    if getattr(ruleset, "schema_version", None) != SCHEMA_VERSION or getattr(ruleset, "lang", None) != lang:
        raise RulesError(f"{path}: not the shipped {lang} rules of schema_version {SCHEMA_VERSION}; "
                         "run `python -m generator schema`")
    return ruleset


def messages(lang: str) -> dict[str, str]:
    """The checker's UI text in one language (generator/check/locales/<lang>.yml): key -> text."""
    import yaml  # only the text output's last line and the site build need it

    return yaml.safe_load((LOCALES / f"{lang}.yml").read_text(encoding="utf-8"))
