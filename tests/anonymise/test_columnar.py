"""The column-at-a-time release writes what the row-by-row definitions say, byte for byte."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pytest

from rightskit.anonymise.columnar import csv_lines, neutralise_formulas, per_value, transform_column
from rightskit.anonymise.operators import mask, neutralise_formula, normalise

ALPHABET = ["a", "Я", " ", ",", ";", "\t", '"', "\n", "\r", "=", "+", "-", "@", "1", "é"]


def _cells(seed: int, n: int = 400) -> list[str | None]:
    rng = random.Random(seed)
    out: list[str | None] = [None, "", '""', "\n"]
    for _ in range(n):
        out.append("".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 6))))
    return out


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
@pytest.mark.parametrize("width", [1, 3])
def test_csv_lines_are_what_csv_writer_writes(delimiter: str, width: int) -> None:
    columns = [_cells(seed) for seed in range(width)]
    lines = "".join(csv_lines([pa.array(c, pa.string()) for c in columns], delimiter).to_pylist())
    rows = [["" if v is None else v for v in row] for row in zip(*columns, strict=True)]
    # Read back, every cell is what was written.
    assert list(csv.reader(io.StringIO(lines, newline=""), delimiter=delimiter)) == rows
    # Byte for byte csv.writer's QUOTE_MINIMAL, except that a carriage return is always quoted
    # (RFC 4180; Python's writer leaves it bare when the line terminator is "\n").
    plain = [r for r in rows if not any("\r" in v for v in r)]
    expected = io.StringIO()
    csv.writer(expected, delimiter=delimiter, lineterminator="\n").writerows(plain)
    got = "".join(csv_lines([pa.array(c, pa.string()) for c in zip(*plain, strict=True)], delimiter).to_pylist())
    assert got == expected.getvalue()
    assert len(plain) > 100


def test_formulas_are_neutralised_as_one_value_at_a_time() -> None:
    values = _cells(7)
    got = neutralise_formulas(pa.array(values, pa.string())).to_pylist()
    assert got == [neutralise_formula(v or "") for v in values]
    assert any(g != (v or "") for g, v in zip(got, values, strict=True))


def test_transform_column_runs_once_per_distinct_value_and_counts_changed_cells() -> None:
    calls: list[str] = []

    def masked(value: str) -> str:
        calls.append(value)
        return mask(value, 1) if value != "keep" else value

    values = ["ab", "ab", None, "", "keep", "xyz", "ab"]
    out, changed = transform_column(pa.array(values, pa.string()), per_value(masked))
    assert out.to_pylist() == ["*b", "*b", None, "", "keep", "**z", "*b"]
    assert changed == 4  # three "ab" and one "xyz"; empty, missing and unchanged cells do not count
    assert sorted(calls) == ["ab", "keep", "xyz"]


def test_transform_column_remembers_results_across_batches_and_honours_select() -> None:
    memo: dict = {}
    seen: list[list[str]] = []
    selected: list[list[str]] = []

    def upper_all(values: list[str]) -> list[str]:
        seen.append(values)
        return [v.upper() for v in values]

    def not_c(values: pa.Array) -> tuple[np.ndarray, Callable]:
        selected.append(values.to_pylist())
        return np.array([v != "c" for v in values.to_pylist()]), upper_all

    first = pa.array(["a", "b", "c", "c", "a"], pa.string())
    out, changed = transform_column(first, None, select=not_c, memo=memo)
    assert out.to_pylist() == ["A", "B", "c", "c", "A"] and changed == 3
    out, changed = transform_column(pa.array(["b", "d", "c"], pa.string()), None, select=not_c, memo=memo)
    assert out.to_pylist() == ["B", "D", "c"] and changed == 2
    assert seen == [["a", "b"], ["d"]]
    assert selected == [["a", "b", "c"], ["d", "c"]]  # once per distinct value not remembered
    with pytest.raises(TypeError):  # a transform, or a selection that gives one: not both, not neither
        transform_column(first, upper_all, select=not_c)
    with pytest.raises(TypeError):
        transform_column(first, None)


def test_transform_column_answers_as_each_cell_transformed_alone() -> None:
    """Over batches of repeated, empty, missing and remembered values (only the distinct values looked up or
    transformed are read into Python, issue 20), each cell is released as the transform of that cell alone would
    release it, and the changed cells are those whose text is not what it was; a batch of nothing but missing
    cells stays missing."""
    import random

    rng = random.Random(8)

    def shout(texts: list[str]) -> list[str | None]:
        return [None if t.startswith("n") else (t if t.startswith("k") else t.upper() + "!") for t in texts]

    def choose(values: pa.Array) -> tuple[np.ndarray, Callable]:
        return np.array([not v.startswith("s") for v in values.to_pylist()]), shout

    memo: dict = {}
    for _ in range(300):
        written = [
            None if rng.random() < 0.1 else rng.choice(["", "a", "kk", "nn", "ss", "жж", "x" * rng.randint(1, 4)])
            for _ in range(rng.randint(0, 30))
        ]
        out, changed = transform_column(pa.array(written, pa.string()), None, select=choose, memo=memo)
        alone = [v if not v or v.startswith("s") else shout([v])[0] for v in written]
        assert out.to_pylist() == alone
        assert changed == sum(1 for v, a in zip(written, alone, strict=True) if v is not None and a != v)
    assert transform_column(pa.array([None, None], pa.string()), per_value(str.upper))[0].to_pylist() == [None, None]


def test_transform_column_past_the_memo_cap_computes_again_and_counts_every_change(monkeypatch) -> None:
    """A memo that would outgrow its cap is cleared and every value computed again, with the same answer; a value
    released as nothing counts as changed, one released as itself does not, missing cells stay missing."""
    from rightskit.anonymise import columnar

    monkeypatch.setattr(columnar, "TEXT_MEMO_CAP", 3)
    memo: dict = {}

    def choose(values: pa.Array) -> tuple[np.ndarray, Callable]:
        return np.ones(len(values), dtype=bool), lambda texts: [None if t == "x" else t.upper() for t in texts]

    values = pa.array(["a", None, "x", "a", "B", ""], pa.string())
    out, changed = transform_column(values, None, select=choose, memo=memo)
    assert out.to_pylist() == ["A", None, None, "A", "B", ""] and changed == 3
    assert memo == {"a": "A", "x": None, "B": "B"}
    out, changed = transform_column(pa.array(["c", "a", "x", "c"], pa.string()), None, select=choose, memo=memo)
    assert out.to_pylist() == ["C", "A", None, "C"] and changed == 4
    assert memo == {"c": "C", "a": "A", "x": None}  # cleared, then what this batch computed


def test_placeholders_are_keyed_letters_the_same_for_one_person_in_any_writing() -> None:
    from rightskit.anonymise.text import Surrogates

    one, other = Surrogates(b"k" * 32), Surrogates(b"q" * 32)
    a = one.placeholder("PHONE_NUMBER", "0888 123 456")
    assert a == one.placeholder("PHONE_NUMBER", "+359888123456")  # the same person, written two ways
    assert a != one.placeholder("PHONE_NUMBER", "0888 123 457")
    assert a != other.placeholder("PHONE_NUMBER", "0888 123 456")  # another release key, another placeholder
    suffix = a.removeprefix("[PHONE_NUMBER_").removesuffix("]")
    assert len(suffix) == 8 and suffix.isalpha() and suffix.islower()  # never reads as a number
    # The letters are the first 8 bytes of HMAC-SHA-256 over entity, NUL and the normal form, in base 26 from the
    # lowest digit up: a release's placeholders stay what earlier versions wrote for the same key
    import hmac

    for entity, value in [("PHONE_NUMBER", "0888 123 456"), ("PERSON", "Ана  Иванова"), ("EMAIL_ADDRESS", "a@b.bg")]:
        number = int.from_bytes(
            hmac.digest(b"k" * 32, f"{entity}\x00{normalise(value, entity)}".encode(), "sha256")[:8]
        )
        letters = "".join("abcdefghijklmnopqrstuvwxyz"[number // 26**i % 26] for i in range(8))
        assert one.placeholder(entity, value) == f"[{entity}_{letters}]"


def test_json_lines_are_encoded_as_json_dumps_encodes_each_record() -> None:
    import json

    from rightskit.anonymise.release.writers.jsondoc import encode_lines

    records = [
        {"a": 'é "quoted" \\ \n\t\x01', "b": 1.5, "c": 10**20, "d": None, "e": True, "f": [1, {"g": "ж"}]},
        {"nan": float("nan"), "inf": float("inf"), "big": 1e300, "small": 2.0, "u": "\u2028"},
        [1, 2, "three"],
        "plain",
    ]
    assert encode_lines(records) == "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def test_nonempty_cells_reads_the_offsets_of_sliced_and_null_holding_columns() -> None:
    from rightskit.anonymise.columnar import nonempty_cells

    values = pa.array(["", "a", None, "bc", "", "d"], pa.string())
    for part in (values, values.slice(1, 4), values.slice(3)):
        expected = [v is not None and v != "" for v in part.to_pylist()]
        assert nonempty_cells(part).tolist() == expected


def test_quoting_and_formulas_read_sliced_columns_from_their_own_offsets() -> None:
    from rightskit.anonymise.columnar import quote_cells

    values = pa.array(_cells(9), pa.string())
    for start in (0, 1, 17, len(values) - 3):
        part = values.slice(start, 40)
        assert neutralise_formulas(part).to_pylist() == neutralise_formulas(pa.array(part.to_pylist())).to_pylist()
        assert quote_cells(part, ",").to_pylist() == quote_cells(pa.array(part.to_pylist()), ",").to_pylist()
    plain = pa.array(["a", "b", "c", "=x", "d,e"], pa.string()).slice(0, 3)  # the marks lie beyond the slice
    assert quote_cells(plain, ",").to_pylist() == ["a", "b", "c"]
    assert neutralise_formulas(plain).to_pylist() == ["a", "b", "c"]


def test_distinct_texts_are_gathered_while_a_memo_could_hold_them(monkeypatch) -> None:
    """Texts repeated batch after batch are gathered into their distinct set, however many batches come; texts
    that never repeat are given up once more than a memo's worth is met, and then stay given up."""
    from rightskit.anonymise import columnar

    monkeypatch.setattr(columnar, "TEXT_MEMO_CAP", 100)
    gathered = columnar.DistinctTexts()
    compactions = 0
    compact = gathered._compact

    def counted() -> None:
        nonlocal compactions
        compactions += 1
        compact()

    monkeypatch.setattr(gathered, "_compact", counted)
    for batch in range(60):
        gathered.add(pa.array([f"text {(batch * 7 + i) % 90}" for i in range(30)] + [None], pa.string()))
    assert sorted(v for v in gathered.values.to_pylist() if v is not None) == sorted(f"text {i}" for i in range(90))
    assert compactions <= 25  # about one per memo's worth of texts met (1,860), not one per batch (60)

    fresh = columnar.DistinctTexts()
    for batch in range(3):
        fresh.add(pa.array([f"note {batch} {i}" for i in range(60)], pa.string()))
    assert fresh._parts is None  # 120 distinct texts met: no memo holds them
    fresh.add(pa.array(["note 0 0"], pa.string()))
    assert fresh.values is None
