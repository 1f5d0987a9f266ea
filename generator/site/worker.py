"""A process that runs `mkdocs build` for each job it reads: the Chinese site (mkdocs.zh.yml, whose
plugin generates its pages), beside the English build. Under `mkdocs serve` it is kept, so each
rebuild starts with MkDocs, Material, jieba's dictionary and the generator loaded.

    python -m generator.site.worker      stdin: one job per line, {"config", "site_dir", "site_url", "strict",
                                                                     "dirty", "root", "folder", "catalog"}
                                         stdout: one line per job, plugin.RESULT + {"ok": bool, "message": str}

MkDocs's messages go to stderr, as a build's do. The process ends when stdin closes.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import pickle
import sys
import traceback


def main() -> None:
    from mkdocs.__main__ import ColorFormatter
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from . import plugin  # the Chinese build's plugin, loaded while the English build reads the data

    handler = logging.StreamHandler(sys.stderr)
    # As `mkdocs build` itself: colours and wrapping on a terminal only, so a log or a pipe gets whole lines.
    plain = not sys.stdout.isatty() or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb"
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s") if plain else ColorFormatter())
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    for line in sys.stdin:
        job = json.loads(line)
        plugin.use_folder(job["root"], job["folder"])  # the starting build's folder, which that build removes
        try:
            config = load_config(job["config"], site_dir=job["site_dir"], site_url=job["site_url"],
                                 strict=job["strict"])
            # the starting build's checked catalog (pickled): not loaded a second time
            config.plugins["karpathy-style"].given_catalog = pickle.loads(base64.b64decode(job["catalog"]))
            # Material's search keeps the entries of the pages a dirty build skips (its on_startup)
            config.plugins.on_startup(command="serve" if job["dirty"] else "build", dirty=job["dirty"])
            build(config, dirty=job["dirty"])
            result = {"ok": True, "message": ""}
        except MkDocsException as err:  # Abort (strict warnings), PluginError, ConfigurationError
            result = {"ok": False, "message": str(err)}
        except Exception:  # noqa: BLE001 - the parent reports it; the next job gets a fresh try
            result = {"ok": False, "message": traceback.format_exc()}
        sys.stdout.write(plugin.RESULT + json.dumps(result) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # Ctrl-C reaches the whole process group; serve reports the stop itself
        sys.exit(130)
