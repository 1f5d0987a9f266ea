"""The YAML mistakes contributors make, explained in words and ending with the line as it should be written.

Data comes from the file's text and the parser's marks and words; nothing here raises.
"""

from __future__ import annotations

import re

import yaml

# Characters that give a plain (unquoted) value a meaning of its own in YAML.
SPECIAL_START = "*&!`@%|>"
# Keys whose values are text a reader sees: a comment after them would cut the text.
TEXT_KEYS = frozenset({"en", "zh", "text", "title", "instead"})
KEY_LINE = re.compile(r"^(?P<indent>\s*(?:-\s+)?)(?P<key>[^\s:#'\"{\[][^:#]*?):(?:\s+(?P<value>.*?))?\s*$")
# Look-alikes of ':' and ' ' typed with a Chinese or Japanese input method.
_COLONS = "\uff1a\ufe55\ua789"  # full-width colon, small colon, modifier letter colon
_SPACES = "\u3000\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"
_LOOKALIKE_KEY = re.compile(rf"^(?P<indent>[ {_SPACES}]*(?:-[ {_SPACES}]+)?)(?P<key>[A-Za-z_][A-Za-z0-9_]*)"
                            rf"(?P<colon>[:{_COLONS}])(?P<after>[{_SPACES}]?)")


def quoted(text: str) -> str:
    """Text as a YAML quoted scalar that reads back as exactly `text`."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return "'" + text.replace("'", "''") + "'"


def corrected(line: str) -> str:
    """`  en: **Bold** text` -> `en: "**Bold** text"`: the value of a key line, quoted."""
    match = KEY_LINE.match(line.rstrip("\r\n"))
    if not match or not match.group("value"):
        return line.strip()
    return f"{match.group('indent')}{match.group('key')}: {quoted(match.group('value'))}".strip()


def comment_cut(line_text: str, start_col: int, end_col: int) -> str | None:
    """If ` #` after a plain value on this line starts a comment, the whole text as written, else None."""
    if not re.match(r"\s+#", line_text[end_col:]):
        return None
    return line_text[start_col:].rstrip()


def without_lookalikes(line: str) -> str:
    """A key line with the look-alike colon and spaces of its key (not of its text) made ASCII."""
    match = _LOOKALIKE_KEY.match(line)
    if not match:
        return line
    indent = "".join(" " if c in _SPACES else c for c in match.group("indent"))
    return f"{indent}{match.group('key')}: " + line[match.end():].lstrip(_SPACES + " ")


def explain(text: str, err: yaml.MarkedYAMLError) -> tuple[int, str] | None:
    """(1-based line, message) for a parser error, or None when no rule fits. The line is where the
    mistake is: for a quote left open, above where the parser stopped."""
    mark = err.problem_mark or err.context_mark
    if not mark:
        return None
    lines, line, problem = text.splitlines(), mark.line + 1, err.problem or "malformed YAML"
    context_line = err.context_mark.line + 1 if err.context_mark else None
    if "another document" in problem:
        return line, (f"a second YAML document starts here ('---' on line {line}): a data file holds one; "
                      "remove the '---' line, or move what follows into a file of its own")
    if lookalike := _lookalike(lines, line):
        return lookalike
    if "quoted scalar" in (err.context or "") and context_line:
        return context_line, _unclosed(lines, context_line)
    # A line that is fine on its own, where the parser expected a key: it came here inside a quote left open above.
    fine_alone = "expected key" in problem and 1 <= line <= len(lines) and _closed_alone(lines[line - 1])
    if fine_alone and (opened := _quote_left_open_above(lines, line)):
        return opened, _unclosed(lines, opened)
    told = _explain_line(lines, line, mark.column + 1, problem, context_line)
    return (line, told) if told else None


def _lookalike(lines: list[str], line: int) -> tuple[int, str] | None:
    """The nearest key line at or above `line` with a look-alike ':' or space (the parser stops later)."""
    for index in range(min(line, len(lines)) - 1, -1, -1):
        match = _LOOKALIKE_KEY.match(lines[index])
        if not match:
            continue
        indent, key, colon, after = match.group("indent", "key", "colon", "after")
        fixed = without_lookalikes(lines[index]).strip()
        if odd := next((c for c in indent if c in _SPACES), None):
            return index + 1, (f"the space before '{key}' is U+{ord(odd):04X}, which YAML does not read as a space; "
                               f"indent with ASCII spaces: {fixed}")
        if colon != ":":
            return index + 1, (f"the colon after '{key}' is U+{ord(colon):04X} (full-width), which YAML does not "
                               f"read as a colon; type an ASCII colon: {fixed}")
        if after:
            return index + 1, (f"the space after '{key}:' is U+{ord(after):04X}, which YAML does not read as a "
                               f"space; type an ASCII space: {fixed}")
    return None


def _unclosed(lines: list[str], line: int) -> str:
    opened = lines[line - 1].strip() if line <= len(lines) else ""
    return (f"the quote opened on line {line} is never closed: end the text with the same quote "
            f"it starts with, e.g. en: \"text\" (line {line} reads: {opened})")


def _closed_alone(line: str) -> bool:
    """True if this key line, read on its own, is a key and a whole quoted text."""
    match = KEY_LINE.match(line)
    if not match:
        return False
    try:
        data = yaml.safe_load(f"{match.group('key')}: {match.group('value') or ''}")
    except (yaml.YAMLError, RecursionError):
        return False
    return isinstance(data, dict) and isinstance(data.get(match.group("key")), str)


def _quote_left_open_above(lines: list[str], line: int) -> int | None:
    """The key line above `line` whose quoted value does not close on its own line (a multi-line quoted
    text is legal YAML, so only a key line qualifies), or None."""
    for index in range(line - 2, -1, -1):
        match = KEY_LINE.match(lines[index])
        value = (match.group("value") or "") if match else ""
        if value[:1] in ("'", '"') and not _closed_alone(lines[index]):
            return index + 1
    return None


def _explain_line(lines: list[str], line: int, column: int, problem: str, context_line: int | None) -> str | None:
    if "expected ',' or '}'" in problem or "expected ',' or ']'" in problem:
        opened = f" on line {context_line}" if context_line else ""
        return (f"the bracket opened{opened} is not closed: in unquoted text inside {{ }} or [ ], "
                f"',' and ' #' end the text; put each text in quotes: {{en: \"a, b #1\", zh: \"甲，乙\"}}")
    if not 1 <= line <= len(lines):
        return None
    here = lines[line - 1]
    if "\t" in here[: max(column, 1)] or here.lstrip(" ").startswith("\t"):
        col = here.index("\t") + 1
        return (f"tab character at column {col}: YAML indents with spaces only; "
                f"replace the tab with spaces, lined up with the keys around it")
    match = KEY_LINE.match(here)
    value = (match.group("value") or "") if match else ""
    if value and value[0] in SPECIAL_START:
        return (f"a text starting with '{value[0]}' must be in quotes "
                f"('{value[0]}' means something else in YAML): {corrected(here)}")
    if "mapping values are not allowed" in problem and match:
        value_col = len(here) - len(here.lstrip()) + here.lstrip().find(":") + 1
        if column > value_col + 1 and ": " in value:
            return f"': ' inside a text starts a new key in YAML; put the text in quotes: {corrected(here)}"
        return _indent_message(lines, line)
    if value and value[0] in "\"'" and "expected key" in problem:
        return f"the text goes on after its closing quote; put the whole text in quotes: {corrected(here)}"
    if "expected key" in problem or "'-' indicator" in problem:
        return _indent_message(lines, line)
    return None


def _indent_message(lines: list[str], line: int) -> str:
    """The key on `line` does not line up with the key above it."""
    here = lines[line - 1]
    above = next((lines[i] for i in range(line - 2, -1, -1)
                  if lines[i].strip() and not lines[i].lstrip().startswith("#")), "")
    above_indent = len(above) - len(above.lstrip(" "))
    indent = len(here) - len(here.lstrip(" "))
    if above.lstrip().startswith("- "):
        if indent == above_indent:
            return ("this line lines up with the list item above but does not start with '- ': "
                    f"write '- ' to start a new item, or indent it {above_indent + 2} spaces to add a key to that item")
        above_indent += 2
    fixed = " " * above_indent + here.lstrip(" ")
    where = "more" if indent > above_indent else "less"
    spaces = "1 space" if indent == 1 else f"{indent} spaces"
    return (f"this line is indented {where} than the line above ({spaces}, not {above_indent}); "
            f"keys of one mapping start in the same column: {fixed.strip()} at column {above_indent + 1}")
