"""Real tools judge the built site: axe-core, LinkChecker and the Nu HTML checker."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, fresh_page

AXE = ROOT / "node_modules/axe-core/axe.min.js"
VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
# One page of each type: home, pattern table, pattern page, map, topic index, gallery, quiz index, quizzes.
PAGE_TYPES = ["", "patterns/", "patterns/kind-of-like/", "patterns/map/", "topics/", "topics/llm-nature/", "quiz/",
              "quiz/name-that-pattern/", "quiz/spot-the-misuse/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["", "zh/"])
def test_axe_finds_no_violations(site, browser, scheme, lang):
    _, base = site
    with fresh_page(browser, color_scheme=scheme) as page:
        report = {}
        for path in PAGE_TYPES:
            response = page.goto(f"{base}{lang}{path}")
            # A missing page would pass axe too (a 404 page has rules to run): the page must exist.
            assert response.status == 200, f"{lang}{path}: HTTP {response.status}"
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("""axe.run(document).then(r => ({
                rules: r.passes.length + r.violations.length + r.incomplete.length + r.inapplicable.length,
                violations: r.violations.map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))
            }))""")
            assert result["rules"] > 50
            if result["violations"]:
                report[lang + path] = result["violations"]
    assert report == {}


@pytest.mark.build  # its site fixtures are looked up by name, which the layer marking cannot see
@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_no_broken_links_or_anchors(engine, request, tmp_path):
    _, base = request.getfixturevalue("site" if engine == "mkdocs" else "zensical_site")
    config = tmp_path / "linkcheckerrc"
    config.write_text("[checking]\nthreads=8\nmaxrequestspersecond=1000\n"
                      "[filtering]\ncheckextern=0\n[AnchorCheck]\n", encoding="utf-8")
    result = subprocess.run(
        [str(Path(sys.executable).parent / "linkchecker"), "--config", str(config), "--no-status",
         "--no-warnings", base, f"{base}zh/"],
        capture_output=True, text=True, encoding="utf-8", timeout=600,
    )
    summary = re.search(r"(\d+) links? in (\d+) URLs? checked", result.stdout)
    assert summary, result.stdout[-2000:] + result.stderr[-2000:]
    assert int(summary.group(2)) > 100  # both languages were crawled, not just two start pages
    assert result.returncode == 0, result.stdout[-4000:]
    assert "0 errors found" in result.stdout


# Errors in Material's own base template, not in ours: its hidden toggles carry
# autocomplete="off", and the TOC title label points at a toggle the page omits.
MATERIAL_OWN = [
    ("Attribute “autocomplete” is only allowed", 'class="md-toggle"'),
    ("The value of the “for” attribute of the “label” element", 'for="__toc"'),
]


def test_html_of_every_page_type_is_valid(site):
    out, _ = site
    files = [out / lang / path / "index.html" for lang in ("", "zh") for path in PAGE_TYPES]
    # vnu says nothing about a file it cannot find: every page must exist and hold a page.
    missing = [str(f.relative_to(out)) for f in files if not f.is_file() or b"<html" not in f.read_bytes()]
    assert missing == []
    # --verbose: vnu names on stdout each file it read (it says nothing about a file it cannot find)
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--verbose", "--errors-only", *map(str, files)],
                            capture_output=True, text=True, encoding="utf-8", timeout=600)
    messages = json.loads(result.stderr)["messages"]
    errors = [
        f"{m['url'].split('/site/')[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
        and not any(msg in m["message"] and extract in m.get("extract", "") for msg, extract in MATERIAL_OWN)
    ]
    assert errors == []
    assert sorted(result.stdout.split()) == sorted(map(str, files))
