from __future__ import annotations

import json
from pathlib import Path

import pytest

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
    assert result.sources[0].errors == [f"{path} (line 6): invalid JSON (Unterminated string starting at)"]
    assert [f.entity_type for f in result.findings] == ["EMAIL_ADDRESS"]


def _random_records(seed: int) -> list[dict]:
    import random

    rng = random.Random(seed)
    scalars = [None, True, False, 0, -7, 2**70, 1.5, 2.0, "", "текст", "0888 123 456"]
    kinds = {
        "s": lambda: rng.choice(["a", "Иван", "", None]),
        "i": lambda: rng.choice([1, -2, 10**12, None]),
        "b": lambda: rng.choice([True, False, None]),
        "mixed": lambda: rng.choice(scalars),
        "nested": lambda: {"x": rng.choice(scalars), "y": [rng.choice(scalars) for _ in range(rng.randint(0, 2))]},
        "list": lambda: [{"z": rng.choice(scalars)} for _ in range(rng.randint(0, 2))],
    }
    return [{key: make() for key, make in kinds.items()} for _ in range(300)]


@pytest.mark.parametrize("seed", range(5))
def test_records_with_the_same_keys_take_the_columnar_path_with_the_same_result(seed: int) -> None:
    from rightskit.sources.base import RecordList
    from rightskit.sources.jsondata import flatten_record, records_to_fields

    records = _random_records(seed)
    expected: dict[str, list] = {}
    for record in records:
        flatten_record(record, expected)
    got = {path: column.values.to_pylist() for path, column in records_to_fields(RecordList(records)).items()}
    assert got == expected
    assert {"s", "i", "b", "mixed", "nested.x", "nested.y[]", "list[].z"} <= set(got)


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1}\n{"a": 2}\n{"a": 3}',  # no newline at the end
        '\n{"a": 1}\n\n\n{"a": 2}\n',  # empty lines, one first
        '{"a": 1}\n   \n\t\n{"a": 2}\r\n\x0c\n',  # lines of white space; a CRLF line
        '  {"a": 1}\n{"a": 2}\n',  # a record indented
        '{"a": 1}\r\n{"a": 2}\r\n',  # CRLF throughout
    ],
)
@pytest.mark.parametrize("block", [3, 8, 1 << 20])
def test_json_lines_blocks_hold_every_non_blank_line_with_its_number(tmp_path: Path, monkeypatch, text, block) -> None:
    from rightskit.sources import jsondata

    path = tmp_path / "lines.jsonl"
    path.write_bytes(text.encode())
    monkeypatch.setattr(jsondata, "_BLOCK_BYTES", block)
    got = [(line.lineno, line.raw) for b in jsondata._line_batches(path) for line in b.take(range(len(b))).records]
    lines = text.encode().split(b"\n")
    assert got == [(i, line) for i, line in enumerate(lines, start=1) if line.strip()]
