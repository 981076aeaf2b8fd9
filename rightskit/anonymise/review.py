"""Default-deny for publication: fields the scan found nothing in but that look identifying are not published
until a person decides. A sample-based scan says what a field holds when it finds it; when it finds nothing, a
near-unique code or a free-text field may still single people out (a member number, a complaint naming its
author in one row of ten thousand). The plan lists such fields with role ``review``, action ``drop`` and the
reason; the steward turns one into ``keep`` (with ``accept`` if the audit objects) or another action."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rightskit.models.release import FieldPlan, Plan

ROWS = 5_000  # values read per field: enough for the shape of a field, cheap for a plan
_MIN_VALUES = 20
_NEAR_UNIQUE = 0.9  # distinct / non-empty values
_PROSE_SHARE = 0.3  # values of four words or more
_NUMBER = re.compile(r"^[+\-]?[0-9][0-9 .,]*$")
_DATE = re.compile(r"^[0-9]{1,4}[./\-][0-9]{1,2}[./\-][0-9]{1,4}(?:[ T][0-9:.+Z\-]*)?$")


@dataclass
class FieldShape:
    """What the first ``ROWS`` values of a field look like."""

    non_empty: int = 0
    distinct: int = 0
    numbers: int = 0
    dates: int = 0
    prose: int = 0

    def reason(self) -> str | None:
        """Why the field may identify people although the scan found nothing in it; None when it does not."""
        if self.non_empty < _MIN_VALUES or (self.numbers + self.dates) >= 0.9 * self.non_empty:
            return None  # amounts, counts, row numbers and dates: the scan's own rules decide those
        if self.prose >= _PROSE_SHARE * self.non_empty:
            return (
                f"free text ({self.prose} of {self.non_empty} values read are sentences) in which the scan's sample "
                "found nothing: a name or a number in a few rows escapes a sample"
            )
        if self.distinct >= _NEAR_UNIQUE * self.non_empty:
            share = self.distinct / self.non_empty
            return (
                f"near-unique per row ({share:.0%} of {self.non_empty} values distinct): a code or a name that may "
                "single out a person"
            )
        return None

    def dated(self) -> bool:
        """Whether the field holds dates (nine values in ten, at least ``_MIN_VALUES`` of them)."""
        return self.non_empty >= _MIN_VALUES and self.dates >= 0.9 * self.non_empty


def field_shapes(path: Path) -> dict[str, FieldShape]:
    """The shape of every top-level field of a data file, from its first ``ROWS`` rows."""
    import pyarrow.compute as pc

    from rightskit.anonymise.audit import _as_text, read_tables

    shapes: dict[str, FieldShape] = {}
    seen: dict[str, set[str]] = {}
    rows = 0
    for table in read_tables(path):
        for batch in table.batches:
            take = min(len(batch), ROWS - rows)
            for name, column in table.to_fields(batch).items():
                text = _as_text(column.values)
                text = text.slice(0, take) if len(text) > take else text
                values = [v.strip() for v in pc.drop_null(text).to_pylist() if v and v.strip()]
                shape = shapes.setdefault(name, FieldShape())
                distinct = seen.setdefault(name, set())
                distinct.update(values)
                shape.non_empty += len(values)
                shape.distinct = len(distinct)
                shape.numbers += sum(1 for v in values if _NUMBER.match(v))
                shape.dates += sum(1 for v in values if _DATE.match(v))
                shape.prose += sum(1 for v in values if len(v.split()) >= 4)
            rows += take
            if rows >= ROWS:
                return shapes
    return shapes


_ABOUT_PEOPLE = {"direct_identifier", "sensitive"}


def review_unclassified(plan: Plan, inputs: list[str], *, dates_are_quasi: bool = True) -> Plan:
    """``plan`` with a ``review`` entry (dropped, with the reason) for every identifying-looking field it has
    no entry for; and, in a table about people (it has direct identifiers or special categories), every date
    field the plan left out generalised as a quasi-identifier (unless the steward chose the quasi-identifiers)."""
    inputs_plan = dict(plan.inputs)
    for path in inputs:
        fields = list(inputs_plan.get(path, []))
        planned = {fp.field for fp in fields}
        about_people = any(fp.role in _ABOUT_PEOPLE for fp in fields)
        for name, shape in field_shapes(Path(path)).items():
            if name in planned:
                continue
            if dates_are_quasi and about_people and shape.dated():
                # A registration, visit or event date with the rest of a person's row singles them out.
                fields.append(
                    FieldPlan(
                        field=name,
                        role="quasi_identifier",
                        action="generalise",
                        hierarchy="builtin:date",
                        reason="a date in a table about people: generalised with the other quasi-identifiers",
                    )
                )
            elif reason := shape.reason():
                fields.append(FieldPlan(field=name, role="review", action="drop", reason=reason))
        inputs_plan[path] = fields
    return plan.model_copy(update={"inputs": inputs_plan})
