"""Each kind of bad contribution is refused with file:line:field messages, all at once."""

from __future__ import annotations

import textwrap

import pytest
import yaml
from catalog_factory import dump, pattern
from conftest import ROOT, run_cli

from generator.data.catalog import load_catalog
from generator.data.problems import DataError


def problems(root) -> list[str]:
    with pytest.raises(DataError) as info:
        load_catalog(root)
    return [str(p) for p in info.value.problems]


def write(root, rel, text):
    path = root / rel
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def pattern_yaml(pid="first-pattern", **overrides) -> str:
    overrides.setdefault("complements", ["second-pattern"])
    return yaml.safe_dump(pattern(pid, **overrides), allow_unicode=True, sort_keys=False)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_mini_catalog_is_valid(mini):
    catalog = load_catalog(mini)
    assert sorted(catalog.patterns) == ["first-pattern", "second-pattern", "third-pattern"]
    assert [q.id for q in catalog.quotes_for_pattern("first-pattern")] == ["q-one", "q-three"]


def test_malformed_yaml_names_the_line(mini):
    write(mini, "patterns/first-pattern.yml", """
        id: first-pattern
        name: {en: "unclosed, zh: x}
        summary: [a, b
    """)
    [msg] = problems(mini)
    assert msg == ("patterns/first-pattern.yml:2: field 'name': " 'the quote opened on line 2 is never closed: end the text with '
                   'the same quote it starts with, e.g. en: "text" (line 2 reads: name: {en: "unclosed, zh: x})')
    # the line of the mistake itself, not of the file (a loader that reports line 0 must fail here)
    write(mini, "patterns/first-pattern.yml", """
        id: first-pattern
        name: {en: x, zh: y}
        summary: two: colons
    """)
    [msg] = problems(mini)
    assert msg.startswith("patterns/first-pattern.yml:3: "), msg


def test_unknown_field_suggests_the_right_name(mini):
    text = pattern_yaml().replace("effect:", "efect:")
    write(mini, "patterns/first-pattern.yml", text)
    found = problems(mini)
    line = line_of(text, "efect:")
    # One cause, one problem: the misspelt key is not reported a second time as a missing one.
    assert found == [f"patterns/first-pattern.yml:{line}: field 'efect': unknown field (did you mean 'effect'?)"]


def test_wrong_type_and_missing_translation(mini):
    data = pattern("first-pattern", complements=["second-pattern"])
    data["summary"] = {"en": 12, "zh": "x"}
    data["name"] = {"en": "Only English"}
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    write(mini, "patterns/first-pattern.yml", text)
    found = problems(mini)
    assert f"patterns/first-pattern.yml:{line_of(text, 'en: 12')}: field 'summary.en': `12` was read as a number; put it in quotes: en: \"12\"" in found
    assert f"patterns/first-pattern.yml:{line_of(text, 'name:')}: field 'name.zh': required" in found


def test_empty_text_and_html_are_refused(mini):
    text = pattern_yaml(definition={"en": "   ", "zh": "<script>alert(1)</script>"})
    write(mini, "patterns/first-pattern.yml", text)
    found = problems(mini)
    assert any("field 'definition.en': must not be empty" in m for m in found)
    assert any("field 'definition.zh': HTML is not allowed" in m for m in found)


def test_id_must_equal_file_name_and_be_kebab_case(mini):
    write(mini, "patterns/first-pattern.yml", pattern_yaml("other-name"))
    assert any("field 'id': 'other-name' must equal the file name 'first-pattern'" in m for m in problems(mini))
    write(mini, "patterns/first-pattern.yml", pattern_yaml("First_Pattern"))
    assert any("field 'id': must be kebab-case" in m for m in problems(mini))


def test_dangling_references(mini):
    data = pattern("first-pattern", complements=["second-patern", "nowhere"], topics=["alpah"])
    data["examples"][0]["quote"] = "q-zero"
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    write(mini, "patterns/first-pattern.yml", text)
    found = problems(mini)
    assert f"patterns/first-pattern.yml:{line_of(text, '- second-patern')}: field 'relations.complements[0]': unknown pattern 'second-patern' (did you mean 'second-pattern'?)" in found
    assert any("field 'relations.complements[1]': unknown pattern 'nowhere'" in m for m in found)
    assert any("field 'topics[0]': unknown topic 'alpah' (did you mean 'alpha'?)" in m for m in found)
    assert any("field 'examples[0].quote': unknown quote 'q-zero'" in m for m in found)
    # quotes that named first-pattern still resolve; nothing else is reported
    assert len(found) == 4


def test_example_quote_must_list_the_pattern(mini):
    data = pattern("third-pattern", quote="q-two", topics=["beta"])
    dump(mini / "patterns" / "third-pattern.yml", data)
    found = problems(mini)
    assert any("field 'examples[0].quote': quote 'q-two' does not list 'third-pattern' in its patterns (content/quotes/alpha.yml:" in m for m in found)


def test_duplicate_keys_are_caught(mini):
    text = pattern_yaml()
    text += "effect: {en: again, zh: again}\n"
    write(mini, "patterns/first-pattern.yml", text)
    [msg] = problems(mini)
    assert msg == (f"patterns/first-pattern.yml:{len(text.splitlines())}: field 'effect': duplicate key "
                   f"(first set on line {line_of(text, 'effect:')})")


def test_python_tags_and_alias_bombs_are_refused(mini):
    write(mini, "patterns/first-pattern.yml", "id: !!python/object/apply:os.system ['echo hi']\n")
    [msg] = problems(mini)
    assert "YAML tag not allowed" in msg
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n" for i in range(9))
    write(mini, "patterns/first-pattern.yml", bomb)
    found = problems(mini)
    assert found and all("anchors and aliases" in m for m in found)


def test_duplicate_quote_ids_across_files(mini):
    data = yaml.safe_load((mini / "content/quotes/beta.yml").read_text(encoding="utf-8"))
    data["quotes"][0]["id"] = "q-one"
    dump(mini / "content/quotes/beta.yml", data)
    found = problems(mini)
    assert any(m.startswith("content/quotes/beta.yml:3: field 'quotes[0].id': duplicate quote id 'q-one' (also in content/quotes/alpha.yml)") for m in found)


def test_every_problem_is_reported_at_once(mini):
    write(mini, "patterns/first-pattern.yml", pattern_yaml().replace("effect:", "efect:"))
    write(mini, "patterns/second-pattern.yml", "id: [unclosed\n")
    (mini / "patterns/third-pattern.yml").write_bytes(b"id: caf\xe9\n")
    found = problems(mini)
    files = {m.split(":")[0] for m in found}
    assert files >= {"patterns/first-pattern.yml", "patterns/second-pattern.yml", "patterns/third-pattern.yml"}
    assert any("not UTF-8" in m for m in found)


def test_cli_exit_code_and_report(mini):
    ok = run_cli(mini, "validate")
    assert ok.returncode == 0, ok.stderr
    assert "3 patterns, 3 quotes, 2 topics" in ok.stdout
    write(mini, "patterns/first-pattern.yml", pattern_yaml().replace("effect:", "efect:"))
    bad = run_cli(mini, "validate")
    assert bad.returncode == 1
    assert "field 'efect': unknown field (did you mean 'effect'?)" in bad.stderr
    assert bad.stderr.strip().endswith("1 problem found.")
    assert "Traceback" not in bad.stderr


def test_the_shipped_data_is_valid():
    catalog = load_catalog(ROOT)
    assert 14 <= len(catalog.patterns) <= 18
    assert set(catalog.topics) == {"llm-nature", "programming-paradigms", "learning", "hype", "code"}


def test_an_empty_translation_says_so_in_words(mini):
    text = (mini / "content/quotes/alpha.yml").read_text(encoding="utf-8")
    import re as _re
    changed = _re.sub(r"(?m)^(\s+zh: ).*$", r'\1""', text, count=1)
    assert changed != text
    (mini / "content/quotes/alpha.yml").write_text(changed, encoding="utf-8")
    found = problems(mini)
    assert len(found) == 1 and found[0].endswith(".zh': is empty: write the text"), found
