"""Calendar facts over numpy arrays of years, months and days, as ``datetime`` knows them (the proleptic Gregorian
calendar, years 1–9999): shared by the vectorised validators and the date hierarchy."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


def real_date(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Which (year, month, day) triples ``datetime.date`` accepts."""
    import numpy as np

    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    month_ok = (month >= 1) & (month <= 12)
    days = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[np.clip(month, 1, 12) - 1]
    days = days + ((month == 2) & leap)
    return month_ok & (day >= 1) & (day <= days) & (year >= 1) & (year <= 9999)
