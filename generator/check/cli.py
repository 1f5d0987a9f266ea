"""`python -m generator check` and `eval`: argument parsing, rule loading, output, exit codes.

Exit codes of `check`: 0 nothing at the --fail-on level, 1 a finding at that
level, 2 the check could not run (unreadable draft, bad rules file, bad data).
Rules come from --rules FILE, else from the data when run in this project
(patterns/ and content/checker.yml under --root), else from the rules shipped
in the package (generator/check/rules/<lang>.json), so it works in any folder.
With the shipped rules, `check` imports neither pydantic nor YAML (plain.py);
the text output's last line reads its words from a YAML locale.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from .. import paths, settings
from ..paths import DEFAULT_LANG, LANGS
from . import plain
from .report import checked, github_lines, json_lines, text_lines, visible

if TYPE_CHECKING:
    from .rules import RuleSet

# Bytes a draft may have (1 MiB, a 150,000-word book); docs/checker.md gives the memory it takes.
MAX_DRAFT = 1024 * 1024
SHIPPED_SITE = "http://127.0.0.1:8000/"  # the links in the shipped rules, rebased to --site-url, $SITE_URL or "/"
FAILING = {"warning": ("warning",), "info": ("warning", "info"), "never": ()}


class CheckError(Exception):
    """The check cannot run; str() is one line for the user (exit 2)."""


def _site_url(args, lang: str) -> str:
    """--site-url, else SITE_URL (generator/settings.py): one language's root; '/' or '/zh/' when unset."""
    return settings.site_root_of(getattr(args, "site_url", None), lang)


def load_rules(args) -> RuleSet | plain.Plain:
    """The RuleSet `check` uses (see the module docstring); the shipped one as a plain.Plain. Raises CheckError."""
    if args.rules:
        from . import rules

        try:
            return rules.read(args.rules)
        except rules.RulesError as err:
            raise CheckError(str(err)) from None
    root = Path(args.root)
    site = _site_url(args, args.lang)
    if (root / "patterns").is_dir():
        from . import lexicon

        if (root / lexicon.PATH).exists():
            from ..data.catalog import load_catalog
            from ..data.problems import DataError
            from .rules import build

            try:
                catalog = load_catalog(root)
                data = lexicon.load(root, catalog)
            except DataError as err:
                raise CheckError(err.report(outcome="nothing was checked")) from None
            return build(catalog, data, args.lang, site)
    try:
        ruleset = plain.shipped(args.lang)
    except plain.RulesError as err:
        raise CheckError(str(err)) from None
    return rebase(ruleset, paths.site_root(SHIPPED_SITE, args.lang), site)


def rebase(ruleset: RuleSet | plain.Plain, old: str, new: str) -> RuleSet | plain.Plain:
    """The same rules with every link under `old` moved under `new` (absolute site roots)."""
    moved = [r.model_copy(update={"url": new + r.url[len(old):]}) if r.url.startswith(old) else r
             for r in ruleset.rules]
    return ruleset.model_copy(update={"rules": moved})


def checker_schema_text() -> str:
    """The JSON Schema of content/checker.yml, formatted as generator/data/schema/*.json are."""
    from . import lexicon

    schema = lexicon.CheckerData.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_data_files(root: Path) -> list[Path]:
    """generator/data/schema/checker.schema.json, and generator/check/rules/<lang>.json built from the data
    under root (`python -m generator schema`). Raises DataError when the data has problems."""
    from ..data.catalog import load_catalog
    from . import lexicon, rules

    schema = Path(root) / "generator" / "data" / "schema" / "checker.schema.json"
    schema.write_text(checker_schema_text(), encoding="utf-8")
    catalog = load_catalog(root)
    data = lexicon.load(root, catalog)
    written = [schema]
    for lang in LANGS:
        path = Path(root) / "generator" / "check" / "rules" / f"{lang}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        ruleset = rules.build(catalog, data, lang, paths.site_root(SHIPPED_SITE, lang))
        path.write_text(rules.shipped_text(ruleset), encoding="utf-8")
        written.append(path)
    return written


def _output(args, result) -> Iterator[str]:
    if args.format == "json":
        return json_lines(result)
    if args.format == "github":
        return github_lines(result)
    return text_lines(result, color=sys.stdout.isatty() and not os.environ.get("NO_COLOR"))


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
    from .checker import check

    try:
        ruleset = load_rules(args)
        results = {}
        for name in args.files:
            try:
                data = read_draft(name)
                text = data.decode("utf-8-sig")
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
        _print_lines(_output(args, result))
    except BrokenPipeError:  # `check ... | head`: the reader left; end quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 1 if any(result.counts[level] for level in FAILING[args.fail_on]) else 0


def run_eval(args) -> int:
    """The `eval` command: print the measurement (generator/check/evaluate.py)."""
    from ..data.catalog import load_catalog
    from ..data.problems import DataError
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
    try:
        print(evaluate.run(Path(args.root), catalog, folders, corporate, args.peers))
    except DataError as err:  # content/checker.yml
        print(err.report(), file=sys.stderr)
        return 2
    return 0


def add_parsers(sub) -> None:
    """Add `check` and `eval` to the CLI's subparsers."""
    check = sub.add_parser("check", help="what the guide says about a draft (docs/checker.md)")
    check.add_argument("files", nargs="+", metavar="DRAFT",
                       help=f"Markdown or text files of at most {MAX_DRAFT:,} bytes (1 MiB) each; - reads standard input")
    check.add_argument("--format", choices=("text", "json", "github"), default="text",
                       help="github: annotations for GitHub Actions")
    check.add_argument("--fail-on", choices=tuple(FAILING), default="warning",
                       help="exit 1 when a finding is at this level or above (default: warning)")
    check.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG, help="language of the messages and links")
    check.add_argument("--site-url", help="where the guide is published (default: $SITE_URL; "
                       "unset: links relative to the site's root)")
    check.add_argument("--rules", type=Path,
                       help="a check-rules.json (e.g. the site's /api/check-rules.json) instead of the data")
    check.set_defaults(run=run_check)
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
