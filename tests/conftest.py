from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))

from catalog_factory import write_catalog  # noqa: E402


@pytest.fixture(scope="session")
def mini_template(tmp_path_factory) -> Path:
    return write_catalog(tmp_path_factory.mktemp("template") / "mini")


@pytest.fixture
def mini(tmp_path, mini_template) -> Path:
    """A small valid catalog in a temporary folder (a copy: writing YAML is most of what making one costs)."""
    import shutil

    return Path(shutil.copytree(mini_template, tmp_path / "mini"))


# -- the shipped site, built once per test session -------------------------------

import contextlib  # noqa: E402
import functools  # noqa: E402
import gzip  # noqa: E402
import http.server  # noqa: E402
import os  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import threading  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_site(project: Path, out: Path, site_url: str, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "SITE_URL": site_url, "REPO_URL": "https://github.com/example/style-guide",
           "NO_MKDOCS_2_WARNING": "1", "KP_CARDS": "true", **(extra_env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=project, env=env, capture_output=True, text=True, encoding="utf-8",
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    # Text files are sent gzipped, as any real static host (GitHub Pages) does, so that
    # page-speed measurements see the sizes readers download.
    COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map")

    def do_GET(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
            path = os.path.join(path, "index.html")
        if "gzip" in self.headers.get("Accept-Encoding", "") and path.endswith(self.COMPRESSIBLE) and os.path.isfile(path):
            with open(path, "rb") as file:
                body = gzip.compress(file.read(), mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def end_headers(self):
        # LinkChecker throttles every host to a few requests a second unless the
        # server answers with this header; ours is a local test server.
        self.send_header("LinkChecker", "local test server")
        super().end_headers()


def serve(folder: Path, port: int) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def make_project(root: Path) -> Path:
    """The catalog at root plus the site configuration and theme of the real project."""
    import shutil

    for name in ("mkdocs.yml", "mkdocs.zh.yml"):
        shutil.copy(ROOT / name, root / name)
    for folder in ("overrides", "content/en", "content/zh"):
        shutil.copytree(ROOT / folder, root / folder)
    # The home pages feature shipped patterns (`featured:`), which a test catalog may not have.
    for home in (root / "content/en/index.md", root / "content/zh/index.md"):
        text = home.read_text(encoding="utf-8")
        home.write_text("".join(line for line in text.splitlines(keepends=True) if not line.startswith("featured:")),
                        encoding="utf-8")
    return root


@functools.cache
def shipped_catalog():
    """The shipped data, loaded once per test session (tests read it, never change it)."""
    from generator.data.catalog import load_catalog

    return load_catalog(ROOT)


@functools.cache
def shipped_pages(lang: str, preview: bool = False) -> dict:
    """src_uri -> Page of the shipped catalog's generated pages in lang, rendered once per test session."""
    from generator.site.render import render_pages

    return {page.src_uri: page for page in render_pages(shipped_catalog(), lang, preview=preview)}


def copy_data(dst: Path) -> Path:
    """The shipped data alone (patterns/ and content/ without the hand-written pages) at dst, for `validate`."""
    import shutil

    shutil.copytree(ROOT / "patterns", dst / "patterns")
    shutil.copytree(ROOT / "content", dst / "content", ignore=shutil.ignore_patterns("en", "zh"))
    return dst


def copy_project(dst: Path) -> Path:
    """A full copy of the shipped project (data, pages, theme, configs) at dst, with no caches."""
    import shutil

    dst.mkdir(parents=True)
    for name in ("mkdocs.yml", "mkdocs.zh.yml", "published-urls.txt"):
        shutil.copy(ROOT / name, dst / name)
    for folder in ("patterns", "content", "overrides"):
        shutil.copytree(ROOT / folder, dst / folder)
    return dst


def run_main(*argv: str, cwd: Path = ROOT, env: dict | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """`python -m generator ARGV...` run in this process (generator.cli.main) from the folder cwd: its exit status
    and what it printed, as a CompletedProcess. env, when given, replaces os.environ for the call; stdin is the
    text on standard input. A subprocess costs a second of imports; test_readme_commands.py runs the real program."""
    import io
    from unittest import mock

    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    source = io.TextIOWrapper(io.BytesIO((stdin or "").encode("utf-8")), encoding="utf-8")
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            mock.patch.object(sys, "stdin", source), mock.patch.dict(os.environ, env or {}, clear=env is not None):
        try:
            status = main(list(argv))
        except SystemExit as exit:  # argparse and load_or_exit end this way
            status = exit.code
    return subprocess.CompletedProcess(list(argv), status, out.getvalue(), err.getvalue())


def run_program(root: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    """`python -m generator --root <root> ARGS...` as its own process, the way a user runs it."""
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args],
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT, check=False, **kwargs)


def run_cli(root: Path, *args: str, **options) -> subprocess.CompletedProcess:
    """`python -m generator --root <root> ARGS...`, in this process (run_main)."""
    return run_main("--root", str(root), *args, **options)


def built_and_served(project: Path, out: Path):
    """Build project with --strict into out, serve it on 127.0.0.1, yield (out, base url)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    result = build_site(project, out, base)
    assert result.returncode == 0, result.stdout + result.stderr
    server = serve(out, port)
    yield out, base
    server.shutdown()


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """(folder, base url) of the shipped site, built with --strict and served on 127.0.0.1."""
    yield from built_and_served(ROOT, tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory):
    """(folder, base url) of the shipped site built by Zensical from the generated folder
    (`build --engine zensical`), served on 127.0.0.1."""
    out = tmp_path_factory.mktemp("zensical") / "site"
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    result = run_program(ROOT, "build", "--engine", "zensical", "--site-dir", str(out),
                         env={**os.environ, "SITE_URL": base, "NO_COLOR": "1"})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (out.parent / "build.log").write_text(result.stdout + result.stderr, encoding="utf-8")  # Zensical's warnings
    server = serve(out, port)
    yield out, base
    server.shutdown()


# -- a real headless Chromium (Debian's), driven by Playwright -------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@contextlib.contextmanager
def fresh_page(browser, **options):
    """A page in a new browser context made with options (viewport, color_scheme, ...), closed after the block."""
    context = browser.new_context(**options)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page
    context.close()
    assert not errors, errors


# -- property tests (hypothesis): their full count of examples in `make test`, a sixth in `make test-fast` ----------

FAST_SHARE = 6
_fast_layer = False


def pytest_configure(config):
    global _fast_layer
    _fast_layer = "not build" in (config.option.markexpr or "")


def examples(full: int) -> int:
    """How many examples a property test tries: full, or a sixth of it in a run that leaves out the build
    layer (the quick check before a commit; CI runs `make test`)."""
    return max(1, full // FAST_SHARE) if _fast_layer else full


# -- layers: `build` (runs MkDocs, Zensical, `mkdocs serve`, or installs the package with pre-commit)
# and `browser` (headless Chromium) ---------------------------------------------------------------------
# A test is in a layer when its own code or a fixture it uses (directly or through other fixtures) does
# that work; `make test-fast` runs the tests in neither (pytest -m "not build and not browser").

import re  # noqa: E402

_LAYERS = {
    "browser": re.compile(r"\bbrowser\b|fresh_page\(|sync_playwright"),
    "build": re.compile(r"build_site\(|built_and_served\(|run_build\(|start_serve\(|site_build\.build\(|"
                        r"\"mkdocs\", \"(?:build|serve)\"|\"build\", \"--|run_(?:cli|program)\([^)]*\"build\"|\"try-repo\""),
}
_DEF = re.compile(r"^def (\w+)\(", re.M)
_TOP = re.compile(r"^[^\s)]", re.M)  # the next top-level line (a statement, decorator or comment) ends a function


@functools.cache
def _definitions(path: str) -> dict[str, str]:
    """Top-level function name -> its source, for one test module or conftest."""
    text = Path(path).read_text(encoding="utf-8")
    found = {}
    for match in _DEF.finditer(text):
        end = _TOP.search(text, text.index("\n", match.start()) + 1)
        found[match.group(1)] = text[match.start(): end.start() if end else len(text)]
    return found


def _layers(item) -> set[str]:
    known = {**_definitions(__file__), **_definitions(str(item.path))}
    seen, todo, found = set(), [item.originalname if hasattr(item, "originalname") else item.name], set()
    todo += list(getattr(item, "fixturenames", ()))
    while todo:
        name = todo.pop()
        if name in seen or name not in known:
            continue
        seen.add(name)
        source = known[name]
        found |= {layer for layer, pattern in _LAYERS.items() if pattern.search(source)}
        todo += [n for n in re.findall(r"\b(\w+)\b", source.split(":", 1)[0]) if n in known]  # its fixtures
        todo += [n for n in re.findall(r"\b(\w+)\(", source) if n in known]  # helpers it calls
    return found


def pytest_collection_modifyitems(config, items):
    for item in items:
        for layer in _layers(item):
            item.add_marker(getattr(pytest.mark, layer))
