"""What the checks see: the scan's findings and facts, the processing context, and lookups over them."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from dataclasses import field as dc_field
from pathlib import PurePosixPath
from typing import Any

from rightskit.models.context import Dataset, ProcessingContext, Publication
from rightskit.models.finding import Finding, Location
from rightskit.models.scan import ScanResult
from rightskit.paths import normalise_path

DIRECT = "direct_identifier"
__all__ = ["DIRECT", "Hit", "RuleContext"]


@dataclass(frozen=True)
class Hit:
    """One place where a rule fails."""

    path: str
    object: str | None = None
    field: str | None = None
    location: Location = dc_field(default_factory=Location)
    values: dict[str, Any] = dc_field(default_factory=dict)  # names, counts, entity types: never personal values
    finding: str | None = None
    severity: str | None = None  # a check may raise the default (published → critical)


@dataclass
class RuleContext:
    scan: ScanResult
    context: ProcessingContext | None
    context_path: str | None
    profiles: list[dict] = dc_field(default_factory=list)  # privacy metrics of publication datasets
    catalogue: list[Finding] = dc_field(default_factory=list)  # the repository's schema findings (--schema)
    # Without a context file, a publication policy takes every scanned dataset as planned for publication.
    inputs_are_published: bool = False

    def dataset(self, path: str, obj: str | None = None) -> Dataset | None:
        """The context entry whose glob matches the path (or schema.table)."""
        if self.context is None:
            return None
        names = {path.replace("\\", "/"), normalise_path(path), PurePosixPath(path.replace("\\", "/")).name}
        if obj:
            names |= {obj, f"{path}#{obj}"}
        for ds in self.context.datasets:
            if any(fnmatch.fnmatchcase(n, ds.match) or fnmatch.fnmatchcase(n, f"*/{ds.match}") for n in names):
                return ds
        return None

    def publication(self, path: str, obj: str | None = None) -> Publication | None:
        if self.context is None and self.inputs_are_published:
            return Publication(planned=True)
        ds = self.dataset(path, obj)
        return ds.publication if ds and ds.publication and ds.publication.planned else None

    def personal_objects(self) -> dict[tuple[str, str], list[Finding]]:
        """(path, object) → its findings, for every object holding personal data."""
        out: dict[tuple[str, str], list[Finding]] = {}
        for f in self.scan.findings:
            out.setdefault((f.path, f.object or ""), []).append(f)
        return out

    def table_is_personal(self, name: str | None) -> bool:
        if not name:
            return False
        bare = name.replace('"', "").rsplit(".", 1)[-1].casefold()
        return any(
            f.object and f.object.rsplit(".", 1)[-1].casefold() == bare and f.kind.value in ("schema", "database")
            for f in (*self.scan.findings, *self.catalogue)
        )

    def purposes(self, ds: Dataset | None) -> list:
        if self.context is None or ds is None:
            return []
        wanted = set(ds.purposes)
        return [p for p in self.context.processing.purposes if p.id in wanted]

    def facts(self, kind: str) -> list[dict]:
        return [f for f in self.scan.facts if f.get("type") == kind]
