"""A calendar date is neither a phone number nor a coordinate, whatever its digits make (07.08.2021)."""

from __future__ import annotations

import pyarrow as pa
import pytest

from rightskit.detect.detector import default_detector
from rightskit.detect.fast_validators import _phone
from rightskit.detect.text import find_entities
from rightskit.detect.validators import phone

DATES = ["07.08.2021", "7/8/21", "2021-08-07", "31.12.1999", "01-02-2003"]


@pytest.mark.parametrize("value", DATES)
def test_a_date_is_no_phone_number_on_either_path(value: str) -> None:
    assert not phone(value)
    assert _phone(pa.array([value]), ("BG",), 359).tolist() == [0]


def test_phone_numbers_written_with_dots_are_still_phone_numbers() -> None:
    assert phone("0888.123.456") and phone("02 987 6543")


@pytest.mark.parametrize("text", ["Сигналът е от 07.08.2021 г. в 13:30 ч.", "Срокът изтича на 31.12.1999."])
def test_no_coordinate_inside_a_date(text: str) -> None:
    assert [s.entity for s in find_entities(text, default_detector())] in ([], ["DATE_OF_BIRTH"])


def test_coordinates_are_still_found() -> None:
    text = "координати 42.697708, 23.321868 на сигнала"
    assert [s.entity for s in find_entities(text, default_detector())] == ["GEO_COORDINATE"]
