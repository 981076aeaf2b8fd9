"""Derive an editable plan from a scan: a role and an action per field."""

from __future__ import annotations

from rightskit.models.release import FieldPlan, Plan
from rightskit.models.scan import ScanResult


def default_hierarchy(entity: str | None) -> str:
    """The hierarchy a quasi-identifier is generalised with: its entity's declared one, else value → *."""
    from rightskit.detect.entities import declared_entities

    info = declared_entities().get(entity or "")
    return (info.hierarchy if info else None) or "builtin:star"


_DIRECT_CATEGORIES = {"direct_identifier", "financial", "credential", "pseudonymous_identifier"}


def _drop_repeated_birth_dates(
    fields: list[FieldPlan], by_field: dict[str, list], chosen_quasi: set[str]
) -> list[FieldPlan]:
    """A birth date that repeats the one a dropped national ID encodes goes with the ID: kept, even generalised,
    it hands back what dropping the ID took away (and, exact, makes every row unique). A field the steward
    named a quasi-identifier (``--quasi``) is generalised as asked."""
    removed = {fp.field for fp in fields if fp.role == "direct_identifier"}
    out = []
    for fp in fields:
        source = next(
            (
                f.evidence.repeats
                for f in by_field.get(fp.field, [])
                if f.entity_type == "DATE_OF_BIRTH" and f.evidence.repeats in removed
            ),
            None,
        )
        if source is not None and fp.role != "direct_identifier" and fp.field not in chosen_quasi:
            fp = FieldPlan(
                field=fp.field,
                role="quasi_identifier",
                action="drop",
                entity="DATE_OF_BIRTH",
                reason=f"repeats the birth date encoded in '{source}', which is removed",
            )
        out.append(fp)
    return out


def derive_plan(
    scan: ScanResult,
    *,
    policy: str = "open-data-publication",
    k: int | None = None,
    quasi: list[str] | None = None,
    sensitive: list[str] | None = None,
    hierarchies: dict[str, str] | None = None,
    max_suppression: float = 0.0,
    keep_row_key: bool = False,
) -> Plan:
    """Direct identifiers dropped; entities inside text redacted; quasi-identifiers generalised; k 5 (10 with
    special categories). With ``quasi``, exactly those columns are the quasi-identifiers."""
    hierarchies = hierarchies or {}
    inputs: dict[str, list[FieldPlan]] = {}
    special = False
    for source in scan.sources:
        if source.skipped or source.errors:
            continue
        findings = [f for f in scan.findings if f.path == source.path]
        by_field: dict[str, list] = {}
        for f in findings:
            by_field.setdefault(f.field, []).append(f)
        fields: list[FieldPlan] = []
        for name, found in by_field.items():
            cells = [f for f in found if not f.evidence.in_text]
            best = max(cells, key=lambda f: f.confidence) if cells else None
            if quasi is not None and name in quasi:
                continue  # handled below
            if best is not None and best.category.value in _DIRECT_CATEGORIES:
                action = "release_token" if keep_row_key and best.entity_type in ("BG_EGN", "EMAIL_ADDRESS") else "drop"
                fields.append(FieldPlan(field=name, role="direct_identifier", action=action, entity=best.entity_type))
            elif best is not None and best.category.value == "special_category":
                special = True
                role = "sensitive" if sensitive is None or name in sensitive else "other"
                fields.append(FieldPlan(field=name, role=role, action="keep", entity=best.entity_type))
            elif best is not None and best.category.value == "quasi_identifier" and quasi is None:
                hier = hierarchies.get(name) or default_hierarchy(best.entity_type)
                fields.append(
                    FieldPlan(
                        field=name,
                        role="quasi_identifier",
                        action="generalise",
                        entity=best.entity_type,
                        hierarchy=hier,
                    )
                )
            elif any(f.evidence.in_text for f in found):
                fields.append(
                    FieldPlan(
                        field=name,
                        role="other",
                        action="redact_text",
                        entity=",".join(sorted({f.entity_type for f in found})),
                    )
                )
        for name in quasi or []:
            entity = next((f.entity_type for f in by_field.get(name, []) if not f.evidence.in_text), None)
            hier = hierarchies.get(name) or default_hierarchy(entity)
            fields.append(
                FieldPlan(field=name, role="quasi_identifier", action="generalise", entity=entity, hierarchy=hier)
            )
        for name in sensitive or []:
            if not any(fp.field == name for fp in fields):
                fields.append(FieldPlan(field=name, role="sensitive", action="keep"))
        inputs[source.path] = _drop_repeated_birth_dates(fields, by_field, set(quasi or ()))
    chosen_k = k if k is not None else (10 if special else 5)
    return Plan(policy=policy, k=chosen_k, max_suppression=max_suppression, inputs=inputs)
