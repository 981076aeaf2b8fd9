"""What a dbt project's YAML (and its compiled manifest) says about models and sources: column descriptions,
tags and ``meta``.

``models:`` entries document a model's output columns; ``sources:`` entries declare the tables models read with
``source()`` — they become tables of the catalogue, so a staging model over a source is traced to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rightskit.schemas.metadata import FieldMeta

MAX_YAML_BYTES = 5 << 20


# meta keys and tags by which projects declare a column personal (dbt has no standard one).
_PII_KEYS = {"contains_pii", "pii", "personal_data", "is_pii", "gdpr", "sensitive", "personal", "phi"}


@dataclass(frozen=True)
class ColumnDoc:
    """What a project's YAML says of one column."""

    description: str | None = None
    personal: bool | None = None  # meta contains_pii/pii/gdpr…, or a pii/personal/gdpr tag

    def field(self, name: str) -> FieldMeta:
        return FieldMeta(name=name, description=self.description, declared_personal=self.personal)


@dataclass
class DbtDocs:
    models: dict[str, dict[str, ColumnDoc]] = field(default_factory=dict)  # model → column → doc
    sources: dict[str, tuple[str, dict[str, ColumnDoc]]] = field(default_factory=dict)  # "src.table" → (yml, …)


def _column_doc(col: dict[str, Any]) -> ColumnDoc:
    config = col.get("config") if isinstance(col.get("config"), dict) else {}
    tags = col.get("tags") or config.get("tags") or []
    meta = col.get("meta") or config.get("meta") or {}
    personal = None
    if isinstance(meta, dict):
        flags = [v for k, v in meta.items() if str(k).casefold() in _PII_KEYS and isinstance(v, bool)]
        personal = any(flags) if flags else None
    if isinstance(tags, list) and any(str(t).casefold() in _PII_KEYS for t in tags):
        personal = True
    text = str(col.get("description") or "").strip()
    return ColumnDoc(text or None, personal)


def _columns(entry: dict[str, Any]) -> dict[str, ColumnDoc]:
    out: dict[str, ColumnDoc] = {}
    for col in entry.get("columns") or []:
        if isinstance(col, dict) and col.get("name"):
            out[str(col["name"]).casefold()] = _column_doc(col)
    return out


@cache
def project_docs(root: Path) -> DbtDocs:
    """Every models:/sources: entry of the project's YAML files (unreadable files are skipped: they are
    reported where the scan reads them as documents)."""
    from rightskit.errors import RightskitError
    from rightskit.textfile import read_text
    from rightskit.validation import load_yaml

    docs = DbtDocs()
    for path in sorted(root.rglob("*.yml")) + sorted(root.rglob("*.yaml")):
        if any(part in ("target", "dbt_packages", "node_modules") for part in path.relative_to(root).parts):
            continue
        try:
            if path.stat().st_size > MAX_YAML_BYTES:
                continue
            doc = load_yaml(read_text(path, what="dbt YAML"), str(path))
        except (OSError, UnicodeDecodeError, RightskitError):
            continue
        if not isinstance(doc, dict):
            continue
        for model in doc.get("models") or []:
            if isinstance(model, dict) and model.get("name"):
                docs.models.setdefault(str(model["name"]), {}).update(_columns(model))
        for source in doc.get("sources") or []:
            if not isinstance(source, dict) or not source.get("name"):
                continue
            for table in source.get("tables") or []:
                if isinstance(table, dict) and table.get("name"):
                    key = f"{source['name']}.{table['name']}"
                    docs.sources[key] = (str(path), _columns(table))
    _manifest_docs(root, docs)
    return docs


def _manifest_docs(root: Path, docs: DbtDocs) -> None:
    """Column documentation of a compiled project (target/manifest.json), where its YAML did not say more."""
    import json

    manifest = root / "target" / "manifest.json"
    try:
        if not manifest.is_file() or manifest.stat().st_size > 50 * MAX_YAML_BYTES:
            return
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return
    if not isinstance(data, dict):
        return
    for node in (data.get("nodes") or {}).values():
        if isinstance(node, dict) and node.get("resource_type") == "model" and isinstance(node.get("columns"), dict):
            columns = _columns({"columns": list(node["columns"].values())})
            target = docs.models.setdefault(str(node.get("name")), {})
            for name, doc in columns.items():
                target.setdefault(name, doc)
    for node in (data.get("sources") or {}).values():
        if isinstance(node, dict) and node.get("source_name") and node.get("name"):
            key = f"{node['source_name']}.{node['name']}"
            if key not in docs.sources and isinstance(node.get("columns"), dict):
                docs.sources[key] = (str(manifest), _columns({"columns": list(node["columns"].values())}))
