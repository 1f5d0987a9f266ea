"""Command line: `python -m generator validate | schema | new <id>`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .catalog import load_catalog
from .problems import DataError


def cmd_validate(args) -> int:
    try:
        catalog = load_catalog(args.root)
    except DataError as err:
        print(err.report(), file=sys.stderr)
        return 1
    print(f"ok: {len(catalog.patterns)} patterns, {len(catalog.quotes)} quotes, {len(catalog.topics)} topics")
    return 0


def cmd_schema(args) -> int:
    from .schema import write_schemas

    for path in write_schemas(args.root / "generator" / "schema"):
        print(f"wrote {path}")
    return 0


def cmd_new(args) -> int:
    from .scaffold import ScaffoldError, new_pattern

    try:
        path = new_pattern(args.root, args.id)
    except ScaffoldError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"wrote {path}: fill in every field, then run `python -m generator validate`")
    return 0


def cmd_build(args) -> int:
    from .sitebuild import build

    return build(args.config_file, args.site_dir, strict=not args.no_strict)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description="Karpathy style guide: data tools")
    parser.add_argument("--root", type=Path, default=Path("."), help="project root (default: .)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check every data file, report every problem").set_defaults(run=cmd_validate)
    sub.add_parser("schema", help="write the JSON Schema files editors use").set_defaults(run=cmd_schema)
    new = sub.add_parser("new", help="scaffold patterns/<id>.yml")
    new.add_argument("id")
    new.set_defaults(run=cmd_new)
    build = sub.add_parser("build", help="strict build into a temporary folder, then swap it in as site/")
    build.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"))
    build.add_argument("--site-dir", type=Path, default=Path("site"))
    build.add_argument("--no-strict", action="store_true")
    build.set_defaults(run=cmd_build)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
