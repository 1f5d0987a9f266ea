"""Generation, a step of its own: the data in, a folder out that any Material engine builds.

    <out>/<lang>/            the docs folder: hand-written pages, generated pages, API files,
                             redirects, sitemap index and robots.txt (English), social cards
    <out>/<lang>.files/      files copied into the built site as they are: the Markdown twins and
                             AGENTS.md (a `.md` file in a docs folder would be rendered as a page)
    <out>/mkdocs.<lang>.yml  the engine's config: mkdocs.yml (and mkdocs.zh.yml) with the folder,
                             the theme's data (extra.kp) and no plugin of ours

MkDocs 1.6 and Zensical both build it (build.py); the MkDocs plugin generates one language per
build process (plugin.py).
"""

from __future__ import annotations

import posixpath
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml

from .. import paths
from ..settings import CONFIGS, PythonName, read_config, url_problem
from ..check import rules as checker_rules
from ..data.catalog import Catalog
from ..export import llms as export_llms
from .. import i18n
from ..quiz import build_quizzes
from . import api, cards, crawl, htmlsafety, redirects
from .guards import SiteError, check_unique_urls, front_matter, yaml_text
from .render import EVIDENCE_MARK, Page, Renderer, evidence_html, featured_html


@dataclass(frozen=True)
class Folder:
    """Where one generation goes: `root` holds every language's docs folder, verbatim files and config."""
    root: Path

    def docs(self, lang: str) -> Path:
        return self.root / lang

    def verbatim(self, lang: str) -> Path:
        return self.root / f"{lang}.files"

    def config(self, lang: str) -> Path:
        return self.root / f"mkdocs.{lang}.yml"


class _ConfigDumper(yaml.SafeDumper):
    pass


_ConfigDumper.add_representer(PythonName, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:python/name:" + value, ""))


def site_url(root: Path) -> str:
    """The English site's root URL: site_url in mkdocs.yml (SITE_URL), '' when it is not set."""
    return read_config(root / CONFIGS[paths.DEFAULT_LANG]).get("site_url") or ""


def engine_config(root: Path, lang: str, site_root: str, engine: str = "mkdocs") -> dict:
    """The config an engine builds one language's folder with: the project's, with the generated
    folder as docs_dir (relative: Zensical stops on an absolute one), the theme's data, no plugin of ours.
    engine ("mkdocs" or "zensical") goes into extra.kp.engine for the overrides that differ by engine.
    A site_root that is a path alone ('/', no SITE_URL) gives no site_url: the engine then writes
    page-relative links and no canonical link, and the theme no hreflang, og:image or sitemap."""
    config = read_config(root / CONFIGS[lang])  # mkdocs.zh.yml inherits mkdocs.yml
    published = bool(urlsplit(site_root).netloc)
    config["site_url"] = site_root if published else None
    config["docs_dir"] = lang
    config["site_dir"] = f"site.{lang}"  # replaced by the builder's own folder
    config["theme"] = {**config["theme"], "custom_dir": str((root / config["theme"]["custom_dir"]).resolve())}
    plugins = config.get("plugins") or {}
    config["plugins"] = {name: value for name, value in plugins.items() if name != "karpathy-style"}
    config.pop("watch", None)
    if not config.get("repo_url"):  # no repository set (REPO_URL): no edit links
        config["edit_uri"] = None
    # What overrides/ read from config.extra.kp: the scripts' strings, Open Graph locales, the languages
    # (hreflang, the switch), the theme pages' text (404.html) and the engine.
    strings = {**i18n.js_strings(lang), "check_too_long": checker_rules.messages(lang)["errors_worker"]}
    kp = {"strings": strings, "og_locale": paths.OG_LOCALE, "langs": crawl.languages(site_root, lang),
          "text": dict(i18n.labels(lang)["theme"]), "engine": engine}
    # One scope for both languages needs the root's path; with none, Material scopes each page by its base_url.
    config["extra"] = {**config.get("extra", {}), "kp": kp, **({"scope": kp["langs"]["scope"]} if published else {})}
    return config


# -- the files of one language --------------------------------------------------------------

def _edit_url(config: dict, docs_folder: str, source: str) -> str | None:
    """The "edit this page" link of a generated page: the YAML file it came from, as MkDocs joins
    repo_url, edit_uri (which ends in the hand-written docs folder) and a path relative to it."""
    if not config.get("repo_url") or not config.get("edit_uri"):
        return None
    base = urljoin(config["repo_url"].rstrip("/") + "/", config["edit_uri"])
    return urljoin(base, posixpath.relpath(source, docs_folder))


def language_files(root: Path, catalog: Catalog, lang: str, renderer: Renderer, config: dict, site_root: str,
                   draw: ThreadPoolExecutor | None, audit: bool) -> tuple[dict, dict, dict]:
    """(docs folder files, verbatim files, sources) of one language: site path -> str, bytes or a Future
    of bytes; sources: each page's src_uri -> the file a reader edits (None: no one file). renderer:
    the language's render.Renderer, its map started (start_map); its pages are rendered after the
    other files, so `dot` lays the map out meanwhile. Raises SiteError for hand-written content that
    is not allowed or two files with one URL."""
    docs_folder = read_config(root / CONFIGS[lang])["docs_dir"]  # the hand-written pages
    content = root / docs_folder
    # Only pages and images; every page's rendered HTML within the allowlist (site/htmlsafety.py).
    markdown_config = htmlsafety.markdown_config(root / CONFIGS[paths.DEFAULT_LANG])
    problems = htmlsafety.audit_folder(content, docs_folder, markdown_config)
    moved = redirects.redirect_pages(catalog, lang, config["site_url"])
    made = api.files(catalog, lang, site_root)
    if draw is not None:
        for uri, card in cards.site_cards(catalog, lang, config["site_name"], config.get("site_description")).items():
            made[uri] = draw.submit(cards.draw, card)
    quizzes = build_quizzes(catalog, lang)  # built once, for the pages and the exports
    exported = export_llms.site_files(catalog, lang, site_root, quizzes)
    pages = renderer.pages(quizzes)
    if audit:
        problems += htmlsafety.audit_generated(pages, root, markdown_config)  # the same for generated pages
    if problems:
        raise SiteError("\n".join(map(str, problems)))
    files: dict[str, str | bytes] = {}
    origin: list[tuple[str, str]] = []
    sources: dict[str, str | None] = {}
    for path in sorted(p for p in content.rglob("*") if p.is_file()):
        uri = path.relative_to(content).as_posix()
        origin.append((uri, f"{docs_folder}/{uri}"))
        if path.suffix != ".md":
            files[uri] = path.read_bytes()
            continue
        text = path.read_text(encoding="utf-8")
        meta = front_matter(text)[0]  # audit_folder refused any it cannot read
        if "featured" in meta:
            try:
                text = text.rstrip("\n") + "\n\n" + featured_html(catalog, lang, uri, meta["featured"],
                                                                 renderer.zensical_root)
            except ValueError as err:
                raise SiteError(f"{docs_folder}/{uri}: {err}") from None
        if EVIDENCE_MARK in text:  # how sure we are of the quotes, from the catalog
            text = text.replace(EVIDENCE_MARK, evidence_html(catalog, lang, uri, renderer.zensical_root))
        if renderer.zensical_root is not None:
            text = _full_md_links(text, uri, exported, renderer.zensical_root)
        files[uri] = text
        sources[uri] = f"{docs_folder}/{uri}"
    for page in pages:
        # The YAML file it comes from; a page of no one file (the table, the cheat sheet) has no edit link.
        edit = _edit_url(config, docs_folder, page.source) if page.source else None
        head = f"---\nedit_url: {yaml_text(edit or '')}\n"  # first in its front matter, made when it has none
        files[page.src_uri] = head + (page.content[4:] if page.content.startswith("---\n") else "---\n" + page.content)
        sources[page.src_uri] = page.source
        origin.append((page.src_uri, f"generated {page.src_uri}"))
    for page in moved:
        files[page.src_uri] = page.content
        origin.append((page.src_uri, f"generated {page.src_uri}"))
    if lang == paths.DEFAULT_LANG and config["site_url"]:  # the root: one index of both languages' sitemaps
        files[paths.SITEMAP_INDEX] = crawl.sitemap_index(site_root)
        files[paths.ROBOTS] = crawl.robots_txt(site_root)
    files.update(made)
    verbatim = {}
    for uri, value in exported.items():
        (verbatim if uri.endswith(".md") else files)[uri] = value  # a .md file in docs would be a page
    named = {uri for uri, _ in origin}
    published = [(built_path(uri), shown) for uri, shown in origin]
    published += [(built_path(uri), f"generated {uri}") for uri in files if uri not in named]
    published += [(uri, f"generated {uri}") for uri in verbatim]  # copied as they are
    check_unique_urls(published)
    return files, verbatim, sources


# A link in a hand-written page to a .md file: inline Markdown or an HTML href.
_MD_LINK = re.compile(r'(\]\(|href=")([^"()\s#:]+\.md)(?=[")#])')


def _full_md_links(text: str, uri: str, verbatim, root: str) -> str:
    """Links from the page uri to files copied as they are (downloads/AGENTS.md) made full URLs under root:
    Zensical turns any relative link to a .md file into a page's URL (zensical#258), which 404s."""
    def full(match: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(uri), match[2]))
        return match[1] + root + target if target in verbatim else match[0]
    return _MD_LINK.sub(full, text)


def built_path(uri: str) -> str:
    """Where a docs folder file lands in the site: a page 'x/y.md' -> 'x/y/index.html',
    'x/index.md' -> 'x/index.html'; any other file where it is."""
    return paths.page_path(uri) + "index.html" if uri.endswith(".md") else uri


# -- writing --------------------------------------------------------------------------------

def write_tree(folder: Path, files: dict[str, str | bytes]) -> None:
    """Make folder hold exactly files (site path -> text or bytes): write only what changed (an engine's
    incremental build goes by the files' times), delete what is no longer there."""
    folder.mkdir(parents=True, exist_ok=True)
    for uri, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        path = folder / uri
        try:
            if path.read_bytes() == data:
                continue
        except OSError:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    wanted = {folder / uri for uri in files}
    for path in sorted(folder.rglob("*"), reverse=True):  # children before their folders
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                path.rmdir()
        elif path not in wanted:
            path.unlink()


def check_urls(site: str, repo_url: str | None) -> None:
    """Raise SiteError when site_url (SITE_URL; '' with none) or repo_url (REPO_URL) could not be written
    into every page as it is: the canonical links, the header's repository link (settings.url_problem)."""
    problem = (site and url_problem("site_url (SITE_URL)", site, relative=True)
               or repo_url and url_problem("repo_url (REPO_URL)", repo_url, "https://github.com/OWNER/NAME"))
    if problem:
        raise SiteError(problem)


def generate(root: Path, catalog: Catalog, folder: Folder, *, site: str | None = None, with_cards: bool = False,
             preview: bool = False, langs=paths.LANGS, on_skip=None,
             engine: str = "mkdocs") -> dict[str, tuple[dict, dict]]:
    """Write the docs folder, verbatim files and engine config of each language in langs under folder.
    site: the English root URL (default: site_url in mkdocs.yml; '': none). with_cards: draw the social
    cards (needs Noto Sans CJK). preview: a missing Graphviz shows the map as a list (on_skip(why)).
    engine: "mkdocs" or "zensical", which resolve links in raw HTML differently (render.relative_url).
    Hand-written pages are audited here; generated ones only for Zensical, since MkDocs's rendering
    of every page is audited (plugin.py, build.py) and no page should be rendered twice.
    Returns {lang: ({src_uri: the file a reader edits, or None}, the engine config)}. Raises
    SiteError, patternmap.MapError and cards.CardError; nothing is written then."""
    site = site_url(root) if site is None else site
    check_urls(site, read_config(root / CONFIGS[paths.DEFAULT_LANG]).get("repo_url"))
    renderers = {lang: Renderer(catalog, lang, preview, paths.site_root(site, lang) if engine == "zensical" else None)
                 for lang in langs}
    for renderer in renderers.values():
        renderer.start_map()  # `dot`, in its own process, lays each map out while the rest is made
    out: dict[str, tuple[dict, dict, dict, dict]] = {}
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="cards") as draw:  # PNG encoding runs outside the GIL
        for lang, renderer in renderers.items():
            site_root = paths.site_root(site, lang)
            config = engine_config(root, lang, site_root, engine)
            out[lang] = (*language_files(root, catalog, lang, renderer, config, site_root,
                                         draw if with_cards else None, engine == "zensical"), config)
            if renderer.map_skipped and on_skip:
                on_skip(renderer.map_skipped)
        for files, *_ in out.values():
            for uri, value in files.items():
                if hasattr(value, "result"):
                    files[uri] = value.result()
    for lang, (files, verbatim, _, config) in out.items():
        write_tree(folder.docs(lang), files)
        write_tree(folder.verbatim(lang), verbatim)
        text = yaml.dump(config, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False)
        if not folder.config(lang).is_file() or folder.config(lang).read_text(encoding="utf-8") != text:
            folder.config(lang).write_text(text, encoding="utf-8")
    return {lang: (sources, config) for lang, (_, _, sources, config) in out.items()}


def audit_pages(root: Path, folder: Folder, lang: str, sources: dict, uris) -> list[str]:
    """The allowlist's problems of the written pages `uris` (src_uris under folder.docs(lang)), each
    named by the file and line it comes from. The slow path, after an engine's page failed the audit."""
    config = htmlsafety.markdown_config(root / CONFIGS[paths.DEFAULT_LANG])
    pages = [Page(uri, (folder.docs(lang) / uri).read_text(encoding="utf-8"), sources.get(uri)) for uri in uris]
    return [str(problem) for problem in htmlsafety.audit_generated(pages, root, config)]
