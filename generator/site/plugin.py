"""The MkDocs adapter, so `mkdocs build` and `mkdocs serve` on mkdocs.yml give the whole site.

It makes no page: before each build it generates its own language's folder (generate.py) and points
the build at it. The English build starts the Chinese one in a worker process (worker.py) and moves
its site into <site_dir>/zh. Every page MkDocs renders is held against the allowlist (htmlsafety.py).
"""

from __future__ import annotations

import atexit
import base64
import functools
import json
import logging
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from ..children import die_with_parent
from ..data import bydocument
from ..data.catalog import load_catalog
from ..data.problems import DataError
from ..paths import DEFAULT_LANG, LANGS
from . import generate, htmlsafety
from .cards import CardError
from .guards import SiteError
from .patternmap import MapError

log = logging.getLogger("mkdocs.plugins.karpathy_style")


class StyleGuideConfig(Config):
    """The plugin's options in mkdocs.yml (`karpathy-style:`)."""
    lang = c.Choice(LANGS, default=DEFAULT_LANG)  # language of this build's pages
    root = c.Optional(c.Dir(exists=True))  # project root holding patterns/ and content/; default: beside mkdocs.yml
    alternate_dir = c.Optional(c.Type(str))  # build the other language into this sub-folder of site_dir
    # Draw the social cards (needs Noto Sans CJK). Off by default, as Material advises
    # for its own cards: `python -m generator build` and CI turn it on (mkdocs.yml).
    cards = c.Type(bool, default=False)


_FOLDERS: dict[Path, generate.Folder] = {}  # one generated folder per project and process, kept across rebuilds
_SAID: set[str] = set()  # what this process said already: a rebuild under serve says it once
RESULT = "kp-build-result "  # worker.py's line that starts so is the result; anything else on stdout is passed on
_WORKER: list[subprocess.Popen] = []  # the other language's build process (worker.py), kept across rebuilds


def use_folder(root: Path, folder: Path) -> None:
    """Generate the project at root into folder in this process: the worker writes its language into
    the folder of the build that started it, which removes it (one temporary folder, one owner)."""
    _FOLDERS[Path(root).resolve()] = generate.Folder(Path(folder))


def generated_folder(root: Path) -> generate.Folder:
    """This process's generated folder for the project at root: a new temporary folder (outside the
    checkout), removed when the process ends."""
    if root not in _FOLDERS:
        path = Path(tempfile.mkdtemp(prefix="kp-generated-"))
        atexit.register(shutil.rmtree, path, True)
        _FOLDERS[root] = generate.Folder(path)
    return _FOLDERS[root]


class StyleGuidePlugin(BasePlugin[StyleGuideConfig]):
    """Runs the generator before the build; the English build also builds the Chinese site."""
    dirty = False
    serving = False
    _alternate = None
    # The catalog the English build loaded and checked, handed to the Chinese one by worker.py
    # (unpickled from its job), so a build loads the data once; None: load it here.
    given_catalog = None

    def on_startup(self, *, command, dirty):
        """`mkdocs serve --dirty` (make serve) rebuilds only the pages whose file changed, MkDocs's own
        incremental build: the generator rewrites only changed files, so their times tell. The other
        language builds the same way. (Defining on_startup keeps one instance for the whole serve.)"""
        self.dirty, self.serving = dirty, command == "serve"
        if self.config.alternate_dir:
            _worker()  # it loads MkDocs and Material while this process loads the data

    def _say_once(self, message: str) -> None:
        if self.config.lang == DEFAULT_LANG and message not in _SAID:  # one build speaks for both languages
            _SAID.add(message)
            log.info(message)

    def on_config(self, config):
        """Load and check the catalog, start the other language's build, write this language's
        generated folder and build from it (a PluginError listing every problem stops the build
        before anything is written)."""
        root = Path(self.config.root or Path(config.config_file_path).parent).resolve()
        lang, english = self.config.lang, config.site_url or ""
        self.root, self.folder, self._unsafe = root, generated_folder(root), []
        if not self.config.cards:
            self._say_once("Social cards are not drawn in this build, so a preview needs no fonts; "
                           "`python -m generator build` and CI draw them (with Noto Sans CJK).")
        try:
            catalog, self.given_catalog = self.given_catalog or load_catalog(root), None
            bydocument.load(root, catalog)  # what generation reads beside the catalog: reported once, here
            self._start_alternate(root, config, catalog)
            # A preview (no cards: `mkdocs serve`) needs Python alone: without Graphviz the map shows its list.
            # The pages are audited as MkDocs renders them (on_page_content), not rendered here a second time.
            self.sources, built = generate.generate(
                root, catalog, self.folder, site=english, with_cards=self.config.cards, preview=not self.config.cards,
                langs=[lang],
                on_skip=lambda why: self._say_once(f"The pattern map is shown as a list in this preview: {why}"))[lang]
        except DataError as err:
            raise PluginError("the pattern data has problems:\n" + err.report()) from None
        except (SiteError, MapError, CardError) as err:
            raise PluginError(str(err)) from None
        config.site_url = built["site_url"]
        config.docs_dir = str(self.folder.docs(lang))
        config.edit_uri = built["edit_uri"]
        config.extra.update(built["extra"])  # the theme's data (kp) and, with a site_url, the scope
        return config

    def on_serve(self, server, *, config, builder):
        """Watch the generator's templates and locales (the data is in mkdocs.yml's watch:), not the
        generated folder: it changes only when a build writes it."""
        server.unwatch(config.docs_dir)
        package = Path(__file__).resolve().parents[1]
        for folder in ("site/templates", "locales", "check/locales", "export/templates"):
            server.watch(str(package / folder))
        return server

    def _start_alternate(self, root: Path, config, catalog) -> None:
        """Start the other language's build (English build only), in its own process, beside this one."""
        if not self.config.alternate_dir:
            return
        site_dir = Path(config.site_dir)
        site_dir.mkdir(parents=True, exist_ok=True)
        if self.dirty:  # into its place: MkDocs cleans nothing, and the unchanged pages stay
            self._alternate_dir = site_dir / self.config.alternate_dir
        else:  # a hidden folder: MkDocs's clean, which runs after on_pre_build, keeps hidden entries
            self._alternate_dir = Path(tempfile.mkdtemp(prefix=f".{self.config.alternate_dir}-building-", dir=site_dir))
        other = next(lang for lang in LANGS if lang != self.config.lang)
        self._alternate = _worker()
        job = {"config": str(root / generate.CONFIGS[other]), "site_dir": str(self._alternate_dir),
               "site_url": config.site_url, "strict": config.strict, "dirty": self.dirty,
               "root": str(root), "folder": str(self.folder.root),
               "catalog": base64.b64encode(pickle.dumps(catalog)).decode("ascii")}
        self._alternate.stdin.write(json.dumps(job) + "\n")
        self._alternate.stdin.flush()

    def on_page_content(self, html, *, page, config, files):
        """Note a page whose HTML, as MkDocs rendered it, has anything outside the allowlist."""
        if found := htmlsafety.removed(html):
            self._unsafe.append((page.file.src_uri, found))
        return html

    def on_env(self, env, *, config, files):
        """Every page is rendered and none written yet: stop on the pages the allowlist refuses,
        naming the data file and line each problem comes from."""
        if self._unsafe:
            problems = generate.audit_pages(self.root, self.folder, self.config.lang, self.sources,
                                            [uri for uri, _ in self._unsafe])
            # Nothing found in the page's Markdown: MkDocs rendered it otherwise; name the page.
            problems = problems or [f"{uri}: {htmlsafety.MESSAGE.format(what=what)}"
                                    for uri, found in self._unsafe for what in found]
            raise PluginError("\n".join(problems))
        return env

    def on_post_build(self, config) -> None:
        """Copy the verbatim files; wait for the other language's site and move it into its folder."""
        shutil.copytree(self.folder.verbatim(self.config.lang), config.site_dir, dirs_exist_ok=True)
        if self._alternate is None:
            return
        running, built = self._alternate, self._alternate_dir
        self._alternate = None
        result = _result(running, keep=self.serving)
        if not result["ok"]:
            if not self.dirty:
                shutil.rmtree(built, ignore_errors=True)
            raise PluginError(f"the '{self.config.alternate_dir}' site failed: {result['message'].strip()}")
        if self.dirty:
            return
        dest = Path(config.site_dir) / self.config.alternate_dir
        shutil.rmtree(dest, ignore_errors=True)
        os.replace(built, dest)
        os.chmod(dest, 0o755)  # mkdtemp made it private

    def on_build_error(self, error) -> None:
        """This build failed: stop the other language's build, whose output is not wanted."""
        if self._alternate is not None:
            result = _result(self._alternate, keep=self.serving)  # a build cannot be cut short; its output is not wanted
            self._alternate = None
            if not result["ok"]:  # its problems too, so one run names every problem in both languages
                log.error("the '%s' site failed too: %s", self.config.alternate_dir, result["message"].strip())
            if not self.dirty:
                shutil.rmtree(self._alternate_dir, ignore_errors=True)


def _worker() -> subprocess.Popen:
    """This process's build worker (generator/site/worker.py), started on first use; it ends when we do."""
    if not _WORKER or _WORKER[0].poll() is not None or _WORKER[0].stdin.closed:
        _WORKER[:] = [subprocess.Popen([sys.executable, "-m", "generator.site.worker"], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, text=True, encoding="utf-8",
                                       env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                                       preexec_fn=functools.partial(die_with_parent, os.getpid()))]
        atexit.register(_stop, _WORKER[0])
    return _WORKER[0]


def _stop(worker: subprocess.Popen) -> None:
    """End the worker with this process, and wait for it (no orphan; its time is counted as this build's)."""
    try:
        worker.stdin.close()
        worker.wait(timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        worker.kill()


def _result(worker: subprocess.Popen, keep: bool) -> dict:
    """The worker's answer to its last job; what else it printed on stdout is passed on. keep: it
    takes the next rebuild's job (serve); else it is told to end now, beside the rest of this build."""
    for line in worker.stdout:
        if line.startswith(RESULT):
            if not keep:
                worker.stdin.close()
            return json.loads(line[len(RESULT):])
        sys.stdout.write(line)
    return {"ok": False, "message": f"the build process ended (exit status {worker.wait()})"}
