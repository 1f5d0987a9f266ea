"""How often `mkdocs serve` looks for edited files.

MkDocs's live-reload server polls the watched folders every 0.5 s and has no setting
for it, so a save waits 0.25 s on average (0.5 s at worst) before the rebuild even
starts: a sixth of the 3 s a save may take to show in both languages. A poll of our
folders (patterns/, content/, overrides/, generator/: a few hundred files) costs
about 2 ms, so polling every 0.1 s costs ~2% of one core.

`poll_every` moves the paths MkDocs already watches onto a watchdog PollingObserver
with a shorter interval, through the server's public watch/unwatch/observer. Paths
watched later (mkdocs.yml's `watch:`, plugins) go onto it directly. It must run in
`on_serve`, before the server starts its observer.
"""

from __future__ import annotations

from pathlib import Path

from watchdog.observers.polling import PollingObserver

POLL_SECONDS = 0.1


def poll_every(server, candidates, seconds: float = POLL_SECONDS) -> list[str]:
    """Re-register on a new observer polling every `seconds` each path of candidates the server
    (mkdocs.livereload.LiveReloadServer) watches now; returns those paths. A candidate it does not
    watch (a theme folder without --watch-theme) is left unwatched."""
    moved: list[tuple[str, int]] = []
    for path in dict.fromkeys(p for p in candidates if p):
        times = 0
        while True:
            try:
                server.unwatch(path)
            except KeyError:  # not (or no longer) watched
                break
            times += 1
        if times:
            moved.append((path, times))
    server.observer = PollingObserver(timeout=seconds)
    for path, times in moved:
        for _ in range(times):
            server.watch(path)
    return [path for path, _ in moved]


def data_folders(package: Path) -> list[str]:
    """The top-most folders of package holding files other than Python code (templates, locales, rules,
    schemas): what a rebuild reads again. Code is left out: a running `mkdocs serve` keeps the modules it
    imported, so a code change needs a restart, and Python's own .pyc writes would start needless rebuilds."""
    folders = sorted({f.parent for f in package.rglob("*")
                      if f.is_file() and f.suffix not in (".py", ".pyc") and "__pycache__" not in f.parts})
    top = [d for d in folders if not any(p in folders for p in d.parents)]
    return [str(d) for d in top]
