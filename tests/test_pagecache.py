"""Rendered pages and their search entries are kept across builds (site/pagecache.py, site/searchcache.py).

The promise: a build that reuses them gives the same bytes as a build from nothing,
after any edit; a page whose render logged a problem logs it again on every build;
and nothing planted in .cache/ reaches the site.
"""

from __future__ import annotations

import json
import shutil

from conftest import build_site, make_project

SITE_URL = "http://127.0.0.1:8000/"
ENV = {"KP_CARDS": "false", "SOURCE_DATE_EPOCH": "1700000000"}


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def entries(project, kind, lang):
    return sorted((project / ".cache" / kind / lang).glob("*.json"))


def build(project, out, **env):
    result = build_site(project, out, SITE_URL, {**ENV, **env})
    assert result.returncode == 0, result.stderr
    return files(out)


def test_a_build_after_an_edit_equals_a_build_from_nothing(mini, tmp_path):
    project = make_project(mini)
    build(project, tmp_path / "cold")
    for kind in ("pages", "search"):
        for lang in ("en", "zh"):
            assert len(entries(project, kind, lang)) >= 15, (kind, lang)
    first = {p.name: p.stat().st_mtime_ns for p in entries(project, "pages", "en")}

    path = project / "patterns/first-pattern.yml"
    text = path.read_text(encoding="utf-8")
    assert "Summary of first-pattern." in text
    path.write_text(text.replace("Summary of first-pattern.", "Summary EDITED here."), encoding="utf-8")
    warm = build(project, tmp_path / "warm")

    fresh = tmp_path / "fresh"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns(".cache"))
    cold = build(fresh, tmp_path / "cold-after-edit")
    assert warm.keys() == cold.keys()
    assert [name for name in warm if warm[name] != cold[name]] == []
    for name in ("patterns/first-pattern/index.html", "zh/patterns/first-pattern/index.html", "search/search_index.json",
                 "zh/search/search_index.json"):
        assert "Summary EDITED here." in warm[name].decode("utf-8"), name

    # The pages the edit did not touch came from the cache: their entries were read, not written again.
    after = {p.name: p.stat().st_mtime_ns for p in entries(project, "pages", "en")}
    kept = [name for name in after if first.get(name) == after[name]]
    assert len(kept) >= 5, kept
    assert len(after) < len(first) + 10  # entries of the old versions were pruned


def test_a_problem_in_a_page_is_reported_on_every_build(mini, tmp_path):
    project = make_project(mini)
    about = project / "content/en/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n\n[Nowhere](patterns/index.md#no-such-anchor)\n",
                     encoding="utf-8")
    index = project / "content/en/index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n\n[Gone](gone.md)\n", encoding="utf-8")
    for run in ("first", "second"):
        result = build_site(project, tmp_path / run, SITE_URL, ENV)
        assert result.returncode == 1, run
        # found while rendering: never cached
        assert "contains a link 'gone.md', but the target is not found" in result.stderr, run
        # found after all pages are rendered, from the anchors and links the cache stored and gave back
        assert "does not contain an anchor '#no-such-anchor'" in result.stderr, run
    assert any("no-such-anchor" in p.read_text(encoding="utf-8") for p in entries(project, "pages", "en"))


def test_planted_or_foreign_entries_are_ignored(mini, tmp_path):
    project = make_project(mini)
    clean = build(project, tmp_path / "clean")
    # Entries that were changed after signing: a commit that adds .cache/ with `git add -f`.
    for kind in ("pages", "search"):
        for path in entries(project, kind, "en") + entries(project, kind, "zh"):
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                data["html"] = "<p>PLANTED</p>"
            else:
                data = [{"location": "", "title": "PLANTED", "text": "PLANTED"}]
            path.write_text(json.dumps(data), encoding="utf-8")
    planted = build(project, tmp_path / "planted")
    assert planted == clean
    # Entries signed on another machine (another secret) are ignored too.
    foreign = build(project, tmp_path / "foreign", XDG_CACHE_HOME=str(tmp_path / "other-home"))
    assert foreign == clean


def test_a_symlinked_cache_folder_never_reaches_outside(mini, tmp_path):
    # A commit can hold `.cache/search/en -> ../..`: the build must not read, write or prune there.
    project = make_project(mini)
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "notes.txt").write_text("important", encoding="utf-8")
    (victim / ("a" * 64 + ".json")).write_text("{}", encoding="utf-8")  # named like an entry, still not ours
    (project / ".cache/search").mkdir(parents=True)
    (project / ".cache/search/en").symlink_to(victim)
    (project / ".cache/pages").symlink_to(victim)
    build(project, tmp_path / "out")
    assert sorted(p.name for p in victim.iterdir()) == ["a" * 64 + ".json", "notes.txt"]


def test_an_entry_that_is_not_a_small_regular_file_is_a_miss(tmp_path):
    import os

    from generator.site import signedcache

    folder = tmp_path / ".cache" / "pages" / "en"
    signedcache.write(folder, "a" * 64, ".json", b"{}")
    assert signedcache.read(folder, "a" * 64, ".json") == b"{}"
    fifo, zero, huge = "b" * 64, "c" * 64, "d" * 64
    os.mkfifo(folder / f"{fifo}.json")  # would block a plain read
    (folder / f"{zero}.json").symlink_to("/dev/zero")  # would fill the memory
    with (folder / f"{huge}.json").open("wb") as file:
        file.truncate(signedcache.MAX_BYTES + 1)
    for key in (fifo, zero):
        (folder / f"{key}.sig").write_text("0" * 64, encoding="ascii")
        assert signedcache.read(folder, key, ".json") is None
    # Even signed with our key, an entry over MAX_BYTES is not read.
    (folder / f"{huge}.sig").write_text(signedcache._signature(huge, bytes(signedcache.MAX_BYTES + 1)), encoding="ascii")
    assert signedcache.read(folder, huge, ".json") is None
    (folder / "notes.txt").write_text("not an entry", encoding="utf-8")
    signedcache.prune(folder, keep=[])
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_a_failed_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    import os

    import pytest

    from generator.site import signedcache

    folder = tmp_path / ".cache" / "cards"

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError):
        signedcache.write(folder, "a" * 64, ".png", b"png")
    assert list(folder.iterdir()) == []
