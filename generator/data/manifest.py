"""published-urls.txt: every URL the site ever handed out (pages, quote anchors, API files), never removed.

`urls --check` fails when a listed URL no longer resolves (to its page, a redirect
from a former id, or a quote's moved note); `--update` adds the current URLs.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from .catalog import Catalog
from .problems import DataError, Problem
from .yamlfile import read_regular

MANIFEST = "published-urls.txt"
_HEADER = """\
# Every URL this site has published, relative to SITE_URL, in English and Chinese: pages,
# quote permalinks (#anchors) and API files. Each must keep working: as its page, as a
# redirect from a former id (former_ids), or as a quote's "moved" note.
# Add new ones with `python -m generator urls --update` (`new` and `rename` do it). Never delete a line.
"""
_FIXED = (paths.PATTERNS, paths.TOPICS, paths.QUIZZES, paths.CHECK, paths.CHEATSHEET, paths.BY_DOCUMENT,
          *paths.GENERATED_PAGES)
_API_FILES = (*map(paths.api, paths.API_DOCUMENTS), *map(paths.api_schema, paths.API_SCHEMAS))


@dataclass(frozen=True)
class Url:
    """One listed URL, split: '<lang>/topics/code/#q' -> Url('<lang>/', 'topics/', 'code', 'q')."""

    prefix: str  # a value of paths.PREFIX: '' for the default language
    section: str  # paths.PATTERNS, TOPICS, QUIZZES, API, or the whole path of a fixed page
    ident: str  # the id in the path ("" for fixed pages; the file name for API files)
    anchor: str = ""


def parse(url: str) -> Url | None:
    """Split a listed URL, or None when it is not a kind of URL the site publishes."""
    prefix = next((p for p in paths.PREFIX.values() if p and url.startswith(p)), "")
    rest, _, anchor = url[len(prefix):].partition("#")
    if rest in _FIXED and not anchor:
        return Url(prefix, rest, "")
    for section in (paths.PATTERNS, paths.TOPICS, paths.QUIZZES):
        ident = rest[len(section):-1] if rest.startswith(section) and rest.endswith("/") else ""
        if ident and "/" not in ident and (not anchor or section == paths.TOPICS):
            return Url(prefix, section, ident, anchor)
    if rest.startswith(paths.API) and rest.endswith(".json") and not anchor:
        return Url(prefix, paths.API, rest[len(paths.API):])
    return None


def quiz_kinds(catalog: Catalog) -> list[str]:
    """The kind quizzes that have questions: measured-or-predicted needs claims; the others a valid catalog has."""
    return [kind for kind in paths.QUIZ_KINDS if kind != "measured-or-predicted" or catalog.claims]


def quiz_ids(catalog: Catalog) -> list[str]:
    """Every quiz the site publishes: the kinds with questions, then one per topic with quotes (as quiz.py)."""
    return [*quiz_kinds(catalog), *(tid for tid in catalog.topics if catalog.quotes_for_topic(tid))]


def current_urls(catalog: Catalog) -> list[str]:
    """Every URL the current data publishes, in every language."""
    out = []
    for lang in paths.LANGS:
        here = [*_FIXED, *(paths.pattern(pid) for pid in catalog.patterns)]
        for tid in catalog.topics:
            here.append(paths.topic(tid))
            here.extend(paths.quote(tid, q.id) for q in catalog.quotes_for_topic(tid))
        here.extend(paths.quiz(qid) for qid in quiz_ids(catalog))
        here.extend(_API_FILES)
        out.extend(paths.in_lang(lang, u) for u in here)
    return out + markdown_urls(catalog)


def markdown_urls(catalog: Catalog, former: bool = False) -> list[str]:
    """The Markdown twins 'patterns/<id>.md', 'topics/<id>.md', 'quiz/<id>.md' in every language; with
    former=True also those kept at former ids (they resolve, they are not listed anew)."""
    pages = [paths.pattern(pid) for pid in catalog.patterns] + [paths.topic(tid) for tid in catalog.topics]
    pages += [paths.quiz(qid) for qid in quiz_ids(catalog)]
    if former:
        pages += [paths.pattern(old) for old in catalog.redirects()]
        for old, new in catalog.topic_redirects().items():
            pages.append(paths.topic(old))
            if catalog.quotes_for_topic(new):  # a topic with quotes has a quiz
                pages.append(paths.quiz(old))
    return [paths.in_lang(lang, paths.markdown(page)) for page in pages for lang in paths.LANGS]


class GitError(Exception):
    """published-urls.txt could not be read at a git ref (not a repository, unknown ref)."""


def read_manifest_at(root: Path, ref: str) -> list[str]:
    """The URLs published-urls.txt listed at git ref `ref` (`git show REF:published-urls.txt` in root);
    [] when the file did not exist there. Raises GitError when git cannot read the ref."""
    def git(*args: str) -> subprocess.CompletedProcess:
        try:
            return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
        except OSError as err:
            raise GitError(f"cannot run git to read {MANIFEST} at {ref}: {err.strerror}") from None

    # A commit, named as such: "HEAD~1:x" or "-x" is refused here, not read as another path or an option.
    commit = git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if commit.returncode or ref.startswith("-"):
        raise GitError(f"cannot read {MANIFEST} at git ref '{ref}': no such commit here; in CI, fetch the base "
                       "commit (actions/checkout with fetch-depth: 0)")
    sha = commit.stdout.decode("ascii").strip()
    if git("cat-file", "-e", f"{sha}:./{MANIFEST}").returncode:
        return []  # the file did not exist yet at that commit
    shown = git("show", f"{sha}:./{MANIFEST}")
    if shown.returncode:
        why = shown.stderr.decode("utf-8", "replace").strip() or f"git exited with {shown.returncode}"
        raise GitError(f"cannot read {MANIFEST} at git ref '{ref}' ({why})")
    return _listed(shown.stdout.decode("utf-8", "replace"))


def read_manifest(path: Path) -> list[str]:
    """The URLs listed in published-urls.txt (one a line; comments and blanks skipped); [] if it is missing."""
    return _listed(manifest_text(path))


def _listed(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if _is_url(line)]


def manifest_text(path: Path) -> str:
    """The manifest's text as stored ("" when it is missing). Raises DataError for a file that is not a
    regular UTF-8 file of at most yamlfile.MAX_BYTES (a link to /dev/zero would be read for ever)."""
    if not path.exists() and not path.is_symlink():
        return ""
    raw, why = read_regular(path)
    if not why:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as err:
            why = f"not UTF-8: byte 0x{raw[err.start]:02x} at offset {err.start}; save the file as UTF-8"
    raise DataError([Problem(MANIFEST, 0, "", why)])


def with_urls(text: str, urls) -> str:
    """The manifest's text with each URL not yet listed inserted after the last listed URL that sorts
    before it; every line already there (comments, blank lines, their order, CRLF) stays as written."""
    if not text.strip():
        text = _HEADER
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += newline
    listed = {line.strip() for line in lines}
    for url in sorted(set(urls) - listed, key=_sort_key):
        key = _sort_key(url)
        at = next((i + 1 for i in range(len(lines) - 1, -1, -1) if _is_url(lines[i]) and _sort_key(lines[i].strip()) <= key),
                  None)
        if at is None:  # before every listed URL: after the header's comments
            at = next((i for i, line in enumerate(lines) if _is_url(line)), len(lines))
        lines.insert(at, url + newline)
    return "".join(lines)


def _is_url(line: str) -> bool:
    line = line.strip()
    return bool(line) and not line.startswith("#")


def _sort_key(url: str):
    parsed = parse(url)
    return (parsed.section, parsed.ident, parsed.anchor, parsed.prefix) if parsed else ("~", url)


def _topic_now(catalog: Catalog, tid: str) -> str | None:
    return tid if tid in catalog.topics else catalog.topic_redirects().get(tid)


def resolve(catalog: Catalog, url: str) -> str | None:
    """The URL a published URL now lands on (itself, a renamed page, a moved quote), or None."""
    u = parse(url)
    if u is None:
        return None
    if u.section in _FIXED and not u.ident:
        return url
    if u.section == paths.API:
        return url if paths.API + u.ident in _API_FILES else None
    if u.section == paths.PATTERNS:
        pid = u.ident if u.ident in catalog.patterns else catalog.redirects().get(u.ident)
        return u.prefix + paths.pattern(pid) if pid else None
    if u.section == paths.QUIZZES:
        quiz = u.ident if u.ident in quiz_kinds(catalog) else _topic_now(catalog, u.ident)
        return u.prefix + paths.quiz(quiz) if quiz else None
    tid = _topic_now(catalog, u.ident)
    if not tid or not u.anchor:
        return u.prefix + paths.topic(tid) if tid else None
    qid = u.anchor if u.anchor in catalog.quotes else catalog.quote_aliases().get(u.anchor)
    return u.prefix + paths.quote(catalog.quote_topic[qid], qid) if qid else None


def moved_anchors(catalog: Catalog, urls: list[str]) -> dict[str, dict[str, str]]:
    """Topic id -> {listed anchor: the quote's path now}, for listed quote links whose quote was renamed or
    moved: the topic page prints a note with that id, linking to the quote, so the old link lands."""
    out: dict[str, dict[str, str]] = {}
    for url in urls:
        u = parse(url)
        if not u or u.section != paths.TOPICS or not u.anchor or u.prefix:
            continue
        tid, now = _topic_now(catalog, u.ident), resolve(catalog, url)
        if tid and now and now != paths.quote(tid, u.anchor):
            out.setdefault(tid, {})[u.anchor] = now
    return out


_HINTS = {  # what to do about a published URL that no longer resolves, by the kind of thing it named
    "pattern": (": to keep it working, add '{gone}' to former_ids of the pattern it merged into "
                "(patterns/<that id>.yml: former_ids: [{gone}]), or restore patterns/{gone}.yml"),
    "topic": ": add '{gone}' to former_ids of the topic that replaced it",
    "quote": ": add '{gone}' to former_ids of the quote that replaced it",
    "twin": ": keep the page or its former id",
    None: "",
}
_KINDS = {paths.PATTERNS: "pattern", paths.TOPICS: "topic", paths.QUIZZES: "topic"}


def check(catalog: Catalog, urls: list[str], before: list[str] | None = None, ref: str | None = None) -> list[str]:
    """Problems: published URLs that no longer resolve, and current URLs not yet listed. before: the URLs
    listed at git ref `ref` (read_manifest_at), each still listed and resolving (a page and its lines deleted)."""
    listed = set(urls)
    dropped = [u for u in dict.fromkeys(before or []) if u not in listed]
    problems = [f"{MANIFEST}: '{url}' was listed at {ref} and its line was deleted: put it back "
                "(a published URL stays listed for good)" for url in dropped]
    twins = set(markdown_urls(catalog, former=True))
    for url in [*urls, *dropped]:
        twin = url.endswith(".md")
        u = parse(url[: -len(".md")] + "/" if twin else url)
        if url in twins or not twin and u and resolve(catalog, url) is not None:
            continue
        if twin:
            kind = "pattern" if u and u.section == paths.PATTERNS else "twin"
        elif u is None:
            problems.append(f"{MANIFEST}: '{url}' is not a URL this site publishes")
            continue
        else:
            kind = "quote" if u.anchor and _topic_now(catalog, u.ident) else _KINDS.get(u.section)
        hint = _HINTS[kind].format(gone=u and (u.anchor or u.ident))
        problems.append(f"{MANIFEST}: '{url}' was published but no longer resolves{hint}")
    missing = [u for u in current_urls(catalog) if u not in listed]
    if missing:
        problems.append(f"{MANIFEST}: {len(missing)} current URL(s) not listed, e.g. '{missing[0]}': "
                        "run `python -m generator urls --update`")
    return problems


def update(catalog: Catalog, path: Path) -> list[str]:
    """Add the current URLs to the manifest, keeping every old line as written. Returns the URLs added."""
    text = manifest_text(path)
    listed, urls = set(_listed(text)), current_urls(catalog)
    path.write_bytes(with_urls(text, urls).encode("utf-8"))
    return [u for u in urls if u not in listed]
