"""Output folders are replaced whole or not at all, and a killed build leaves no process and no folder
(generator/outdir.py, generator/children.py; issue 22 items 2, 5, 8). The refusals are in
hostile_corpus.COMMANDS."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, run_main

from generator import outdir

ENV = {**os.environ, "PYTHONPATH": str(ROOT), "SITE_URL": "http://127.0.0.1:8000/"}


def generator(*args: str) -> subprocess.CompletedProcess:
    """`python -m generator ARGS...` in the project, with SITE_URL set (in this process)."""
    return run_main(*args, env=ENV)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_second_export_replaces_the_first_whole(tmp_path):
    out = tmp_path / "llms"
    assert generator("export", "llms", "--out", str(out)).returncode == 0
    first = tree(out)
    (out / "llms.txt").write_text("edited since", encoding="utf-8")
    (out / "patterns" / "plain-words.md").unlink()
    result = generator("export", "llms", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert tree(out) == first  # every file we wrote is written again; a file we did not write refuses the folder
    assert ".generator-output" in first and "llms.txt" in first
    assert [p.name for p in tmp_path.iterdir()] == ["llms"]  # no .llms.writing-* or .llms.replaced-* left


def test_a_write_that_fails_half_way_keeps_the_old_output(tmp_path):
    # A disk with room for one export: the second runs out of space half-way through its files.
    disk = tmp_path / "disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=900k", "tmpfs", str(disk)], check=True)
    try:
        out = disk / "llms"
        assert generator("export", "llms", "--out", str(out)).returncode == 0
        first = tree(out)
        result = generator("export", "llms", "--out", str(out))
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr == f"error: {out}: cannot write: No space left on device; nothing was changed\n"
        assert tree(out) == first
        assert [p.name for p in disk.iterdir()] == ["llms"]
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_writing_replaces_the_folder(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    written = outdir.write_files({"a.txt": "old", "b/c.txt": "old"}, tmp_path / "out", project, "test")
    assert written == [tmp_path / "out" / "a.txt", tmp_path / "out" / "b" / "c.txt"]
    outdir.write_files({"a.txt": "new"}, tmp_path / "out", project, "test")
    assert set(tree(tmp_path / "out")) == {"a.txt", ".generator-output"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "project"]


def test_an_error_while_writing_leaves_nothing(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    outdir.write_files({"a.txt": "old"}, tmp_path / "out", project, "test")
    with pytest.raises(RuntimeError), outdir.writing(tmp_path / "out", project, "test") as fresh:
        (fresh / "a.txt").write_text("half", encoding="utf-8")
        raise RuntimeError("a template failed")
    assert tree(tmp_path / "out")["a.txt"] == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "project"]


def test_a_swap_that_fails_half_way_puts_the_old_folder_back(tmp_path, monkeypatch):
    project = tmp_path / "project"
    project.mkdir()
    outdir.write_files({"a.txt": "old"}, tmp_path / "out", project, "test")
    rename = Path.rename

    def fail_moving_the_new_folder_in(self, target):
        if ".writing-" in self.name:
            raise OSError(5, "Input/output error")
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", fail_moving_the_new_folder_in)
    with pytest.raises(outdir.OutputError, match="cannot write: Input/output error; nothing was changed"):
        outdir.write_files({"a.txt": "new"}, tmp_path / "out", project, "test")
    assert tree(tmp_path / "out")["a.txt"] == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "project"]


def test_a_path_outside_the_folder_is_refused(tmp_path):
    with pytest.raises(outdir.OutputError, match=r"^\.\./x: not a path inside"):
        outdir.write_files({"../x": "escape"}, tmp_path / "out", tmp_path / "project", "test")
    assert list(tmp_path.iterdir()) == []


# -- a build killed at several points (item 8) -----------------------------------------------------------------


def descendants(pid: int) -> set[int]:
    """Every live process below pid (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        children = {p for p, pp in parents.items() if pp == parent}
        todo += children - found
        found |= children
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for(condition, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


def writing_folders(parent: Path) -> list[Path]:
    return sorted(parent.glob(".site.writing-*"))


POINTS = {
    "start": lambda build, parent: time.sleep(0.3) or True,
    "mkdocs": lambda build, parent: writing_folders(parent) and descendants(build.pid),
    "both-languages": lambda build, parent: any(f.glob(".zh-building-*") for f in writing_folders(parent)),
}


@pytest.mark.parametrize("point,signum", [("start", signal.SIGTERM), ("mkdocs", signal.SIGTERM),
                                          ("both-languages", signal.SIGTERM), ("both-languages", signal.SIGINT),
                                          ("mkdocs", signal.SIGKILL), ("both-languages", signal.SIGKILL)])
def test_a_killed_build_leaves_no_process_and_the_site_as_it_was(tmp_path, point, signum):
    site = tmp_path / "site"
    site.mkdir()
    (site / ".generator-output").write_text("generator-output 2\nindex.html\n", encoding="utf-8")
    (site / "index.html").write_text("the last good site", encoding="utf-8")
    before = tree(site)
    build = subprocess.Popen([sys.executable, "-m", "generator", "build", "--site-dir", str(site)], cwd=ROOT, env=ENV,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        children: set[int] = set()

        def at_point() -> bool:  # the children, read while the build is still at the point
            nonlocal children
            if not POINTS[point](build, tmp_path):
                return build.poll() is not None
            children = descendants(build.pid)
            return bool(POINTS[point](build, tmp_path)) or build.poll() is not None

        wait_for(at_point)
        assert build.poll() is None, "the build ended before the point"
        build.send_signal(signum)
        stderr = build.communicate(timeout=30)[1]
    finally:
        build.kill()
    wait_for(lambda: not any(alive(pid) for pid in children), 10)  # MkDocs and its Chinese build died with it
    assert tree(site) == before
    if signum == signal.SIGKILL:
        stale = writing_folders(tmp_path)
        assert len(stale) == 1
        # git never shows it: .gitignore covers the name beside the project's own site/
        assert subprocess.run(["git", "check-ignore", "-q", stale[0].name], cwd=ROOT).returncode == 0
    else:
        assert build.returncode == -signum, stderr
        assert stderr.endswith(f"stopped by signal {signum}: {site} was left as it was\n") or point == "start", \
            stderr[-3000:]
        assert writing_folders(tmp_path) == []
    assert not [p for p in tmp_path.iterdir() if p.name != "site" and ".writing-" not in p.name]


def test_the_next_build_removes_what_a_killed_one_left(tmp_path):
    site = tmp_path / "site"
    build = subprocess.Popen([sys.executable, "-m", "generator", "build", "--site-dir", str(site)], cwd=ROOT, env=ENV,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: writing_folders(tmp_path) and descendants(build.pid))
        build.kill()
        build.wait()
    finally:
        build.kill()
    left = writing_folders(tmp_path)
    assert len(left) == 1 and not site.exists()
    result = generator("build", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
    assert (site / "index.html").is_file() and (site / ".generator-output").is_file()


def test_leftovers_of_the_target_are_removed_but_no_other_folder(tmp_path):
    import fcntl

    project = tmp_path / "project"
    project.mkdir()
    # the last: what builds before outdir.py left (tempfile.mkdtemp)
    ours = (".out.writing-0123456789ab", ".out.replaced-0123456789ab", ".out.building-k3_9zq0a")
    others = (".out.writing-c0ffee000001",  # a live export of the same folder holds it
              ".llms.writing-0123456789ab", ".llms.replaced-0123456789ab", ".site.building-k3_9zq0a",  # other targets
              ".out.writing-drafts", ".out.replaced-2019", ".out.writing-0123456789AB", ".out.writing-0123456789abc",
              ".out.building-x", ".out.building-k3_9zq0a.bak", ".xout.writing-0123456789ab", "out.writing-0123456789ab",
              ".notes.writing-drafts", ".cache.building-x", ".thesis.replaced-2019")  # look-alikes
    (tmp_path / "out").mkdir()  # so the .replaced- one is not put back
    for name in ours + others:
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(name, encoding="utf-8")
    before = tree(tmp_path)
    live = os.open(tmp_path / ".out.writing-c0ffee000001", os.O_RDONLY)
    fcntl.flock(live, fcntl.LOCK_EX)  # as a running export holds it
    try:
        outdir.write_files({"a.txt": "a"}, tmp_path / "out", project, "test")
    finally:
        os.close(live)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*others, "out", "project"])
    after = tree(tmp_path)
    assert {rel: after[rel] for rel in before if rel.split("/")[0] in others} == \
        {rel: data for rel, data in before.items() if rel.split("/")[0] in others}


def test_an_old_output_a_killed_swap_moved_aside_comes_back(tmp_path):
    # SIGKILL between the swap's two renames leaves NAME missing and the old output as .NAME.replaced-*.
    project = tmp_path / "project"
    project.mkdir()
    outdir.write_files({"index.html": "the last good site"}, tmp_path / "out", project, "test")
    (tmp_path / "out").rename(tmp_path / ".out.replaced-0123456789ab")
    with pytest.raises(RuntimeError), outdir.writing(tmp_path / "out", project, "test"):
        raise RuntimeError("the next build failed")
    assert tree(tmp_path / "out")["index.html"] == b"the last good site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "project"]
    # without our marker it is not ours to put back: removed, as any leftover of ours
    (tmp_path / "out" / ".generator-output").unlink()
    (tmp_path / "out").rename(tmp_path / ".out.replaced-0123456789ab")
    with pytest.raises(RuntimeError), outdir.writing(tmp_path / "out", project, "test"):
        raise RuntimeError("the next build failed")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]


def test_an_export_beside_other_hidden_folders_leaves_them_as_they_were(tmp_path):
    home = tmp_path / "home"
    for rel in (".notes.writing-drafts/chapter1.md", ".cache.building-x/f", ".thesis.replaced-2019/v1.tex"):
        (home / rel).parent.mkdir(parents=True)
        (home / rel).write_text(rel, encoding="utf-8")
    before = tree(home)
    result = generator("export", "llms", "--out", str(home / "guide"))
    assert result.returncode == 0, result.stderr
    assert {rel: data for rel, data in tree(home).items() if not rel.startswith("guide/")} == before
    assert sorted(p.name for p in home.iterdir()) == [".cache.building-x", ".notes.writing-drafts",
                                                      ".thesis.replaced-2019", "guide"]


def test_a_site_built_before_markers_is_still_ours_to_replace(tmp_path):
    from generator.site import build as site_build

    site = tmp_path / "site"
    for rel in site_build.LEGACY_SITE:
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
    (site / "index.html").write_text("old", encoding="utf-8")
    (site / "zh" / "index.html").write_text("old", encoding="utf-8")
    (site / "assets" / "kp").mkdir()
    assert outdir.check(site, tmp_path / "project", legacy=site_build.LEGACY_SITE) == site
    (site / "assets" / "kp").rmdir()  # without our theme's assets it is someone else's site
    with pytest.raises(outdir.OutputError, match="is not empty and was not written by this generator"):
        outdir.check(site, tmp_path / "project", legacy=site_build.LEGACY_SITE)


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=root, check=True,
                   capture_output=True)


def test_the_marker_lists_what_we_wrote_and_a_folder_with_more_is_refused(tmp_path):
    out = tmp_path / "team"
    assert generator("team", "examples/team.yml", "--out", str(out)).returncode == 0
    lines = (out / ".generator-output").read_text(encoding="utf-8").splitlines()
    assert lines[0] == outdir.MARKER_FORMAT
    assert {line for line in lines if not line.startswith(("#", "generator-output"))} == \
        set(tree(out)) - {".generator-output"}
    for extra, message in (("NOTES.md", f"{out}: holds NOTES.md, which this generator did not write (its "
                                        ".generator-output does not list it); choose a new folder, or move that "
                                        "file out first"),
                           ("team.yml", f"{out}/team.yml: lies inside the output folder {out}, which is replaced "
                                        "whole; keep the input outside it")):
        (out / extra).write_bytes((ROOT / "examples" / "team.yml").read_bytes())
        before = tree(out)
        result = generator("team", str(out / "team.yml") if extra == "team.yml" else "examples/team.yml",
                           "--out", str(out))
        assert (result.returncode, result.stdout, result.stderr) == (2, "", f"error: {message}\n")
        assert tree(out) == before
        (out / extra).unlink()


def test_a_folder_of_files_git_tracks_is_refused_even_with_a_marker_that_lists_them(tmp_path):
    # A pull request can add docs/.generator-output listing docs/*.md; git's index says whose they are.
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "a.md").write_text("tracked", encoding="utf-8")
    (project / "docs" / ".generator-output").write_text(f"{outdir.MARKER_FORMAT}\na.md\n", encoding="utf-8")
    assert outdir.check(project / "docs", project) == project / "docs"  # not a checkout: the marker rule alone
    _git(project, "init", "-q")
    _git(project, "add", "docs/a.md")
    with pytest.raises(outdir.OutputError) as err:
        outdir.check(project / "docs", project)
    assert str(err.value) == f"{project}/docs: holds a.md, which git tracks in the project; " \
                             "write to a folder of its own, such as build/"


def test_export_refuses_the_projects_tracked_docs(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    _git(project, "clone", "-q", "--no-checkout", str(ROOT), ".")
    _git(project, "checkout", "-q", "HEAD", "--", "docs", "patterns", "content", "mkdocs.yml", "mkdocs.zh.yml",
         "published-urls.txt", "overrides")
    (project / "docs" / ".generator-output").write_text(f"{outdir.MARKER_FORMAT}\narchitecture.md\n",
                                                         encoding="utf-8")
    before = tree(project / "docs")
    result = run_main("--root", str(project), "export", "api", "--out", "docs", cwd=project, env=ENV)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("error: docs: holds ") and "which git tracks in the project" in result.stderr
    assert tree(project / "docs") == before
