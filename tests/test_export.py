"""The Vale style and the data API, generated from the data."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml
from catalog_factory import write_checker_catalog
from conftest import ROOT, run_cli, shipped_catalog

from generator.data.catalog import load_catalog
from generator.site import api

SITE = "http://example.test/"
VALE_LEVELS = {"suggestion", "warning", "error"}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return write_checker_catalog(tmp_path_factory.mktemp("export") / "project")


@pytest.fixture(scope="module")
def vale_dir(project, tmp_path_factory):
    out = tmp_path_factory.mktemp("vale")
    result = run_cli(project, "export", "vale", "--out", str(out), "--site-url", SITE)
    assert result.returncode == 0, result.stderr
    return out / "Karpathy"


def rules_in(folder):
    return {path.name: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.yml"))}


def go_regex(source: str) -> re.Pattern:
    """Vale runs Go's RE2: no lookaround, no backreferences. Python stands in for the rest."""
    assert not re.search(r"\(\?[=!<]|\\[1-9]", source), source
    return re.compile(source, re.IGNORECASE)


def test_vale_rules_are_valid_yaml_in_vales_format(vale_dir):
    rules = rules_in(vale_dir)
    assert set(rules) == {"PlainWords.yml", "PaddingWords.yml", "CertainPrediction.yml", "HedgedMeasurement.yml",
                          "LongParagraph.yml"}
    for name, rule in rules.items():
        assert isinstance(rule, dict), name
        assert rule["extends"] in {"substitution", "existence", "occurrence"}, name
        assert isinstance(rule["message"], str) and rule["message"], name
        assert rule["level"] in VALE_LEVELS, name
        assert rule["link"].startswith(SITE + "patterns/"), name
        if rule["extends"] == "substitution":
            assert rule["message"].count("%s") == 2
            assert rule["swap"] and all(isinstance(k, str) and isinstance(v, str) and v for k, v in rule["swap"].items())
            for key in rule["swap"]:
                go_regex(key)
        elif rule["extends"] == "existence":
            assert rule["tokens"] and all(isinstance(t, str) for t in rule["tokens"])
            for token in rule["tokens"]:
                go_regex(token)
        else:
            assert isinstance(rule["max"], int) and isinstance(rule["token"], str)


def test_vale_swaps_cover_every_form_of_a_business_word(vale_dir):
    rules = rules_in(vale_dir)
    assert (rules["PlainWords.yml"]["level"], rules["PaddingWords.yml"]["level"]) == ("warning", "suggestion")
    swap = {**rules["PlainWords.yml"]["swap"], **rules["PaddingWords.yml"]["swap"]}  # the two tiers

    def replacement(word):
        hits = [v for k, v in swap.items() if re.fullmatch(rf"\b(?:{k})\b", word, re.IGNORECASE)]
        assert len(hits) == 1, word
        return hits[0]

    assert replacement("utilized") == replacement("Utilizing") == "use"
    assert replacement("leveraging") == "use, build on"
    assert replacement("facilitates") == "help, let, make easier"
    assert replacement("deep dives") == "look closely"
    assert replacement("synergies") in rules["PlainWords.yml"]["swap"].values()


def test_vale_existence_rules_catch_what_the_checker_catches(vale_dir):
    rules = rules_in(vale_dir)

    def fires(name, sentence):
        return any(go_regex(t).search(sentence) for t in rules[name]["tokens"])

    assert fires("CertainPrediction.yml", "AGI will definitely arrive by 2030.")
    assert not fires("CertainPrediction.yml", "The cache is definitely faster.")
    assert fires("HedgedMeasurement.yml", "We measured it and it is maybe 2x faster.")
    assert not fires("HedgedMeasurement.yml", "We measured a 40% drop.")


# -- the data API ---------------------------------------------------------------------


def validate_all(files: dict[str, str]) -> dict[str, dict]:
    docs = {}
    for name in ("patterns", "quotes", "topics", "check-rules"):
        data = json.loads(files[f"api/{name}.json"])
        schema = json.loads(files[f"api/schema/{name}.json"])
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.validate(data, schema)
        # check-rules: rules of phrases since issue 14; the data: typed relations since issue 16
        assert data["schema_version"] == 2
        docs[name] = data
    jsonschema.Draft202012Validator.check_schema(json.loads(files["api/schema/check.json"]))
    return docs


def test_api_files_validate_against_their_schemas(project):
    catalog = load_catalog(project)
    docs = validate_all(api.files(catalog, "en", SITE))
    pattern = next(p for p in docs["patterns"]["patterns"] if p["id"] == "plain-words")
    assert pattern["url"] == f"{SITE}patterns/plain-words/"
    assert pattern["quotes"] == ["q-plain-words"]
    kind_of_like = next(p for p in docs["patterns"]["patterns"] if p["id"] == "kind-of-like")
    assert "kind of like" in kind_of_like["signals"]["en"] and "有点像" in kind_of_like["signals"]["zh"]
    # relations come out both ways: the other pattern's file states this one
    assert set(pattern["relations"]) == {"complements", "contrasts_with", "often_confused_with"}
    assert "related" not in pattern
    assert [p["id"] for p in docs["patterns"]["patterns"]] == sorted(catalog.patterns)
    quote = docs["quotes"]["quotes"][0]
    assert quote["topic"] == "alpha" and quote["url"] == f"{SITE}topics/alpha/#{quote['id']}"
    assert docs["topics"]["topics"][0]["quotes"] == [q["id"] for q in docs["quotes"]["quotes"]]


def test_api_schemas_refuse_what_readers_could_not_use(project):
    files = api.files(load_catalog(project), "zh", SITE + "zh/")
    data = json.loads(files["api/patterns.json"])
    schema = json.loads(files["api/schema/patterns.json"])
    assert data["lang"] == "zh" and data["patterns"][0]["url"].startswith(SITE + "zh/patterns/")
    assert schema["$id"] == f"{SITE}zh/api/schema/patterns.json"
    for broken in ({**data, "schema_version": 1}, {**data, "patterns": [{"id": "x"}]}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)


def test_the_shipped_data_makes_valid_api_files():
    validate_all(api.files(shipped_catalog(), "en", SITE))


def test_export_api_writes_the_same_files(project, tmp_path):
    result = run_cli(project, "export", "api", "--out", str(tmp_path), "--site-url", SITE)
    assert result.returncode == 0, result.stderr
    expected = api.files(load_catalog(project), "en", SITE)
    assert {p.relative_to(tmp_path).as_posix(): p.read_text(encoding="utf-8")
            for p in tmp_path.rglob("*.json")} == expected


def test_api_files_carry_the_licence_of_our_data_and_say_the_quotes_are_his(project):
    """issue 24: teams reuse the API; each data file says what they may do with it."""
    files = api.files(load_catalog(project), "en", SITE)
    for name in ("patterns", "quotes", "topics"):
        data = json.loads(files[f"api/{name}.json"])
        assert data["license"] == "CC-BY-4.0", name
        assert "Karpathy's words" in data["license_note"] and "creativecommons.org" in data["license_note"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert "CC BY 4.0" in (ROOT / "LICENSE-content").read_text(encoding="utf-8")


def test_api_notes_link_quotes_by_url_not_by_internal_scheme():
    files = api.files(shipped_catalog(), "en", SITE)
    quotes = json.loads(files["api/quotes.json"])["quotes"]
    notes = [q["source"]["note"]["en"] for q in quotes if q["source"].get("note")]
    assert not any("](quote:" in n for n in notes)
    assert any(f"]({SITE}topics/" in n for n in notes)
