"""`check` from any folder: the package's data, --rules errors, exit codes, GitHub annotations, a closed pipe,
the pre-commit hook; and contributed word lists that cannot make a rule slow."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_data, run_cli, run_main, shipped_catalog

from generator.check import report, rules

CORPORATE = "We leverage synergies to utilize a seamless platform.\n"
PLAIN = "Add two lines and your script runs on 8 GPUs.\n\nThat's it.\n"
ENV = {"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT), "HOME": os.environ.get("HOME", "/tmp")}


def check_elsewhere(folder: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """`python -m generator check ...` run (in this process) in a folder that is not this project."""
    return run_main("check", *args, cwd=folder, env=ENV, stdin=stdin)


def test_check_runs_outside_the_project_with_the_packages_data(tmp_path):
    (tmp_path / "draft.md").write_text(CORPORATE, encoding="utf-8")
    result = check_elsewhere(tmp_path, "draft.md")
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[0].startswith('draft.md:1:4: info: "leverage" is usually padding;')
    assert 'draft.md:1:13: warning: "synergies" is a business word.' in result.stdout
    assert "topics.yml" not in result.stderr
    (tmp_path / "plain.md").write_text(PLAIN, encoding="utf-8")
    assert check_elsewhere(tmp_path, "plain.md").returncode == 0
    zh = check_elsewhere(tmp_path, "--lang", "zh", "-", stdin="我们要赋能业务，打通全链路。")
    assert zh.returncode == 1 and "赋能" in zh.stdout and "/zh/patterns/plain-words/" in zh.stdout


def test_a_new_signal_is_found_by_check_and_the_site_once_validate_passes(tmp_path):
    """Rules are built from the data when used: a contributor who adds a signal runs `validate` and nothing else."""
    project = copy_data(tmp_path / "p")
    path = project / "patterns" / "kind-of-like.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("en: [kind of like,", "en: [frobnicate the widget, kind of like,"),
                    encoding="utf-8")
    assert run_cli(project, "validate").returncode == 0
    found = json.loads(run_cli(project, "check", "--format", "json", "-", stdin="We frobnicate the widget.\n").stdout)
    assert [(f["rule"], f["pattern"], f["text"]) for f in found["findings"]] == [
        ("uses-pattern", "kind-of-like", "frobnicate the widget")]
    assert run_cli(project, "export", "api", "--out", str(tmp_path / "api")).returncode == 0
    site = json.loads((tmp_path / "api" / "api" / "check-rules.json").read_text(encoding="utf-8"))
    assert any("frobnicate the widget" in rule["find"] for rule in site["rules"])


def test_shipped_links_follow_site_url(tmp_path):
    result = check_elsewhere(tmp_path, "--site-url", "https://guide.test/", "-", stdin=CORPORATE)
    assert " https://guide.test/patterns/plain-words/" in result.stdout


@pytest.mark.parametrize("content, message", [
    (None, "cannot read the rules file"),
    ("{not json", "not a JSON rules file"),
    ('{"schema_version": 1, "lang": "en", "rules": []}', "schema_version 1, this checker reads schema_version 2"),
    ('{"schema_version": 2, "lang": "xx", "rules": []}', "field 'lang'"),
])
def test_a_bad_rules_file_is_one_line_and_exit_2(tmp_path, content, message):
    path = tmp_path / "check-rules.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = check_elsewhere(tmp_path, "--rules", str(path), "-", stdin=CORPORATE)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {path}: ")


@pytest.mark.parametrize("args, stdin, status", [
    ((), PLAIN, 0), ((), CORPORATE, 1), (("--fail-on", "never"), CORPORATE, 0),
    (("missing.md",), None, 2), (("--rules", "missing.json", "-"), PLAIN, 2),
])
def test_exit_codes(tmp_path, args, stdin, status):
    files = () if args and not args[0].startswith("--") or "-" in args else ("-",)
    assert check_elsewhere(tmp_path, *args, *files, stdin=stdin).returncode == status


def test_github_annotations(tmp_path):
    (tmp_path / "a,b.md").write_text("x\n\nWe synergize it: 100%.\n", encoding="utf-8")
    result = check_elsewhere(tmp_path, "--format", "github", "a,b.md")
    assert result.returncode == 1
    assert [line for line in result.stdout.splitlines() if line.startswith("::warning")] == [(
        "::warning file=a%2Cb.md,line=3,col=4,endColumn=13,title=avoid-word::"
        '"synergize" is a business word. Instead: work together; say on what. '
        '/patterns/plain-words/')]


def test_github_annotations_leave_out_praise(tmp_path):
    """GitHub shows ten notices per step: "uses a pattern" must not push out the notes a writer should act on."""
    (tmp_path / "d.md").write_text("It's kind of like an operating system, imo.\n\n" + "word " * 400 + "\n",
                                   encoding="utf-8")
    levels = {f["level"] for f in json.loads(check_elsewhere(tmp_path, "--format", "json", "d.md").stdout)["findings"]}
    assert {"good", "info"} <= levels
    lines = check_elsewhere(tmp_path, "--format", "github", "--fail-on", "never", "d.md").stdout.splitlines()
    assert lines and all(line.startswith("::notice ") or line.startswith("::warning ") for line in lines)
    assert not any("title=uses-pattern" in line or "title=short-paragraph" in line for line in lines)


def test_a_closed_pipe_ends_quietly(tmp_path):
    (tmp_path / "big.md").write_text("We utilize it.\n\n" * 5000, encoding="utf-8")
    result = subprocess.run(f"{sys.executable} -m generator check big.md | head -n 1", shell=True, cwd=tmp_path,
                            capture_output=True, text=True, encoding="utf-8", env=ENV, check=False)
    assert result.stdout.count("\n") == 1 and result.stdout.startswith("big.md:1:")
    assert result.stderr == ""


def test_a_catastrophic_word_list_entry_is_refused_with_its_line(tmp_path):
    project = copy_data(tmp_path / "p")
    path = project / "content" / "checker.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("- word: leverage\n", "- word: a" + "-" * 39 + "\n"), encoding="utf-8")
    result = run_cli(project, "validate")
    assert result.returncode == 1
    line = text[:text.index("- word: leverage\n")].count("\n") + 1
    assert f"content/checker.yml:{line}: field 'avoid_words[0].word': must be lowercase words or Chinese " \
           f"characters with one space or hyphen between them, found 'a{'-' * 39}'" in result.stderr
    signals = project / "patterns" / "kind-of-like.yml"
    signals.write_text(signals.read_text(encoding="utf-8").replace("en: [kind of like,", "en: [(a+)+b,"),
                       encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    result = run_cli(project, "validate")
    assert result.returncode == 1 and "patterns/kind-of-like.yml" in result.stderr and "signals.en[0]" in result.stderr


def test_a_valid_but_hostile_draft_stays_fast(tmp_path):
    """Linear by construction: 40,000 hyphens and 2,000 unclosed comments finish (time is in the benchmark)."""
    result = check_elsewhere(tmp_path, "--fail-on", "never", "-",
                             stdin="a" + "-" * 40000 + " leverage\n" + "<!-- " * 2000)
    assert result.returncode == 0 and "Traceback" not in result.stderr


def test_json_output_reads_back_as_the_names_and_words_of_the_draft(tmp_path):
    """The JSON is written by hand (without pydantic): every odd character of a name or a draft survives it."""
    name = 'a"b\\c\t\x1f\x7f é 中 😀 \u2028 <script> &.md'
    (tmp_path / name).write_text("We utilize it, \\ \"é\" 中 😀\u2028 </script> &.\n", encoding="utf-8")
    result = check_elsewhere(tmp_path, "--format", "json", name)
    report = json.loads(result.stdout)
    assert [(f["path"], f["text"], f["line"], f["column"]) for f in report["findings"]] == [(name, "utilize", 1, 4)]
    assert report["counts"] == {"warning": 0, "info": 1, "good": 0}
    assert json.loads(check_elsewhere(tmp_path, "--format", "json", "-", stdin="Plain.\n").stdout)["findings"] == []


def test_the_pre_commit_hook_fails_a_corporate_draft_and_passes_a_plain_one(tmp_path):
    repo = tmp_path / "other-team"
    repo.mkdir()
    # No PYTHONPATH: the hook runs the package pre-commit installed, with the data its wheel carries.
    env = {**ENV, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    del env["PYTHONPATH"]
    for key in ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS", "PIP_CONFIG_FILE"):
        if key in os.environ:
            env[key] = os.environ[key]

    def git(*args):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env={
            **env, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.test",
            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.test"})

    git("init", "-q")
    (repo / "README.md").write_text(PLAIN, encoding="utf-8")
    (repo / "draft.md").write_text(CORPORATE, encoding="utf-8")
    git("add", "-A")
    pre_commit = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "karpathy-style-check", "--files"]
    plain = subprocess.run([*pre_commit, "README.md"], cwd=repo, capture_output=True, text=True, encoding="utf-8", env=env)
    assert plain.returncode == 0, plain.stdout + plain.stderr
    corporate = subprocess.run([*pre_commit, "draft.md"], cwd=repo, capture_output=True, text=True, encoding="utf-8", env=env)
    assert corporate.returncode == 1, corporate.stdout + corporate.stderr
    assert 'draft.md:1:13: warning: "synergies" is a business word.' in corporate.stdout


def test_control_characters_in_a_name_reach_the_terminal_escaped(tmp_path):
    # A pull request can name a draft anything; `check --format github docs/*.md` prints every name.
    name = "x\x1b[2J\u202e.md"
    (tmp_path / name).write_text("We utilize it.\n", encoding="utf-8")
    text = check_elsewhere(tmp_path, name)
    assert text.stdout.startswith("x\\x1b[2J\\u202e.md:1:4: ")
    assert "\x1b" not in text.stdout and "\u202e" not in text.stdout
    (tmp_path / "a\n::add-mask::b.md").write_text("We utilize it.\n", encoding="utf-8")
    github = check_elsewhere(tmp_path, "--format", "github", "a\n::add-mask::b.md")
    lines = github.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith(("::warning file=a%0A%3A%3Aadd-mask%3A%3Ab.md,line=1,col=4,",
                                                    "::notice file=a%0A%3A%3Aadd-mask%3A%3Ab.md,line=1,col=4,"))


def test_every_field_of_an_annotation_is_escaped():
    # Rules files are refused with such fields (hostile_corpus, rules-*); the output escapes them anyway.
    found = report.Finding(1, 1, 1, "x", "warning", "r,1:", "p", "50% done\r\n::error::x\x1b[31m",
                           "https://x.test/\n::add-mask::secret")
    lines = list(report.github_lines(report.checked({"d.md": [found]}, "en")))
    assert lines == ["::warning file=d.md,line=1,col=1,endColumn=2,title=r%2C1%3A::50%25 done%0D%0A::error::x\\x1b[31m "
                     "https://x.test/%0A::add-mask::secret"]
    text = list(report.text_lines(report.checked({"d.md": [found]}, "en")))[0]
    assert text == "d.md:1:1: warning: 50% done\\x0d\\x0a::error::x\\x1b[31m [r,1:] https://x.test/\\x0a::add-mask::secret"


def test_the_rules_the_data_builds_pass_the_checks_a_rules_file_gets():
    catalog = shipped_catalog()
    for lang, site in (("en", "/"), ("zh", "https://x.test/zh/")):
        assert rules.untrusted(rules.build(catalog, lang, site)) is None


def test_the_readme_github_example_passes_on_our_own_docs():
    # docs/ids.md names business words as examples: in quotation marks they are mentioned, not used.
    readme = (ROOT / "docs/tools.md").read_text(encoding="utf-8")  # the README's command list links there
    line = next(line for line in readme.splitlines() if "check --format github docs/*.md" in line)
    argv = line.split("#")[0].split()[1:]  # `.venv/bin/python -m generator check ...`
    drafts = sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("docs/*.md"))
    assert argv[:3] == ["-m", "generator", "check"]
    result = run_main(*argv[2:-1], *drafts, env=ENV)
    assert result.returncode == 0, result.stdout
    assert not [line for line in result.stdout.splitlines() if line.startswith("::warning")]


def test_a_closed_standard_input_is_one_line(tmp_path):
    result = subprocess.run([sys.executable, "-m", "generator", "check", "-"], cwd=tmp_path, env=ENV, capture_output=True,
                            text=True, encoding="utf-8", check=False, preexec_fn=lambda: os.close(0))
    assert (result.returncode, result.stderr) == (2, "error: -: standard input is closed\n")


def test_the_sites_own_rules_file_passes_the_checks_a_rules_file_gets(tmp_path):
    # What a user downloads from /api/check-rules.json must not be refused as a stranger's file.
    exported = run_cli(ROOT, "export", "api", "--out", str(tmp_path / "api"))
    assert exported.returncode == 0, exported.stderr
    result = check_elsewhere(tmp_path, "--rules", str(tmp_path / "api" / "api" / "check-rules.json"), "-",
                             stdin=CORPORATE)
    assert result.returncode in (0, 1) and result.stderr == "" and "plain-words" in result.stdout
