"""The README's commands, each run as a user runs it: its own process, in a copy of the project.

Every other test of the command line calls generator.cli.main in the test process (conftest.run_main),
which tests the same code without a second of imports per call. The build commands are run as
processes by the build layer (test_reproducible.py, test_links.py).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, copy_project


def readme_commands() -> list[list[str]]:
    """The arguments of every `python -m generator` command in the README's shell blocks; `make T` stands for
    its Makefile recipe when that is one such command."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```sh\n(.*?)```", readme, flags=re.S):
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if words[:1] == ["make"] and len(words) == 2:
                recipe = re.search(rf"^{re.escape(words[1])}:.*\n\t(.*)", makefile, flags=re.M)
                words = recipe.group(1).replace("$(BIN)/python", ".venv/bin/python").split() if recipe else []
            if words[:3] == [".venv/bin/python", "-m", "generator"] and words[3] != "build":
                found.append(words[3:])
    return found


DRAFT = "We leverage synergies.\n"

# What each command must have done, by its name: (exit status, text its output starts with, files it wrote).
EXPECT = {
    "validate": (0, "ok: ", []),
    "new": (0, "wrote patterns/my-pattern.yml", ["patterns/my-pattern.yml"]),
    "rename": (0, "", ["patterns/plainer-words.yml"]),
    "urls": (0, "ok: all ", []),
    "check": (1, "draft.md:1:4: info: \"leverage\"", []),
    "export": (0, "", ["build/skills/karpathy-style/SKILL.md"]),
    "team": (0, "wrote build/my-team/guide.md", ["build/my-team/guide.md"]),
}


def test_the_readme_lists_each_command_once():
    assert sorted(args[0] for args in readme_commands()) == sorted(EXPECT)


@pytest.mark.parametrize("args", readme_commands(), ids=lambda args: args[0])
def test_readme_command_runs_as_written(args, tmp_path):
    project = copy_project(tmp_path / "project")
    shutil.copytree(ROOT / "examples", project / "examples")
    (project / "draft.md").write_text(DRAFT, encoding="utf-8")
    args = [{"OLD": "plain-words", "NEW": "plainer-words"}.get(a, a) for a in args]
    result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=project, capture_output=True, text=True,
                            encoding="utf-8", env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    status, output, files = EXPECT[args[0]]
    assert result.returncode == status, result.stdout + result.stderr
    assert result.stdout.startswith(output), result.stdout
    assert "Traceback" not in result.stderr
    for rel in files:
        assert (project / rel).is_file(), rel
