from __future__ import annotations

import pytest

from rightskit.masking import distinct_shapes, shape


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0888 123 456", "9999 999 999"),
        ("Иван Петров", "Aaaa Aaaaaa"),
        ("ivan.petrov@abv.bg", "a***@a***.bg"),
        ("IVAN@EXAMPLE.COM", "a***@a***.com"),
        ("BG80BNBG96611020345678", "AA99AAAA99999999999999"),
        ("ул. „Шипка“ № 5", "aa. „Aaaaa“ № 9"),
        ("x" * 50, "a" * 40 + "…"),
    ],
)
def test_shape(value: str, expected: str) -> None:
    assert shape(value) == expected


def test_shape_never_returns_a_letter_or_digit_of_the_input() -> None:
    value = "Zyxw 7531 Ёж"
    assert not (set(shape(value)) & (set(value) - set(" aA9")))


def test_distinct_shapes() -> None:
    assert distinct_shapes(["0888 123 456", "0899 654 321", "+359888123456"]) == [
        "9999 999 999",
        "+999999999999",
    ]
