"""Hostile and broken contributions: refused precisely, or rendered with nothing live."""

from __future__ import annotations

import functools

import markdown
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from hostile_corpus import CASES, SAFE

from generator.data.catalog import load_catalog
from generator.data.problems import DataError
from generator.site.render import render_pages

@functools.cache
def build_markdown_config() -> tuple[list, dict]:
    """The Markdown extensions and their settings of the real build, read by MkDocs from mkdocs.yml."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return list(config.markdown_extensions), dict(config.mdx_configs)


def rendered_html(root) -> str:
    extensions, configs = build_markdown_config()
    pages = render_pages(load_catalog(root), "en") + render_pages(load_catalog(root), "zh")
    return "\n".join(markdown.markdown(p.content.split("---", 2)[-1] if p.content.startswith("---") else p.content,
                                       extensions=extensions, extension_configs=configs) for p in pages)


def live_script(html: str) -> list[str]:
    """Everything in the HTML that could run script."""
    found = []
    doc = BeautifulSoup(html, "html.parser")
    for tag in doc.find_all(True):
        if tag.name == "svg":
            # the pattern map's size follows the names in it: record which attributes, not their values
            # (event attributes and script URLs inside are caught below, like everywhere else)
            found.append(f"svg {sorted(tag.attrs)}")
        elif tag.name in ("script", "iframe", "object", "embed", "img", "style", "base", "form", "meta", "link"):
            found.append(str(tag)[:80])
        for attr, value in tag.attrs.items():
            if attr.lower().startswith("on"):
                found.append(f"{tag.name} {attr}")
            if attr in ("href", "src", "action", "formaction", "xlink:href"):
                url = "".join(value if isinstance(value, str) else value).strip().lower()
                if url.startswith(("javascript:", "data:", "vbscript:")):
                    found.append(f"{tag.name} {attr}={url[:40]}")
    return found


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    """What our own templates contain (a form, say); contributed text may add nothing to it."""
    from catalog_factory import write_catalog

    return sorted(live_script(rendered_html(write_catalog(tmp_path_factory.mktemp("base")))))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_contribution(case, mini, baseline):
    (mini / case.file).parent.mkdir(parents=True, exist_ok=True)
    (mini / case.file).write_bytes(case.content)
    if case.expect == SAFE:
        html = rendered_html(mini)
        assert sorted(live_script(html)) == baseline
        return
    with pytest.raises(DataError) as info:
        load_catalog(mini)
    messages = [str(p) for p in info.value.problems]
    if case.exact:
        wanted = [f"{(rest or [case.file])[0]}" + (f":{line}: " if line else ": ") + (f"field '{field}': " if field else "") + message
                  for line, field, message, *rest in case.expect]
        assert sorted(messages) == sorted(wanted)
        return
    for line, field, fragment in case.expect:
        where = f"{case.file}:{line}: " if line else f"{case.file}:"
        label = f"field '{field}': " if field else ""
        assert any(m.startswith(where) and f"{label}{fragment}" in m for m in messages), (
            f"expected {where}...{label}{fragment}\ngot:\n" + "\n".join(messages))


def test_corpus_size():
    # The note on the hardening issue reports this number; keep the corpus growing, not shrinking.
    assert len(CASES) >= 50
