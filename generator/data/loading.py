"""The first phase of loading: read each data file, check it against its schema, index it by id.

Every problem lands on the YamlFile it came from. Ids of files that did not load are still
collected (`Loaded.known_*`, read from the text), so a broken file is reported once, not again
by every reference to it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from .models import Claim, ClaimFile, Pattern, Quote, QuoteFile, Topic, TopicFile
from .problems import Problem
from .schema_check import check_schema
from .yamlfile import YamlFile, read_yaml

TOPICS_FILE = "content/topics.yml"
CLAIMS_FILE = "content/claims.yml"
QUOTES_DIR = "content/quotes"
PATTERNS_DIR = "patterns"

# `id: x` or `- id: x`, read from the text of a file YAML could not load.
_LOOSE_ID = re.compile(r"^\s*(?:-\s+)?id:\s*['\"]?([A-Za-z0-9-]+)", re.MULTILINE)


def fold(ident: str) -> str:
    """Ids that differ only by case or look-alike characters collide."""
    return unicodedata.normalize("NFKC", ident).casefold()


def reserved(ident: str, url: str) -> str | None:
    """Why an id may not be used, when its page would take the URL of a generated page ('index', a quiz kind, the map)."""
    if url in paths.GENERATED_PAGES:
        taken = url
    elif ident in paths.RESERVED_IDS:
        taken = paths.page_path(paths.source_uri(url))  # topics/index/ is written as topics/index.md, i.e. topics/
    elif url == paths.topic(ident) and ident in paths.QUIZ_KINDS:  # every topic also gets a quiz at quiz/<topic>/
        taken = paths.page_path(paths.source_uri(paths.quiz(ident)))
    else:
        return None
    return f"'{ident}' is reserved: its page would take the place of the site's own page /{taken}; choose another id"


@dataclass
class Loaded:
    """What the files hold, indexed by id, and the files themselves (with their problems)."""

    root: Path
    docs: list[YamlFile] = field(default_factory=list)  # every file read, in reading order
    topics: dict[str, Topic] = field(default_factory=dict)
    topic_docs: dict[str, tuple[YamlFile, int]] = field(default_factory=dict)  # id -> (file, index in topics)
    patterns: dict[str, Pattern] = field(default_factory=dict)
    pattern_docs: dict[str, YamlFile] = field(default_factory=dict)
    folded: dict[str, str] = field(default_factory=dict)  # fold(id) -> pattern id
    quotes: dict[str, Quote] = field(default_factory=dict)
    quote_topic: dict[str, str] = field(default_factory=dict)  # quote id -> topic id
    quote_docs: dict[str, tuple[YamlFile, int]] = field(default_factory=dict)  # id -> (file, index in quotes)
    quote_files: list[tuple[YamlFile, str]] = field(default_factory=list)  # (file, its topic) when the name matches
    claims: dict[str, Claim] = field(default_factory=dict)
    claims_doc: tuple[YamlFile, ClaimFile] | None = None
    known_patterns: set[str] = field(default_factory=set)  # ids of pattern files, loaded or not
    known_topics: set[str] = field(default_factory=set)  # topic ids, including those of a broken topics.yml
    known_quotes: set[str] = field(default_factory=set)  # quote ids, including those of broken quote files
    unreadable: set[str] = field(default_factory=set)  # "topics"/"quotes" when a file of theirs could not be read
    former: dict[str, str] = field(default_factory=dict)  # former pattern id -> current id (references.py)

    def knows_topic(self, ident: str) -> bool:
        """Whether a reference to this topic id may stand (a file names it, or could not be read)."""
        return ident in self.known_topics or "topics" in self.unreadable

    def knows_quote(self, ident: str) -> bool:
        """Whether a reference to this quote id may stand (a file names it, or could not be read)."""
        return ident in self.known_quotes or "quotes" in self.unreadable

    def read(self, path: Path) -> YamlFile:
        """Read one data file (path under root) and keep it, with its problems, for the final report."""
        doc = read_yaml(path, path.relative_to(self.root).as_posix())
        self.docs.append(doc)
        return doc

    def refuse(self, shown_as: str, message: str) -> None:
        """Record a file-level problem for a file that is not read at all (a symlink, a folder, a device)."""
        self.docs.append(YamlFile(shown_as, problems=[Problem(shown_as, 0, "", message)]))


def data_files(state: Loaded, folder: str, kind: str, stem: str) -> list[Path]:
    """The <name>.yml entries directly in folder (under state.root), sorted; every other file there or in a
    subfolder is refused by name with what to do, never skipped (hidden names, such as editor files, aside)."""
    found = []
    for path in sorted((state.root / folder).glob("*")):
        if path.name.startswith("."):
            continue
        shown = path.relative_to(state.root).as_posix()
        if path.suffix == ".yml":
            found.append(path)  # a symlink or a folder named x.yml is refused when it is read
        elif path.is_dir() and not path.is_symlink():
            for inner in sorted(p for p in path.rglob("*")
                                if not p.is_dir() and not any(part.startswith(".") for part in p.relative_to(path).parts)):
                name = inner.name if inner.suffix == ".yml" else f"{inner.stem}.yml"
                state.refuse(inner.relative_to(state.root).as_posix(),
                             f"is in a subfolder, which is not read: {kind} files sit directly in {folder}/; "
                             f"move it to {folder}/{name}")
        elif path.suffix == ".yaml":
            state.refuse(shown, f"is not read: {kind} files end in .yml; rename it to {folder}/{path.stem}.yml")
        else:
            state.refuse(shown, f"is not read: {folder}/ holds only {kind} files, named {folder}/{stem}.yml; "
                                "move this file elsewhere")
    return found


def stray_files(root: Path, known: set[str]) -> list[Problem]:
    """A problem for each .yml or .yaml file directly in content/ that is not one of `known` (paths relative
    to root, the files the loaders read): a misnamed content/claims.yaml would otherwise be dropped unread."""
    names = {Path(k).name for k in known if Path(k).parent.as_posix() == "content"}
    problems = []
    for path in sorted((root / "content").glob("*")):
        if path.suffix not in (".yml", ".yaml") or path.name in names or path.name.startswith("."):
            continue
        shown = path.relative_to(root).as_posix()
        if f"{path.stem}.yml" in names:
            why = f"is not read: data files end in .yml; rename it to content/{path.stem}.yml"
        else:
            why = (f"is not read: content/ holds {', '.join(sorted(names))}; quotes go in "
                   "content/quotes/<topic>.yml, patterns in patterns/<id>.yml")
        problems.append(Problem(shown, 0, "", why))
    return problems


def _loose_ids(state: Loaded, kind: str, doc: YamlFile) -> set[str]:
    """Ids in the text of a file that did not load; with no text at all, every id of its kind may exist."""
    if not doc.text:
        state.unreadable.add(kind)
    return set(_LOOSE_ID.findall(doc.text))


def read_topics(state: Loaded) -> None:
    """content/topics.yml -> state.topics, in file order."""
    path = state.root / TOPICS_FILE
    if not path.exists() and not path.is_symlink():
        state.refuse(TOPICS_FILE, "file is missing: run this in the project's root folder, or pass --root PATH")
        return
    doc = state.read(path)
    if not (parsed := check_schema(TopicFile, doc)):
        state.known_topics |= _loose_ids(state, "topics", doc)
        return
    for i, topic in enumerate(parsed.topics):
        if why := reserved(topic.id, paths.topic(topic.id)):
            doc.problems.append(doc.problem(("topics", i, "id"), why))
            state.known_topics.add(topic.id)
            continue
        if topic.id in state.topics:
            doc.problems.append(doc.problem(("topics", i, "id"), f"duplicate topic id '{topic.id}'"))
        state.topics[topic.id] = topic
        state.topic_docs[topic.id] = (doc, i)
    state.known_topics |= set(state.topics)


def read_patterns(state: Loaded) -> None:
    """patterns/<id>.yml -> state.patterns; the file name is the id."""
    state.known_patterns = {p.stem for p in (state.root / PATTERNS_DIR).glob("*.yml")}
    for path in data_files(state, PATTERNS_DIR, "pattern", "<id>"):
        doc = state.read(path)
        if not (pattern := check_schema(Pattern, doc)):
            continue
        if pattern.id != path.stem:
            doc.problems.append(doc.problem(("id",), f"'{pattern.id}' must equal the file name '{path.stem}'"))
            continue
        if why := reserved(pattern.id, paths.pattern(pattern.id)):
            doc.problems.append(doc.problem(("id",), why))
            continue
        key = fold(pattern.id)
        if key in state.folded:
            doc.problems.append(doc.problem(("id",), f"id '{pattern.id}' collides with pattern '{state.folded[key]}'"))
            continue
        state.folded[key] = pattern.id
        state.patterns[pattern.id] = pattern
        state.pattern_docs[pattern.id] = doc


def read_quotes(state: Loaded) -> None:
    """content/quotes/<topic>.yml -> state.quotes, in file order."""
    for path in data_files(state, QUOTES_DIR, "quote", "<topic>"):
        doc = state.read(path)
        if not (parsed := check_schema(QuoteFile, doc)):
            state.known_quotes |= _loose_ids(state, "quotes", doc)
            continue
        if parsed.topic != path.stem:
            doc.problems.append(doc.problem(("topic",), f"'{parsed.topic}' must equal the file name '{path.stem}'"))
        else:
            state.quote_files.append((doc, parsed.topic))
        for i, quote in enumerate(parsed.quotes):
            if quote.id in state.quotes:
                other = state.quote_docs[quote.id][0].path
                doc.problems.append(doc.problem(("quotes", i, "id"), f"duplicate quote id '{quote.id}' (also in {other})"))
                continue
            state.quotes[quote.id] = quote
            state.quote_topic[quote.id] = parsed.topic
            state.quote_docs[quote.id] = (doc, i)
    state.known_quotes |= set(state.quotes)


def read_claims(state: Loaded) -> None:
    """content/claims.yml (optional) -> state.claims."""
    path = state.root / CLAIMS_FILE
    if not path.exists() and not path.is_symlink():
        return
    doc = state.read(path)
    if not (parsed := check_schema(ClaimFile, doc)):
        return
    state.claims_doc = (doc, parsed)
    for i, claim in enumerate(parsed.claims):
        if claim.id in state.claims:
            doc.problems.append(doc.problem(("claims", i, "id"), f"duplicate claim id '{claim.id}'"))
            continue
        state.claims[claim.id] = claim
