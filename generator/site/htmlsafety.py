"""What the browser gets from a page made of contributed text, held against an allowlist.

Each page is rendered with mkdocs.yml's extensions (a source scan misses `attr_list`, reference links,
entities) and cleaned with nh3 twice, keeping everything and under the allowlist: what the second loses
is a problem, at the source line that brings it in. audit_site checks the built site too. No MkDocs imports.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import html
import pkgutil
import re
import string
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import nh3

from ..data.problems import Problem
from ..paths import LANGS
from ..settings import CONFIGS, PythonName, read_config
from .guards import _FRONT, check_content, front_matter  # front matter as MkDocs finds and reads it
from .render import EVIDENCE_MARK, Page, featured_html, render_pages

URL_SCHEMES = frozenset({"http", "https", "mailto"})

# tag -> attributes it may carry (class is separate: CLASSES): what our pages produce, no handler, inline
# style, <img>, <script> or <style> (tests/test_htmlsafety.py fails on an unused entry).
ATTRIBUTES: dict[str, frozenset[str]] = {tag: frozenset(names.split()) for tag, names in {
    **dict.fromkeys("article br code details em figcaption figure legend li ol pre q strong summary table tbody "
                    "td thead title".split(), ""),
    "a": "href hreflang lang rel target title type xlink:href xlink:title",
    "blockquote": "lang",
    "button": "data-kp-action data-kp-markdown disabled hidden type",
    "div": "aria-label data-cite-source data-cite-text data-kp-check data-kp-not-found data-patterns data-rules "
           "hidden id lang role tabindex",
    "fieldset": "data-answer id",
    "form": "data-shown-template data-total",
    "g": "id transform",
    "h1": "id", "h2": "id", "h3": "id",
    "input": "id name type value",
    "label": "for",
    "line": "stroke-dasharray x1 x2 y1 y2",
    "option": "value",
    "output": "aria-live for",
    "p": "aria-live id lang role",  # id: a moved quote's old anchor (partials/moved.html.j2)
    "path": "d fill stroke stroke-dasharray",
    "section": "aria-labelledby data-lang data-quiz-id data-quiz-version data-search-exclude data-total id",
    "select": "id",
    "span": "aria-hidden aria-live title",
    "svg": "aria-hidden aria-label height role viewBox width xmlns xlink",  # xlink: nh3 reads xmlns:xlink so
    "text": "font-family font-size text-anchor x y",
    "textarea": "id rows spellcheck",
    "th": "data-sort-type scope",
    "time": "datetime",
    "tr": "id",
    "ul": "aria-label data-relation",
}.items()}

# tag -> classes it may carry. Ours start with kp- (overrides/assets/kp/site.css); md-*, headerlink,
# twemoji, lg, grid and cards come from Material, the toc extension and the home page's grid cards.
CLASSES: dict[str, frozenset[str]] = {tag: frozenset(names.split()) for tag, names in {
    "a": "headerlink kp-chip kp-markdown__link kp-permalink md-button md-content__button md-icon",
    "article": "md-content__inner md-typeset",
    "blockquote": "kp-cheat__example kp-featured__quote kp-quiz__quote",
    "button": "kp-check__run kp-copy kp-markdown__copy kp-quiz__button kp-quiz__button--quiet",
    "code": "language-sh",
    "details": "kp-legend kp-more kp-quiz__answer kp-quote__about kp-check__lists",
    "div": "cards grid kp-cheat kp-check kp-check__marked kp-example kp-featured kp-gallery kp-graded "
           "kp-graded__item kp-graded__item--misapplied kp-graded__item--overdone kp-graded__item--well "
           "kp-graded__text kp-lead kp-map kp-moved kp-parts kp-quiz__bar kp-quiz__explanation kp-quiz__result "
           "kp-quiz__sentence kp-quiz__translation kp-quote kp-quote--unverified kp-quote__actions "
           "kp-quote__translation kp-rewrite kp-rewrite__plain kp-rewrite__styled kp-summary kp-table-wrap kp-text kp-doc kp-doc__ours kp-doc__fit kp-doc__avoid",
    "fieldset": "kp-quiz__q kp-quiz__q--measured-or-predicted kp-quiz__q--name-that-pattern "
                "kp-quiz__q--spot-the-misuse kp-quiz__q--which-rewrite",
    "figcaption": "kp-quote__source",
    "figure": "kp-quote__figure",
    "form": "kp-filter",
    "g": "edge graph kp-map__edge kp-map__edge--complements kp-map__edge--contrasts_with "
         "kp-map__edge--often_confused_with kp-map__node node",
    "h2": "kp-cheat__name",
    "label": "kp-check__label",
    "li": "kp-quiz__choice kp-quiz__why-right kp-quiz__why-wrong",
    "line": "kp-map__edge--complements kp-map__edge--contrasts_with kp-map__edge--often_confused_with",
    "ol": "kp-check__findings kp-steps",
    "output": "kp-check__summary kp-filter__count",
    "p": "kp-cheat__intro kp-cheat__line kp-cheat__translation kp-check__actions kp-example__note "
         "kp-featured__name kp-featured__source kp-featured__summary kp-featured__translation kp-graded__label "
         "kp-graded__why kp-lead kp-markdown kp-note kp-quiz__actions kp-quiz__cite kp-quiz__correct kp-quiz__links "
         "kp-quiz__result-text kp-quiz__status kp-quote__note kp-rewrite__label kp-test-yourself kp-rewrite__ours kp-rewrite__why kp-graded__verdict kp-graded__verdict--yes kp-graded__verdict--no kp-doc__intro kp-evidence",
    "section": "kp-cheat__item kp-quiz kp-related-group",
    "span": "kp-badge kp-badge--auto-transcript kp-badge--corroborated kp-badge--unverified kp-badge--verified "
            "kp-count kp-legend__border kp-quiz__feedback kp-quiz__mark kp-quiz__n kp-quiz__prompt "
            "kp-visually-hidden lg twemoji kp-ours",
    "svg": "kp-icon kp-map-legend__line",
    "table": "kp-check__signals kp-sortable kp-table",
    "textarea": "kp-check__text",
    "ul": "kp-chips kp-legend__list kp-map-legend kp-map-list kp-more__list kp-quiz__choices kp-quiz__why "
          "kp-quizzes kp-related kp-topics kp-doc__quotes",
}.items()}

# What every engine adds to the configured extensions (MkDocs 1.6: config_options.MarkdownExtensions builtins).
ENGINE_EXTENSIONS = ("toc", "tables", "fenced_code")


# Attributes our scripts fetch from (check.js: the rules; markdown.js: a page's Markdown twin): a relative
# path on this site only, as our pages write them ("../api/check-rules.json").
FETCHED = {"data-rules", "data-kp-markdown"}
# Ids the theme's scripts look up (Material's start with "__": __config, __search; ours: kp-strings, kp-announcer),
# and the names of our scripts' globals (kpEngine, KP: an element with an id is a window property): a page's
# element with one of them would be read instead of the theme's.
THEME_IDS = re.compile(r"__|kp-strings$|kp-announcer$|kp[A-Z]|KP$")
# An id also reaches the table of contents, which Material prints unescaped (href="#{{ id }}"): letters, digits
# and _ . : - only, so a quote cannot end the attribute there.
SAFE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:-]*\Z")
# A browser drops spaces, tabs and newlines around and inside a URL ("\t//evil" is "//evil").
_URL_NOISE = re.compile(r"[\x00-\x20\x7f\\]")


def _value_allowed(tag: str, name: str, value: str) -> str | None:
    if name in FETCHED and (not value or _URL_NOISE.search(value) or value.startswith("/")
                            or re.match(r"[^/?#]*:", value)):
        return None
    if name == "id" and (not SAFE_ID.match(value) or THEME_IDS.match(value)):
        return None
    return value


def _strict(text: str) -> str:
    return nh3.clean(text, tags=set(ATTRIBUTES), attributes={t: set(a) for t, a in ATTRIBUTES.items()},
                     allowed_classes={t: set(c) for t, c in CLASSES.items()}, url_schemes=set(URL_SCHEMES),
                     link_rel=None, strip_comments=True, attribute_filter=_value_allowed)


_TAG_NAME = re.compile(r"<([A-Za-z][^\t\n\f\r />]*)")  # every start tag an HTML tokenizer can see
_SCHEME_CHARS = frozenset(string.ascii_letters + string.digits + "+.-")


def _schemes(text: str) -> set[str]:
    """Every word before a ':' that a URL parser could read as a scheme: each end of a run of scheme
    characters that starts with a letter ("a.javascript:" gives javascript too). Walks back from each
    ':' (a regex trying every position of the page took most of the audit's time)."""
    found, end = set(), text.find(":")
    while end >= 0:
        start = end
        while start and text[start - 1] in _SCHEME_CHARS:
            start -= 1
        found.update(text[i:end].lower() for i in range(start, end) if text[i] in string.ascii_letters)
        end = text.find(":", end + 1)
    return found


def _everything(text: str) -> str:
    """text as a browser parses it, with nothing removed: nh3 allowing every tag name and scheme that
    occurs in it (a tag can only start with '<' and a letter), every attribute (the empty prefix)
    and comments. Parsed and written out by the same code as _strict, so the two compare."""
    tags = {name.lower() for name in _TAG_NAME.findall(text)}
    decoded = html.unescape(text)
    # A scheme ends at ':'; URL parsers drop tabs and newlines inside it ("java\tscript:"), so those count too.
    squeezed = re.sub(r"[\t\n\r]", "", decoded)
    schemes = _schemes(" ".join((text, decoded, squeezed)))
    return nh3.clean(text, tags=tags, clean_content_tags=set(), generic_attribute_prefixes={""},
                     url_schemes=schemes, link_rel=None, strip_comments=False)


class _Tokens(HTMLParser):
    """Start tags as (name, [(attribute, value)]) and comments, of HTML that nh3 wrote (so well formed)."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []
        self.comments: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):  # HTMLParser sends <br/> here too
        self.tags.append((tag, attrs))

    def handle_comment(self, data):
        self.comments.append(data)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _short(value: str, limit: int = 60) -> str:
    value = _CONTROL.sub(lambda m: repr(m.group())[1:-1], value or "")  # a tab shows as \t
    return value if len(value) <= limit else value[:limit] + "…"


def _attr(name: str, value) -> str:
    return name if value is None else f'{name}="{_short(value)}"'


def removed(text: str) -> list[str]:
    """What the allowlist would remove from the HTML fragment `text`, in document order, one phrase
    each: "<script>", "onerror=\"...\" on <img>", "href=\"javascript:...\" on <a>", "class \"x\" on <p>",
    "an HTML comment". Empty when the fragment is inside the allowlist."""
    # nh3 drops some elements whatever it is told (<animate> in an SVG, <mglyph> in MathML), where a browser
    # keeps them and runs their handlers: any start tag outside the allowlist, as a tokenizer finds it, counts.
    unknown = sorted({name.lower() for name in _TAG_NAME.findall(text)} - set(ATTRIBUTES))
    everything, strict = _everything(text), _strict(text)
    if everything == strict:
        return [f"<{name}>" for name in unknown]
    full, kept = _Tokens(everything), _Tokens(strict)
    found = [f"an HTML comment <!--{_short(c, 30)}-->" for c in full.comments]
    unknown = [name for name in unknown if name not in {tag for tag, _ in full.tags}]
    names = difflib.SequenceMatcher(None, [t for t, _ in full.tags], [t for t, _ in kept.tags], autojunk=False)
    for op, i1, i2, j1, _ in names.get_opcodes():
        for offset, (tag, attrs) in enumerate(full.tags[i1:i2]):
            if op != "equal":
                found.append(f"<{' '.join([tag, *(_attr(*a) for a in attrs)])}>")
                continue
            still = dict(kept.tags[j1 + offset][1])
            for name, value in attrs:
                if name == "class":
                    gone = [c for c in (value or "").split() if c not in (still.get("class") or "").split()]
                    found.extend(f'class "{c}" on <{tag}>' for c in gone)
                elif name not in still:
                    found.append(f"{_attr(name, value)} on <{tag}>")
    return found + [f"<{name}>" for name in unknown]


# -- the Markdown extensions of the build ------------------------------------------------


@dataclass(frozen=True, eq=False)  # one per config file and version (markdown_config)
class MarkdownConfig:
    """The Markdown extensions a build uses, and their settings (from mkdocs.yml's markdown_extensions)."""
    extensions: tuple[str, ...]
    configs: dict

    @functools.cached_property
    def renderer(self) -> markdown.Markdown:  # made once: loading the extensions costs more than a page
        return markdown.Markdown(extensions=list(self.extensions), extension_configs=self.configs)


def markdown_config(config_file: Path) -> MarkdownConfig:
    """markdown_extensions of config_file (following INHERIT), plus the ones every engine adds.
    Read again when the file changes (`mkdocs serve` reloads it)."""
    return _markdown_config(Path(config_file).resolve(), Path(config_file).stat().st_mtime_ns)


@functools.cache
def _markdown_config(config_file: Path, _mtime: int) -> MarkdownConfig:
    extensions, configs = list(ENGINE_EXTENSIONS), {}
    for entry in read_config(config_file).get("markdown_extensions") or []:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        if name not in extensions:
            extensions.append(name)
        if options:  # a `!!python/name:` value as the object it names, as MkDocs hands it to Python-Markdown
            configs[name] = {key: pkgutil.resolve_name(value) if isinstance(value, PythonName) else value
                             for key, value in options.items()}
    return MarkdownConfig(tuple(extensions), configs)


def render(text: str, config: MarkdownConfig) -> str:
    """A page's Markdown (front matter removed) as HTML, rendered as the site's engine renders it."""
    return config.renderer.reset().convert(text)


# -- pages ------------------------------------------------------------------------------


def markdown_body(text: str) -> tuple[str, int]:
    """(the Markdown after the front matter, how many lines the front matter took)."""
    match = _FRONT.match(text)
    return (text[match.end():], match.group().count("\n")) if match else (text, 0)


def _first_line(lines: list[str], what: str, occurrence: int, config: MarkdownConfig) -> int:
    """The 1-based line whose addition first makes the page's HTML lose `what` for the nth time:
    the smallest prefix of the page (a reference definition counts where it is defined); the last line
    when no shorter prefix loses it."""
    def loses(n: int) -> bool:
        return Counter(removed(render("".join(lines[:n]), config)))[what] >= occurrence

    return bisect.bisect_left(range(1, len(lines)), True, key=loses) + 1


def audit_markdown(text: str, config: MarkdownConfig) -> list[tuple[int, str]]:
    """(line, what would be removed) for a page's Markdown as written (front matter and all)."""
    body, skipped = markdown_body(text)
    found = removed(render(body, config))
    lines, seen, out = body.splitlines(keepends=True), Counter(), []
    for what in found:
        seen[what] += 1
        out.append((skipped + _first_line(lines, what, seen[what], config), what))
    return out


MESSAGE = "not allowed in the rendered page (removed by the allowlist): {what}"


# Front matter of a hand-written page: the theme prints these values into the page's <head>, header and nav
# outside the content area, without escaping. Only the keys our pages use, with plain one-line text.
FRONT_MATTER_TEXT = ("title", "description")
FRONT_MATTER_LISTS = {"featured": None, "hide": {"navigation", "toc", "footer", "feedback", "path", "tags"}}
_UNSAFE_TEXT = re.compile(r"[<>&\x00-\x1f\x7f\u2028\u2029]")


def audit_front_matter(text: str) -> list[tuple[int, str, str]]:
    """(line, field, message) for each front-matter key or value that could reach the page as HTML. Keys
    other than title, description, featured and hide are refused: a theme prints some (subtitle,
    template, ...) into every page unescaped."""
    try:
        meta, _, size = front_matter(text)
    except ValueError as err:
        return [(1, "", str(err))]
    lines = text.splitlines()[:size]

    def line_of(key) -> int:
        return next((n for n, ln in enumerate(lines, 1) if ln.startswith(f"{key}:")), 1)

    problems = []
    for key, value in meta.items():
        if key in FRONT_MATTER_TEXT:
            if not isinstance(value, str) or _UNSAFE_TEXT.search(value):
                problems.append((line_of(key), str(key), "must be one line of plain text: no <, >, & or control "
                                 "characters (the theme prints it into the page unescaped)"))
        elif key in FRONT_MATTER_LISTS:
            choices = FRONT_MATTER_LISTS[key]
            if not isinstance(value, list) or not all(isinstance(v, str) and re.fullmatch(r"[a-z0-9-]+", v)
                                                      and (choices is None or v in choices) for v in value):
                wanted = f"one of {', '.join(sorted(choices))}" if choices else "ids"
                problems.append((line_of(key), str(key), f"must be a list of {wanted}"))
        else:
            allowed = ", ".join((*FRONT_MATTER_TEXT, *FRONT_MATTER_LISTS))
            problems.append((line_of(key), str(key), f"not a front matter key our pages use ({allowed}): "
                             "the theme may print it into every page unescaped; remove it"))
    return problems


def audit_folder(docs_dir: Path, shown_as: str, config: MarkdownConfig) -> list[Problem]:
    """Problems of one language's hand-written folder (shown_as: "content/en"): files that may not be
    published there (guards.check_content), then each page's front matter (audit_front_matter) and the
    HTML its Markdown renders to."""
    problems = check_content(Path(docs_dir), shown_as)
    for path in sorted(Path(docs_dir).rglob("*.md")):
        if path.is_file() and not path.is_symlink():
            shown = f"{shown_as}/{path.relative_to(docs_dir).as_posix()}"
            # EVIDENCE_MARK: our own placeholder, replaced by data (checked in the built page)
            text = path.read_text(encoding="utf-8").replace(EVIDENCE_MARK, "")
            problems += [Problem(shown, line, field, message) for line, field, message in audit_front_matter(text)]
            problems += [Problem(shown, line, "", MESSAGE.format(what=what))
                         for line, what in audit_markdown(text, config)]
    return problems


def audit_generated(pages, root: Path, config: MarkdownConfig) -> list[Problem]:
    """Problems of pages made from the data (render.Page: src_uri, Markdown content, source data file
    relative to root or None). A problem names the first line of the source file that holds what
    would be removed (the page's own file and line when it has no single source)."""
    problems = []
    for page in pages:
        for line, what in audit_markdown(page.content, config):
            file, at = _locate(root, page.source, what)
            message = MESSAGE.format(what=what) + f" (generated page {page.src_uri})"
            problems.append(Problem(file, at, "", message) if file else Problem(page.src_uri, line, "", message))
    return problems


_NEEDLE = re.compile(r'^(?:<(\w+)>(?: with )?)?([^=" ]+)?(?:="([^"]*))?')


def _locate(root: Path, source: str | None, what: str) -> tuple[str | None, int | None]:
    """(data file, line) of the first line of `source` that holds the attribute, value or tag in `what`."""
    if not source:
        return None, None
    text = (root / source).read_text(encoding="utf-8")
    tag, name, value = _NEEDLE.match(what).groups()
    needles = [n for n in ((value or "").rstrip("…")[:30], name, tag and f"<{tag}") if n]
    for needle in needles:
        for number, line in enumerate(text.splitlines(), 1):
            if needle.lower() in line.lower():
                return source, number
    return source, 1


# -- the built site: the final net -------------------------------------------------------

# The content area of a Material page; everything a page's Markdown makes lands inside it.
_CONTENT_START = '<article class="md-content__inner md-typeset">'


def content_area(page_html: str) -> str | None:
    """The content area of a built page: from the theme's first <article> to its last </article>
    (contributed text can add closing tags, never move the theme's own, which come after it)."""
    start, end = page_html.find(_CONTENT_START), page_html.rfind("</article>")
    return page_html[start:end + len("</article>")] if start >= 0 and end > start else None


def audit_site(site_dir: Path) -> list[str]:
    """`page: what` for everything outside the allowlist in the content area of every built HTML page.
    A page with no content area is a problem too (an engine whose pages look otherwise would slip past),
    except our redirect pages (site/redirects.py: a meta refresh, made from ids only)."""
    problems = []
    for path in sorted(Path(site_dir).rglob("*.html")):
        page = path.read_text(encoding="utf-8")
        where = path.relative_to(site_dir).as_posix()
        area = content_area(page)
        if area is None:
            if 'http-equiv="refresh"' not in page:
                problems.append(f"{where}: no content area ({_CONTENT_START}) to check")
            continue
        problems.extend(f"{where}: {MESSAGE.format(what=what)}" for what in removed(area))
        # A page's own id="kp-strings" or id="__search" would take over the theme's element of that id.
        ids = Counter(next(filter(None, m.groups()), "") for m in _ID.finditer(page))
        problems.extend(f"{where}: id \"{_short(i)}\" is used twice in the page; the theme and the scripts "
                        "use one element per id (rename the heading or the id)"
                        for i in sorted(i for i, n in ids.items() if n > 1))
    return problems


_ID = re.compile(r"""<[^>]*?\sid=(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")

# The attribute by which each element loads something into the page; and every attribute read as a URL.
_LOADS = {"script": "src", "img": "src", "iframe": "src", "frame": "src", "embed": "src", "source": "src",
          "video": "src", "audio": "src", "track": "src", "input": "src", "object": "data", "link": "href"}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "cite"}
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def audit_document(site_dir: Path, host: str) -> list[str]:
    """`page: what` for what no page of ours holds anywhere, theme included, in every built HTML page:
    an on... or style attribute, a <base>, a URL that is not http, https, mailto or relative, and
    anything loaded (script, style sheet, image, frame) from a host other than host (the site's).
    The allowlist checks the content area; an engine also writes the header, navigation and table of
    contents from settings and headings, and Zensical reworks heading HTML there, so the net is the
    document as the browser gets it, for both engines."""
    problems = []
    for path in sorted(Path(site_dir).rglob("*.html")):
        where = path.relative_to(site_dir).as_posix()
        for tag, attributes in _Tokens(path.read_text(encoding="utf-8")).tags:
            for name, value in attributes:
                url = _URL_NOISE.sub("", value or "")  # as a browser reads it: no spaces, tabs or backslashes
                scheme, parts = _SCHEME.match(url), urlsplit(url)
                loaded = _LOADS.get(tag) == name and parts.netloc and parts.hostname != host
                if (name.startswith("on") or name == "style" or tag == "base"
                        or name in _URL_ATTRIBUTES and scheme and scheme[1].lower() not in URL_SCHEMES or loaded):
                    problems.append(f"{where}: not allowed anywhere in a built page: {_attr(name, value)} "
                                    f"on <{tag}>" + (f" (loaded from another host than {host})" if loaded else ""))
    return problems


# -- the whole project, for `python -m generator validate` -----------------------------------


def audit_project(root: Path, catalog) -> list[Problem]:
    """Problems of every page of every language: content/<lang>/*.md (with the featured cards a page
    asks for) and the pages made from the catalog, each language with its own mkdocs[.<lang>].yml.
    A language without its config has no site to check (a data-only folder, as in tests)."""
    root = Path(root)
    problems: list[Problem] = []
    for lang in LANGS:
        config_file = root / CONFIGS[lang]
        if not config_file.is_file():
            continue
        config = markdown_config(config_file)
        folder = root / "content" / lang
        problems += audit_folder(folder, f"content/{lang}", config)
        pages = render_pages(catalog, lang, preview=True)
        for path in sorted(folder.rglob("*.md")):
            try:
                meta = front_matter(path.read_text(encoding="utf-8"))[0]
            except ValueError:
                continue  # reported by audit_folder
            if "featured" in meta:
                uri = path.relative_to(folder).as_posix()
                shown = f"content/{lang}/{uri}"
                try:
                    pages.append(Page(shown, featured_html(catalog, lang, uri, meta["featured"]), None))
                except ValueError as err:
                    problems.append(Problem(shown, 0, "", str(err)))
        problems += audit_generated(pages, root, config)
    return problems
