"""JSON Schema files for editors, exported from the models (never hand-written)."""

from __future__ import annotations

import json
from pathlib import Path

from .checker import CheckerData
from .models import SCHEMAS as MODELS

SCHEMAS = {**MODELS, "checker": CheckerData}  # name -> model of generator/data/schema/<name>.schema.json


def schema_text(name: str) -> str:
    """The JSON Schema (draft 2020-12) of one data file kind, a key of models.SCHEMAS, as sorted JSON text."""
    schema = SCHEMAS[name].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write <name>.schema.json for every data model into folder; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / f"{name}.schema.json" for name in SCHEMAS]
    for name, path in zip(SCHEMAS, written):
        path.write_text(schema_text(name), encoding="utf-8")
    return written
