"""``rightskit risk``: re-identification metrics, and the optimal k-anonymous generalisation."""

from __future__ import annotations

import sys

import click

from rightskit.cli import EXIT_OK, EXIT_VIOLATIONS
from rightskit.cli.options import emit


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()] if value else []


@click.command()
@click.argument("input_path", metavar="INPUT")
@click.option("--quasi", required=True, help="Quasi-identifier columns, comma-separated (file order is kept).")
@click.option("--sensitive", help="Sensitive attributes, comma-separated (l-diversity, t-closeness).")
@click.option("--k", "k", type=click.IntRange(min=1), default=5, show_default=True)
@click.option("--object", "object_name", help="Sheet or table inside INPUT (default: the first).")
@click.option("--search", is_flag=True, help="Find the optimal full-domain generalisation.")
@click.option(
    "--hierarchy", multiple=True, metavar="COL=FILE", help="ARX CSV file, or builtin:age|date|bg-postcode|lat|lon."
)
@click.option(
    "--max-suppression",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    help="Share of records that may be suppressed.",
)
@click.option(
    "--l-distinct", type=click.IntRange(min=1), help="Require distinct l-diversity of the sensitive attributes."
)
@click.option("--l-entropy", type=click.FloatRange(min=1), help="Require entropy l-diversity (2^H ≥ L).")
@click.option("--t", "t", type=click.FloatRange(0, 1), help="Require t-closeness (equal-distance EMD ≤ T).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE (atomically).")
def risk(
    input_path: str,
    quasi: str,
    sensitive: str | None,
    k: int,
    object_name: str | None,
    search: bool,
    hierarchy: tuple[str, ...],
    max_suppression: float,
    l_distinct: int | None,
    l_entropy: float | None,
    t: float | None,
    fmt: str,
    output: str | None,
) -> None:
    """Measure how identifiable the records of INPUT are through their quasi-identifiers.

    Exit code 1 when the table is not k-anonymous (or, with --search, when no generalisation meets the
    constraints: the best achievable is printed), 2 on a usage or input error.
    """
    from rightskit.api import risk as run_risk
    from rightskit.errors import UsageError

    hierarchies = {}
    for spec in hierarchy:
        column, sep, target = spec.partition("=")
        if not sep:
            raise UsageError(f"--hierarchy takes COL=FILE, not '{spec}'")
        hierarchies[column] = target
    report = run_risk(
        input_path,
        _split(quasi),
        sensitive=_split(sensitive),
        k=k,
        object_name=object_name,
        search=search,
        hierarchies=hierarchies,
        max_suppression=max_suppression,
        l_distinct=l_distinct,
        l_entropy=l_entropy,
        t=t,
    )
    emit(report.model_dump_json(indent=2) + "\n" if fmt == "json" else _render(report), output)
    failed = (report.search is not None and not report.search.satisfied) or (
        report.search is None and report.metrics.min_class_size < k
    )
    sys.exit(EXIT_VIOLATIONS if failed else EXIT_OK)


def _render(report) -> str:
    m = report.metrics
    lines = [
        f"{report.input}: {m.records} records, quasi-identifiers {', '.join(m.quasi_identifiers)}",
        f"  equivalence classes {m.classes}, smallest {m.min_class_size}; sample uniques {m.sample_uniques} "
        f"({m.sample_unique_share:.1%}); records in classes < {m.k}: {m.records_below_k}",
        f"  prosecutor risk max {m.prosecutor_risk_max:.4f}, average {m.prosecutor_risk_avg:.4f}; "
        f"marketer risk {m.marketer_risk:.4f}",
    ]
    for s in m.sensitive:
        lines.append(
            f"  {s.attribute}: l (distinct) {s.l_distinct}, l (entropy) {s.l_entropy:.3f}, "
            f"t ({s.t_distance} distance) {s.t_closeness:.4f}"
        )
    if report.search is not None:
        r = report.search
        levels = ", ".join(f"{name}={lv}" for name, lv in r.levels.items())
        status = "optimal generalisation" if r.satisfied else "NO generalisation meets the constraints"
        lines += [
            f"{status}: {levels}",
            f"  NUE {r.nue:,.4f} ({r.nue_normalised:.1%} of full generalisation); suppressed {r.suppressed} "
            f"({r.suppression_share:.2%}); {r.nodes_checked} of {r.nodes_total} nodes checked in {r.seconds:.2f} s",
            f"  after: classes {r.metrics_after.classes}, smallest {r.metrics_after.min_class_size}, "
            f"prosecutor risk max {r.metrics_after.prosecutor_risk_max:.4f}",
        ]
        if r.best_achievable:
            lines.append(f"  best achievable: {r.best_achievable}")
    return "\n".join(lines) + "\n"
