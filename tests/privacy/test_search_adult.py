"""ARX's published optimum on UCI Adult, reproduced exactly."""

from __future__ import annotations

import pytest

from rightskit.privacy.encode import encode_attribute
from rightskit.privacy.search import Constraints, optimal_generalisation
from tests.privacy.conftest import ADULT_QI


@pytest.mark.parametrize(
    ("suppression", "nue", "levels", "suppressed"),
    [
        (0.0, 407_289.5388925293, [1, 2, 1, 1, 3, 2, 2, 1, 1], 0),
        (0.04, 255_559.85455731067, [1, 0, 1, 1, 3, 2, 2, 0, 1], 906),
    ],
)
def test_arx_optimum(adult, adult_hierarchies, suppression, nue, levels, suppressed) -> None:
    attributes = [encode_attribute(q, adult[q], adult_hierarchies[q]) for q in ADULT_QI]
    result = optimal_generalisation(attributes, Constraints(k=5, max_suppression=suppression))
    assert result.satisfied
    assert list(result.levels.values()) == levels
    assert result.nue == pytest.approx(nue, abs=1e-3)
    assert result.suppressed == suppressed
    assert result.metrics_after.min_class_size >= 5
    assert result.nodes_total == 12_960
    assert result.nodes_checked < 1_500, "the search must not be exhaustive"
