"""`python -m generator check` and `eval`: argument parsing, rule loading, output, exit codes.

Exit codes of `check`: 0 nothing at the --fail-on level, 1 a finding at that
level, 2 the check could not run (unreadable draft, bad rules file, bad data).
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from .. import settings
from ..data import checker
from ..data.catalog import load_catalog
from ..data.problems import DataError
from ..paths import DEFAULT_LANG, LANGS
from . import rules
from .checker import check
from .report import checked, github_lines, json_lines, text_lines, visible

# Bytes a draft may have (1 MiB, a 150,000-word book); docs/checker.md gives the memory it takes.
MAX_DRAFT = 1024 * 1024
FAILING = {"warning": ("warning",), "info": ("warning", "info"), "never": ()}
# The data this package came with: the checkout it sits in (or an editable install of one), else the
# copy a wheel carries (pyproject.toml's generator.bundled, as pre-commit installs it).
_PACKAGE = Path(__file__).resolve().parents[1]


class CheckError(Exception):
    """The check cannot run; str() is one line for the user (exit 2)."""


def data_root(root: Path) -> Path:
    """root when it holds a project's data (patterns/ and content/checker.yml), else the package's own."""
    for folder in (Path(root), _PACKAGE.parent, _PACKAGE / "bundled"):
        if (folder / "patterns").is_dir() and (folder / checker.PATH).is_file():
            return folder
    return Path(root)  # loading it names what is missing


def load_rules(args) -> rules.RuleSet:
    """--rules FILE, else the rules built from the data under data_root(--root). Raises CheckError."""
    try:
        if args.rules:
            return rules.read(args.rules)
        catalog = load_catalog(data_root(args.root))
    except rules.RulesError as err:
        raise CheckError(str(err)) from None
    except DataError as err:
        raise CheckError(err.report(outcome="nothing was checked")) from None
    return rules.build(catalog, args.lang, settings.site_root_of(args.site_url, args.lang))


def _print_lines(lines: Iterator[str], batch: int = 1000) -> None:
    """print("\\n".join(lines)), a batch of lines a write: a large report is never held whole in memory."""
    first = True
    while (chunk := list(islice(lines, batch))) or first:  # as print(""), no line at all is still one newline
        sys.stdout.write("\n".join(chunk) + "\n")
        first = False
    sys.stdout.flush()


def read_draft(name: str) -> bytes:
    """The bytes of one draft (`-`: standard input), at most MAX_DRAFT. Raises OSError, or CheckError
    naming the limit, after reading one byte more than it (so /dev/zero or an endless pipe ends at once)."""
    if name == "-":
        if sys.stdin is None:  # started with standard input closed (`<&-`)
            raise CheckError("-: standard input is closed")
        data = sys.stdin.buffer.read(MAX_DRAFT + 1)
    else:
        with open(name, "rb") as file:
            data = file.read(MAX_DRAFT + 1)
    if len(data) > MAX_DRAFT:
        raise CheckError(f"{visible(name)}: the draft is over the size limit of {MAX_DRAFT:,} bytes (1 MiB); check it in parts")
    return data


def run_check(args) -> int:
    """The `check` command: 0, 1 or 2 (see the module docstring)."""
    collecting = gc.isenabled()
    gc.disable()  # check() makes no reference cycles: the cyclic collector would walk its findings over and over
    try:
        return _run_check(args)
    finally:
        if collecting:
            gc.enable()


def _run_check(args) -> int:
    try:
        ruleset = load_rules(args)
        results = {}
        for name in args.files:
            try:
                text = read_draft(name).decode("utf-8-sig")
            except OSError as err:
                raise CheckError(f"{visible(name)}: cannot read: {err.strerror or err}") from None
            except UnicodeDecodeError:
                raise CheckError(f"{visible(name)}: not UTF-8 text") from None
            results[name] = check(text, ruleset)
    except CheckError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    result = checked(results, ruleset.lang)
    try:
        _print_lines(json_lines(result) if args.format == "json" else github_lines(result) if args.format == "github"
                     else text_lines(result, color=sys.stdout.isatty() and not os.environ.get("NO_COLOR")))
    except BrokenPipeError:  # `check ... | head`: the reader left; end quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 1 if any(result.counts[level] for level in FAILING[args.fail_on]) else 0


def run_eval(args) -> int:
    """The `eval` command: print the measurement (generator/check/evaluate.py)."""
    from . import evaluate

    try:
        catalog = load_catalog(args.root)
    except DataError as err:
        print(err.report(), file=sys.stderr)
        return 2
    folders = {"tuning text": args.tuning, "held-out text": args.held_out, **{str(f): [f] for f in args.folders}}
    folders = {name: dirs for name, dirs in folders.items() if dirs}
    for folder in [d for dirs in folders.values() for d in dirs]:
        if not Path(folder).is_dir():
            print(f"error: {folder}: not a folder", file=sys.stderr)
            return 2
    corporate = args.corporate or Path(args.root) / evaluate.CORPORATE
    print(evaluate.run(Path(args.root), catalog, folders, corporate, args.peers))
    return 0


def add_parsers(sub) -> None:
    """Add `check` and `eval` to the CLI's subparsers."""
    parser = sub.add_parser("check", help="what the guide says about a draft (docs/checker.md)")
    parser.add_argument("files", nargs="+", metavar="DRAFT",
                        help=f"Markdown or text files of at most {MAX_DRAFT:,} bytes (1 MiB) each; - reads standard input")
    parser.add_argument("--format", choices=("text", "json", "github"), default="text",
                        help="github: annotations for GitHub Actions")
    parser.add_argument("--fail-on", choices=tuple(FAILING), default="warning",
                        help="exit 1 when a finding is at this level or above (default: warning)")
    parser.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG, help="language of the messages and links")
    parser.add_argument("--site-url", help=settings.SITE_URL_HELP)
    parser.add_argument("--rules", type=Path,
                        help="a check-rules.json (e.g. the site's /api/check-rules.json) instead of the data "
                        "(default: the data under --root, else the data this package came with)")
    parser.set_defaults(run=run_check)
    ev = sub.add_parser("eval", help="measure the checker on his writing, tuning and held-out parts apart "
                                     "(docs/checker.md)")
    ev.add_argument("folders", nargs="*", type=Path, metavar="FOLDER",
                    help="more Markdown to measure, each folder its own column")
    ev.add_argument("--tuning", type=Path, action="append", default=[], metavar="DIR",
                    help="full text of the tuning part (e.g. ../shared/corpus); may repeat")
    ev.add_argument("--held-out", type=Path, action="append", default=[], metavar="DIR",
                    help="full text of the held-out part; may repeat")
    ev.add_argument("--corporate", type=Path, help="a Markdown file of corporate paragraphs "
                                                   "(default: tests/data/corporate-paragraphs.md)")
    ev.add_argument("--peers", action="store_true", help="also run proselint and write-good on the folders")
    ev.set_defaults(run=run_eval)
