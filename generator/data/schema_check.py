"""Pydantic's errors for a YamlFile -> one `file:line: field 'x': message` problem per cause, on that file."""

from __future__ import annotations

import difflib

import pydantic

from . import models, yamlhelp
from .problems import Problem, did_you_mean, field_path
from .yamlfile import YamlFile

_KNOWN_FIELDS = sorted(
    {name for model in vars(models).values() if isinstance(model, type) and issubclass(model, pydantic.BaseModel)
     for name in model.model_fields}
)

_PATTERN_HINTS = {
    models.ID_PATTERN: "must be kebab-case: lowercase a-z, 0-9 and single hyphens",
    models.PHRASE_PATTERN: "must be lowercase words or Chinese characters with one space or hyphen between them",
    models.URL_PATTERN: ("must be an https:// URL with no spaces, quotes, brackets or parentheses "
                         "(write ( and ) as %28 and %29)"),
    models.DATE_PATTERN: "must be a date written YYYY, YYYY-MM or YYYY-MM-DD",
}

_TYPE_ERRORS = {
    "string_type": "text", "list_type": "a list", "bool_type": "true or false",
    "model_type": "a mapping", "dict_type": "a mapping", "model_attributes_type": "a mapping",
}


def _message(err: dict) -> str:
    kind, value = err["type"], err.get("input")
    if kind == "missing":
        return "required"
    if kind == "extra_forbidden":
        return "unknown field" + did_you_mean(str(err["loc"][-1]), _KNOWN_FIELDS)
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        hint = _PATTERN_HINTS.get(pattern, f"must match {pattern}")
        return f"{hint}, found {value!r}"
    if kind in _TYPE_ERRORS or kind == "literal_error":
        expected = _TYPE_ERRORS.get(kind) or "one of " + err["ctx"]["expected"]
        return f"expected {expected}, found {_kind_of(value)} {value!r}"[:200]
    if kind == "string_too_short":
        return "is empty: write the text"
    if kind == "too_short":
        return f"needs at least {err['ctx']['min_length']} item(s)" if isinstance(value, list) else "must not be empty"
    if kind == "string_too_long" or kind == "too_long" and isinstance(value, str):
        return f"too long: {len(value)} characters, the limit is {err['ctx']['max_length']}; shorten it"
    if kind == "value_error":
        return str(err["ctx"]["error"])
    return err["msg"]


def _kind_of(value) -> str:
    return {str: "text", bool: "boolean", int: "number", float: "number", list: "list", dict: "mapping",
            type(None): "nothing"}.get(type(value), type(value).__name__)


def _data_path(data, loc: tuple) -> tuple:
    """Pydantic adds union member names to locations; keep only real keys and indexes."""
    path, here = [], data
    for i, part in enumerate(loc):
        if isinstance(here, list) and isinstance(part, int) and part < len(here) or isinstance(here, dict) and part in here:
            here = here[part]
        elif i == len(loc) - 1 and isinstance(here, dict):
            pass  # a missing key: keep it in the path
        else:
            continue
        path.append(part)
    return tuple(path)


def _retyped_message(doc: YamlFile, path: tuple, value) -> str | None:
    """`12:30` was read as a number: say so with the text as typed, not the converted value."""
    key = next((p for p in reversed(path) if isinstance(p, str)), "")
    if value is None:
        return f"is empty: write the value after '{key}:'" if key else "is empty: write a value"
    raw = doc.retyped.get(path)
    if raw is None:
        return None
    if isinstance(value, str):  # yes/no/on/off, read as text (yamlfile._check_plain) where true or false is due
        return f"`{raw}` is not read as true or false (only true and false are); write {key}: true or {key}: false"
    if not isinstance(value, bool | int | float):
        return None
    what = "true or false" if isinstance(value, bool) else "a number"
    return f"`{raw}` was read as {what}; put it in quotes: {key}: {yamlhelp.quoted(raw)}"


def _merge(doc: YamlFile, errors: list[tuple[tuple, dict]]) -> list[Problem]:
    """One problem per cause: a misspelt or misplaced key also shows up as a missing one."""
    missing = {path: err for path, err in errors if err["type"] == "missing"}
    used: set[tuple] = set()
    problems = []
    for path, err in errors:
        if err["type"] != "extra_forbidden":
            continue
        key, parent = path[-1], path[:-1]
        siblings = [m[-1] for m in missing if m[:-1] == parent and m not in used]
        guess = difflib.get_close_matches(str(key), [str(s) for s in siblings], n=1)
        if not guess and len(siblings) == 1 and len([e for p, e in errors if p[:-1] == parent
                                                      and e["type"] == "extra_forbidden"]) == 1:
            guess = [str(siblings[0])]  # one unknown key where one is missing: `on:` for `en:`
        if guess:
            used.add(parent + (guess[0],))
            problems.append(doc.problem(path, f"unknown field (did you mean '{guess[0]}'?)"))
            continue
        home = next((m for m in missing if m[-1] == key and m[:-1] != parent and m not in used), None)
        if home:
            used.add(home)
            where = field_path(home[:-1])
            problems.append(doc.problem(path, f"'{key}' belongs to '{where}' (line {doc.line(home[:-1])}), "
                                              f"not here: indent it to line up with the other keys of '{where}'"))
            continue
        problems.append(doc.problem(path, _message(err)))
    for path, err in errors:
        if err["type"] == "extra_forbidden" or path in used:
            continue
        told = _retyped_message(doc, path, err.get("input")) if err["type"] in _TYPE_ERRORS else None
        problems.append(doc.problem(path, told or _message(err)))
    return problems


def check_schema(model: type[pydantic.BaseModel], doc: YamlFile):
    """The model instance, or None after adding problems to doc (no more when it did not load at all)."""
    if doc.data is None and doc.problems:
        return None
    if not isinstance(doc.data, dict):
        doc.problems.append(Problem(doc.path, 1, "", f"expected a mapping of fields, found {_kind_of(doc.data)}"))
        return None
    try:
        return model.model_validate(doc.data)
    except pydantic.ValidationError as exc:
        errors = [(_data_path(doc.data, err["loc"]), err) for err in exc.errors()]
        doc.problems.extend(_merge(doc, errors))
        return None
