"""Property-based fuzzing (issue 22) of the readers, the loaders of files people write and the SQL front-end:
whatever bytes they are given, they report a RightskitError (one line, exit 2 at the CLI) or a result; no other
exception escapes, and no planted value appears in a message. ``bench/hostile_stress.py`` runs the same idea
over a thousand files in separate processes with memory and time limits; these run in the test suite."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rightskit.errors import RightskitError
from rightskit.models import ScanResult

EGN = "7501010010"
EMAIL = "ivan.petrov@example.bg"
CSV = f'name,egn,email,note\nИван Петров,{EGN},{EMAIL},"тел. 0888 123 456"\nМария,7802020007,m@example.bg,ok\n'
JSONL = json.dumps({"name": "Иван Петров", "egn": EGN, "email": EMAIL}, ensure_ascii=False) + "\n"
SQL = f"CREATE TABLE people (id int, egn char(10) DEFAULT '{EGN}', email text);\nSELECT email FROM people;\n"
YAML = f"k: 5\ninputs:\n  data.csv:\n    - {{field: egn, role: direct_identifier, action: drop, reason: '{EMAIL}'}}\n"

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mutated(draw: st.DrawFn, base: str) -> bytes:
    """``base`` with a few byte-level edits: flips, cuts, insertions of bytes that break parsers."""
    data = bytearray(base.encode("utf-8"))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.integers(0, 4))
        if kind == 0 and data:
            data[min(at, len(data) - 1)] = draw(st.integers(0, 255))
        elif kind == 1:
            del data[at:]
        elif kind == 2:
            data[at:at] = draw(st.sampled_from([b"\x00", b"\xff\xfe", b'"', b"{", b"[" * 50, b"\r", b"'", b"{{", b";"]))
        elif kind == 3:
            data[at:at] = draw(st.binary(max_size=16))
        else:
            data[at:at] = bytes(data[at : at + 40]) * draw(st.integers(2, 30))
    return bytes(data)


def _no_planted_value(text: str) -> None:
    assert EGN not in text and EMAIL not in text


def _scanned_messages_hold_no_planted_value(name: str, data: bytes) -> ScanResult:
    """Scan ``data`` as a file called ``name``; no error or warning of any source repeats a planted value."""
    from rightskit.api import scan

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        result = scan([str(path)])
    for source in result.sources:
        for message in [*source.errors, *source.warnings]:
            _no_planted_value(message)
    return result


@SETTINGS
@given(st.sampled_from([("data.csv", CSV), ("data.tsv", CSV.replace(",", "\t")), ("data.jsonl", JSONL * 3),
                        ("data.json", json.dumps({"rows": [json.loads(JSONL)] * 3}, ensure_ascii=False))])
       .flatmap(lambda case: st.tuples(st.just(case[0]), mutated(case[1]))))  # fmt: skip
def test_readers_report_errors_never_raise(case: tuple[str, bytes]) -> None:
    result = _scanned_messages_hold_no_planted_value(*case)
    for finding in result.findings:
        _no_planted_value(finding.field + " ".join(finding.examples))


@SETTINGS
@given(mutated(YAML))
# A key run together with its value: jsonschema quoted the unexpected key, e-mail address and all
@example(
    b"k: 5\ninputs:\n  data.csv:\n    - {field: egn, role: direct_identifier, action: drop, reason  'ivan.petrov@example.bg'}\n"
)
@example(
    b"k: 5\ninputs:\n  data.csv:\n    - {field: egn, role: direct_identifier, action: drop, reason: 7501010010 }\n  x: '7501010010'\n"
)
def test_the_loaders_of_files_people_write_raise_only_their_own_errors(data: bytes) -> None:
    from rightskit.models.context import ProcessingContext
    from rightskit.models.release import Plan
    from rightskit.textfile import read_text
    from rightskit.validation import load_yaml, validate_document

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.yaml"
        path.write_bytes(data)
        for model in (Plan, ProcessingContext):
            try:
                validate_document(load_yaml(read_text(path), str(path)), model, str(path))
            except RightskitError as exc:
                _no_planted_value(exc.render())


@pytest.mark.parametrize(
    "value",
    [
        "reason: 7501010010",
        "policy: 7501010010",
        "policy: +359888123456",
        "k: -7501010010",
        "max_suppression: 7501010010",
        "policy: !!set {ivan.petrov@example.bg}",
        "policy: !!set {? BG80BNBG96611020345678}",
        "policy: !!binary aXZhbi5wZXRyb3ZAZXhhbXBsZS5iZw==",
    ],
)
def test_a_value_of_any_type_in_a_plan_error_is_shown_by_its_shape(value: str, tmp_path: Path) -> None:
    """jsonschema writes a number unquoted and a set or bytes by their repr: none of them is quoted as it stands."""
    from rightskit.models.release import Plan
    from rightskit.validation import load_yaml, validate_document

    rule = "{field: egn, role: direct_identifier, action: drop}"
    if value.startswith("reason"):  # inside the rule
        rule, value = rule.replace("}", ", reason: 7501010010}"), ""
    document = f"k: 5\ninputs:\n  data.csv:\n    - {rule}\n{value}\n"
    with pytest.raises(RightskitError) as raised:
        validate_document(load_yaml(document, "plan.yaml"), Plan, "plan.yaml")
    text = raised.value.render()
    for planted in ("7501010010", "359888123456", "ivan.petrov@example.bg", "BG80BNBG96611020345678"):
        assert planted not in text


@SETTINGS
@given(mutated(SQL))
def test_the_sql_front_end_reports_what_it_cannot_parse(data: bytes) -> None:
    _scanned_messages_hold_no_planted_value("schema.sql", data)
