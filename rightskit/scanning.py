"""The scan pipeline: inputs → sources → Tables → field profiles → verdicts → Findings."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from rightskit import __version__
from rightskit.detect.crosscolumn import CrossColumn
from rightskit.errors import RightskitError, SourceError
from rightskit.models import Evidence, Finding, Location, RecognizerEvidence, ScanResult, SourceKind, SourceReport
from rightskit.models.config import DetectionSettings
from rightskit.sources.base import Batch, FieldColumn, Opened, Table
from rightskit.workers import cores_taken, map_columns, one_of_several_processes

if TYPE_CHECKING:
    from rightskit.detect.classifier import Verdict
    from rightskit.detect.detector import Detector
    from rightskit.detect.profile import FieldProfile, ProfileState
    from rightskit.models.config import Override

ProgressCallback = Callable[[str], None]


class ScanOptions(BaseModel):
    """How to scan (not what is compliant: that is a policy's business)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sample: int = Field(1000, ge=1, description="Rows sampled per table (spread over the whole input).")
    full: bool = Field(False, description="Examine every value instead of a sample.")
    seed: int = Field(0, description="Seed of the row sampler; the same seed gives the same sample.")
    exclude: list[str] = Field(default_factory=list, description="Glob patterns of paths not to scan.")
    detection: DetectionSettings = Field(default_factory=DetectionSettings, description="Packs, allow-list, overrides.")
    dialect: str | None = Field(None, description="SQL dialect of SQL files (default: from the file name or content).")
    strict: bool = Field(False, description="SQL statements that cannot be parsed are errors, not warnings.")
    schema_files: list[str] = Field(default_factory=list, description="SQL DDL read only as context for lineage.")
    header_only: bool = Field(False, description="Data files by name and header only (no values read).")
    include_tables: list[str] = Field(
        default_factory=list, description="Database tables to scan (globs on schema.table)."
    )
    exclude_tables: list[str] = Field(default_factory=list, description="Database tables not to scan (globs).")
    cache_dir: str | None = Field(None, description="Cache per-file results here; unchanged files are not re-read.")
    workers: int | None = Field(None, ge=1, description="Processes for many files (default: the available cores).")


def scan_paths(paths: list[str], options: ScanOptions, progress: ProgressCallback | None = None) -> ScanResult:
    """Scan files and directories."""
    from rightskit.schemas.scan import SQL_SUFFIXES, scan_sql_sources, sql_source
    from rightskit.sources.discover import discover

    detector = _detector(options)
    reports: list[SourceReport] = []
    findings: list[Finding] = []
    from rightskit.sources.database import is_database_url

    sql_sources = []
    for url in [p for p in paths if is_database_url(p)]:
        from rightskit.dbscan import scan_database

        if progress:
            progress("database")
        report, found = scan_database(url, options, detector)
        reports.append(report)
        findings.extend(found)
    paths = [p for p in paths if not is_database_url(p)]
    files = []
    for candidate in discover(paths, options.exclude):
        if candidate.path.suffix.lower() in SQL_SUFFIXES and candidate.path.is_file():
            if progress:
                progress(candidate.display)
            sql_sources.append(sql_source(candidate.path, candidate.display))
        else:
            files.append(candidate)
    for outcome in _scan_files(files, options, detector, progress):
        for report, found in outcome:
            reports.append(report)
            findings.extend(found)
    facts: list[dict] = []
    if sql_sources:
        context = [sql_source(Path(p), p) for p in options.schema_files]
        sql_reports, sql_findings, facts = scan_sql_sources(
            sql_sources, context, detector, options.dialect, options.strict
        )
        reports.extend(sql_reports)
        findings.extend(sql_findings)
    if detector.overrides:
        findings = _override_schema_findings(findings, detector)
    return _result(reports, findings, facts)


def _override_schema_findings(findings: list[Finding], detector: Detector) -> list[Finding]:
    """Overrides apply to schema and SQL findings too (data files had theirs applied while classified)."""
    from rightskit.paths import normalise_path

    out = []
    for f in findings:
        override = None
        if f.kind.value in ("schema", "sql"):
            override = detector.override_for(normalise_path(f.path), f.object, f.field)
        if override is None:
            out.append(f)
            continue
        if override.entity is None:
            continue
        info = detector.entities[override.entity]
        note = "set by configuration" + (f": {override.reason}" if override.reason else "")
        evidence = f.evidence.model_copy(
            update={"method": [*f.evidence.method, "override"], "notes": [*f.evidence.notes, note]}
        )
        out.append(
            f.model_copy(
                update={
                    "entity_type": override.entity,
                    "category": info.category,
                    "data_category": info.data_category,
                    "confidence": 0.99,
                    "evidence": evidence,
                    "fingerprint": Finding.make_fingerprint(f.kind, f.path, f.object, f.field, override.entity),
                }
            )
        )
    return out


# Below this many files, starting worker processes costs more than it saves.
_PARALLEL_FROM = 16


def _scan_files(
    files: list, options: ScanOptions, detector: Detector, progress: ProgressCallback | None
) -> Iterator[list[tuple[SourceReport, list[Finding]]]]:
    """Per-file outcomes in discovery order: from the cache, else scanned (in worker processes when many)."""
    from rightskit.scan_cache import ScanCache

    # What decides a file's findings salts the cache key; where to cache, workers and path globs do not.
    salt = options.model_dump_json(exclude={"cache_dir", "workers", "exclude"})
    cache = ScanCache(options.cache_dir, salt) if options.cache_dir else None
    keys = [cache.key(c.path, c.display) if cache else None for c in files]
    cached = [cache.get(k) if cache else None for k in keys]
    todo = [i for i, hit in enumerate(cached) if hit is None]
    workers = min(options.workers or os.cpu_count() or 1, len(todo))
    if workers > 1 and len(todo) >= _PARALLEL_FROM:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        paths = [str(files[i].path) for i in todo]
        displays = [files[i].display for i in todo]
        chunk = max(1, len(todo) // (workers * 8))
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(options,)) as pool:
            fresh = dict(zip(todo, pool.map(_scan_in_worker, paths, displays, chunksize=chunk), strict=True))
    else:
        fresh = {}
    try:
        for i, candidate in enumerate(files):
            if progress:
                progress(candidate.display)
            outcome = cached[i]
            if outcome is None:
                outcome = fresh.get(i) or list(_scan_candidate(candidate.path, candidate.display, options, detector))
                if cache:
                    cache.put(keys[i], outcome)
            yield outcome
    finally:
        if cache:
            cache.close()


_WORKER: dict[str, object] = {}


def _init_worker(options: ScanOptions) -> None:
    # Once per worker process: the options and the project's detector, not once per file.
    one_of_several_processes()
    _WORKER["options"] = options
    _WORKER["detector"] = _detector(options)


def _scan_in_worker(path: str, display: str) -> list[tuple[SourceReport, list[Finding]]]:
    options, detector = _WORKER["options"], _WORKER["detector"]
    return list(_scan_candidate(Path(path), display, options, detector))  # type: ignore[arg-type]


def scan_table(table: Table, display: str, fmt: str, options: ScanOptions) -> ScanResult:
    """Scan one in-memory table (a DataFrame or Arrow table)."""
    report, found = _scan_opened(Opened(format=fmt, tables=iter([table])), display, options, _detector(options))
    return _result([report], found)


def _detector(options: ScanOptions) -> Detector:
    from rightskit.detect.detector import build_detector, default_detector

    return default_detector() if options.detection == DetectionSettings() else build_detector(options.detection)


def _result(reports: list[SourceReport], findings: list[Finding], facts: list[dict] | None = None) -> ScanResult:
    findings.sort(
        key=lambda f: (f.path, f.object or "", f.location.line or 0, f.location.column or 0, f.field, f.entity_type)
    )
    return ScanResult(rightskit_version=__version__, sources=reports, findings=findings, facts=facts or [])


def _scan_candidate(
    path: Path, display: str, options: ScanOptions, detector: Detector
) -> Iterator[tuple[SourceReport, list[Finding]]]:
    from rightskit.sources import containers
    from rightskit.sources.registry import dataset_format, looks_binary

    if not path.exists():
        yield _error_report(display, None, SourceError("no such file or directory", path=display)), []
        return
    if path.is_dir():  # discovery yields a folder only when it could not be read
        yield _error_report(display, None, SourceError("cannot read this folder (permission denied)", path=display)), []
        return
    if not path.is_file():  # opening a FIFO waits for a writer forever; a device never ends
        yield (
            _error_report(display, None, SourceError("not a regular file (a FIFO, socket or device)", path=display)),
            [],
        )
        return
    from rightskit.artefacts import own_artefact

    artefact = own_artefact(path)
    if artefact:
        yield _skipped(display, artefact), []
        return
    suffix = path.suffix.lower()
    if suffix == ".gz":
        inner = dataset_format(path.name[:-3])
        if inner is None:
            yield _skipped(display, "compressed file of an unsupported kind"), []
            return
        yield _scan_file(lambda: containers.unpack_gzip(path, display), display, inner, options, detector, "+gzip")
        return
    if suffix == ".zip":
        try:
            members = containers.zip_members(path, display)
        except RightskitError as exc:
            yield _error_report(display, "zip", exc), []
            return
        for member in members:
            shown = f"{display}!{member}"
            fmt = dataset_format(member)
            if fmt is None:
                yield _skipped(shown, "unsupported file type"), []
                continue
            unpack = lambda m=member: containers.unpack_zip_member(path, display, m)  # noqa: E731
            yield _scan_file(unpack, shown, fmt, options, detector, "")
        return
    if suffix in (".json", ".yaml", ".yml"):
        outcome = _schema_document(path, display, detector)
        if outcome is not None:
            yield outcome
            return
    fmt = dataset_format(path.name)
    if fmt is None:
        yield _skipped(display, "binary file" if looks_binary(path) else "unsupported file type"), []
        return
    yield _scan_file(lambda: nullcontext(path), display, fmt, options, detector, "")


def _schema_document(path: Path, display: str, detector: Detector) -> tuple[SourceReport, list[Finding]] | None:
    """A schema document's findings, a skip for YAML that is not one, or None: data for the dataset readers."""
    from rightskit.schemas.scan import SCHEMA_KINDS, scan_document, sniff

    try:
        kind, doc = sniff(path, display)
    except RightskitError as exc:
        if path.suffix.lower() == ".json":
            return None  # the JSON reader reports the same error, with its place
        return SourceReport(path=display, kind=SourceKind.SCHEMA, format="yaml", errors=[exc.render()]), []
    if kind in SCHEMA_KINDS:
        return scan_document(display, kind, doc, detector, source=path)
    if kind == "dbt_manifest":
        reason = "dbt manifest (its compiled models are read with the model files)"
    elif kind in ("rightskit_config", "dbt_schema"):
        reason = "configuration, not data"
    elif path.suffix.lower() != ".json":
        reason = "YAML that is not a schema"
    else:
        return None
    return SourceReport(path=display, kind=SourceKind.SCHEMA, skipped=reason), []


def _scan_file(
    materialise: Callable[[], AbstractContextManager[Path]],
    display: str,
    fmt_opener: tuple,
    options: ScanOptions,
    detector: Detector,
    fmt_suffix: str,
) -> tuple[SourceReport, list[Finding]]:
    fmt, opener = fmt_opener
    try:
        with materialise() as local:
            opened = opener(local, display, fmt)
            opened.format += fmt_suffix
            return _scan_opened(opened, display, options, detector)
    except RightskitError as exc:
        return _error_report(display, fmt + fmt_suffix, exc), []
    except OSError as exc:
        return _error_report(display, fmt + fmt_suffix, SourceError(exc.strerror or "cannot read", path=display)), []
    except RecursionError:
        return _error_report(display, fmt + fmt_suffix, SourceError("nested too deeply to read", path=display)), []
    except Exception as exc:  # a reader's own failure on a broken file: one line, and the run goes on
        error = SourceError(f"could not be read ({type(exc).__name__})", path=display)
        return _error_report(display, fmt + fmt_suffix, error), []


def _scan_opened(
    opened: Opened, display: str, options: ScanOptions, detector: Detector
) -> tuple[SourceReport, list[Finding]]:
    errors: list[str] = []
    warnings = list(opened.warnings)
    findings: list[Finding] = []
    objects = rows_scanned = rows_total = 0
    estimated = False
    for table in _tables(opened, display, errors):
        objects += 1
        # Cross-column evidence relates a few columns of a record (an ID and a birth date, a name and an e-mail);
        # across thousands its per-column checks cost minutes (20,000 columns: 42 of 64 s) and relate nothing.
        wide = len(table.fields_seen) > MAX_CROSS_COLUMNS
        cross = None if wide else CrossColumn()
        if wide:
            warnings.append(f"{len(table.fields_seen)} columns: no cross-column evidence past {MAX_CROSS_COLUMNS}")
        profiles, columns, scanned, seen = _profile_table(table, display, options, detector, cross)
        rows_scanned += scanned
        if table.rows_total is not None:
            rows_total += table.rows_total
            estimated = estimated or table.rows_total_estimated
        else:
            rows_total += seen
        findings.extend(_table_findings(profiles, columns, table, display, options, detector, cross))
        errors.extend(table.errors)
        warnings.extend(table.warnings)
    report = SourceReport(
        path=display,
        kind=SourceKind.DATASET,
        format=opened.format,
        objects=objects,
        rows_scanned=rows_scanned,
        rows_total=rows_total,
        rows_total_estimated=estimated,
        errors=_first_errors(errors, display),
        warnings=warnings,
    )
    return report, findings


MAX_ERRORS_PER_SOURCE = 20
MAX_CROSS_COLUMNS = 1_000


def _first_errors(errors: list[str], display: str) -> list[str]:
    """The first errors of a source and how many more: a broken JSON Lines file is not 10,000 lines of stderr."""
    if len(errors) <= MAX_ERRORS_PER_SOURCE:
        return errors
    more = len(errors) - MAX_ERRORS_PER_SOURCE
    return [*errors[:MAX_ERRORS_PER_SOURCE], SourceError(f"… and {more} more errors", path=display).render()]


def new_profile(detector: Detector) -> FieldProfile:
    """An empty profile with the detector's recognizers and allow-list."""
    from rightskit.detect.profile import FieldProfile

    return FieldProfile(detector.recognizers, detector.allow) if detector.allow else FieldProfile(detector.recognizers)


def profile_from_state(detector: Detector, state: ProfileState) -> FieldProfile:
    """A profile holding merged evidence, with the detector's recognizers and allow-list (for classification)."""
    from rightskit.detect.profile import FieldProfile

    extra = (detector.allow,) if detector.allow else ()
    return FieldProfile.from_state(detector.recognizers, state, *extra)


def _several_batches_ahead(table: Table, display: str) -> bool:
    """Whether a full pass of ``table`` will read two batches or more (its rows are known, or its file is larger
    than a batch): its worker processes are then forked before the first is read."""
    from rightskit.sources.batching import COALESCE_BYTES, COALESCE_ROWS

    if table.rows_total is not None:
        return table.rows_total > COALESCE_ROWS
    try:
        return os.path.getsize(display) > COALESCE_BYTES
    except OSError:
        return False


def _profile_table(
    table: Table, display: str, options: ScanOptions, detector: Detector, cross: CrossColumn | None = None
) -> tuple[dict[str, FieldProfile], dict[str, int | None], int, int]:
    """Profiles per field, field positions, rows examined and rows seen; ``cross`` compares the columns of
    each batch row by row."""
    from rightskit.sources.sampling import sample_rows

    profiles = {name: new_profile(detector) for name in table.fields_seen}
    columns: dict[str, int | None] = {}
    seen: int | None = None
    rows = [0]
    workers = options.workers or os.cpu_count() or 1

    def flattened(batches: Iterable[Batch]) -> Iterator[dict[str, FieldColumn]]:
        for batch in batches:
            rows[0] += len(batch)
            yield table.to_fields(batch)

    def flattened_on_all_cores(workers: int) -> Iterator[dict[str, FieldColumn]]:
        assert table.full_pass is not None
        for count, fields in table.full_pass(workers):
            rows[0] += count
            yield fields

    from rightskit.profiling import profiling_pool

    early = options.full and workers > 1 and not cores_taken() and _several_batches_ahead(table, display)
    # Forked before any batch is read, when there will be several
    with profiling_pool(detector, workers) if early else nullcontext() as pool:
        try:
            if options.header_only:
                field_batches: Iterator[dict[str, FieldColumn]] = iter(())
            elif options.full:
                from rightskit.sources.batching import coalesce_fields, read_ahead

                if table.full_pass is not None and workers > 1:
                    # Worker processes already read ahead; forking from this thread keeps the fork simple.
                    field_batches = coalesce_fields(flattened_on_all_cores(workers))
                else:
                    field_batches = read_ahead(coalesce_fields(flattened(table.batches)))
            else:
                sample = sample_rows(table.batches, options.sample, options.seed)
                sampled = list(flattened(sample.merged()))  # a sample is small: held, its size is known
                if cross is not None:
                    cross.rows_expected = sum(max((len(c.values) for c in f.values()), default=0) for f in sampled)
                field_batches, seen = iter(sampled), sample.rows_seen

            def look_at(fields: dict[str, FieldColumn]) -> None:
                for name, column in fields.items():
                    if name not in profiles:
                        profiles[name] = new_profile(detector)
                    columns.setdefault(name, column.column)
                if cross is not None:
                    cross.update(_row_aligned(fields))

            several = False
            if options.full and workers > 1 and not cores_taken():
                from rightskit.profiling import several_batches

                field_batches, several = several_batches(field_batches)
            if several:
                from rightskit.profiling import profiled_in_processes

                states: dict[str, ProfileState] = {}
                for batch in profiled_in_processes(field_batches, detector, workers, on_batch=look_at, pool=pool):
                    for name, state in batch.items():
                        states[name] = states[name].merge(state) if name in states else state
                        # As each batch comes back: a reader failing later leaves the evidence of what was read.
                        profiles[name] = profile_from_state(detector, states[name])
            for fields in field_batches if not several else ():
                look_at(fields)
                map_columns(lambda item: profiles[item[0]].update(item[1].values), fields.items())
        except RightskitError as exc:
            table.errors.append(exc.render())
        except Exception as exc:  # a reader failing mid-stream must not stop the run
            failed = SourceError(f"could not be read to the end ({type(exc).__name__})", path=display)
            table.errors.append(failed.render())
    for i, name in enumerate(table.fields_seen):
        columns.setdefault(name, i + 1)
    return profiles, columns, rows[0], seen if seen is not None else rows[0]


def shown_field(name: str) -> str:
    """A field's name as outputs show it: a name that may hold a value (a JSON key that is an e-mail, a header
    row of data) is shown by its shape, never its characters."""
    from rightskit.masking import shape
    from rightskit.sources.base import personal_header

    return shape(name) if personal_header(name) else name


def _row_aligned(fields: dict[str, FieldColumn]) -> dict[str, Any]:
    """The top-level fields of a batch that hold one value per row (not the items of nested lists)."""
    lengths = Counter(len(c.values) for name, c in fields.items() if "[]" not in name)
    if not lengths:
        return {}
    rows = lengths.most_common(1)[0][0]
    return {name: c.values for name, c in fields.items() if "[]" not in name and len(c.values) == rows}


def _table_findings(
    profiles: dict[str, FieldProfile],
    columns: dict[str, int | None],
    table: Table,
    display: str,
    options: ScanOptions,
    detector: Detector,
    cross: CrossColumn | None = None,
) -> list[Finding]:
    from rightskit.detect.classifier import apply_object_context, classify_field, field_hints, is_person_context
    from rightskit.detect.entities import with_trait
    from rightskit.paths import normalise_path

    per_field = {}
    for name, profile in profiles.items():
        leaf, parents = _split_path(name)
        per_field[name] = classify_field(profile, field_hints(detector.lexicon, leaf, parents), detector.entities)
    if cross is not None:
        about_people = any(is_person_context(v, detector.entities) for vs in per_field.values() for v in vs)
        cross.apply(per_field, with_trait("national_id", detector.entities), about_people)
    place_rows = detector.lexicon.row_subject([Path(display).name, table.object or ""], list(profiles))
    if place_rows:
        table.warnings.append(
            f"{display}{'#' + table.object if table.object else ''}: rows read as places or businesses ({place_rows}):"
            " their addresses, towns, phones, coordinates and office mailboxes are not reported as personal data"
        )
    per_field = apply_object_context(per_field, detector.entities, place_rows=place_rows)
    findings = []
    for name, verdicts in per_field.items():
        override = detector.override_for(normalise_path(display), table.object, name)
        if override is not None:
            verdicts = _overridden(override, verdicts)
        for v in verdicts:
            findings.append(_finding(v, profiles[name], display, table, name, columns.get(name), options, detector))
    return findings


def _tables(opened: Opened, display: str, errors: list[str]) -> Iterator[Table]:
    try:
        yield from opened.tables
    except RightskitError as exc:
        errors.append(exc.render())
    except Exception as exc:
        errors.append(SourceError(f"could not be read ({type(exc).__name__})", path=display).render())


def _split_path(name: str) -> tuple[str, list[str]]:
    parts = [p for p in name.replace("[]", "").split(".") if p]
    if len(parts) <= 1:
        return name, []
    return parts[-1], parts[:-1]


def _overridden(override: Override, verdicts: list[Verdict]) -> list[Verdict]:
    """A configured verdict replaces the detected ones (or removes them: not personal)."""
    from rightskit.detect.classifier import Verdict

    if override.entity is None:
        return []
    kept = next((v for v in verdicts if v.entity == override.entity), None)
    verdict = kept or Verdict(entity=override.entity, confidence=0.99, method=[])
    verdict.method = [*verdict.method, "override"]
    verdict.confidence = 0.99
    verdict.notes.append("set by configuration" + (f": {override.reason}" if override.reason else ""))
    return [verdict]


def _finding(
    v: Verdict,
    profile: FieldProfile,
    display: str,
    table: Table,
    name: str,
    column: int | None,
    options: ScanOptions,
    detector: Detector,
) -> Finding:
    location = Location(line=table.header_line, column=column)
    return finding_from_verdict(v, profile, SourceKind.DATASET, display, table.object, name, location, detector,
                                sampled=not options.full)  # fmt: skip


def finding_from_verdict(
    v: Verdict,
    profile: FieldProfile,
    kind: SourceKind,
    display: str,
    obj: str | None,
    name: str,
    location: Location,
    detector: Detector,
    *,
    sampled: bool,
) -> Finding:
    """A Finding from a verdict and the profile of values behind it (datasets and databases alike)."""
    info = detector.entities[v.entity]
    evidence = Evidence(
        method=v.method,
        examined=profile.examined,
        non_empty=profile.non_empty,
        matched=v.matched,
        validated=v.validated,
        share=round(v.share, 4),
        share_lower_bound=round(v.share_lower_bound, 4),
        name_hints=v.hints,
        recognizers=[RecognizerEvidence(recognizer=r, matched=m, validated=val) for r, m, val in v.recognizers],
        in_text=v.in_text,
        distinct_ratio=round(profile.distinct / profile.non_empty, 4) if profile.non_empty else None,
        exclusions=v.exclusions,
        sampled=sampled,
        notes=v.notes,
        repeats=v.repeats,
    )
    return Finding(
        fingerprint=Finding.make_fingerprint(kind, display, obj, name, v.entity),
        kind=kind,
        path=display,
        object=obj,
        field=shown_field(name),
        location=location,
        entity_type=v.entity,
        data_category=info.data_category,
        category=info.category,
        confidence=round(v.confidence, 3),
        evidence=evidence,
        examples=v.examples,
    )


def _skipped(display: str, reason: str) -> SourceReport:
    return SourceReport(path=display, kind=SourceKind.DATASET, skipped=reason)


def _error_report(display: str, fmt: str | None, exc: RightskitError) -> SourceReport:
    return SourceReport(path=display, kind=SourceKind.DATASET, format=fmt, errors=[exc.render()])
