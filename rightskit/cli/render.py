"""Text rendering of results for terminals."""

from __future__ import annotations

import io

from rightskit.models.finding import Finding, confidence_level
from rightskit.models.scan import ScanResult


def render_scan_text(result: ScanResult) -> str:
    """A readable table of findings, then the sources that were skipped or had errors."""
    from rich.console import Console
    from rich.markup import escape
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
                detail = ", ".join(ev.method) or "-"
            if ev.name_hints and "name" in ev.method and detail != "name":
                detail += " + name"
            table.add_row(
                _shown(f.path), _shown(f.object or ""), _shown(f.field), f.entity_type, f.category.value,
                f"{f.confidence:.2f} {confidence_level(f.confidence)}", detail, ", ".join(f.examples),
            )  # fmt: skip
        console.print(table)
    else:
        console.print("No personal data found.")
    scanned = [s for s in result.sources if not s.skipped]
    rows = sum(s.rows_scanned for s in scanned)
    console.print(f"{len(scanned)} source(s) scanned, {rows} row(s) examined.")
    for s in result.sources:
        if s.skipped:
            console.print(f"skipped {_shown(s.path)}: {escape(s.skipped)}")
        for w in s.warnings:
            console.print(f"warning {_shown(s.path)}: {escape(w)}")
        for e in s.errors:
            console.print(f"error {e}")
    return buf.getvalue()


def _shown(text: str) -> str:
    """A name from the input, as a terminal shows it: control characters escaped, no rich markup."""
    from rich.markup import escape

    from rightskit.errors import printable

    return escape(printable(text))


def render_explanation(f: Finding) -> str:
    """Why one finding was made: recognizers, counts, name hints, exclusions; shapes only."""
    ev = f.evidence
    where = f"{f.path}" + (f" › {f.object}" if f.object else "") + f" › {f.field}"
    place = []
    if f.location.column:
        place.append(f"column {f.location.column}")
    if f.location.line:
        place.append(f"line {f.location.line}")
    lines = [
        f"{f.entity_type} in {where}" + (f" ({', '.join(place)})" if place else ""),
        f"  fingerprint {f.fingerprint}",
        f"  confidence {f.confidence:.2f} ({confidence_level(f.confidence)}); category {f.category.value}; "
        f"data category {f.data_category}",
        f"  evidence used: {', '.join(ev.method) or 'none'}",
        f"  values: {ev.examined} examined ({'a sample' if ev.sampled else 'all'}), {ev.non_empty} not empty",
    ]
    if "values" in ev.method or ev.in_text:
        lines.append(
            f"  {ev.matched} matched the pattern, {ev.validated} validated"
            + (" inside free text" if ev.in_text else "")
            + f"; share {ev.share:.3f}, 95 % lower bound {ev.share_lower_bound:.3f}"
        )
    for r in ev.recognizers:
        lines.append(f"  recognizer {r.recognizer}: {r.matched} matched, {r.validated} validated")
    if ev.name_hints:
        lines.append(f"  field name: lexicon word(s) {', '.join(repr(h) for h in ev.name_hints)}")
    for e in ev.exclusions:
        lines.append(f"  ruled out: {e}")
    for n in ev.notes:
        lines.append(f"  note: {n}")
    if ev.distinct_ratio is not None:
        lines.append(f"  distinct values / non-empty: {ev.distinct_ratio:.3f}")
    if f.examples:
        lines.append(f"  examples (shape only): {', '.join(f.examples)}")
    return "\n".join(lines)


def render_check_text(result) -> str:
    """Violations grouped by severity, then suppressions and what was not evaluated, in the result's language."""
    from rightskit.report.view import labels

    text = labels(result.lang)
    severity, words = text["severities"], text["check_text"]
    lines = []
    for v in result.violations:
        where = v.path + (f":{v.location.line}" if v.location.line else "")
        place = ".".join(p for p in (v.object, v.field) if p)
        lines.append(f"{severity[v.severity.value].upper():8} {v.code:11} {where}{'  ' + place if place else ''}")
        lines.append(f"         {v.message}")
        lines.append(f"         → {v.remediation}")
    lines.append(
        words["summary"].format(
            violations=len(result.violations),
            failing=len(result.failing),
            fail_on=severity[result.fail_on.value],
            suppressed=len(result.suppressed),
            policy=result.policy,
        )
    )
    if result.not_evaluated:
        lines.append(words["not_evaluated"].format(codes=", ".join(result.not_evaluated)))
    for u in result.unused_suppressions:
        lines.append(words["unused"].format(what=u))
    return "\n".join(lines) + "\n"
