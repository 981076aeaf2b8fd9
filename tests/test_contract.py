"""The findings contract v1: the shipped JSON Schema is current and validates real output."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from rightskit import scan
from rightskit.models import Finding
from rightskit.models.publish import PUBLISHED, SCHEMA_DIR, load_schema, schema_text


def test_shipped_schemas_are_current() -> None:
    for name, model in PUBLISHED.items():
        assert (SCHEMA_DIR / name).read_text(encoding="utf-8") == schema_text(model), (
            f"{name} is stale: run python -m rightskit.models.publish"
        )


def test_output_validates_against_schema(people_csv: tuple[Path, list]) -> None:
    path, _rows = people_csv
    document = json.loads(scan(path).to_json())
    jsonschema.Draft202012Validator(load_schema("findings-v1.schema.json")).validate(document)
    assert document["schema_version"] == "1"
    assert {"sources", "findings", "facts", "rightskit_version"} <= document.keys()


def test_schema_rejects_a_broken_document() -> None:
    validator = jsonschema.Draft202012Validator(load_schema("findings-v1.schema.json"))
    assert not validator.is_valid({"schema_version": "2", "rightskit_version": "x"})


def test_fingerprint_is_stable_and_value_free() -> None:
    a = Finding.make_fingerprint("dataset", "data/x.csv", None, "email", "EMAIL_ADDRESS")
    b = Finding.make_fingerprint("dataset", "data\\x.csv", None, "email", "EMAIL_ADDRESS")
    c = Finding.make_fingerprint("dataset", "data/x.csv", None, "email2", "EMAIL_ADDRESS")
    assert a == b != c and len(a) == 20


def test_same_input_and_seed_give_identical_json(people_csv: tuple[Path, list]) -> None:
    path, _ = people_csv
    assert scan(path, seed=5, sample=20).to_json() == scan(path, seed=5, sample=20).to_json()


def test_entities_doc_is_current() -> None:
    from rightskit.detect.detector import default_detector
    from rightskit.detect.entities import entities_markdown

    doc = Path(__file__).parents[1] / "docs" / "entities.md"
    expected = entities_markdown(default_detector().entities)
    assert doc.read_text(encoding="utf-8") == expected, "run python -m rightskit.detect.entities"


def test_every_recognizer_and_lexicon_entity_is_in_the_vocabulary() -> None:
    import yaml

    from rightskit.detect.detector import default_detector

    known = set(default_detector().entities)
    assert {r.entity for r in default_detector().recognizers} <= known
    lexicon = yaml.safe_load((Path(__file__).parents[1] / "rightskit/detect/field_lexicon.yaml").read_text("utf-8"))
    assert set(lexicon["entities"]) <= known
