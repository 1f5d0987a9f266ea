"""The MkDocs adapter: the only module that imports mkdocs.

It loads the catalog once per build (failing the build with every problem
listed), adds the rendered pages as in-memory files, and, for the English
build, builds the Chinese site into <site_dir>/zh so that one `mkdocs build`
or `mkdocs serve` gives the whole bilingual site.

The class defines no `on_startup`: MkDocs then makes a fresh instance for every
config it loads, so the English build and the Chinese build it starts (and every
rebuild under `serve`) never share state. On Linux the Chinese build runs in a
forked process from the English build's `on_pre_build` on (site/sidecar.py), so the
two build at once; elsewhere it runs in `on_post_build`. Either way the English build
waits for it there, so a finished rebuild always holds both. Kept across builds: site/process.py,
pagecache.py (rendered pages) and searchcache.py (search entries).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from markupsafe import escape
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

from .. import paths
from . import api, cards, crawl, htmlsafety, i18n, pagecache, process, redirects, searchcache, sidecar, stopping, watching
from ..check import lexicon, rules as checker_rules
from ..export import cli as export_cli
from ..data.catalog import Catalog
from ..data.problems import DataError
from .guards import SiteError, check_content, check_unique_urls
from .patternmap import MapError
from .render import EVIDENCE_MARK, evidence_html, featured_html, render_pages
from ..paths import DEFAULT_LANG, LANGS

log = logging.getLogger("mkdocs.plugins.karpathy_style")


class StyleGuideConfig(Config):
    """The plugin's options in mkdocs.yml (`karpathy-style:`)."""
    lang = c.Choice(LANGS, default=DEFAULT_LANG)  # language of this build's pages
    root = c.Optional(c.Dir(exists=True))  # project root holding patterns/ and content/; default: beside mkdocs.yml
    alternate_config = c.Optional(c.File(exists=True))  # config of the other language, built into alternate_dir
    alternate_dir = c.Type(str, default="zh")  # sub-folder of site_dir for that build
    # Draw the social cards (needs Noto Sans CJK). Off by default, as Material advises
    # for its own cards: `python -m generator build` and CI turn it on (mkdocs.yml).
    cards = c.Type(bool, default=False)


def _copied_as_is(config, uri: str, content: str | bytes) -> File:
    """A generated file MkDocs copies unchanged to uri. A '.md' source would be rendered as a
    page, so a Markdown twin gets another source name and its real destination."""
    if not uri.endswith(".md"):
        return File.generated(config, uri, content=content)
    file = File.generated(config, uri + ".txt", content=content)
    file.dest_uri = uri
    return file


class StyleGuidePlugin(BasePlugin[StyleGuideConfig]):
    """The MkDocs adapter: loads the catalog, adds the generated files, builds the other language."""
    catalog: Catalog | None = None

    def __init__(self):
        super().__init__()
        self._cards: dict = {}  # site path -> Future of the PNG bytes, this build's only
        self._alternate: sidecar.Sidecar | None = None  # the other language's build, running beside this one
        self._pages: pagecache.PageCache | None = None  # rendered pages kept across builds (site/pagecache.py)
        self._search: searchcache.SearchCache | None = None  # search entries kept across builds
        self._rendering: tuple | None = None  # the page being rendered: (page, cache key, entry or None, markdown)

    def on_serve(self, server, *, config, builder):
        """Look for edits every 0.1 s instead of MkDocs's 0.5 s (site/watching.py), and watch the generator
        package's templates, locales, rules and schemas too: they are part of the site's source."""
        watching.poll_every(server, [config.docs_dir, config.config_file_path, *config.theme.dirs])
        stopping.sigterm_as_ctrl_c()  # so `kill` removes MkDocs's /tmp/mkdocs_* folder, as Ctrl-C does
        for folder in watching.data_folders(Path(__file__).resolve().parents[1]):
            server.watch(folder)
        return server

    def on_env(self, env, *, config, files):
        env.bytecode_cache = process.THEME_BYTECODE
        return env

    def on_config(self, config):
        """Load and check the catalog (a PluginError listing every problem stops the build before anything is written)."""
        root = Path(self.config.root or Path(config.config_file_path).parent)
        try:
            self.catalog = process.load_catalog_once(root)
            lexicon.load(root, self.catalog)  # content/checker.yml, checked before anything renders
        except DataError as err:
            raise PluginError("the pattern data has problems:\n" + err.report()) from None
        self.root = root
        # What overrides/main.html needs from us: the scripts' strings and the Open Graph locales.
        strings = {**i18n.js_strings(self.config.lang),  # the checker's own text comes from its package
                   "check_too_long": checker_rules.messages(self.config.lang)["errors_worker"]}
        config.extra["kp"] = {"strings": strings, "og_locale": paths.OG_LOCALE}
        # Same-page hreflang links, the language switch, one preference scope for both languages.
        config.extra["kp"]["langs"] = crawl.languages(config.site_url, self.config.lang)
        config.extra["scope"] = config.extra["kp"]["langs"]["scope"]  # Material's storage scope (__md_scope)
        config.extra["kp"]["text"] = dict(i18n.labels(self.config.lang)["theme"])  # theme pages' text (404.html)
        return config

    def on_pre_build(self, config) -> None:
        """Keep the search index's entries of unchanged pages (site/searchcache.py). Then fork the other
        language's build (Linux), before any thread of ours starts. It builds into a hidden folder in
        site_dir (MkDocs's clean, which runs next, keeps hidden entries), moved to site_dir/alternate_dir
        in on_post_build."""
        self._search = searchcache.attach(self.root / ".cache" / "search" / self.config.lang, config.plugins)
        if not (self.config.alternate_config and sidecar.CAN_FORK):
            return
        process.warm_for_fork()
        site_dir = Path(config.site_dir)
        prefix = f".{self.config.alternate_dir}-building-"
        for stale in site_dir.glob(prefix + "*"):  # left by an interrupted build
            shutil.rmtree(stale, ignore_errors=True)
        site_dir.mkdir(parents=True, exist_ok=True)
        self._alternate_dir = Path(tempfile.mkdtemp(prefix=prefix, dir=site_dir))
        self._alternate = sidecar.start(lambda: self._build_alternate(config, self._alternate_dir),
                                        in_child=process.say_nothing_more)

    def on_files(self, files: Files, config) -> Files:
        """Add every generated page and file in memory: pages, redirects, sitemap index, robots.txt, API, exports."""
        docs_dir = Path(config.docs_dir).resolve()
        root = self.root.resolve()
        new: list[File] = []
        shown = os.path.relpath(docs_dir, root).replace(os.sep, "/")
        # Only pages and images; each page's rendered HTML within the allowlist (site/htmlsafety.py).
        markdown_config = htmlsafety.markdown_config(Path(config.config_file_path).resolve())
        if problems := check_content(docs_dir, shown) + htmlsafety.audit_folder(docs_dir, shown, markdown_config):
            raise PluginError("\n".join(map(str, problems)))
        try:
            # A preview (no cards: `mkdocs serve`) needs Python alone: without Graphviz the map shows its list.
            pages = render_pages(self.catalog, self.config.lang, preview=not self.config.cards,
                                 on_skip=lambda why: process.say_once(log, f"The pattern map is shown as a list in this preview: {why}"))
        except (SiteError, MapError) as err:
            raise PluginError(str(err)) from None
        if problems := htmlsafety.audit_generated(pages, root, markdown_config):  # the same for generated pages
            raise PluginError("\n".join(map(str, problems)))
        for page in pages:
            file = File.generated(config, page.src_uri, content=page.content)
            if page.source:
                # Point "edit this page" at the YAML, not at Markdown that exists nowhere.
                # edit_uri is joined to the config's edit_uri (which ends in docs_dir).
                file.edit_uri = os.path.relpath(root / page.source, docs_dir).replace(os.sep, "/")
            new.append(file)
        self._add_link_files(new, config)
        if self.config.lang == paths.DEFAULT_LANG:  # the root: one index of both languages' sitemaps
            new.append(File.generated(config, paths.SITEMAP_INDEX, content=crawl.sitemap_index(config.site_url or "/")))
            new.append(File.generated(config, paths.ROBOTS, content=crawl.robots_txt(config.site_url or "/")))
        # The data API and the checker's rules: JSON files at stable URLs (generator/api.py).
        for uri, text in api.files(self.catalog, self.config.lang, config.site_url or "/").items():
            new.append(File.generated(config, uri, content=text))
        # llms.txt, the pages' Markdown twins and the agent downloads (generator/export/).
        for uri, content in export_cli.site_files(self.catalog, self.config.lang, config.site_url or "/").items():
            new.append(_copied_as_is(config, uri, content))
        try:  # MkDocs would let a later file silently replace an earlier one with the same URL
            check_unique_urls([(f.dest_uri, f.src_uri if f.generated_by is None else f"generated {f.src_uri}")
                               for f in (*files, *new)])
        except SiteError as err:
            raise PluginError(str(err)) from None
        for file in new:
            files.append(file)
        return files

    def _add_link_files(self, files: list, config) -> None:
        """Redirect pages for former ids; the social cards start drawing in the background."""
        for page in redirects.redirect_pages(self.catalog, self.config.lang, config.site_url):
            files.append(File.generated(config, page.src_uri, content=page.content))
        if not self.config.cards:
            process.say_once(log, "Social cards are not drawn in this build, so a preview needs no fonts; "
                      "`python -m generator build` and CI draw them (with Noto Sans CJK).")
            return
        made = cards.site_cards(self.catalog, self.config.lang, config.site_name, config.site_description)
        # Drawing a card is mostly PNG encoding, which runs outside the GIL: two threads
        # draw while MkDocs renders the pages, and on_post_build writes them out.
        pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="cards")
        cache = self.root / ".cache" / "cards"
        self._cards = {uri: pool.submit(cards.render, card, cache) for uri, card in made.items()}
        pool.shutdown(wait=False)

    def _write_cards(self, config) -> None:
        try:
            for uri, future in self._cards.items():
                path = Path(config.site_dir) / uri
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(future.result())
        except cards.CardError as err:
            raise PluginError(str(err)) from None
        finally:
            self._cards = {}

    @event_priority(-100)  # last, so the cache key holds the Markdown every plugin made
    def on_page_markdown(self, markdown, page, config, files):
        """A hand-written page with `featured: [pattern ids]` in its front matter gets their cards appended.
        Then the page cache: a page rendered before from the same inputs is rendered from empty
        Markdown here and gets its stored HTML back in on_page_content."""
        if "featured" in page.meta:
            try:
                cards_html = featured_html(self.catalog, self.config.lang, page.file.src_uri, page.meta["featured"])
            except ValueError as err:
                where = os.path.relpath(Path(config.docs_dir) / page.file.src_uri, self.root).replace(os.sep, "/")
                raise PluginError(f"{where}: {err}") from None
            markdown = markdown.rstrip("\n") + "\n\n" + cards_html
        if EVIDENCE_MARK in markdown:
            markdown = markdown.replace(EVIDENCE_MARK, evidence_html(self.catalog, self.config.lang, page.file.src_uri))
        if self._pages is None:
            self._pages = pagecache.PageCache(self.root / ".cache" / "pages" / self.config.lang, config)
        key = self._pages.key(page, markdown, files)
        entry = self._pages.get(key)
        self._rendering = (page, key, entry, markdown)
        if entry is not None:
            return ""
        self._pages.start_recording()
        return markdown

    @event_priority(100)  # first, so every other plugin sees the page's real HTML
    def on_page_content(self, html, page, config, files):
        """The page cache's second half: give back a stored render, or store this one if it logged nothing."""
        if self._rendering is None or self._rendering[0] is not page:
            return html
        _, key, entry, markdown = self._rendering
        self._rendering = None
        page.markdown = markdown
        if entry is not None:
            return self._pages.restore(page, entry, files, get_toc)
        if self._pages.stop_recording() == 0:
            self._pages.put(key, page)
        return html

    def on_page_context(self, context, page, config, nav):
        """Link previews (printed by overrides/main.html): a plain, escaped description, a card, a type."""
        meta = page.meta
        if meta.get("description"):
            # Material prints the description unescaped; it may hold Markdown from the summary.
            meta["description"] = escape(cards.plain_text(str(meta["description"])))
        pid = meta.get("pattern")  # set in the front matter of pattern pages (pages/pattern.md.j2)
        if pid in self.catalog.patterns:
            meta["kp_card"], meta["kp_type"] = cards.card_uri(pid), "article"
        else:
            meta.setdefault("kp_card", cards.card_uri())
            meta.setdefault("kp_type", "website")
        return context

    def on_post_build(self, config) -> None:
        """Write the social cards, then build the other language's site into its folder (the English build only)."""
        self._write_cards(config)
        for cache in (self._pages, self._search):
            if cache is not None:
                cache.prune()
        if not self.config.alternate_config:
            return
        if self._alternate is None:  # no fork here: build it now, in this process
            self._build_alternate(config)
            return
        running, built = self._alternate, self._alternate_dir
        self._alternate = None
        try:
            running.join()
        except sidecar.SidecarError as err:
            shutil.rmtree(built, ignore_errors=True)
            if err.kind == "Abort":  # as if raised here: MkDocs prints "Aborted with ..." and exits 1
                from mkdocs.exceptions import Abort

                raise Abort(err.message) from None
            raise PluginError(f"the '{self.config.alternate_dir}' site failed: {err.message}") from None
        dest = Path(config.site_dir) / self.config.alternate_dir
        shutil.rmtree(dest, ignore_errors=True)
        os.replace(built, dest)
        os.chmod(dest, 0o755)  # mkdtemp made it private

    def on_build_error(self, error) -> None:
        """This build failed: stop the other language's build, whose output is not wanted."""
        if self._pages is not None:
            self._pages.stop_recording()
        if self._alternate is not None:
            self._alternate.kill()
            self._alternate = None
            shutil.rmtree(self._alternate_dir, ignore_errors=True)

    def _build_alternate(self, config, site_dir: Path | None = None) -> None:
        """Build the other language's site (alternate_config) into site_dir (default: site_dir/alternate_dir
        of this build); raises what its build raises."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        site_url = (config.site_url or "").rstrip("/")
        alternate = load_config(
            self.config.alternate_config,
            site_dir=str(site_dir or Path(config.site_dir) / self.config.alternate_dir),
            site_url=f"{site_url}/{self.config.alternate_dir}/" if site_url else None,
            strict=config.strict,
        )
        log.info("Building the '%s' site into %s", self.config.alternate_dir, Path(config.site_dir) / self.config.alternate_dir)
        # One build per process at a time: Material's search plugin keeps one instance
        # per process, so two builds at once in one process would mix their search indexes.
        build(alternate)

