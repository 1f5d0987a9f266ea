"""`rename` is one transaction checked like `validate` (issue 22, items 3 and 4, and its small ones).

Every file it writes is written whole beside its target and moved in; a full disk, Ctrl-C,
SIGTERM or a SIGKILL at any step leaves the project exactly as it was (after
`rename --recover` for SIGKILL, which nothing can catch), or exactly renamed.
"""

from __future__ import annotations

import errno
import hashlib
import os
import signal
from pathlib import Path

import pytest
from catalog_factory import write_checker_catalog
from conftest import ROOT, run_cli

from generator.cli import main
from generator.data import transaction

OLD, NEW = "plain-words", "plainer-words"


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path) -> Path:
    root = write_checker_catalog(tmp_path / "project")
    assert run_cli(root, "urls", "--update").returncode == 0
    return root


@pytest.fixture
def renamed_state(project, tmp_path_factory) -> dict[str, bytes]:
    """The files of `project` after a rename that ran to the end (in a copy)."""
    import shutil

    copy = tmp_path_factory.mktemp("done") / "project"
    shutil.copytree(project, copy)
    assert run_cli(copy, "rename", "pattern", OLD, NEW).returncode == 0
    return snapshot(copy)


def test_rename_moves_the_checker_links_and_validate_passes(project):
    result = run_cli(project, "rename", "pattern", OLD, NEW)
    assert result.returncode == 0, result.stderr
    assert f"avoid_word: {NEW}\n" in (project / "content" / "checker.yml").read_text(encoding="utf-8")
    assert run_cli(project, "validate").returncode == 0
    assert run_cli(project, "urls", "--check").returncode == 0
    assert result.stdout.endswith(f"to undo: python -m generator rename pattern {NEW} {OLD} ('{NEW}' then stays in "
                                  "former_ids: its URLs are now listed in published-urls.txt)\n")
    back = run_cli(project, "rename", "pattern", NEW, OLD)  # the printed undo command works
    assert back.returncode == 0, back.stderr
    assert f"former_ids: [{NEW}]\n" in (project / "patterns" / f"{OLD}.yml").read_text(encoding="utf-8")
    assert run_cli(project, "validate").returncode == 0 and run_cli(project, "urls", "--check").returncode == 0


def test_a_rename_validate_would_fail_changes_nothing(project):
    # A flow mapping the line editor does not rewrite: only loading content/checker.yml, as validate does, sees it.
    checker = project / "content" / "checker.yml"
    text = checker.read_text(encoding="utf-8")
    start, end = text.index("links:\n"), text.index("\n\n", text.index("links:\n"))
    checker.write_text(text[:start] + "links: {avoid_word: plain-words, certain_prediction: measured-vs-predicted, "
                       "hedged_measurement: measured-vs-predicted, long_paragraph: one-line-paragraph, "
                       "short_paragraph: one-line-paragraph}" + text[end:], encoding="utf-8")
    assert run_cli(project, "validate").returncode == 0
    before = snapshot(project)
    result = run_cli(project, "rename", "pattern", OLD, NEW)
    assert result.returncode == 1
    line = text[:start].count("\n") + 1
    assert result.stderr == ("error: the rename would leave these problems, so nothing was changed:\n"
                             f"content/checker.yml:{line}: field 'links.avoid_word': unknown pattern 'plain-words'\n"
                             "1 problem found.\n")
    assert snapshot(project) == before


def test_crlf_and_byte_order_mark_are_kept(project):
    path = project / "patterns" / f"{OLD}.yml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    other = project / "patterns" / "measured-vs-predicted.yml"  # complements: [plain-words]
    other.write_bytes(other.read_bytes().replace(b"\n", b"\r\n"))
    result = run_cli(project, "rename", "pattern", OLD, NEW)
    assert result.returncode == 0, result.stderr
    moved = (project / "patterns" / f"{NEW}.yml").read_bytes()
    assert moved.startswith(b"\xef\xbb\xbfid: plainer-words\r\nformer_ids: [plain-words]\r\n")
    assert b"\n" not in moved.replace(b"\r\n", b"")
    assert b"\n" not in other.read_bytes().replace(b"\r\n", b"") and NEW.encode() in other.read_bytes()


def test_manifest_comments_are_kept(project):
    manifest = project / "published-urls.txt"
    manifest.write_text("# our note, kept\n" + manifest.read_text(encoding="utf-8") + "# a note at the end\n",
                        encoding="utf-8")
    assert run_cli(project, "rename", "pattern", OLD, NEW).returncode == 0
    text = manifest.read_text(encoding="utf-8")
    assert text.startswith("# our note, kept\n# Every URL") and text.endswith("# a note at the end\n")
    assert f"patterns/{NEW}/\nzh/patterns/{NEW}/\n" in text
    assert run_cli(project, "new", "fresh-pattern").returncode == 0
    text = manifest.read_text(encoding="utf-8")
    assert text.startswith("# our note, kept\n# Every URL") and "patterns/fresh-pattern/\n" in text


def test_an_id_with_a_trailing_newline_is_refused(project, capsys):
    assert main(["--root", str(project), "rename", "pattern", OLD, NEW + "\n"]) == 1
    assert "is not a valid id" in capsys.readouterr().err


def test_a_full_disk_at_any_write_changes_nothing(project, renamed_state, monkeypatch, capsys, tmp_path):
    """ENOSPC from each write, link or move in turn: every file as before, no stray file, one clear line."""
    import shutil

    before = snapshot(project)
    calls = {"n": 0, "fail_at": 0}

    def failing(real):
        def call(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == calls["fail_at"]:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real(*args, **kwargs)
        return call

    monkeypatch.setattr(transaction, "_write_synced", failing(transaction._write_synced))
    monkeypatch.setattr(transaction, "_backup", failing(transaction._backup))
    monkeypatch.setattr(transaction, "_replace", failing(transaction._replace))
    monkeypatch.setattr(os, "fsync", no_fsync)
    for step in range(1, 200):
        copy = tmp_path / f"run-{step}"
        shutil.copytree(project, copy)
        calls.update(n=0, fail_at=step)
        status = main(["--root", str(copy), "rename", "pattern", OLD, NEW])
        err = capsys.readouterr().err
        if calls["n"] < step:
            assert status == 0 and snapshot(copy) == renamed_state
            break
        assert status == 2, (step, err)
        assert err == "error: the rename stopped ([Errno 28] No space left on device); nothing was changed\n"
        assert snapshot(copy) == before, step
    changed = {p for p in set(before) | set(renamed_state) if before.get(p) != renamed_state.get(p)}
    assert step > 2 * len(changed) > 8  # a temporary file and a move (and a backup) per changed file: each failed once


def no_fsync(fd: int) -> None:
    """What a killed process wrote stays in the kernel's page cache, so fsync changes nothing these tests see
    (it guards against power loss); on a shared disk it took three quarters of their time."""


def rename_in_a_child(root: Path, at_point) -> int:
    """Run `rename pattern plain-words plainer-words` in a forked child that calls at_point(n) at each kill point n
    (before and after each write, fsync, link, move, removal and journal save of transaction.py, and inside each
    os.write); returns the child's exit code (negative: the signal that ended it)."""
    pid = os.fork()
    if pid == 0:  # the child: patched, and never returns into pytest
        status = 3
        try:
            calls = [0]

            def counted(real):
                def call(*args, **kwargs):
                    calls[0] += 1
                    at_point(calls[0])
                    result = real(*args, **kwargs)
                    calls[0] += 1
                    at_point(calls[0])
                    return result
                return call

            for name in ("_write_synced", "_backup", "_replace", "_remove", "_save_journal", "_sync_dir"):
                setattr(transaction, name, counted(getattr(transaction, name)))
            os.write = counted(os.write)  # inside a write: a temporary or the journal half written
            os.fsync = no_fsync
            status = main(["--root", str(root), "rename", "pattern", OLD, NEW])
        except KeyboardInterrupt:
            status = 130
        finally:
            os._exit(status)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def killed_rename(root: Path, step: int, sig: int) -> int:
    """The rename, in a child that sends itself sig at kill point `step`; its exit code."""
    return rename_in_a_child(root, lambda n: n == step and os.kill(os.getpid(), sig))


def files_at_each_point(root: Path, record: Path) -> list[str]:
    """A digest of the files under root at each kill point of a rename that runs to the end."""
    def note(n: int) -> None:
        files = hashlib.sha256(repr(sorted(snapshot(root).items())).encode()).hexdigest()
        with open(record, "a", encoding="utf-8") as out:
            out.write(files + "\n")

    assert rename_in_a_child(root, note) == 0
    return record.read_text(encoding="utf-8").split()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL], ids=lambda s: s.name)
def test_a_kill_at_any_step_leaves_the_project_as_before_or_renamed(project, renamed_state, sig, tmp_path):
    """A real signal sent at each step of the rename (each write, link, move, removal and journal save).
    SIGTERM and SIGINT both raise an exception that runs the same rollback: SIGTERM stops at the odd points,
    SIGINT at the even ones. SIGKILL leaves nothing but the files, so a point where they are what they were at
    the point before is the same test: skipped."""
    import shutil

    before = snapshot(project)
    states = files_at_each_point(shutil.copytree(project, tmp_path / "observed"), tmp_path / "points.txt")
    steps = {signal.SIGTERM: range(1, len(states) + 1, 2), signal.SIGINT: range(2, len(states) + 1, 2),
             signal.SIGKILL: [n for n in range(1, len(states) + 1) if n == 1 or states[n - 1] != states[n - 2]]}[sig]
    outcomes = {}
    for step in steps:
        copy = shutil.copytree(project, tmp_path / f"run-{step}")
        code = killed_rename(copy, step, sig)
        assert code != 0, step  # the child stopped at the point, as the observed run counted them
        if sig == signal.SIGKILL:
            assert main(["--root", str(copy), "rename", "--recover"]) == 0
        after = snapshot(copy)
        assert after in (before, renamed_state), (step, sig, code, sorted(set(after) ^ set(before)))
        outcomes[step] = "renamed" if after == renamed_state else "as before"
        shutil.rmtree(copy)
    changed = {p for p in set(before) | set(renamed_state) if before.get(p) != renamed_state.get(p)}
    # a temporary, a backup and a move per file, before and after each: every one was a kill point
    assert len(states) > 4 * len(changed) > 16, len(states)
    assert "as before" in outcomes.values() and "renamed" in outcomes.values()


def test_the_rename_check_copies_every_file_validate_reads(monkeypatch):
    """rename checks a copy of project.DATA_PATHS with load_project: every file validate reads lies under them."""
    from generator.data import project
    from generator.data import yamlfile

    read = []
    real = yamlfile.read_regular
    monkeypatch.setattr(yamlfile, "read_regular", lambda path: read.append(Path(path)) or real(path))
    project.load_project(ROOT)
    assert len(read) > 20
    outside = [p for p in read if p.relative_to(ROOT).parts[0] not in project.DATA_PATHS]
    assert not outside


def test_new_on_a_full_disk_writes_neither_file(project, monkeypatch, capsys):
    before = snapshot(project)
    real = transaction._write_synced

    def full(path, data):
        if path.name.startswith(".published-urls.txt"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(path, data)

    monkeypatch.setattr(transaction, "_write_synced", full)
    assert main(["--root", str(project), "new", "fresh-pattern"]) == 2
    assert capsys.readouterr().err.endswith("([Errno 28] No space left on device); nothing was changed\n")
    assert snapshot(project) == before


def test_unknown_and_former_ids_say_what_to_rename(project):
    typo = run_cli(project, "rename", "pattern", "plain-word", NEW)
    assert (typo.returncode, typo.stderr) == (1, "error: no pattern with id 'plain-word' (did you mean 'plain-words'?)\n")
    assert run_cli(project, "rename", "pattern", OLD, NEW).returncode == 0
    again = run_cli(project, "rename", "pattern", OLD, "other-words")
    assert (again.returncode, again.stderr) == (1, f"error: no pattern with id '{OLD}': it is a former id of pattern "
                                                   f"'{NEW}'; rename '{NEW}' instead\n")


def test_an_interrupted_rename_is_reported_by_validate_and_recovered(project):
    before = snapshot(project)
    assert killed_rename(project, 12, signal.SIGKILL) == -signal.SIGKILL
    check = run_cli(project, "validate")
    assert check.returncode == 1
    assert check.stderr.startswith(".generator-journal.json: a rename was interrupted before it finished, so some "
                                   "files may be renamed and others not: run `python -m generator rename --recover`")
    recovered = run_cli(project, "rename", "--recover")
    assert recovered.stdout in ("an interrupted rename was rolled back: every file is as it was before it\n",
                                "an interrupted rename had finished: removed its backup files\n")
    assert run_cli(project, "validate").returncode == 0
    if recovered.stdout.startswith("an interrupted rename was rolled back"):
        assert snapshot(project) == before


def test_a_planted_link_out_of_the_project_is_refused_not_read(project, tmp_path):
    secret = tmp_path / "outside.md"
    secret.write_text(f"a private file that happens to name {OLD}\n", encoding="utf-8")
    (project / "docs").mkdir()
    (project / "docs" / "notes.md").symlink_to(secret)  # was read, and written into the project as a file
    before = snapshot(project)
    result = run_cli(project, "rename", "pattern", OLD, NEW)
    assert result.returncode == 1
    assert result.stderr == (f"error: {project / 'docs' / 'notes.md'}: is a symbolic link; data folders hold regular "
                             "files only: copy the file here instead; nothing was changed\n")
    assert snapshot(project) == before


def test_a_second_rename_while_one_runs_changes_nothing(project):
    """Two renames at once each planned from files the other was replacing; the second now waits its turn."""
    with transaction.lock(project):  # as a rename in another process holds it
        before = snapshot(project)
        busy = run_cli(project, "rename", "pattern", OLD, NEW)
        assert (busy.returncode, busy.stderr) == (2, f"error: the rename stopped (another rename or new is changing "
                                                     f"{project} right now; run this again when it has finished); "
                                                     "nothing was changed\n")
        assert run_cli(project, "new", "fresh-pattern").returncode == 2
        assert snapshot(project) == before
    assert run_cli(project, "rename", "pattern", OLD, NEW).returncode == 0
