"""The library API. The CLI only parses options, calls these, renders and sets the exit code."""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from pathlib import Path
from typing import Any

from rightskit.errors import UsageError
from rightskit.models.policy import CheckResult
from rightskit.models.privacy import CellSuppressionResult, RiskReport
from rightskit.models.release import Manifest, MaskingViews, Plan
from rightskit.models.report import InventoryDiff, ReportDoc
from rightskit.models.scan import ScanResult
from rightskit.models.text import TextEntity
from rightskit.scanning import ProgressCallback, ScanOptions

__all__ = [
    "ScanOptions",
    "analyze_text",
    "anonymise",
    "build_report",
    "check",
    "diff",
    "make_plan",
    "masking_views",
    "render_report",
    "risk",
    "scan",
    "suppress_counts",
]


def scan(
    inputs: str | PathLike | Sequence[str | PathLike] | Any,
    options: ScanOptions | None = None,
    *,
    name: str = "dataframe",
    progress: ProgressCallback | None = None,
    **option_overrides: Any,
) -> ScanResult:
    """Scan files, directories, or an in-memory table for personal data.

    Args:
        inputs: a path, a list of paths, or a pandas/polars DataFrame or pyarrow Table.
        options: scan options; keyword overrides (``sample=500``, ``full=True`` …) are applied on top.
        name: how an in-memory table is named in findings (``path``).
        progress: called with each source's path as it starts.

    Returns:
        The findings contract v1 as a typed, immutable model.
    """
    opts = (options or ScanOptions()).model_copy(update=option_overrides) if option_overrides else options
    opts = opts or ScanOptions()
    if isinstance(inputs, str | PathLike):
        from rightskit.scanning import scan_paths

        return scan_paths([str(inputs)], opts, progress)
    if isinstance(inputs, Sequence) and all(isinstance(p, str | PathLike) for p in inputs):
        from rightskit.scanning import scan_paths

        return scan_paths([str(p) for p in inputs], opts, progress)
    from rightskit.scanning import scan_table
    from rightskit.sources.frame import table_from_frame

    table, fmt = table_from_frame(inputs)
    if table is None:
        raise UsageError(f"cannot scan an object of type {type(inputs).__name__}: give paths or a DataFrame")
    return scan_table(table, name, fmt, opts)


def analyze_text(text: str, options: ScanOptions | None = None) -> list[TextEntity]:
    """Every personal-data entity inside ``text``, as spans (names, addresses, identifiers, places).

    Uses the same recognizers as ``scan`` (and the project's detection settings in ``options``); runs offline.
    """
    from rightskit.detect.detector import build_detector, default_detector
    from rightskit.detect.text import find_entities
    from rightskit.models.config import DetectionSettings
    from rightskit.models.text import TextEntity

    settings = (options or ScanOptions()).detection
    detector = default_detector() if settings == DetectionSettings() else build_detector(settings)
    return [
        TextEntity(
            start=s.start,
            end=s.end,
            entity_type=s.entity,
            score=round(s.score, 3),
            recognizer=s.recognizer,
            evidence=s.evidence,
        )
        for s in find_entities(text, detector, detector.allow if detector.allow else _never)
    ]


def _never(_value: str, _entity: str) -> bool:
    return False


def check(
    inputs: str | PathLike | Sequence[str | PathLike] | ScanResult,
    policy: str = "cc4dr-default",
    *,
    context: str | None = None,
    baseline: str | None = None,
    diff_base: str | None = None,
    lang: str = "en",
    fail_on: str | None = None,
    options: ScanOptions | None = None,
    schemas: Sequence[str] = (),
) -> CheckResult:
    """Check inputs (paths, or a saved ScanResult) against a policy (a bundled name or a file).

    ``schemas`` (SQL files, folders or globs) are the repository's catalogue: the inputs' queries are traced
    through it and a table it declares personal is personal for the checks (a staged migration's GRANT).
    Errors in the policy, context or baseline raise ConfigError (exit 2, never a pass).
    """
    from rightskit.models.policy import Severity
    from rightskit.policy.evaluate import evaluate, publication_profiles
    from rightskit.policy.load import load_context, load_policy
    from rightskit.policy.suppress import Suppressions, load_baseline

    pol, _ = load_policy(policy)
    if fail_on:
        pol = pol.model_copy(update={"fail_on": Severity(fail_on)})
    ctx = load_context(context) if context else None
    opts = options or ScanOptions()
    if pol.allow:  # the policy's allow-list joins the project's
        detection = opts.detection.model_copy(update={"allow": [*opts.detection.allow, *pol.allow]})
        opts = opts.model_copy(update={"detection": detection})
    if pol.scan == "headers":
        opts = opts.model_copy(update={"header_only": True})
    catalogue_findings: list = []
    if schemas:
        from rightskit.policy.catalogue import catalogue

        schema_paths, catalogue_findings = catalogue(schemas, opts)
        opts = opts.model_copy(update={"schema_files": [*opts.schema_files, *schema_paths]})
    paths = [] if isinstance(inputs, ScanResult) else _as_paths(inputs)
    result = inputs if isinstance(inputs, ScanResult) else scan(paths, opts)
    suppressions = Suppressions()
    for source in result.sources:
        if source.path.lower().endswith(".sql"):
            suppressions.read_markers(source.path)
    if baseline:
        suppressions.baseline = list(load_baseline(baseline).entries)
    profiles = publication_profiles(result, ctx)
    checked = evaluate(result, pol, context=ctx, context_path=context, suppressions=suppressions, profiles=profiles,
                       lang=lang, policy_name=pol.name, catalogue=catalogue_findings)  # fmt: skip
    if diff_base and paths:
        from rightskit.policy.diff import checkout_at

        with checkout_at(diff_base, paths) as (_tree, mapping):
            base_scan = scan([mapping[p] for p in paths], opts)
            inverse = {v: k for k, v in mapping.items()}
            before = evaluate(base_scan, pol, context=ctx, context_path=context, lang=lang)
            # Keyed in the tree (a query's text is read there), then named by the path it has today.
            old = {_rebased_key(v, inverse) for v in before.violations}
        checked = checked.model_copy(
            update={"violations": [v for v in checked.violations if _rebased_key(v, {}) not in old]}
        )
    return checked


def _as_paths(inputs: str | PathLike | Sequence[str | PathLike]) -> list[str]:
    if isinstance(inputs, str | PathLike):
        return [str(inputs)]
    return [str(p) for p in inputs]


def _rebased_key(v: Any, inverse: dict[str, str]) -> tuple:
    from rightskit.paths import normalise_path
    from rightskit.policy.identity import stable_object

    return v.code, normalise_path(_rebase(v.path, inverse)), stable_object(v.path, v.object), v.field


def _rebase(path: str, inverse: dict[str, str]) -> str:
    for tree_path, original in inverse.items():
        if path.startswith(tree_path):
            return original + path[len(tree_path) :]
    return path


def make_plan(
    inputs: Sequence[str],
    *,
    policy: str = "open-data-publication",
    k: int | None = None,
    quasi: list[str] | None = None,
    sensitive: list[str] | None = None,
    hierarchies: dict[str, str] | None = None,
    max_suppression: float = 0.0,
    options: ScanOptions | None = None,
) -> Plan:
    """An editable anonymisation plan for ``inputs``, derived from a (sample-mode) scan."""
    from rightskit.anonymise.plan import derive_plan

    result = scan(list(inputs), options or ScanOptions())  # a sample decides the roles; every row is then transformed
    errors = [e for s in result.sources for e in s.errors]
    if errors:
        from rightskit.errors import SourceError

        raise SourceError(errors[0])
    plan = derive_plan(result, policy=policy, k=k, quasi=quasi, sensitive=sensitive, hierarchies=hierarchies,
                       max_suppression=max_suppression)  # fmt: skip
    from rightskit.anonymise.review import review_unclassified

    datasets = [
        s.path for s in result.sources if not s.skipped and s.kind.value == "dataset" and Path(s.path).is_file()
    ]
    return review_unclassified(plan, datasets, dates_are_quasi=quasi is None)


def anonymise(
    inputs: Sequence[str], outdir: str, *, plan: Plan | None = None, key_file: str | None = None, **plan_options: Any
) -> Manifest:
    """Write an anonymised release of ``inputs`` into ``outdir`` (new files, manifest.json, datapackage.json).

    Raises ReleaseRefusedError (nothing written) when the policy's k cannot be reached.
    """
    from rightskit.anonymise.keys import load_key
    from rightskit.anonymise.release import anonymise as write_release

    hierarchies = plan_options.get("hierarchies") or {}
    chosen = plan if plan is not None else make_plan(inputs, **plan_options)
    key = load_key(key_file, publication=chosen.policy == "open-data-publication")
    return write_release(list(inputs), outdir, chosen, key=key, hierarchy_files=hierarchies)


def risk(
    input_path: str,
    quasi: Sequence[str],
    *,
    sensitive: Sequence[str] = (),
    k: int = 5,
    object_name: str | None = None,
    search: bool = False,
    hierarchies: dict[str, str] | None = None,
    max_suppression: float = 0.0,
    l_distinct: int | None = None,
    l_entropy: float | None = None,
    t: float | None = None,
) -> RiskReport:
    """Re-identification metrics of one table through its quasi-identifiers; ``search`` adds the optimal
    full-domain generalisation meeting k (and l, t) within ``max_suppression``.

    ``hierarchies`` maps a column to an ARX CSV file or ``builtin:age|date|bg-postcode|lat|lon``.
    """
    from rightskit.privacy.assess import risk_report
    from rightskit.privacy.hierarchy import resolve
    from rightskit.privacy.search import Constraints
    from rightskit.sources.load import read_table

    resolved = {column: resolve(spec, column) for column, spec in (hierarchies or {}).items()}
    obj, columns = read_table(input_path, object_name)
    return risk_report(
        columns,
        list(quasi),
        sensitive=list(sensitive),
        constraints=Constraints(k=k, max_suppression=max_suppression, l_distinct=l_distinct, l_entropy=l_entropy, t=t),
        hierarchies=resolved,
        search=search,
        input_name=input_path,
        object_name=obj,
    )


def suppress_counts(
    source: str | PathLike, target: str | PathLike, rows: str, columns: str, count: str, *, min_cell: int = 5
) -> CellSuppressionResult:
    """Write ``target``: the long table of counts ``source`` with every cell below ``min_cell`` withheld, and
    the complementary cells that would let it be recomputed."""
    from pathlib import Path

    from rightskit.anonymise.aggregate import suppress_count_table

    return suppress_count_table(Path(source), Path(target), rows, columns, count, threshold=min_cell)


def masking_views(
    inputs: str | PathLike | Sequence[str | PathLike] | ScanResult, dialect: str = "postgres", plan: Plan | None = None
) -> MaskingViews:
    """Publication views (personal tables without direct identifiers, special categories, free text or person
    keys, unless ``plan`` keeps one with a reason) and PostgreSQL Anonymizer labels."""
    from rightskit.anonymise.views import anonymizer_labels
    from rightskit.anonymise.views import masking_views as views
    from rightskit.models.release import WithheldColumn

    result = _scan_of(inputs)
    sql, withheld = views(result, dialect, plan=plan)
    return MaskingViews(
        dialect=dialect,
        views_sql=sql,
        labels_sql=anonymizer_labels(result),
        withheld=[WithheldColumn(table=w.table, column=w.column, reason=w.reason) for w in withheld],
    )


def _scan_of(inputs: str | PathLike | Sequence[str | PathLike] | ScanResult) -> ScanResult:
    return inputs if isinstance(inputs, ScanResult) else scan(_as_paths(inputs))


def build_report(
    inputs: str | PathLike | Sequence[str | PathLike] | ScanResult,
    *,
    context: str | None = None,
    policy: str = "cc4dr-default",
    lang: str = "en",
    generated_at: str | None = None,
    since: str | PathLike | Sequence[str | PathLike] | ScanResult | None = None,
    options: ScanOptions | None = None,
    schemas: Sequence[str] = (),
) -> ReportDoc:
    """The DPIA view-model (ReportDoc) for inputs and an optional context file.

    ``since`` (an earlier scan) adds the changes since then, the Art. 35(11) review trigger.
    ``generated_at`` defaults to SOURCE_DATE_EPOCH when set (reproducible builds), else now.
    """
    import datetime as dt
    import os

    from rightskit.policy.load import load_context
    from rightskit.report.view import build_report as build
    from rightskit.report.view import large_scale_rows

    result = inputs if isinstance(inputs, ScanResult) else scan(_as_paths(inputs), options)
    checked = check(result, policy, context=context, lang=lang, options=options, schemas=schemas)
    if generated_at is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        when = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
        generated_at = when.replace(microsecond=0).isoformat().replace("+00:00", "Z")
    ctx = load_context(context) if context else None
    doc = build(result, checked, ctx, lang=lang, context_path=context, generated_at=generated_at,
                large_scale=large_scale_rows(policy))  # fmt: skip
    if since is not None:
        from rightskit.report.diff import diff_scans

        old = _scan_of(since)
        changes = diff_scans(
            old, result, check(old, policy, context=context), checked, old_name="since", new_name="now"
        )
        doc = doc.model_copy(update={"changes": changes})
    return doc


def render_report(doc: ReportDoc, fmt: str, *, context: str | None = None) -> str | bytes:
    """Lay a ReportDoc out as md, html, docx, json or cnil-pia."""
    from rightskit.policy.load import load_context
    from rightskit.report.render import render

    return render(doc, fmt, load_context(context) if context else None)


def diff(
    old: str | PathLike | Sequence[str | PathLike] | ScanResult,
    new: str | PathLike | Sequence[str | PathLike] | ScanResult,
    *,
    policy: str = "cc4dr-default",
    old_name: str = "old",
    new_name: str = "new",
) -> InventoryDiff:
    """New, removed and changed personal fields and violations between two scans (InventoryDiff)."""
    from rightskit.report.diff import diff_scans

    a, b = _scan_of(old), _scan_of(new)
    return diff_scans(a, b, check(a, policy), check(b, policy), old_name=old_name, new_name=new_name)
