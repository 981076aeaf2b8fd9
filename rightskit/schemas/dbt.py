"""What a dbt project's YAML says about its models and sources: column descriptions, tags and ``meta``.

``models:`` entries document a model's output columns; ``sources:`` entries declare the tables models read with
``source()`` — they become tables of the catalogue, so a staging model over a source is traced to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

MAX_YAML_BYTES = 5 << 20


@dataclass
class DbtDocs:
    models: dict[str, dict[str, str]] = field(default_factory=dict)  # model → column → text
    sources: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)  # "src.table" → (yml, columns)


def _column_text(col: dict[str, Any]) -> str:
    """A column's description with its tags and meta flags, as evidence text."""
    parts = [str(col.get("description") or "")]
    tags = col.get("tags") or (col.get("config") or {}).get("tags") or []
    if isinstance(tags, list) and tags:
        parts.append(" ".join(str(t) for t in tags))
    meta = col.get("meta") or (col.get("config") or {}).get("meta") or {}
    if isinstance(meta, dict):
        parts += [f"{k} {v}" for k, v in meta.items() if isinstance(v, str | bool | int)]
    return " ".join(p for p in parts if p).strip()


def _columns(entry: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for col in entry.get("columns") or []:
        if isinstance(col, dict) and col.get("name"):
            out[str(col["name"]).casefold()] = _column_text(col)
    return out


@cache
def project_docs(root: Path) -> DbtDocs:
    """Every models:/sources: entry of the project's YAML files (unreadable files are skipped: they are
    reported where the scan reads them as documents)."""
    from rightskit.errors import RightskitError
    from rightskit.validation import load_yaml

    docs = DbtDocs()
    for path in sorted(root.rglob("*.yml")) + sorted(root.rglob("*.yaml")):
        if any(part in ("target", "dbt_packages", "node_modules") for part in path.relative_to(root).parts):
            continue
        try:
            if path.stat().st_size > MAX_YAML_BYTES:
                continue
            doc = load_yaml(path.read_text(encoding="utf-8-sig"), str(path))
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
    return docs
