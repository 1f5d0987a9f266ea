"""Command line: `python -m generator validate | schema | new | rename | urls | build | check | eval | export | team`.

Exit status, for every command: 0 ok; 1 the data has problems, or `check` found something at
--fail-on level; 2 usage errors, input that cannot be read, and an output folder that is refused
or cannot be written (generator/outdir.py).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import paths, settings
from .check import cli as check_cli
from .paths import DEFAULT_LANG, LANGS

if TYPE_CHECKING:
    from .data.catalog import Catalog


def report(args, err, outcome: str = "") -> None:
    """Print a DataError: to stderr as `file:line: field 'x': message`, or to stdout as GitHub
    annotations with --format github (the default under GitHub Actions), where GitHub reads them."""
    fmt = getattr(args, "format", None) or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    print(err.report(fmt, outcome), file=sys.stdout if fmt == "github" else sys.stderr)


def _fail(message: str, status: int) -> int:
    """Print message to stderr; returns status."""
    print(message, file=sys.stderr)
    return status


def load_or_exit(args, outcome: str = "") -> Catalog:
    """The checked catalog under args.root, or exit 1 after reporting every problem (outcome ends the count line)."""
    from .data.problems import DataError
    from .data.project import load_project

    try:
        return load_project(args.root)
    except DataError as err:
        report(args, err, outcome)
        raise SystemExit(1) from None


def cmd_validate(args) -> int:
    """`validate`: every data file, and what the pages would show in a browser; 0 with 'ok: ...', else 1."""
    from .data.problems import DataError
    from .site import htmlsafety

    catalog = load_or_exit(args)
    if problems := htmlsafety.audit_project(args.root, catalog):
        report(args, DataError(problems))
        return 1
    print(f"ok: {len(catalog.patterns)} patterns, {len(catalog.quotes)} quotes, {len(catalog.topics)} topics")
    return 0


def cmd_schema(args) -> int:
    """`schema`: rewrite generator/data/schema/*.json from the models; 0."""
    from .data.export_schema import write_schemas

    for path in write_schemas(args.root / "generator" / "data" / "schema"):
        print(f"wrote {path}")
    return 0


def cmd_new(args) -> int:
    """`new <id>`: patterns/<id>.yml and its URLs in the manifest, both or neither; 1 when the id is
    taken or not kebab-case, 2 when the files cannot be written."""
    from .data import manifest, transaction
    from .data.problems import DataError
    from .data.scaffold import ScaffoldError, scaffold

    try:
        path, text = scaffold(args.root, args.id)
    except ScaffoldError as err:
        return _fail(f"error: {err}", 1)
    listed = args.root / manifest.MANIFEST
    page = paths.pattern(args.id)
    urls = [paths.in_lang(lang, url) for lang in LANGS for url in (page, paths.markdown(page))]  # and its twin
    try:  # the manifest's comments and order stay as written
        path.parent.mkdir(parents=True, exist_ok=True)
        with transaction.lock(args.root):
            before = manifest.manifest_text(listed)
            transaction.write_all(args.root, {path: text.encode("utf-8"),
                                              listed: manifest.with_urls(before, urls).encode("utf-8")})
    except DataError as err:
        return _fail(err.report(outcome="nothing was written"), 1)
    except (OSError, transaction.Interrupted) as err:
        return _fail(f"error: could not write {path} ({err}); nothing was changed", 2)
    print(f"wrote {path}: fill in every field, then run `python -m generator validate`")
    print(f"added its URLs to {manifest.MANIFEST}")
    return 0


def cmd_rename(args) -> int:
    """`rename pattern|topic|quote OLD NEW`: every reference (generator/data/rename.py), all files or none;
    1 with nothing changed. `rename --recover` puts back the files of a rename that was killed."""
    from .data import transaction
    from .data.rename import RenameError, rename

    if args.recover:
        try:
            with transaction.lock(args.root):
                done = transaction.recover(args.root)
        except OSError as err:
            return _fail(f"error: {err}", 2)
        print({None: "nothing to recover: no rename was interrupted",
               "rolled back": "an interrupted rename was rolled back: every file is as it was before it",
               "completed": "an interrupted rename had finished: removed its backup files"}[done])
        return 0
    if not (args.kind and args.old and args.new):
        return _fail("error: rename needs KIND OLD NEW, e.g. "
                     "`python -m generator rename pattern plain-words plainer-words`", 2)
    try:
        changed = rename(args.root, args.kind, args.old, args.new)
    except RenameError as err:
        return _fail(f"error: {err}", 1)
    except (OSError, transaction.Interrupted) as err:
        return _fail(f"error: the rename stopped ({err}); nothing was changed", 2 if isinstance(err, OSError) else 130)
    root = Path(args.root)
    for path in map(Path, changed):
        shown = path.relative_to(root) if path.is_relative_to(root) else path
        print(f"updated {shown}" if path.exists() else f"removed {shown} (its text now lives under the new id)")
    print(f"renamed {args.kind} '{args.old}' to '{args.new}'; '{args.old}' is kept in former_ids, so its links keep working")
    print(f"to undo: python -m generator rename {args.kind} {args.new} {args.old}"
          f" ('{args.new}' then stays in former_ids: its URLs are now listed in published-urls.txt)")
    return 0


def cmd_urls(args) -> int:
    """`urls [--check [--base REF]|--update]`: every URL in published-urls.txt (and, with --base, every URL
    it listed at git ref REF) must resolve; 1 with one line per broken URL, 2 when REF cannot be read."""
    from .data import manifest as urls
    from .data.problems import DataError

    catalog = load_or_exit(args, outcome="no URL was checked")
    path = args.root / urls.MANIFEST
    try:
        if args.update:
            print(f"{path}: added {len(urls.update(catalog, path))} URL(s)")
        published = urls.read_manifest(path)
    except DataError as err:
        return _fail(err.report(outcome="no URL was checked"), 1)
    before = None
    if args.base:
        try:
            before = urls.read_manifest_at(args.root, args.base)
        except urls.GitError as err:
            return _fail(f"error: {err}", 2)
    if problems := urls.check(catalog, published, before, args.base):
        return _fail("\n".join(problems), 1)
    also = f" (and the {len(before)} listed at {args.base})" if before is not None else ""
    print(f"ok: all {len(published)} published URLs resolve{also}")
    return 0


def cmd_build(args) -> int:
    """`build`: a strict build of both languages into a fresh folder, swapped in as site/ (generator/site/build.py)."""
    from .site.build import build

    published = settings.site_url()  # a bad SITE_URL stops here, with one line, before anything is built
    args.config_file = args.config_file or args.root / "mkdocs.yml"
    args.site_dir = args.site_dir or args.root / "site"
    status = build(args.config_file, args.site_dir, strict=not args.no_strict, root=args.root, engine=args.engine)
    if status == 0:
        print(f"wrote {args.site_dir}/ (English, and Chinese under zh/)")
        if not published:
            print("note: no SITE_URL: the site has no sitemap, canonical links, hreflang alternates or og:image, "
                  "and the links in llms.txt, the API and the Markdown files start at the host's root (/patterns/...); "
                  "set SITE_URL to where the site is published", file=sys.stderr)
    return status


def _written(args, written: list[Path]) -> int:
    """Print each path written, then say on stderr when links are relative (no site URL); returns 0."""
    for path in written:
        print(f"wrote {path}")
    if not settings.site_url(args.site_url):
        print(settings.RELATIVE_NOTE, file=sys.stderr)
    return 0


def cmd_export(args) -> int:
    """`export vale|api|skill|llms [--out DIR]`: write one export as DIR (default build/<what>, which
    .gitignore covers; llms: build/llms-<lang>); 1 on data problems, 2 when DIR is refused or cannot be written."""
    from . import outdir
    from .check import vale
    from .export import llms, skill
    from .i18n import labels
    from .site import api

    out = args.out if args.out is not None else Path("build") / (
        f"llms-{args.lang}" if args.what == "llms" else args.what)
    lang_root = settings.site_root_of(args.site_url, args.lang)
    try:
        outdir.check(out, args.root, owned=args.what in ("api", "llms"))
        catalog = load_or_exit(args, outcome="nothing was written")
        if args.what == "vale":
            written = outdir.write_files(vale.files(catalog, settings.site_root_of(args.site_url)),
                                         out / vale.STYLE, args.root, "export vale", given=out)
        elif args.what == "skill":
            writer = skill.SkillWriter(catalog, args.lang, lang_root, labels(args.lang)["export"]["guide_name"],
                                       skill.full_selection(catalog, args.lang))
            written = outdir.write_files(writer.skill_files(), out / writer.sel.name, args.root,
                                         f"export skill --lang {args.lang}", given=out)
        elif args.what == "llms":
            written = outdir.write_files(llms.site_files(catalog, args.lang, lang_root), out, args.root,
                                         f"export llms --lang {args.lang}")
        else:
            written = outdir.write_files(api.files(catalog, DEFAULT_LANG, settings.site_root_of(args.site_url)),
                                         out, args.root, "export api")
    except outdir.OutputError as err:
        return _fail(f"error: {err}", 2)
    return _written(args, written)


def cmd_team(args) -> int:
    """`team TEAM.yml [--out DIR]`: a team's own guide, Vale style, skill and selection (generator/export/team.py)
    as DIR (default build/team-<name>); 1 on bad input, 2 when DIR is refused or cannot be written."""
    from . import outdir
    from .data.catalog import load_catalog
    from .data.problems import DataError
    from .export import team
    from .i18n import labels

    out = Path("build") / f"team-{Path(args.file).stem}" if args.out is None else args.out
    try:
        outdir.check(out, args.root, owned=False)  # the place first, then the input, then whose folder it is
        outdir.check_input(args.file, out)
        outdir.check(out, args.root)
        if not Path(args.file).is_file():
            return _fail(f"{args.file}: no such file", 1)
        try:
            catalog = load_catalog(args.root)
            selection = team.load_team(args.file, catalog)
        except DataError as err:
            return _fail(err.report(outcome="nothing was written"), 1)
        files = team.team_files(selection, catalog, settings.site_root_of(args.site_url),
                                labels(selection.lang)["export"]["guide_name"])
        written = outdir.write_files(files, out, args.root, "team")
    except outdir.OutputError as err:
        return _fail(f"error: {err}", 2)
    return _written(args, written)


def main(argv: list[str] | None = None) -> int:
    """Parse argv (sys.argv[1:] when None) and run one command; returns its exit status (argparse exits 2 itself)."""
    parser = argparse.ArgumentParser(prog="python -m generator", description="Karpathy style guide: data tools")
    parser.add_argument("--root", type=Path, default=Path("."), help="project root (default: .)")
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check every data file, report every problem")
    validate.add_argument("--format", choices=("text", "github"), default=None,
                          help="github: ::error annotations (the default when GITHUB_ACTIONS=true)")
    validate.set_defaults(run=cmd_validate)
    sub.add_parser("schema", help="write the JSON Schema files editors use").set_defaults(run=cmd_schema)
    new = sub.add_parser("new", help="scaffold patterns/<id>.yml")
    new.add_argument("id")
    new.set_defaults(run=cmd_new)
    ren = sub.add_parser("rename", help="rename a pattern, topic or quote id everywhere; the old id goes in former_ids")
    ren.add_argument("kind", choices=("pattern", "topic", "quote"), nargs="?")
    ren.add_argument("old", nargs="?")
    ren.add_argument("new", nargs="?")
    ren.add_argument("--recover", action="store_true",
                     help="put back the files of a rename that was killed before it finished")
    ren.set_defaults(run=cmd_rename)
    build = sub.add_parser("build", help="strict build into a temporary folder, then swap it in as site/")
    build.add_argument("--config-file", type=Path, help="the site's config (default: mkdocs.yml under --root)")
    build.add_argument("--site-dir", type=Path, help="where the site goes (default: site/ under --root)")
    build.add_argument("--no-strict", action="store_true")
    build.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs",
                       help="the Material engine that builds the generated folder (default: mkdocs)")
    build.set_defaults(run=cmd_build)
    urls_cmd = sub.add_parser("urls", help="check (or --update) published-urls.txt, every pattern URL ever published")
    mode = urls_cmd.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="fail if a published URL no longer resolves (default)")
    mode.add_argument("--update", action="store_true", help="add the current pattern URLs, keep every old one")
    urls_cmd.add_argument("--base", metavar="REF",
                          help="also check every URL published-urls.txt listed at git ref REF (a pull request's base)")
    urls_cmd.set_defaults(run=cmd_urls)
    check_cli.add_parsers(sub)  # check, eval
    export = sub.add_parser("export", help="vale: a Vale style in OUT/Karpathy/; api: the site's api/ files; "
                            "skill: an agent skill folder OUT/<name>/; llms: llms.txt, the Markdown pages and downloads")
    export.add_argument("what", choices=("vale", "api", "skill", "llms"))
    export.add_argument("--out", type=Path, help="the folder to write (default: build/<what>, build/llms-<lang>); "
                        "vale and skill write a folder inside it. Replaced whole; refused when it is not ours")
    export.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG, help="skill, llms: language (default: en)")
    export.add_argument("--site-url", help=settings.SITE_URL_HELP)
    export.set_defaults(run=cmd_export)
    team = sub.add_parser("team", help="a team's subset of the guide from team.yml (README: A team's own guide)")
    team.add_argument("file", type=Path, metavar="TEAM_YML")
    team.add_argument("--out", type=Path, help="the folder to write (default: build/team-<TEAM_YML name>); "
                      "replaced whole; refused when it is not ours")
    team.add_argument("--site-url", help=settings.SITE_URL_HELP)
    team.set_defaults(run=cmd_team)
    args = parser.parse_args(argv)
    return args.run(args)


def check_main(argv: list[str] | None = None) -> int:
    """`karpathy-check DRAFT...`: the `check` command as its own program (the pre-commit hook's entry)."""
    return main(["check", *(sys.argv[1:] if argv is None else argv)])
