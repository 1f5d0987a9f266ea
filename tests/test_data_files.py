"""Data folders hold regular files only; reading stops at the size limit (issue 13)."""

from __future__ import annotations

import os

import pytest
import yaml
from catalog_factory import pattern, write_catalog
from conftest import run_cli

from generator.data.catalog import load_catalog
from generator.data.problems import DataError
from generator.data.yamlfile import MAX_BYTES, read_regular

LINK = "is a symbolic link; data folders hold regular files only: copy the file here instead"


def problems(root) -> list[str]:
    with pytest.raises(DataError) as info:
        load_catalog(root)
    return [str(p) for p in info.value.problems]


def test_symlink_to_a_file_outside_is_refused_not_read(mini, tmp_path):
    outside = tmp_path / "outside.yml"
    outside.write_text(yaml.safe_dump(pattern("stolen")), encoding="utf-8")
    (mini / "patterns" / "stolen.yml").symlink_to(outside)
    assert problems(mini) == [f"patterns/stolen.yml: {LINK}"]


@pytest.mark.parametrize("target", ["/dev/zero", "/nonexistent/dangling.yml"])
def test_symlink_to_a_device_or_nowhere_is_refused(mini, target):
    (mini / "content" / "quotes" / "gamma.yml").symlink_to(target)
    assert problems(mini) == [f"content/quotes/gamma.yml: {LINK}"]


def test_symlinked_topics_file_is_refused(mini, tmp_path):
    real = tmp_path / "topics.yml"
    (mini / "content" / "topics.yml").rename(real)
    (mini / "content" / "topics.yml").symlink_to(real)
    # The topics are unknown, but the references to them are not reported again: one cause, one problem.
    assert problems(mini) == [f"content/topics.yml: {LINK}"]


def test_folder_named_like_a_data_file_is_refused(mini):
    (mini / "patterns" / "x.yml").mkdir()
    (mini / "content" / "quotes" / "y.yml").mkdir()
    assert problems(mini) == [
        "content/quotes/y.yml: is a folder; data folders hold regular files only",
        "patterns/x.yml: is a folder; data folders hold regular files only",
    ]


def test_fifo_is_refused_without_blocking(mini):
    os.mkfifo(mini / "patterns" / "pipe.yml")  # opening it for reading would wait forever for a writer
    assert problems(mini) == ["patterns/pipe.yml: is not a regular file; data folders hold regular files only"]


def test_cli_reports_a_folder_without_a_traceback(tmp_path):
    root = write_catalog(tmp_path / "cli")
    (root / "patterns" / "x.yml").mkdir()
    run = run_cli(root, "validate")
    assert run.returncode == 1
    assert run.stderr == ("patterns/x.yml: is a folder; data folders hold regular files only\n"
                          "1 problem found.\n")


def _bytes_read() -> int:
    with open("/proc/self/io", encoding="ascii") as io:
        return int(next(line for line in io if line.startswith("rchar:")).split()[1])


def test_reading_stops_at_the_limit_plus_one_byte(tmp_path):
    big = tmp_path / "big.yml"
    with open(big, "wb") as out:
        out.truncate(64 * MAX_BYTES)  # 16 MB, sparse
    before = _bytes_read()
    raw, refusal = read_regular(big)
    read = _bytes_read() - before
    assert (raw, refusal) == (b"", f"file is over the size limit of {MAX_BYTES} bytes")
    assert read <= MAX_BYTES + 1 + 16384  # the limit, one byte more, and what reading /proc/self/io itself costs
