"""Text rendering of results for terminals."""

from __future__ import annotations

import io

from rightskit.models.scan import ScanResult


def render_scan_text(result: ScanResult) -> str:
    """A readable table of findings, then the sources that were skipped or had errors."""
    from rich.console import Console
    from rich.table import Table

    buf = io.StringIO()
    console = Console(file=buf, width=140, color_system=None, highlight=False)
    if result.findings:
        table = Table(title=f"{len(result.findings)} personal-data findings", title_justify="left")
        for col in ("path", "object", "field", "entity", "category", "conf.", "evidence", "examples"):
            table.add_column(col, overflow="fold")
        for f in result.findings:
            ev = f.evidence
            if "values" in ev.method or ev.in_text:
                detail = f"{ev.validated}/{ev.non_empty} values" + (" in text" if ev.in_text else "")
            else:
                detail = "name"
            if ev.name_hints and "name" in ev.method and detail != "name":
                detail += " + name"
            table.add_row(
                f.path, f.object or "", f.field, f.entity_type, f.category.value,
                f"{f.confidence:.2f}", detail, ", ".join(f.examples),
            )  # fmt: skip
        console.print(table)
    else:
        console.print("No personal data found.")
    scanned = [s for s in result.sources if not s.skipped]
    rows = sum(s.rows_scanned for s in scanned)
    console.print(f"{len(scanned)} source(s) scanned, {rows} row(s) examined.")
    for s in result.sources:
        if s.skipped:
            console.print(f"skipped {s.path}: {s.skipped}")
        for w in s.warnings:
            console.print(f"warning {s.path}: {w}")
        for e in s.errors:
            console.print(f"error {e}")
    return buf.getvalue()
