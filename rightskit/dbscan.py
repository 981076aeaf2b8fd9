"""Scan a live database: the catalogue (names, types, comments) and a seeded sample per table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rightskit.errors import RightskitError
from rightskit.models import Finding, Location, SourceKind, SourceReport

if TYPE_CHECKING:
    from rightskit.detect.classifier import Verdict
    from rightskit.detect.detector import Detector
    from rightskit.scanning import ScanOptions


def scan_database(url: str, options: ScanOptions, detector: Detector) -> tuple[SourceReport, list[Finding]]:
    """One database: every table and view that the globs keep; errors per table never stop the others."""
    from rightskit.sources.database import Database, display_url

    try:
        db = Database(url)
    except RightskitError as exc:
        return _report(display_url(url), None, errors=[exc.render()]), []
    errors: list[str] = []
    findings: list[Finding] = []
    objects = rows_scanned = rows_total = 0
    try:
        with db.connect() as conn:
            try:
                tables = db.tables(conn, options.include_tables, options.exclude_tables)
            except Exception as exc:
                raise db.error(exc, "reading the catalogue") from None
            for table in tables:
                try:
                    found, scanned, estimate = _scan_table(db, conn, table, options, detector)
                except RightskitError as exc:
                    errors.append(exc.render())
                    conn.rollback()
                    continue
                except Exception as exc:
                    errors.append(db.error(exc, "sampling", where=table.qualified).render())
                    conn.rollback()
                    continue
                objects += 1
                rows_scanned += scanned
                rows_total += estimate or scanned
                findings.extend(found)
    except RightskitError as exc:
        errors.append(exc.render())
    finally:
        db.engine.dispose()
    return _report(db.display, db.backend, objects, rows_scanned, rows_total, errors), findings


def _report(display: str, backend: str | None, objects: int = 0, rows_scanned: int = 0, rows_total: int = 0,
            errors: list[str] | None = None) -> SourceReport:  # fmt: skip
    return SourceReport(
        path=display, kind=SourceKind.DATABASE, format=backend, objects=objects, rows_scanned=rows_scanned,
        rows_total=rows_total, rows_total_estimated=True, errors=errors or [],
    )  # fmt: skip


def _scan_table(db, conn, table, options: ScanOptions, detector: Detector):
    import pyarrow as pa

    from rightskit.detect.classifier import apply_object_context, classify_field, field_hints
    from rightskit.scanning import finding_from_verdict, new_profile
    from rightskit.schemas.metadata import FieldMeta, classify_metadata
    from rightskit.sources.database import to_text

    columns = db.columns(conn, table)
    estimate = db.row_estimate(conn, table)
    profiles = {c.name: new_profile(detector) for c in columns}
    scanned = 0
    for rows in db.sample(conn, table, columns, options.sample, options.seed, estimate):
        scanned += len(rows)
        for i, c in enumerate(columns):
            profiles[c.name].update(pa.array([to_text(r[i]) for r in rows], pa.string()))
    per_field: dict[str, list[Verdict]] = {}
    for c in columns:
        verdicts = classify_field(profiles[c.name], field_hints(detector.lexicon, c.name), detector.entities)
        if profiles[c.name].non_empty == 0:  # no values: the catalogue (name, type, comment) is all there is
            meta = FieldMeta(name=c.name, declared_type=c.type, description=c.comment)
            verdicts = classify_metadata(meta, detector)
        per_field[c.name] = verdicts
    per_field = apply_object_context(per_field, detector.entities)
    findings = [
        finding_from_verdict(
            v,
            profiles[c.name],
            SourceKind.DATABASE,
            db.display,
            table.qualified,
            c.name,
            Location(column=c.position),
            detector,
            sampled=True,
        )
        for c in columns
        for v in per_field[c.name]
    ]
    return findings, scanned, estimate
