"""`urls --check --base REF`: a URL published at the pull request's base must still resolve (issue 22, item 7).

Deleting a pattern together with its lines in published-urls.txt passes `urls --check`
alone (the file no longer lists them); against the base commit it fails, naming each URL
and how to keep it alive.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml
from catalog_factory import write_catalog
from conftest import run_cli

GONE = "third-pattern"
URLS = [f"patterns/{GONE}/", f"zh/patterns/{GONE}/", f"patterns/{GONE}.md", f"zh/patterns/{GONE}.md"]


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=test", "-c", "user.email=test@example.com", *args],
                   check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path) -> Path:
    """A git repository of a small project: one commit, then one that deletes a pattern and its listed URLs."""
    root = write_catalog(tmp_path / "project")
    assert run_cli(root, "urls", "--update").returncode == 0
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    (root / "patterns" / f"{GONE}.yml").unlink()
    beta = root / "content" / "quotes" / "beta.yml"
    beta.write_text(beta.read_text(encoding="utf-8").replace(f"- {GONE}\n", ""), encoding="utf-8")
    manifest = root / "published-urls.txt"
    manifest.write_text("".join(line for line in manifest.read_text(encoding="utf-8").splitlines(keepends=True)
                                if GONE not in line), encoding="utf-8")
    git(root, "commit", "-qam", "delete a published pattern")
    return root


def test_deleting_a_pattern_and_its_lines_fails_against_the_base(repo):
    assert run_cli(repo, "validate").returncode == 0
    assert run_cli(repo, "urls", "--check").returncode == 0  # the hole --base closes
    result = run_cli(repo, "urls", "--check", "--base", "HEAD~1")
    assert result.returncode == 1
    keep = (f"to keep it working, add '{GONE}' to former_ids of the pattern it merged into "
            f"(patterns/<that id>.yml: former_ids: [{GONE}]), or restore patterns/{GONE}.yml")
    assert result.stderr.splitlines() == [
        *(f"published-urls.txt: '{url}' was listed at HEAD~1 and its line was deleted: put it back "
          "(a published URL stays listed for good)" for url in URLS),
        *(f"published-urls.txt: '{url}' was published but no longer resolves: {keep}" for url in URLS)]


def test_the_fix_the_message_gives_passes(repo):
    git(repo, "checkout", "-q", "HEAD~1", "--", "published-urls.txt")
    path = repo / "patterns" / "first-pattern.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump({"id": data.pop("id"), "former_ids": [GONE], **data}, allow_unicode=True,
                                   sort_keys=False), encoding="utf-8")
    result = run_cli(repo, "urls", "--check", "--base", "HEAD~1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: all ")


@pytest.mark.parametrize("ref", ["no-such-ref", "HEAD~1:published-urls.txt", "HEAD~9"])
def test_a_base_that_is_not_a_commit_here_is_a_usage_error(repo, ref):
    result = run_cli(repo, "urls", "--check", "--base", ref)
    assert (result.returncode, result.stderr) == (2, f"error: cannot read published-urls.txt at git ref '{ref}': "
                                                     "no such commit here; in CI, fetch the base commit "
                                                     "(actions/checkout with fetch-depth: 0)\n")


def test_a_base_before_the_manifest_existed_lists_nothing(repo):
    git(repo, "rm", "-q", "published-urls.txt")
    git(repo, "commit", "-qm", "no manifest")
    assert run_cli(repo, "urls", "--update").returncode == 0
    result = run_cli(repo, "urls", "--check", "--base", "HEAD")
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("(and the 0 listed at HEAD)\n")


@pytest.mark.parametrize("command", [["urls", "--check"], ["urls", "--update"], ["new", "fresh-pattern"],
                                     ["rename", "pattern", "first-pattern", "fresh-pattern"]])
def test_a_manifest_linked_to_dev_zero_is_refused_not_read(tmp_path, command):
    root = write_catalog(tmp_path / "project")
    (root / "published-urls.txt").symlink_to("/dev/zero")  # read for ever, before
    result = run_cli(root, *command)
    assert result.returncode == 1
    refused = "published-urls.txt: is a symbolic link; data folders hold regular files only: copy the file here instead"
    assert result.stderr.removeprefix("error: ").startswith(f"{refused}\n1 problem found; ")
    assert (root / "published-urls.txt").is_symlink() and not (root / "patterns" / "fresh-pattern.yml").exists()
