"""Build the site into a folder of its own (generator/outdir.py) and put it in place only when the
build succeeded: MkDocs cleans site_dir first, so a build failing half-way would leave half a site.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from .. import children, outdir, paths
from ..data.catalog import load_catalog
from ..data.problems import DataError
from . import generate, htmlsafety
from .cards import CardError
from .guards import SiteError
from .patternmap import MapError


# A site/ that builds wrote before outdir.MARKER existed: both home pages and our theme's assets.
LEGACY_SITE = ("index.html", "zh/index.html", "assets/kp")


class _Failed(Exception):
    """The build ran and failed: its exit code, the site left as it was."""


def commit_time(folder: Path) -> str:
    """Seconds since the epoch of the last commit: the build date of a reproducible build."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=folder, capture_output=True, text=True,
                             encoding="utf-8", check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "0"
    return out or "0"


def build(config_file: Path, site_dir: Path, root: Path, strict: bool = True, engine: str = "mkdocs") -> int:
    """Generate the folder (generate.py), have the engine ("mkdocs" or "zensical") build every language from
    it, add the verbatim files, and put the result in place as site_dir. root: a project folder besides the
    config file's, which site_dir may not be, hold or lie in. Returns the exit code: 0 only when site_dir
    holds the complete new site; 2 when site_dir was refused or could not be written; else it is as it was."""
    if not Path(config_file).is_file():
        print(f"{config_file}: no such config file", file=sys.stderr)
        return 1
    source = Path(config_file).resolve().parent
    project = [source, Path(root)]
    try:
        with outdir.writing(site_dir, project, "build", legacy=LEGACY_SITE) as fresh, \
                tempfile.TemporaryDirectory(prefix="kp-generated-") as work:
            folder = generate.Folder(Path(work))
            try:
                generated = generate.generate(source, load_catalog(source), folder, with_cards=True, engine=engine)
                sources = {lang: pages for lang, (pages, _) in generated.items()}
            except (DataError, SiteError, MapError, CardError) as err:
                print(err.report() if isinstance(err, DataError) else err, file=sys.stderr)
                raise _Failed(1) from None
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
            env.setdefault("SOURCE_DATE_EPOCH", commit_time(source))
            outputs = {lang: fresh / paths.PREFIX[lang] for lang in paths.LANGS}
            if engine == "zensical":
                code = _zensical(folder, outputs, env)
            else:  # both languages at once, one process each
                commands = [[sys.executable, "-m", "mkdocs", "build", "-f", str(folder.config(lang)), "-d", str(out),
                             *(["--strict"] if strict else [])] for lang, out in outputs.items()]
                with ThreadPoolExecutor(len(commands)) as pool:
                    code = max(pool.map(lambda command: children.run(command, env=env), commands))
            if code != 0:
                raise _Failed(code)
            for lang, out in outputs.items():
                shutil.copytree(folder.verbatim(lang), out, dirs_exist_ok=True)
            missing = missing_pages(fresh)
            # The final net: the built pages' content areas against the allowlist (what the engine made of them).
            # Not for Zensical, whose theme puts its own skip anchor in the content area; generation audits
            # its pages instead (docs/architecture.md).
            unsafe = _audit(source, folder, fresh, sources) if engine == "mkdocs" else []
            # And in both engines, the whole document: the theme writes settings and headings outside it.
            unsafe += htmlsafety.audit_document(fresh, urlsplit(generate.site_url(source)).hostname or "")
            for page in missing:
                print(f"build incomplete: {page} was not written", file=sys.stderr)
            for problem in unsafe:
                print(problem, file=sys.stderr)
            if missing or unsafe:
                raise _Failed(1)
    except _Failed as failed:
        print(f"build failed; {site_dir} was left as it was", file=sys.stderr)
        return failed.args[0]
    except outdir.OutputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


def _zensical(folder, outputs: dict, env: dict) -> int:
    """Build each language with Zensical beside the generated folder (it has no --site-dir), then copy it
    into place. Not --strict: it checks links inside raw HTML too, and the Markdown twins are copied in
    after it (docs/architecture.md); the MkDocs build is the strict one."""
    for lang in outputs:
        command = [sys.executable, "-m", "zensical", "build", "-f", str(folder.config(lang))]
        if code := children.run(command, env=env, cwd=str(folder.root)):
            return code
    for lang, out in outputs.items():
        shutil.copytree(folder.root / f"site.{lang}", out, dirs_exist_ok=True)  # site_dir of generate.engine_config
        sitemap = out / paths.SITEMAP
        if sitemap.is_file() and not sitemap.stat().st_size:  # no site_url: MkDocs writes none, Zensical an empty file
            sitemap.unlink()
    return 0


def _audit(root: Path, folder, site: Path, sources: dict) -> list[str]:
    """htmlsafety.audit_site's problems; a generated or hand-written page's named by the file and line
    they come from (generate.audit_pages), where its Markdown shows them."""
    unsafe = htmlsafety.audit_site(site)
    pages = {paths.PREFIX[lang] + generate.built_path(uri): (lang, uri) for lang in sources for uri in sources[lang]}
    out = []
    for page in dict.fromkeys(line.split(":", 1)[0] for line in unsafe):
        lang, uri = pages.get(page, (None, None))
        located = generate.audit_pages(root, folder, lang, sources[lang], [uri]) if lang else []
        out += located or [line for line in unsafe if line.startswith(page + ":")]
    return out


def missing_pages(folder: Path) -> list[str]:
    """The home and section pages of every language that a complete site has and `folder` lacks."""
    wanted = [paths.in_lang(lang, page) for lang in paths.LANGS for page in ("", *paths.SECTIONS)]
    return [page + "index.html" for page in wanted if not (folder / page / "index.html").is_file()]
