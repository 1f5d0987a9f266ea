"""The site's paths and languages, declared once: every URL the site hands out is built here.

Paths are site-relative folder URLs ("patterns/plain-words/", MkDocs' use_directory_urls); templates
call these functions through generator/site/templates/macros.j2. The Chinese site has the same paths under zh/.
"""

from __future__ import annotations

LANGS = ("en", "zh")  # the first is the default: its site is at the root
DEFAULT_LANG = LANGS[0]
PREFIX = {lang: "" if lang == DEFAULT_LANG else f"{lang}/" for lang in LANGS}  # each site's folder under the root
HREFLANG = {"en": "en", "zh": "zh-Hans"}  # BCP 47 tags for <html lang> and hreflang
OG_LOCALE = {"en": "en_US", "zh": "zh_CN"}

PATTERNS = "patterns/"
TOPICS = "topics/"
QUIZZES = "quiz/"
CHECK = "check/"
CHEATSHEET = "cheatsheet/"
BY_DOCUMENT = "by-document/"  # which patterns fit a README, a post, a talk... (content/by-document.yml)
API = "api/"
ABOUT = "about/"
SITEMAP = "sitemap.xml"  # MkDocs writes one per language's site
SITEMAP_INDEX = "sitemap-index.xml"  # at the root: both languages' sitemaps
ROBOTS = "robots.txt"  # at the root, naming the sitemap index
SECTIONS = (PATTERNS, TOPICS, QUIZZES)  # folders whose index page lists the pages beneath
QUIZ_KINDS = ("name-that-pattern", "measured-or-predicted", "which-rewrite", "spot-the-misuse")  # quiz/<kind>/; topics get quiz/<topic>/
RESERVED_IDS = frozenset({"index"})  # <section>/index is the section's own page
API_DOCUMENTS = ("patterns", "quotes", "topics", "check-rules")  # api/<name>.json
API_SCHEMAS = ("patterns", "quotes", "topics", "check", "check-rules")  # api/schema/<name>.json
PATTERN_MAP = f"{PATTERNS}map/"  # every pattern and its relations, drawn (generator/site/patternmap.py)
GENERATED_PAGES = (PATTERN_MAP,)  # pages beside the data's own: no pattern, topic or quiz may take their URL


def pattern(pattern_id: str, anchor: str = "") -> str:
    """'patterns/<id>/' (plus '#anchor'): a pattern's page."""
    return f"{PATTERNS}{pattern_id}/" + (f"#{anchor}" if anchor else "")


def topic(topic_id: str) -> str:
    """'topics/<id>/': a topic's quote gallery."""
    return f"{TOPICS}{topic_id}/"


def quote(topic_id: str, quote_id: str) -> str:
    """'topics/<topic>/#<quote>': a quote's permalink, its card in the topic's gallery."""
    return f"{topic(topic_id)}#{quote_id}"


def quiz(quiz_id: str) -> str:
    """'quiz/<id>/': one quiz."""
    return f"{QUIZZES}{quiz_id}/"


def api(name: str) -> str:
    """'api/<name>.json': a data file of the API."""
    return f"{API}{name}.json"


def api_schema(name: str) -> str:
    """'api/schema/<name>.json': the JSON Schema of an API file."""
    return f"{API}schema/{name}.json"


def card(pattern_id: str | None = None) -> str:
    """'assets/cards/<id>.png': a pattern's social card; the site's own card without an id."""
    return f"assets/cards/{pattern_id or '_site'}.png"


def source_uri(path: str) -> str:
    """The generated file behind a folder URL: 'patterns/x/' -> 'patterns/x.md', 'quiz/' -> 'quiz/index.md'."""
    path = path.partition("#")[0]
    if path in ("", "/") or path in SECTIONS:
        return path.lstrip("/") + "index.md"
    return path[:-1] + ".md"


def page_path(src_uri: str) -> str:
    """The folder URL of a generated page: 'patterns/x.md' -> 'patterns/x/', 'quiz/index.md' -> 'quiz/'."""
    stem = src_uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def site_root(site_url: str, lang: str) -> str:
    """The absolute root of one language's site: 'https://x.org/' -> 'https://x.org/zh/' for zh."""
    return site_url.rstrip("/") + "/" + PREFIX[lang]


def english_root(site_root: str, lang: str) -> str:
    """The root of the whole site from one language's root: 'https://x.org/repo/zh/' -> 'https://x.org/repo/';
    '' gives '/'."""
    url = (site_root or "/").rstrip("/") + "/"
    return url[: -len(PREFIX[lang])] if PREFIX[lang] and url.endswith(PREFIX[lang]) else url


def absolute(site_url: str, lang: str, path: str) -> str:
    """An absolute URL of a site path in one language (site_url is the English root)."""
    return site_root(site_url, lang) + path


def join(root: str, path: str) -> str:
    """root + path with exactly one slash between: ('https://x.org/zh', 'api/') -> 'https://x.org/zh/api/'."""
    return root.rstrip("/") + "/" + path


def in_lang(lang: str, path: str) -> str:
    """A path relative to the English root: 'zh/patterns/x/' for zh."""
    return PREFIX[lang] + path


# -- files for language models and agents (issue 15) ---------------------------
# A page's Markdown twin is its folder URL with ".md" for the trailing slash, the name of its source under
# MkDocs (llmstxt.org proposes "index.html.md" for folder URLs). Published: never change it.
LLMS = "llms.txt"
LLMS_FULL = "llms-full.txt"
DOWNLOADS = "downloads/"
SKILL_NAME = {"en": "karpathy-style", "zh": "karpathy-style-zh"}  # Agent Skills names: the folder name too


def markdown(path: str) -> str:
    """'patterns/x/' -> 'patterns/x.md': the Markdown twin of a page (pattern, topic or quiz)."""
    path = path.partition("#")[0]
    if not path.endswith("/") or path in ("", "/") or path in SECTIONS:
        raise ValueError(f"no Markdown twin for {path!r}: only single pages (patterns/<id>/ and the like) have one")
    return path[:-1] + ".md"


def skill_zip(lang: str) -> str:
    """'downloads/karpathy-style.zip': the agent skill as a zip holding its folder."""
    return f"{DOWNLOADS}{SKILL_NAME[lang]}.zip"


def agents_md() -> str:
    """'downloads/AGENTS.md': a section to paste into a repository's AGENTS.md."""
    return f"{DOWNLOADS}AGENTS.md"


def cursor_rules(lang: str) -> str:
    """'downloads/karpathy-style.mdc': a Cursor project rule (goes in .cursor/rules/)."""
    return f"{DOWNLOADS}{SKILL_NAME[lang]}.mdc"

# The fixed section anchors of a pattern page (pages/pattern.md.j2), each with its heading's locale key.
PATTERN_ANCHORS = {anchor: anchor.replace("-", "_") for anchor in
                   ("definition", "examples", "when-to-use", "when-not-to-use", "how-to-apply", "rewrite")}
