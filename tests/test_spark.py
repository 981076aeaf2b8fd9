"""The Spark path (Spark local mode, a real JVM) finds and releases exactly what the local path does."""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from rightskit import scan
from rightskit.anonymise.columnar import neutralise_formulas
from rightskit.anonymise.keys import new_key
from rightskit.anonymise.release import anonymise
from rightskit.masking import shape
from rightskit.models.release import FieldPlan, Plan
from tests.helpers import Gen

DISTRICTS = ["Лозенец", "Младост", "Люлин", "Овча купел", "Изгрев", "Красно село"]


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("rightskit-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "3")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "500")  # several batches per partition
        .getOrCreate()
    )
    yield session
    session.stop()


def _table(rows: int = 3000) -> pa.Table:
    gen = Gen(21)
    people = gen.rows(rows)
    notes = [
        gen.rng.choice([f"Обаждане от {gen.phone()} за справка", f"Пишете на {gen.email()}", "Без забележки", ""])
        for _ in range(rows)
    ]
    return pa.table(
        {
            "id": [str(i) for i in range(rows)],
            "name": [p["name"] for p in people],
            "egn": [p["egn"] for p in people],
            "phone": [p["phone"] for p in people],
            "email": [p["email"] for p in people],
            "district": [gen.rng.choice(DISTRICTS) for _ in range(rows)],
            "note": notes,
            "amount": [p["amount"] for p in people],
        }
    )


def test_scan_finds_the_same_as_a_local_full_scan(spark) -> None:
    from rightskit.spark import scan_dataframe

    table = _table()
    local = scan(table, name="signals", full=True)
    df = spark.createDataFrame(table.to_pandas()).repartition(3)
    distributed = scan_dataframe(df, name="signals")
    assert distributed.sources[0].rows_scanned == table.num_rows
    assert {f.field for f in local.findings} >= {"name", "egn", "phone", "email", "note"}

    # Everything but the examples is equal. The examples are a few masked shapes, the first met:
    # partitions meet values in another order, so they may be other shapes of the same field's values.
    assert [f.model_dump(exclude={"examples"}) for f in distributed.findings] == [
        f.model_dump(exclude={"examples"}) for f in local.findings
    ]
    for f in distributed.findings:
        shapes = {shape(v) for v in table.column(f.field).to_pylist()}
        assert f.examples and (set(f.examples) <= shapes or f.evidence.in_text)


def test_anonymise_gives_the_same_release_as_the_local_path(spark, tmp_path: Path) -> None:
    from rightskit.spark import anonymise_dataframe

    table = _table()
    src = tmp_path / "signals.csv"
    pacsv.write_csv(table, src)
    fields = [
        FieldPlan(field="name", role="direct_identifier", action="drop", entity="PERSON"),
        FieldPlan(field="egn", role="direct_identifier", action="drop", entity="BG_EGN"),
        FieldPlan(field="phone", role="direct_identifier", action="mask", entity="PHONE_NUMBER", params={"keep": 3}),
        FieldPlan(field="email", role="direct_identifier", action="pseudonymise", entity="EMAIL_ADDRESS"),
        FieldPlan(
            field="district", role="quasi_identifier", action="generalise", entity="LOCATION", hierarchy="builtin:star"
        ),
        FieldPlan(field="note", role="other", action="redact_text", entity="PHONE_NUMBER,EMAIL_ADDRESS"),
    ]
    plan = Plan(policy="open-data-publication", k=5, inputs={str(src): fields})
    key, release_key = new_key(), new_key()
    anonymise([str(src)], str(tmp_path / "out"), plan, key=key, release_key=release_key)
    with (tmp_path / "out" / "signals.csv").open(encoding="utf-8", newline="") as fh:
        local_rows = list(csv.reader(fh))

    df = spark.createDataFrame(table.to_pandas()).repartition(3)
    released = anonymise_dataframe(df, plan, key=key, release_key=release_key)
    assert released.columns == local_rows[0]
    # The CSV writer neutralises formula-like cells; the DataFrame keeps them as they are.
    out = pa.Table.from_pandas(released.toPandas())
    got = sorted(zip(*[neutralise_formulas(out.column(c).combine_chunks()).to_pylist() for c in out.column_names],
                     strict=True))  # fmt: skip
    assert got == sorted(tuple(r) for r in local_rows[1:])
    assert any("[PHONE_NUMBER_" in r[local_rows[0].index("note")] for r in local_rows[1:])
