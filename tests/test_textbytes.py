"""Byte readers of text arrays answer as RE2 and Python do, whatever the array's layout."""

from __future__ import annotations

import random

import pyarrow as pa
import pyarrow.compute as pc

from rightskit.textbytes import (
    ascii_digits,
    class_counts,
    digits_only,
    fixed_digits,
    holding,
    starts_with,
)

_ALPHABET = "0123456789 +-./()aZ_Ж٣５é\n"  # Arabic-Indic and fullwidth digits are no ASCII ones


def _texts(seed: int, count: int) -> list[str | None]:
    rng = random.Random(seed)
    return [
        None if rng.random() < 0.05 else "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 24)))
        for _ in range(count)
    ]


def _layouts(texts: list[str | None]) -> list[pa.Array | pa.ChunkedArray]:
    whole = pa.array(texts, pa.string())
    return [
        whole,
        whole.slice(7, len(texts) // 2),
        pa.array(texts, pa.large_string()),
        pa.chunked_array([texts[:100], texts[100:]], pa.string()),
        pa.array([], pa.string()),
        pa.array([None, None], pa.string()),
        pa.array(["", "", "x"], pa.string()),
    ]


def test_ascii_digits_are_re2s_replacement_of_every_other_character() -> None:
    for values in _layouts(_texts(3, 4000)):
        plain = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
        expected = pc.replace_substring_regex(plain.cast(pa.string()), "[^0-9]", "")
        assert ascii_digits(values).equals(expected)


def test_ascii_digit_class_counts_are_pythons() -> None:
    texts = [*_texts(4, 4000), "7" * 300_000, "ЕГН 7907131538 тел"]  # longer than a counting slice
    for values in _layouts(texts):
        plain = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
        expected = [sum("0" <= ch <= "9" for ch in t) if t else 0 for t in plain.to_pylist()]
        assert class_counts(values, "digit").tolist() == expected


def test_fixed_digits_are_the_values_of_exactly_that_many_ascii_digits() -> None:
    rng = random.Random(5)
    texts = [
        *_texts(6, 2000),
        *("".join(rng.choice("0123456789٣５") for _ in range(rng.randint(9, 11))) for _ in range(2000)),
    ]
    for values in _layouts(texts):
        plain = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
        for width in (1, 10, 13):
            rows, digits = fixed_digits(values, width)
            expected = [
                i
                for i, t in enumerate(plain.to_pylist())
                if t and len(t.encode()) == width and t.isascii() and t.isdigit()
            ]
            assert rows.tolist() == expected
            assert ["".join(map(str, d)) for d in digits.tolist()] == [plain[i].as_py() for i in expected]


def test_values_starting_with_given_bytes_are_pythons_startswith() -> None:
    for values in _layouts(_texts(5, 4000)):
        texts = values.to_pylist()
        for first in (b"+-0123456789", b"a", b"Z(", b"\n"):
            expected = [t is not None and t[:1].encode() in [bytes([b]) for b in first] for t in texts]
            assert starts_with(values, first).tolist() == expected


def test_values_of_ascii_digits_only_are_told_from_their_bytes_as_re2_tells_them() -> None:
    rng = random.Random(19)
    values = ["", "0", "12", "1 2", "٣٣", "１２", "12a", "+359", None] + [
        "".join(rng.choice("0189 /a٣") for _ in range(rng.randint(0, 6))) for _ in range(3000)
    ]
    array = pa.array(values, pa.string())
    for part in (array, array.slice(5, 2000)):
        expected = pc.fill_null(pc.match_substring_regex(part, "^[0-9]+$"), False).to_numpy(zero_copy_only=False)
        assert digits_only(part).tolist() == expected.tolist()
        assert expected.any() and not expected.all()


def _re2_mask(values: pa.Array | pa.ChunkedArray, pattern: str) -> list[bool]:
    plain = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    return pc.fill_null(pc.match_substring_regex(plain.cast(pa.string()), pattern), False).to_pylist()


def test_values_holding_given_bytes_are_those_re2_finds_the_class_in() -> None:
    for values in _layouts(_texts(7, 4000)):
        for chars, pattern in ((b" /", "[ /]"), (b" -", "[ \\-]"), (b"\n", "\n"), (b"#", "#")):
            assert holding(values, chars).tolist() == _re2_mask(values, pattern)
