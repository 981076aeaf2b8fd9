"""Schema and SQL sources in a scan: routing by content, dbt projects, and SourceReports/Findings/facts."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rightskit.errors import RightskitError, SourceError
from rightskit.models import Evidence, Finding, Location, SourceKind, SourceReport
from rightskit.schemas.catalogue import Catalogue, Column, TableDef
from rightskit.schemas.doclines import KeyIndex
from rightskit.schemas.documents import document_fields, document_kind
from rightskit.schemas.metadata import FieldMeta, classify_metadata

if TYPE_CHECKING:
    from rightskit.detect.detector import Detector
    from rightskit.schemas.sqlscan import SqlSource

SQL_SUFFIXES = {".sql", ".ddl", ".pgsql", ".psql", ".mysql", ".tsql", ".hql"}
DOCUMENT_SUFFIXES = {".json", ".yaml", ".yml"}
SCHEMA_KINDS = {"jsonschema", "openapi", "tableschema", "datapackage"}
MAX_DOCUMENT_BYTES = 20 << 20


def load_document(path: Path, display: str) -> Any:
    """Parse a JSON or YAML document (errors name the place)."""
    from rightskit.textfile import read_text

    text = read_text(path, what="document").removeprefix("\ufeff")
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except RecursionError:
            raise SourceError("invalid JSON (nested too deeply)", path=display) from None
        except json.JSONDecodeError as exc:
            raise SourceError(
                f"invalid JSON ({exc.msg})", path=display, where=f"line {exc.lineno}, column {exc.colno}"
            ) from None
        except ValueError:  # Python refuses integers of more than 4,300 digits
            raise SourceError("invalid JSON (a number too long to read)", path=display) from None
    from rightskit.validation import load_yaml

    try:
        return load_yaml(text, display)
    except RightskitError as exc:
        raise SourceError(exc.message, path=display, where=exc.where) from None


def sniff(path: Path, display: str) -> tuple[str | None, Any]:
    """(document kind, parsed document) for a .json/.yaml file; kind None means data (or nothing to scan)."""
    if path.stat().st_size > MAX_DOCUMENT_BYTES and path.suffix.lower() == ".json":
        return None, None  # large JSON is data: the dataset reader streams it
    doc = load_document(path, display)
    return document_kind(doc), doc


def scan_document(
    display: str, kind: str, doc: dict, detector: Detector, source: Path | None = None
) -> tuple[SourceReport, list[Finding]]:
    """Findings for every field of a JSON Schema / OpenAPI / Table Schema / Data Package document (``source``: its
    file, read again to tell the line of each property)."""
    index = None
    if source is not None:
        try:
            index = KeyIndex(source.read_text(encoding="utf-8-sig"), yaml=source.suffix.lower() in (".yaml", ".yml"))
        except (OSError, UnicodeDecodeError):
            index = None  # findings without lines; the document itself was read
    by_object: dict[str, dict[str, FieldMeta]] = {}
    for f in document_fields(doc, kind, Path(display.split("!")[-1]).stem):
        by_object.setdefault(f.object, {})[f.path] = f.meta
    judged = judge_objects(by_object, detector)
    findings: list[Finding] = []
    for obj, per_field in judged.items():
        for path, verdicts in per_field.items():
            for v in verdicts:
                info = detector.entities[v.entity]
                findings.append(
                    Finding(
                        fingerprint=Finding.make_fingerprint(SourceKind.SCHEMA, display, obj, path, v.entity),
                        kind=SourceKind.SCHEMA,
                        path=display,
                        object=obj,
                        field=path,
                        location=Location(line=index.field_line(obj, path) if index else None),
                        entity_type=v.entity,
                        data_category=info.data_category,
                        category=info.category,
                        confidence=v.confidence,
                        evidence=Evidence(method=v.method, name_hints=v.hints, notes=v.notes, sampled=False),
                    )
                )
    return SourceReport(path=display, kind=SourceKind.SCHEMA, format=kind, objects=len(by_object)), findings


def judge_objects(by_object: dict[str, dict[str, FieldMeta]], detector: Detector) -> dict[str, dict[str, list]]:
    """Verdicts per definition, corrected by what each definition is about (``tables.py``); a part named after
    its whole (``Condition_Stage``) is about what the whole is about."""
    from rightskit.schemas.tables import judge, table_role

    raw = {
        obj: {path: classify_metadata(meta, detector) for path, meta in fields.items()}
        for obj, fields in by_object.items()
    }
    roles = {obj: table_role(obj, raw[obj], detector, path_keys=True) for obj in by_object}
    out = {}
    for obj, fields in by_object.items():
        role = roles[obj]
        whole = next((roles[o] for o in roles if o != obj and obj.startswith(f"{o}_")), None)
        if whole is not None and not (role.person or role.keyed) and (whole.person or whole.keyed):
            role.keyed, role.special, role.evidence = whole.keyed, whole.special or role.special, whole.evidence
            role.reference = False
        out[obj] = judge(obj, fields, raw[obj], role, detector)
    return out


@cache
def _dbt_root(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / "dbt_project.yml").is_file():
            return candidate
    return None


@cache
def _compiled_models(root: Path) -> dict[str, str]:
    """original_file_path → compiled SQL, from the project's target/manifest.json when present."""
    manifest = root / "target" / "manifest.json"
    if not manifest.is_file():
        return {}
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, OSError):
        return {}
    out = {}
    for node in (data.get("nodes") or {}).values():
        code = node.get("compiled_code") or node.get("compiled_sql")
        if node.get("resource_type") == "model" and code and node.get("original_file_path"):
            out[str(node["original_file_path"]).replace("\\", "/")] = code
    return out


def sql_source(path: Path, display: str) -> SqlSource:
    """A SQL file; inside a dbt project a model (named after its file), compiled SQL preferred."""
    # The SQL scanner and dbt readers are imported only when there is SQL: a data scan never pays for them.
    from rightskit.schemas.dbt import project_docs
    from rightskit.schemas.sqlscan import SqlSource

    text = path.read_text(encoding="utf-8-sig", errors="replace")
    root = _dbt_root(path.resolve().parent)
    if root is not None:
        rel = path.resolve().relative_to(root).as_posix()
        if "/models/" in f"/{rel}" or rel.startswith("models/"):
            compiled = _compiled_models(root).get(rel)
            docs = project_docs(root).models.get(path.stem)
            return SqlSource(display, compiled or text, model_name=path.stem, column_docs=docs, dbt_root=str(root))
    return SqlSource(display, text)


def dbt_source_tables(sources: list[SqlSource], catalogue: Catalogue) -> None:
    """The tables the scanned dbt projects declare in sources.yml, as catalogue context for their models."""
    from rightskit.schemas.dbt import project_docs

    for root in dict.fromkeys(s.dbt_root for s in sources if s.dbt_root):
        for name, (yml, columns) in project_docs(Path(root)).sources.items():
            table = catalogue.add(TableDef(name, yml, None, kind="dbt_source"))
            for col, doc in columns.items():
                table.columns.setdefault(col, Column(doc.field(col)))


def scan_sql_sources(
    sources: list[SqlSource], context: list[SqlSource], detector: Detector, dialect: str | None, strict: bool
) -> tuple[list[SourceReport], list[Finding], list[dict]]:
    """Scan SQL files together (DDL of every file feeds the lineage of all); ``context`` only feeds the catalogue."""
    from rightskit.schemas.sqlscan import scan_sql

    catalogue = None
    if context:
        _ctx, catalogue = scan_sql(context, detector, dialect=dialect)
    catalogue = catalogue or Catalogue()
    dbt_source_tables(sources, catalogue)
    result, _cat = scan_sql(sources, detector, dialect=dialect, strict=strict, catalogue=catalogue)
    context_paths = {c.path for c in context}
    findings = [f for f in result.findings if f.path not in context_paths]
    reports = []
    for src in sources:
        has_query = any(f["type"] == "lineage" and f["path"] == src.path for f in result.facts)
        kind = SourceKind.SQL if has_query or src.model_name else SourceKind.SCHEMA
        reports.append(
            SourceReport(
                path=src.path,
                kind=kind,
                format="dbt" if src.model_name else "sql",
                objects=result.objects.get(src.path, 0),
                errors=[SourceError(m, path=src.path).render() for m in result.errors.get(src.path, [])],
                warnings=result.warnings.get(src.path, []),
            )
        )
    return reports, findings, result.facts
