from __future__ import annotations

import json
from pathlib import Path

from rightskit import scan
from rightskit.sources.jsondata import flatten_record


def test_flatten_paths() -> None:
    out: dict = {}
    flatten_record({"a": {"b": [{"c": 1}, {"c": 2}]}, "d": None, "e": [True, "x"]}, out)
    assert out == {"a.b[].c": ["1", "2"], "d": [None], "e[]": ["true", "x"]}


def test_json_array_and_wrapper(tmp_path: Path, gen) -> None:
    records = [{"person": {"email": gen.email(), "phones": [gen.phone()]}} for _ in range(30)]
    (tmp_path / "plain.json").write_text(json.dumps(records), encoding="utf-8")
    (tmp_path / "wrapped.json").write_text(json.dumps({"meta": {"n": 30}, "data": records}), encoding="utf-8")
    result = scan(tmp_path)
    for name in ("plain.json", "wrapped.json"):
        fields = {f.field: f.entity_type for f in result.findings if f.path.endswith(name)}
        assert fields == {"person.email": "EMAIL_ADDRESS", "person.phones[]": "PHONE_NUMBER"}


def test_jsonl_nested_and_geojson(tmp_path: Path, gen) -> None:
    lines = [json.dumps({"citizen": {"egn": gen.egn(), "name": gen.name()}, "n": i}) for i in range(40)]
    (tmp_path / "signals.jsonl").write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    geo = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"stop": "Сердика"}, "geometry": {"type": "Point", "coordinates": [23.3, 42.7]}}
    ] * 5}  # fmt: skip
    (tmp_path / "stops.geojson").write_text(json.dumps(geo), encoding="utf-8")
    result = scan(tmp_path)
    formats = {s.path.rsplit("/", 1)[-1]: s.format for s in result.sources}
    assert formats == {"signals.jsonl": "jsonl", "stops.geojson": "geojson"}
    fields = {(f.path.rsplit("/", 1)[-1], f.field, f.entity_type) for f in result.findings}
    assert fields == {("signals.jsonl", "citizen.egn", "BG_EGN"), ("signals.jsonl", "citizen.name", "PERSON")}


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('[{"a": 1},\n {"a": }]', encoding="utf-8")
    result = scan(path)
    assert result.has_errors
    assert result.sources[0].errors == [f"{path} (line 2, column 8): invalid JSON (Expecting value)"]


def test_invalid_jsonl_line_is_an_error_and_the_rest_is_scanned(tmp_path: Path, gen) -> None:
    lines = [json.dumps({"email": gen.email()}) for _ in range(20)]
    lines.insert(5, '{"email": "broken')
    path = tmp_path / "x.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = scan(path)
    assert result.sources[0].errors == [f"{path} (line 6): invalid JSON (Invalid control character at)"]
    assert [f.entity_type for f in result.findings] == ["EMAIL_ADDRESS"]
