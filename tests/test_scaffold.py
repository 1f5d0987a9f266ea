"""`python -m generator new <id>`: a complete, commented scaffold that cannot ship as it is."""

from __future__ import annotations

import pytest
import yaml
from catalog_factory import dump, pattern, quote
from conftest import run_cli

from generator.data.catalog import load_catalog
from generator.data.models import Pattern
from generator.data.problems import DataError
from generator.data.scaffold import ScaffoldError, scaffold

run = run_cli


def test_scaffold_has_every_field_and_the_schema_line(mini):
    result = run(mini, "new", "fresh-idea")
    assert result.returncode == 0, result.stderr
    path = mini / "patterns/fresh-idea.yml"
    assert str(path) in result.stdout
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../generator/data/schema/pattern.schema.json"
    data = yaml.safe_load(text)
    assert list(data) == list(Pattern.model_fields)  # every field, in the model's order
    assert data["id"] == "fresh-idea"
    # every field has a comment above it (or is inside a commented block)
    for field in Pattern.model_fields:
        line = next(i for i, t in enumerate(text.splitlines()) if t.startswith(f"{field}:"))
        assert text.splitlines()[line - 1].startswith("#"), f"no comment above '{field}'"


def test_scaffold_does_not_validate_as_it_is(mini):
    assert run(mini, "new", "fresh-idea").returncode == 0
    with pytest.raises(DataError) as info:
        load_catalog(mini)
    found = [str(p) for p in info.value.problems]
    assert all(m.startswith("patterns/fresh-idea.yml:") for m in found), found
    todo = [m for m in found if "still says TODO, the placeholder" in m]
    # name, summary, definition, note, effect, when_to_use, when_not_to_use, 6 graded, 3 rewrites,
    # its why, 3 how-to-apply steps: 20 texts x 2 languages
    assert len(todo) == 40
    # the ids it leaves say what to write, not that TODO-quote-id is not kebab-case
    for field, placeholder in (("examples[0].quote", "TODO-quote-id"), ("topics[0]", "TODO-topic-id")):
        assert any(m.endswith(f"field '{field}': still says {placeholder}, the placeholder from "
                              "`python -m generator new`: write the id") for m in found), found
    assert not [m for m in found if "kebab-case" in m]


def test_filled_in_scaffold_validates(mini):
    assert run(mini, "new", "fresh-idea").returncode == 0
    path = mini / "patterns/fresh-idea.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("TODO-quote-id", "q-one").replace("TODO-topic-id", "alpha").replace("TODO", "Written")
    path.write_text(text, encoding="utf-8")
    data = yaml.safe_load((mini / "content/quotes/alpha.yml").read_text(encoding="utf-8"))
    data["quotes"][0]["patterns"].append("fresh-idea")
    dump(mini / "content/quotes/alpha.yml", data)
    assert "fresh-idea" in load_catalog(mini).patterns


@pytest.mark.parametrize(
    "bad", ["Fresh-Idea", "fresh_idea", "fresh--idea", "-fresh", "fresh-", "fresh idea", "x" * 65, ""]
)
def test_refuses_an_id_that_is_not_kebab_case(mini, bad):
    with pytest.raises(ScaffoldError, match="kebab-case"):
        scaffold(mini, bad)
    assert sorted(p.stem for p in (mini / "patterns").glob("*.yml")) == [
        "first-pattern",
        "second-pattern",
        "third-pattern",
    ]


def test_refuses_an_existing_id_and_leaves_the_file_alone(mini):
    before = (mini / "patterns/first-pattern.yml").read_bytes()
    result = run(mini, "new", "first-pattern")
    assert result.returncode == 1
    assert result.stderr == "error: patterns/first-pattern.yml already exists\n"
    assert (mini / "patterns/first-pattern.yml").read_bytes() == before


def test_refuses_a_former_id(mini):
    dump(
        mini / "patterns/third-pattern.yml",
        pattern("third-pattern", quote="q-three", topics=["beta"], former_ids=["old-third"]),
    )
    load_catalog(mini)  # the rename itself is valid
    result = run(mini, "new", "old-third")
    assert result.returncode == 1
    assert "'old-third' is a former id listed in patterns/third-pattern.yml" in result.stderr
    assert not (mini / "patterns/old-third.yml").exists()


def test_todo_is_refused_in_our_prose_but_not_in_a_verbatim_quote(mini):
    data = yaml.safe_load((mini / "content/quotes/alpha.yml").read_text(encoding="utf-8"))
    data["quotes"][0] = quote("q-one", ["first-pattern", "second-pattern"])
    data["quotes"][0]["text"] = "TODO: write the loss function. (a real code comment, quoted)"
    dump(mini / "content/quotes/alpha.yml", data)
    load_catalog(mini)
    dump(
        mini / "patterns/first-pattern.yml",
        pattern("first-pattern", complements=["second-pattern"], effect={"en": "Fine.", "zh": "TODO 以后再写"}),
    )
    with pytest.raises(DataError) as info:
        load_catalog(mini)
    assert [p.field for p in info.value.problems] == ["effect.zh"]


def test_new_adds_the_pattern_urls_to_the_manifest(mini):
    # CI runs `urls --check`; a new pattern whose URLs are not listed used to fail it.
    from generator.data.manifest import MANIFEST, read_manifest

    assert run(mini, "urls", "--update").returncode == 0
    before = read_manifest(mini / MANIFEST)
    result = run(mini, "new", "fresh-idea")
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == "added its URLs to published-urls.txt"
    after = read_manifest(mini / MANIFEST)
    assert len(after) == len(before) + 4  # each language's page and its Markdown twin, as `urls --update` lists them
    assert set(after) == set(before) | {"patterns/fresh-idea/", "zh/patterns/fresh-idea/",
                                        "patterns/fresh-idea.md", "zh/patterns/fresh-idea.md"}


def test_refuses_a_reserved_id_before_writing_anything(mini):
    # patterns/index/ is the pattern table itself: refused up front, not after the contributor filled in 35 fields
    before = sorted(p.name for p in (mini / "patterns").iterdir())
    result = run(mini, "new", "index")
    assert result.returncode == 1
    assert "'index' is reserved: its page would take the place of the site's own page /patterns/" in result.stderr
    assert sorted(p.name for p in (mini / "patterns").iterdir()) == before
