"""Spark: scan and anonymise a DataFrame with rightskit's own per-batch functions, through ``mapInArrow``.

For data that outgrows one machine (``pip install 'rightskit[spark]'``); the local path stays the default.
Nothing here re-implements detection or operators: each partition runs the same field profiling
(``scanning._profile_table``) and the same release transformation (``columnar.apply_plan``) as a local run.

* ``scan_dataframe``: every row is examined (a full scan); each partition sends back, per field, only
  counts, masked example shapes and the smallest value digests (``ProfileState``), merged on the driver and
  classified there. No value leaves an executor.
* ``anonymise_dataframe``: the optimal generalisation is searched on the driver over the
  quasi-identifier columns only (as ARX does, in memory); records of classes smaller than k are
  suppressed by class, so executors need only the set of suppressed classes; every other operator runs
  per batch on the executors. Keys travel to executors inside the task closure: run on a cluster you
  trust with them, as with any keyed Spark job.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from rightskit.errors import UsageError
from rightskit.models import ScanResult, SourceKind, SourceReport
from rightskit.models.release import FieldPlan, Plan
from rightskit.scanning import ScanOptions

if TYPE_CHECKING:
    import pyarrow as pa


def scan_dataframe(df: Any, options: ScanOptions | None = None, *, name: str = "dataframe") -> ScanResult:
    """Findings for a Spark DataFrame: the same as ``rightskit.scan`` of the same rows with ``full=True``."""
    from rightskit.scanning import _detector, _result, _table_findings, profile_from_state
    from rightskit.sources.base import Table

    options = (options or ScanOptions()).model_copy(update={"full": True})
    payload = options.model_dump_json()
    columns = list(df.columns)

    def profile_partition(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        import pyarrow as pa

        from rightskit.scanning import ScanOptions, _detector, _profile_table
        from rightskit.sources.base import Table
        from rightskit.sources.parquet import batch_to_fields

        opts = ScanOptions.model_validate_json(payload)
        table = Table(object=None, batches=batches, to_fields=batch_to_fields, fields_seen=columns)
        profiles, positions, rows, _seen = _profile_table(table, name, opts, _detector(opts))
        state = {f: (p.state(), positions.get(f)) for f, p in profiles.items()}
        yield pa.RecordBatch.from_pydict(
            {"rows": [rows], "state": [pickle.dumps(state)], "errors": [pickle.dumps(table.errors)]},
            schema=pa.schema([("rows", pa.int64()), ("state", pa.binary()), ("errors", pa.binary())]),
        )

    parts = df.mapInArrow(profile_partition, "rows long, state binary, errors binary").collect()
    detector = _detector(options)
    merged: dict[str, Any] = {}
    positions: dict[str, int | None] = {}
    rows = 0
    errors: list[str] = []
    for part in parts:  # in partition order: example shapes come first-seen first, as in a local scan
        rows += part["rows"]
        errors.extend(pickle.loads(part["errors"]))
        for field, (state, position) in pickle.loads(part["state"]).items():
            merged[field] = merged[field].merge(state) if field in merged else state
            positions.setdefault(field, position)
    profiles = {f: profile_from_state(detector, s) for f, s in merged.items()}
    table = Table(object=None, batches=iter(()), to_fields=lambda _b: {}, fields_seen=columns)
    findings = _table_findings(profiles, positions, table, name, options, detector)
    report = SourceReport(
        path=name, kind=SourceKind.DATASET, format="spark", objects=1, rows_scanned=rows, rows_total=rows,
        errors=sorted(set(errors)),
    )  # fmt: skip
    return _result([report], findings)


def anonymise_dataframe(
    df: Any,
    plan: Plan,
    *,
    name: str | None = None,
    key: bytes | None = None,
    release_key: bytes | None = None,
    hierarchy_files: dict[str, str] | None = None,
) -> Any:
    """The released DataFrame (every column as text, dropped ones left out), as ``rightskit anonymise`` would
    write it with the same plan and keys. Raises ReleaseRefusedError when k cannot be reached."""
    from rightskit.anonymise.keys import new_key
    from rightskit.anonymise.release import release_context
    from rightskit.anonymise.release.generalise import generalise

    fields = _fields_for(plan, name)
    release_key = release_key or new_key()
    ctx = release_context(plan, key, release_key)
    quasi = [fp for fp in fields if fp.action == "generalise"]
    quasi_columns = _quasi_columns(df, quasi)
    g = generalise(name or "dataframe", quasi_columns, quasi, ctx, hierarchy_files or {})
    suppressed = _suppressed_classes(quasi_columns, quasi, g)
    dropped = {fp.field for fp in fields if fp.action == "drop"}
    kept = [c for c in df.columns if c not in dropped]
    plan_json, labels = plan.model_dump_json(), g.labels
    fields_json = [fp.model_dump_json() for fp in fields]

    def release_partition(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        import numpy as np
        import pyarrow as pa

        from rightskit.anonymise.release import release_columns, release_context

        part_ctx = release_context(Plan.model_validate_json(plan_json), key, release_key)
        by_field = {fp.field: fp for fp in map(FieldPlan.model_validate_json, fields_json)}
        memo: dict = {}
        for batch in batches:
            columns = {n: _as_text(batch.column(i)) for i, n in enumerate(batch.schema.names)}
            if suppressed:
                keep = np.array([t not in suppressed for t in _class_keys(columns, quasi, labels)], dtype=bool)
                columns = {n: c.filter(pa.array(keep)) for n, c in columns.items()}
            released, _changed = release_columns(columns, by_field, part_ctx, labels, memo)
            yield pa.RecordBatch.from_arrays([released[n] for n in kept], names=kept)

    schema = ", ".join(f"`{c}` string" for c in kept)
    return df.mapInArrow(release_partition, schema)


def _fields_for(plan: Plan, name: str | None) -> list[FieldPlan]:
    if name is not None:
        if name not in plan.inputs:
            raise UsageError(f"the plan has no input '{name}' (it has: {', '.join(plan.inputs)})")
        return plan.inputs[name]
    if len(plan.inputs) != 1:
        raise UsageError("the plan has several inputs: name the one this DataFrame is")
    return next(iter(plan.inputs.values()))


def _as_text(values: pa.Array) -> pa.Array:
    import pyarrow as pa

    return values if pa.types.is_string(values.type) else values.cast(pa.string())


def _quasi_columns(df: Any, quasi: list[FieldPlan]) -> dict[str, pa.Array]:
    """The quasi-identifier columns, collected to the driver as text (the only columns that are)."""
    if not quasi:
        return {}
    import pyarrow as pa

    chosen = df.select(*[fp.field for fp in quasi])
    arrow = chosen.toArrow() if hasattr(chosen, "toArrow") else pa.Table.from_batches(chosen._collect_as_arrow())
    return {fp.field: _as_text(arrow.column(fp.field).combine_chunks()).fill_null("") for fp in quasi}


def _class_keys(columns: dict[str, pa.Array], quasi: list[FieldPlan], labels: dict) -> list[tuple]:
    generalised = []
    for fp in quasi:
        mapping = labels.get(fp.field, {})
        generalised.append([mapping.get(v, "*") for v in columns[fp.field].fill_null("").to_pylist()])
    return list(zip(*generalised, strict=True))


def _suppressed_classes(columns: dict[str, pa.Array], quasi: list[FieldPlan], g: Any) -> set[tuple]:
    """Generalised quasi-identifier combinations whose records the search suppressed (classes smaller than k)."""
    if g.keep is None or g.keep.all():
        return set()
    keys = _class_keys(columns, quasi, g.labels)
    return {key for key, keep in zip(keys, g.keep, strict=True) if not keep}


__all__ = ["anonymise_dataframe", "scan_dataframe"]
