"""Custom fields defined as rows: applications that let their users add fields keep each field's definition as a
row of a definitions table (``custom_fields``: id, type, title …) and its values in a column named after the row's
id (``students.custom_200000003``). The column's name says nothing; the row's title ("Social Security") says what
it holds, so the title is read as the column's name, and the title of the category the row files it under
(``student_field_categories``: "Medical") as the form's section it sits in (``FieldMeta.group``: a section about
health makes the field health data, as a table of that name would).

Ids are literals or come from a sequence (``SELECT SETVAL('custom_fields_id_seq', 199999999)`` then
``NEXTVAL('custom_fields_id_seq')`` per row, as PostgreSQL counts them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rightskit.schemas.catalogue import Catalogue, TableDef

# A definitions table's name ends in "fields" (custom_fields, staff_fields, people_fields).
_DEFINITIONS = re.compile(r"(?:^|[._])(?:(\w+?)_)?(?:custom_)?fields?$", re.IGNORECASE)
_INSERT_INTO = re.compile(r"^\s*INSERT\s+INTO\s+[\w.\"`\[\]]*?(?:fields?|field_categor(?:y|ies))\b", re.IGNORECASE)
_CATEGORIES = re.compile(r"field_categor(?:y|ies)$", re.IGNORECASE)
_SETVAL = re.compile(r"\bsetval\s*\(\s*'([^']+)'\s*,\s*(\d+)\s*(?:,\s*(true|false)\s*)?\)", re.IGNORECASE)
# A value column named after its definition's id: custom_200000003, cf_12, field_7, udf3.
_VALUE_COLUMN = re.compile(r"(?:custom|cf|field|fld|extra|udf|user_field)_?(\d+)", re.IGNORECASE)
_TITLE_COLUMNS = ("title", "label", "name", "caption", "field_name", "display_name")
# Words a definitions table's name may start with that say nothing of whose fields they are.
_GENERIC_OWNERS = {"custom", "user", "extra", "additional", "dynamic"}


@dataclass
class FieldDefinitions:
    """The definitions rows of one scan: (file, definitions or categories table) → id → (title, category id)."""

    rows: dict[tuple[str, str], dict[int, tuple[str, int | None]]] = field(default_factory=dict)
    _sequences: dict[str, int] = field(default_factory=dict)  # sequence → the value NEXTVAL returns next

    @staticmethod
    def defines(text: str) -> bool:
        """Whether a statement inserts rows into a definitions or categories table (only those are read)."""
        return _INSERT_INTO.match(text) is not None

    def read(self, path: str, text: str, expr: Any, catalogue: Catalogue) -> None:
        """Note what one statement says: a sequence set, or definitions inserted (``expr``: sqlglot's parse)."""
        for m in _SETVAL.finditer(text, 0, 400):  # a sequence is set by a statement of its own
            called = (m.group(3) or "true").lower() == "true"
            start = _small_int(m.group(2))
            if start is not None:
                self._sequences[_bare(m.group(1))] = start + (1 if called else 0)
        if expr is None or not self.defines(text):
            return
        from sqlglot import exp

        if not isinstance(expr, exp.Insert) or not isinstance(expr.expression, exp.Values):
            return
        this = expr.this
        table_node = this.this if isinstance(this, exp.Schema) else this
        if not isinstance(table_node, exp.Table):
            return
        name = table_node.name
        if isinstance(this, exp.Schema):
            columns = [c.name.casefold() for c in this.expressions]
        else:
            declared = catalogue.find(name, path)
            columns = [c.casefold() for c in declared.columns] if declared is not None else []
        title_at = next((columns.index(c) for c in _TITLE_COLUMNS if c in columns), None)
        id_at = columns.index("id") if "id" in columns else 0
        category_at = columns.index("category_id") if "category_id" in columns else None
        if title_at is None:
            return
        defined = self.rows.setdefault((path, name.casefold()), {})
        for row in expr.expression.expressions:
            values = list(row.expressions) if isinstance(row, exp.Tuple) else []
            if len(values) <= max(title_at, id_at):
                continue
            ident = self._id_of(values[id_at])
            title = values[title_at]
            category = values[category_at] if category_at is not None and category_at < len(values) else None
            if ident is not None and isinstance(title, exp.Literal) and title.is_string and title.name.strip():
                defined[ident] = (title.name.strip(), self._id_of(category) if category is not None else None)

    def _id_of(self, node: Any) -> int | None:
        from sqlglot import exp

        if isinstance(node, exp.Literal) and not node.is_string:
            return _small_int(node.name)
        called = str(node.this).casefold() if isinstance(node, exp.Anonymous) else ""
        if isinstance(node, exp.Func) and "nextval" in (called, node.sql_name().casefold()):
            args = [a for a in node.find_all(exp.Literal) if a.is_string]
            if args:
                seq = _bare(args[0].name)
                value = self._sequences.get(seq, 1)
                self._sequences[seq] = value + 1
                return value
        return None

    def apply(self, tables: list[TableDef]) -> None:
        """Give each value column the title its definition row holds as its name, and its category's title."""
        for table in tables:
            for column, col in table.columns.items():
                m = _VALUE_COLUMN.fullmatch(column)
                ident = _small_int(m.group(1)) if m else None
                found = self._definition(table, ident) if ident is not None else None
                if found is None:
                    continue
                definitions, (title, category) = found
                col.meta.name = title
                filed = col.meta.group = self._category(table, category)
                note = f"custom field '{title}'" + (f" ({filed})" if filed else "") + f" defined in {definitions}"
                col.meta.description = " ".join(filter(None, [col.meta.description, note]))

    def _definition(self, table: TableDef, ident: int) -> tuple[str, tuple[str, int | None]] | None:
        """The definitions table whose name says it holds this table's fields (``staff_fields`` for ``staff``),
        else one whose name says nothing of whose (``custom_fields``)."""
        generic = None
        for (path, definitions), defined in self.rows.items():
            if path != table.path or ident not in defined or _CATEGORIES.search(definitions):
                continue
            m = _DEFINITIONS.search(definitions)
            owner = set(re.split(r"[_.]", (m.group(1) or "custom").casefold())) if m else set()
            if owner & _words(table.name):
                return definitions, defined[ident]
            if owner <= _GENERIC_OWNERS and generic is None:
                generic = (definitions, defined[ident])
        return generic

    def _category(self, table: TableDef, ident: int | None) -> str | None:
        """The title of the category a field is filed under, from the categories table named after the table's
        rows (``student_field_categories`` for ``students``)."""
        if ident is None:
            return None
        for (path, categories), defined in self.rows.items():
            named_after = set(re.split(r"[_.]", categories.casefold())) & _words(table.name)
            if path == table.path and _CATEGORIES.search(categories) and ident in defined and named_after:
                return defined[ident][0]
        return None


def _words(table: str) -> set[str]:
    """A table name's words in singular and plural (staff, students → student)."""
    own = {t for t in re.split(r"[_.]", table.casefold()) if t}
    return own | {t.removesuffix("s") for t in own} | {f"{t}s" for t in own}


def _small_int(digits: str) -> int | None:
    """An id written in digits, if it is one a database could hold (Python refuses to read 4,300 digits)."""
    return int(digits) if digits.isdigit() and len(digits) <= 20 else None


def _bare(sequence: str) -> str:
    return sequence.rsplit(".", 1)[-1].strip('"').casefold()
