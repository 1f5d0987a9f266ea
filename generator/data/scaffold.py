"""`python -m generator new <id>`: write patterns/<id>.yml with every field, commented.

Every text is a TODO placeholder, and validation refuses TODO in our prose
(models.Prose), so a scaffold cannot ship by accident.
"""

from __future__ import annotations

import re
from pathlib import Path

from .. import paths
from .loading import reserved
from .models import ID_PATTERN
from .yamlfile import read_yaml


class ScaffoldError(Exception):
    """The id cannot be used; the message says why."""


TEMPLATE = """\
# yaml-language-server: $schema=../generator/data/schema/pattern.schema.json
# A new writing pattern. Replace every TODO, then check with `python -m generator validate`
# (it refuses any TODO left) and look at the page with `make serve`. Guide: CONTRIBUTING.md.
# Every text is bilingual: en in English, zh in Simplified Chinese. Write plain text or
# inline Markdown (*em*, **strong**, `code`, [links](https://...)); HTML is refused.

# The file name and the URL: /{url}. Never change it once published. To rename,
# make the new file and list the old id under former_ids, so old links keep working.
id: {id}
# Ids this pattern had before (renamed or merged patterns). Their URLs redirect here.
former_ids: []

# The name, as a reader would say it: "Coin a name, then define it". It is the page title.
name:
  en: TODO name
  zh: TODO 名称
# One line: what the pattern does. Shown in the table, in link previews and on the social card.
summary:
  en: TODO one-line summary
  zh: TODO 一句话概括
# Two or three sentences: how to recognise the pattern in a text.
definition:
  en: TODO definition
  zh: TODO 定义

# Real quotes that show the pattern, best first (at least one). Each quote id must exist in
# content/quotes/<topic>.yml, and that quote must list this pattern's id in its `patterns`.
examples:
  - quote: TODO-quote-id
    # What to notice in the quote, in your own words (never a paraphrase of the quote).
    note:
      en: TODO what to notice
      zh: TODO 看点

# What the pattern does to the reader.
effect:
  en: TODO effect on the reader
  zh: TODO 对读者的作用
# When it helps.
when_to_use:
  en: TODO when to use it
  zh: TODO 什么时候用
# Misuse: where the pattern hurts.
when_not_to_use:
  en: TODO when not to use it
  zh: TODO 什么时候别用
# Three short examples you write (not quotes), each with a one-line why: the pattern
# used well, overdone (too much of it), misapplied (where it does not belong).
graded:
  well:
    text:
      en: TODO the pattern used well
      zh: TODO 用得好的例子
    why:
      en: TODO why it works
      zh: TODO 为什么好
  overdone:
    text:
      en: TODO the pattern overdone
      zh: TODO 用过头的例子
    why:
      en: TODO why it is too much
      zh: TODO 为什么过头
  misapplied:
    text:
      en: TODO the pattern where it does not belong
      zh: TODO 用错地方的例子
    why:
      en: TODO why it is wrong here
      zh: TODO 为什么用错了

# One plain sentence, written again with the pattern, and a decoy for the quiz: a rewrite that
# changes the words but does not use the pattern. Invent your own; never reuse a quote.
rewrite:
  plain:
    en: TODO the plain sentence
    zh: TODO 平铺直叙的原句
  styled:
    en: TODO the same point, with the pattern
    zh: TODO 用上这个模式的改写
  decoy:
    en: TODO a rewrite without the pattern
    zh: TODO 没用这个模式的改写
  # One line: what the styled rewrite does that the plain sentence does not.
  why:
    en: TODO why the rewrite works
    zh: TODO 改写好在哪里

# How to apply it: 3 to 5 numbered steps, one line each, in plain concrete words: what to do,
# in order, to use the pattern in your own draft.
how_to_apply:
  - en: TODO first step
    zh: TODO 第一步
  - en: TODO second step
    zh: TODO 第二步
  - en: TODO third step
    zh: TODO 第三步

# Typed links to other patterns (ids of files in patterns/). Each is symmetric: stating it
# here also shows it on the other pattern's page. Leave a type out, or use {{}} for none.
#   complements: [plain-words]          work well together
#   contrasts_with: [coin-a-name]       pull the other way
#   often_confused_with: [imo-marks-a-claim]   look alike, do a different job
relations: {{}}
# Topic ids from content/topics.yml (at least one).
topics:
  - TODO-topic-id
# Words that show a draft uses this pattern (the draft checker), lowercase, # for any number. For example:
#   en: [i call it, "# lines"]
#   zh: [我管它叫]
signals:
  en: []
  zh: []
"""


def _known_ids(root: Path) -> tuple[set[str], dict[str, str]]:
    """Current ids (file names) and former ids -> the file that lists them, read leniently."""
    current, former = set(), {}
    for path in sorted((root / "patterns").glob("*.yml")):
        current.add(path.stem)
        data = read_yaml(path, path.name).data
        olds = data.get("former_ids") if isinstance(data, dict) else None
        for old in olds if isinstance(olds, list) else []:
            if isinstance(old, str):
                former.setdefault(old, f"patterns/{path.name}")
    return current, former


def new_pattern(root: Path, pattern_id: str) -> Path:
    """Write patterns/<id>.yml; refuse an id that is not kebab-case or already used."""
    path, text = scaffold(root, pattern_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as out:  # "x": never overwrite, even in a race
        out.write(text)
    return path


def scaffold(root: Path, pattern_id: str) -> tuple[Path, str]:
    """(patterns/<id>.yml under root, its text), written nowhere; raises ScaffoldError for an id that is
    not kebab-case, reserved, or already used (as an id or a former id)."""
    root = Path(root)
    if not re.fullmatch(ID_PATTERN, pattern_id) or len(pattern_id) > 64:
        raise ScaffoldError(
            f"'{pattern_id}' is not a valid id: use kebab-case (lowercase a-z, 0-9, single hyphens), "
            "at most 64 characters, e.g. 'coin-a-name'"
        )
    if why := reserved(pattern_id, paths.pattern(pattern_id)):
        raise ScaffoldError(why)
    current, former = _known_ids(root)
    path = root / "patterns" / f"{pattern_id}.yml"
    if pattern_id in current:
        raise ScaffoldError(f"patterns/{pattern_id}.yml already exists")
    if pattern_id in former:
        raise ScaffoldError(
            f"'{pattern_id}' is a former id listed in {former[pattern_id]}: its URL redirects there; choose another id"
        )
    return path, TEMPLATE.format(id=pattern_id, url=paths.pattern(pattern_id))
