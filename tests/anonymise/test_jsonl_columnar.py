"""JSON Lines through Arrow: the same bytes as Python's json, and lines Python must handle are recognised."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pyarrow as pa
import pytest

from rightskit.anonymise import jsonl_columnar as jc

# Texts that exercise every escape json.dumps makes (and the characters it leaves alone with ensure_ascii=False).
AWKWARD = ["", "plain", 'say "hi"', "back\\slash", "new\nline", "tab\tcr\r", "\b\f", "\x00\x01\x1f", "\x7f",
           "Обаждане от 0888", "\u2028 \u2029", "😀 emoji", "[EMAIL_ADDRESS_qhzkbwam]", "\\u0041"]  # fmt: skip


def _records(seed: int, count: int) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        out.append({
            "id": i * rng.choice([1, -1]),
            "text": rng.choice(AWKWARD) + rng.choice(AWKWARD),
            "maybe": rng.choice([None, "x", 'y"']),
            "flag": rng.choice([True, False, None]),
            "nothing": None,
            "ключ \"с\" кавички": rng.choice(AWKWARD),
        })  # fmt: skip
    return out


@pytest.mark.parametrize("layout", sorted(jc.LAYOUTS))
def test_records_are_encoded_byte_for_byte_as_json_dumps(layout: str) -> None:
    records = _records(1, 400)
    separators = jc.LAYOUTS[layout]
    expected = [json.dumps(r, ensure_ascii=False, separators=separators) + "\n" for r in records]
    data = "".join(expected).encode("utf-8")
    table = jc.read_table(data, jc.schema_of(records))
    assert table is not None and table.num_rows == len(records)
    columns = jc.table_columns(table)
    encoded = jc.encode_records(columns, layout, table.num_rows, escape=columns)
    assert encoded is not None and encoded.to_pylist() == expected
    plain = jc.canonical(jc.line_array(data), table, layout, escape=jc.has_escapes(data))
    assert plain is not None and all(plain.to_pylist())
    assert jc.layout_of(expected[0].encode()) == layout


def test_no_key_at_all_is_an_empty_object_per_row() -> None:
    assert jc.encode_records({}, "python", 3).to_pylist() == ["{}\n"] * 3


# After a first line {"id": 7, "text": "b"}: which of the two lines is exactly json.dumps of its record.
SECOND_LINES = [
    ('{"id": 1, "text": "\\u0436"}', [True, False]),  # an escaped letter json.dumps would write as itself
    ('{"id": 1,  "text": "a"}', [True, False]),  # another spacing
    ('{"text": "a", "id": 1}', [True, False]),  # another key order
    ('{"id": 1}', [True, False]),  # a missing key, which Arrow reads as null
    ('{"id": 1, "text": null, "extra": "e"}', [False, True]),  # a new key: now the first line misses one
    ('{"id": -0, "text": "a"}', [True, False]),  # a number json.dumps writes otherwise
    ('{"id": 1, "text": "a"} ', [True, False]),  # trailing white space
    ('{"id":1,"text":"a"}', [True, False]),  # the compact layout in a file of the other
    ('{"id": 1, "text": "\\/"}', [True, False]),  # an escaped slash
]


@pytest.mark.parametrize(("line", "expected"), SECOND_LINES)
def test_only_lines_written_as_json_dumps_writes_them_are_canonical(line: str, expected: list[bool]) -> None:
    first = '{"id": 7, "text": "b"}'
    data = (first + "\n" + line + "\n").encode("utf-8")
    table = jc.read_table(data, jc.schema_of([json.loads(first)]))
    assert table is not None
    plain = jc.canonical(jc.line_array(data), table, "python", escape=jc.has_escapes(data))
    assert plain is not None and plain.to_pylist() == expected
    for text, is_plain in zip((first, line), expected, strict=True):
        assert not is_plain or json.dumps(json.loads(text), ensure_ascii=False) == text


@pytest.mark.parametrize(
    "data",
    [b'{"a": 1.5}\n', b'{"a": {"b": 1}}\n', b'{"a": [1]}\n', b'{"a": 99999999999999999999}\n', b'{"a": NaN}\n'],
)
def test_types_not_encoded_here_leave_the_range_to_python(data: bytes) -> None:
    table = jc.read_table(data, pa.schema([]))
    assert table is None or jc.canonical(jc.line_array(data), table, "python", escape=True) is None


def test_text_that_looks_like_a_date_stays_text() -> None:
    records = [{"created": "2025-06-15T11:14", "day": "2024-01-01"}]
    data = (json.dumps(records[0]) + "\n").encode()
    table = jc.read_table(data, jc.schema_of(records))
    assert table is not None and table.to_pylist() == records


def _release(src: Path, out: Path, plan, release_key: bytes, cpus: int, monkeypatch) -> tuple[bytes, dict]:
    import os

    from rightskit.anonymise.release import anonymise

    monkeypatch.setattr(os, "cpu_count", lambda: cpus)
    manifest = anonymise([str(src)], str(out), plan, release_key=release_key)
    return (out / src.name).read_bytes(), manifest.files[0].model_dump(exclude={"output_sha256"})


def _messy_lines(separators: tuple[str, str]) -> list[str]:
    """Records most of which Arrow releases, with every kind of line Python must take in between."""
    from tests.helpers import Gen

    gen = Gen(5)
    districts = ["Лозенец", "Младост", "Люлин"]
    lines = []
    for i in range(900):
        record = {"id": i, "egn": gen.egn(), "district": districts[i % 3] if i % 60 else "Банкя",
                  "note": f"Обаждане от {gen.phone()}" + (' "спешно"\n' if i % 7 == 0 else ""),
                  "ok": i % 2 == 0, "tag": None if i % 5 else "x"}  # fmt: skip
        if i % 97 == 0:
            del record["tag"]  # a missing key
        if i % 89 == 0:
            record = {"note": record.pop("note"), **record}  # another key order
        text = json.dumps(record, ensure_ascii=i % 101 == 0, separators=separators)
        lines.append(text)
        if i % 250 == 0:
            lines.append("")  # a blank line
    lines[400] = lines[400].replace('"ok": ', '"ok":   ')  # another spacing
    lines[600] = json.dumps({"id": 600, "district": "Люлин", "note": "x", "score": 1.5})  # a float
    return lines


@pytest.mark.parametrize("separators", [(", ", ": "), (",", ":")])
@pytest.mark.parametrize("chunk", [512, 4096, 1 << 20])
def test_arrow_release_equals_the_python_release(tmp_path: Path, monkeypatch, separators, chunk: int) -> None:
    from rightskit.anonymise.keys import new_key
    from rightskit.models.release import FieldPlan, Plan
    from rightskit.sources import jsonl_chunks

    src = tmp_path / "signals.jsonl"
    src.write_text("\n".join(_messy_lines(separators)) + "\n", encoding="utf-8")
    fields = [
        FieldPlan(field="egn", role="direct_identifier", action="drop", entity="BG_EGN"),
        FieldPlan(field="district", role="quasi_identifier", action="generalise", hierarchy="builtin:star"),
        FieldPlan(field="note", role="other", action="redact_text", entity="PHONE_NUMBER"),
        FieldPlan(field="tag", role="other", action="suppress"),
    ]
    plan = Plan(k=20, max_suppression=0.05, inputs={str(src): fields})
    key = new_key()
    monkeypatch.setattr(jsonl_chunks, "CHUNK_BYTES", chunk)
    python, python_record = _release(src, tmp_path / "one", plan, key, 1, monkeypatch)
    arrow, arrow_record = _release(src, tmp_path / "many", plan, key, 2, monkeypatch)
    assert arrow == python
    assert arrow_record == python_record
    assert python_record["rows_out"] == 885  # the rare district's 15 records are suppressed
    text = python.decode("utf-8")
    assert "[PHONE_NUMBER_" in text and '"egn"' not in text and '\\"спешно\\"\\n' in text


def test_a_broken_line_among_arrow_lines_is_named(tmp_path: Path, monkeypatch) -> None:
    from click.testing import CliRunner

    from rightskit.cli.main import cli

    lines = [json.dumps({"id": i, "email": f"u{i}@example.bg"}) for i in range(50)]
    lines[30] = '{"id": 30, "email": "u30@example.bg"'
    src = tmp_path / "broken.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    result = CliRunner().invoke(cli, ["anonymise", str(src), "-o", str(tmp_path / "out"), "--k", "2"])
    assert result.exit_code == 2 and "broken.jsonl" in result.output and "line 31" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("separators", [(", ", ": "), (",", ":")])
def test_a_range_of_mostly_plain_lines_is_released_by_arrow(tmp_path: Path, separators) -> None:
    """The equality above would hold if every range went to Python: here the Arrow path is seen to run."""
    from rightskit.anonymise.keys import new_key
    from rightskit.anonymise.release import release_context
    from rightskit.anonymise.release.generalise import Generalised
    from rightskit.anonymise.release.writers import jsonl_parallel as jsonl_release
    from rightskit.models.release import FieldPlan, Plan

    src = tmp_path / "signals.jsonl"
    src.write_text("\n".join(_messy_lines(separators)[:200]) + "\n", encoding="utf-8")
    fields = [FieldPlan(field="egn", role="direct_identifier", action="drop", entity="BG_EGN"),
              FieldPlan(field="note", role="other", action="redact_text", entity="PHONE_NUMBER")]  # fmt: skip
    plan = Plan(k=2, inputs={str(src): fields})
    state = jsonl_release._STATE
    state.update(plan={f.field: f for f in fields}, ctx=release_context(plan, None, new_key()), g=Generalised(),
                 **jsonl_release._head_facts(src))  # fmt: skip
    try:
        changed = dict.fromkeys(state["plan"], 0)
        released = jsonl_release._release_columnar(str(src), 0, src.read_bytes(), 0, changed)
    finally:
        state.clear()
    assert released is not None
    data, _changed, rows = released
    assert rows == 199 and changed["egn"] == 199  # one blank line among 200
    assert all('"egn"' not in line and "0888" not in line for line in data.decode("utf-8").splitlines())
