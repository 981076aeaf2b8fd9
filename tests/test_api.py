"""The library API accepts DataFrames and Arrow tables, for stewards working in notebooks."""

from __future__ import annotations

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from rightskit import ScanOptions, scan
from rightskit.errors import UsageError
from tests.helpers import Gen

EXPECTED = {"name": "PERSON", "egn": "BG_EGN", "phone": "PHONE_NUMBER", "email": "EMAIL_ADDRESS"}


@pytest.mark.parametrize("kind", ["pandas", "polars", "arrow"])
def test_frames(kind: str) -> None:
    rows = Gen(11).rows(80)
    frame = {"pandas": pd.DataFrame(rows), "polars": pl.DataFrame(rows), "arrow": pa.Table.from_pylist(rows)}[kind]
    result = scan(frame, name="register")
    assert {f.field: f.entity_type for f in result.findings} == EXPECTED
    assert result.sources[0].path == "register" and result.sources[0].format == kind
    assert {f.path for f in result.findings} == {"register"}


def test_pandas_mixed_object_column() -> None:
    frame = pd.DataFrame({"email": [Gen(1).email() for _ in range(20)] + [3, None]})
    assert [f.entity_type for f in scan(frame).findings] == ["EMAIL_ADDRESS"]


def test_full_mode_examines_every_value() -> None:
    rows = Gen(12).rows(3000)
    result = scan(pa.Table.from_pylist(rows), ScanOptions(full=True))
    assert result.sources[0].rows_scanned == 3000
    assert all(not f.evidence.sampled and f.evidence.non_empty == 3000 for f in result.findings)
    sampled = scan(pa.Table.from_pylist(rows), sample=500)
    assert sampled.sources[0].rows_scanned == 500 and sampled.sources[0].rows_total == 3000


def test_unsupported_object() -> None:
    with pytest.raises(UsageError):
        scan(42)


def test_the_cli_s_special_releases_are_library_calls_with_typed_results(tmp_path) -> None:
    from rightskit import api
    from rightskit.models.privacy import CellSuppressionResult
    from rightskit.models.release import MaskingViews

    (tmp_path / "s.sql").write_text("CREATE TABLE citizens (id int, egn char(10), full_name text, district text);\n")
    views = api.masking_views([str(tmp_path / "s.sql")])
    assert isinstance(views, MaskingViews) and "citizens_public" in views.views_sql
    assert "egn" not in views.views_sql.split("AS", 1)[1] and "SECURITY LABEL" in views.labels_sql
    (tmp_path / "counts.csv").write_text("district,age,n\nА,18-64,3\nА,65+,40\nБ,18-64,50\nБ,65+,60\n")
    res = api.suppress_counts(tmp_path / "counts.csv", tmp_path / "out.csv", "district", "age", "n", min_cell=5)
    assert isinstance(res, CellSuppressionResult) and res.suppressed
    assert "3" not in (tmp_path / "out.csv").read_text(encoding="utf-8").split("\n")[1]
