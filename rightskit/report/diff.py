"""Compare two scans: new, removed and changed personal fields and violations."""

from __future__ import annotations

from rightskit.models.finding import Finding
from rightskit.models.policy import CheckResult, Violation
from rightskit.models.report import FieldChange, InventoryDiff, ViolationChange
from rightskit.models.scan import ScanResult


def _key(f: Finding) -> tuple[str, str | None, str]:
    return (f.path, f.object, f.field)


def _change(f: Finding, before: str | None = None) -> FieldChange:
    return FieldChange(path=f.path, object=f.object, field=f.field, entity_type=f.entity_type,
                       category=f.category.value, before=before)  # fmt: skip


def _violation(v: Violation) -> ViolationChange:
    where = v.path + (f" {v.object}.{v.field}" if v.object and v.field else f" {v.field}" if v.field else "")
    return ViolationChange(code=v.code, severity=v.severity.value, where=where, fingerprint=v.fingerprint)


def diff_scans(
    old: ScanResult, new: ScanResult, old_check: CheckResult, new_check: CheckResult, *, old_name: str, new_name: str
) -> InventoryDiff:
    """Fields match on (path, object, field); a field whose strongest entity changed is 'changed'."""

    def strongest(scan: ScanResult) -> dict[tuple[str, str | None, str], Finding]:
        best: dict[tuple[str, str | None, str], Finding] = {}
        for f in scan.findings:
            k = _key(f)
            if k not in best or f.confidence > best[k].confidence:
                best[k] = f
        return best

    a, b = strongest(old), strongest(new)
    changed = []
    for k in sorted(a.keys() & b.keys(), key=str):
        fa, fb = a[k], b[k]
        if (fa.entity_type, fa.category) != (fb.entity_type, fb.category):
            changed.append(_change(fb, before=f"{fa.entity_type} ({fa.category.value})"))
    old_v = {v.fingerprint: v for v in old_check.violations}
    new_v = {v.fingerprint: v for v in new_check.violations}
    return InventoryDiff(
        old=old_name,
        new=new_name,
        new_fields=[_change(b[k]) for k in sorted(b.keys() - a.keys(), key=str)],
        removed_fields=[_change(a[k]) for k in sorted(a.keys() - b.keys(), key=str)],
        changed_fields=changed,
        new_violations=[_violation(new_v[f]) for f in sorted(new_v.keys() - old_v.keys())],
        resolved_violations=[_violation(old_v[f]) for f in sorted(old_v.keys() - new_v.keys())],
    )


def render_diff_text(d: InventoryDiff) -> str:
    lines = [f"rightskit diff {d.old} → {d.new}"]
    for title, rows in (("new personal fields", d.new_fields), ("removed personal fields", d.removed_fields),
                        ("changed personal fields", d.changed_fields)):  # fmt: skip
        lines.append(f"{title}: {len(rows)}")
        for r in rows:
            where = f"{r.object}.{r.field}" if r.object else r.field
            lines.append(
                f"  {r.path} {where}: {r.entity_type} ({r.category})" + (f" was {r.before}" if r.before else "")
            )
    for title, vs in (("new violations", d.new_violations), ("resolved violations", d.resolved_violations)):
        lines.append(f"{title}: {len(vs)}")
        lines += [f"  {v.severity} {v.code} {v.where}" for v in vs]
    if not d.changed:
        lines.append("no change to personal data or violations")
    return "\n".join(lines) + "\n"
