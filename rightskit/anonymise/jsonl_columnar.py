"""JSON Lines as Arrow columns and back, byte for byte as ``json.dumps(record, ensure_ascii=False)`` writes them.

Decoding and re-encoding a million records in Python costs seconds per core; Arrow's JSON reader and string
kernels do the same work in C++. They agree with Python's ``json`` only where a line is plain, so this module
proves it, line by line: a line is *canonical* when re-encoding its Arrow values, in the table's column order,
gives back the line's exact bytes. Such a line is the JSON text of exactly those keys and values, in that
order, with nothing missing, repeated or escaped otherwise; so its released record, encoded here, is what
``json.dumps`` writes for it. Every other line (another layout, a missing key, a float, an escaped letter) is
left to Python's ``json``, which stays the reference.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

# What json's encode_basestring escapes with ensure_ascii=False: the backslash first, since later escapes add one.
_SHORT = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_ESCAPES = [(c, _SHORT.get(c, f"\\u{ord(c):04x}")) for c in ["\\", '"', *map(chr, range(32))]]
_ESCAPABLE = r'[\x00-\x1f\\"]'

# (item separator, key separator) of the layouts recognised: json.dumps' default and the compact one that
# JavaScript's JSON.stringify, pandas and most other tools write.
LAYOUTS = {"python": (", ", ": "), "compact": (",", ":")}


def schema_of(records: list[Any]) -> pa.Schema:
    """The Arrow types to read a file's keys as, from its first records, in the order the keys come:
    text, whole numbers and booleans.

    An explicit type keeps Arrow from reading text that looks like a date as a timestamp. A key that is null in
    all these records is left out: Arrow infers it, and ``read_table`` puts it back in its place.
    """
    import pyarrow as pa

    types: dict[str, Any] = {}
    for record in records:
        if not isinstance(record, dict):
            continue
        for key, value in record.items():
            if types.get(key) is not None:
                continue
            types[key] = None
            if isinstance(value, bool):
                types[key] = pa.bool_()
            elif isinstance(value, int) and -(2**63) <= value < 2**63:
                types[key] = pa.int64()
            elif isinstance(value, str):
                types[key] = pa.string()
    schema = pa.schema([(key, kind) for key, kind in types.items() if kind is not None])
    return schema.with_metadata({"keys": json.dumps(list(types))})


def layout_of(line: bytes) -> str | None:
    """The layout a line is written in, if it is one of LAYOUTS."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return None
    text = line.rstrip(b"\n")
    for name, separators in LAYOUTS.items():
        if json.dumps(record, ensure_ascii=False, separators=separators).encode("utf-8") == text:
            return name
    return None


def line_array(data: bytes) -> pa.Array:
    """One binary element per line of ``data`` (which ends with a newline), the newline included; no copy."""
    import numpy as np
    import pyarrow as pa

    ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
    offsets = np.empty(len(ends) + 1, dtype=np.int32)
    offsets[0] = 0
    offsets[1:] = ends + 1
    return pa.Array.from_buffers(pa.binary(), len(ends), [None, pa.py_buffer(offsets), pa.py_buffer(data)])


def record_lines(data: bytes, records: int) -> tuple[pa.Array, Any]:
    """The non-blank lines of ``data`` (as ``line_array``), which hold its ``records``, and their byte offsets."""
    import numpy as np
    import pyarrow.compute as pc

    lines = line_array(data)
    starts = np.frombuffer(lines.buffers()[1], dtype=np.int32)[: len(lines)]
    if len(lines) == records:
        return lines, starts
    # A line of nothing but what bytes.strip() removes is blank, as Python reads JSON Lines; Arrow skips it too.
    blank = pc.match_substring_regex(lines, r"^[ \t\r\x0b\x0c]*\n$").to_numpy(zero_copy_only=False)
    return lines.filter(~blank), starts[~blank]


def read_table(data: bytes, schema: pa.Schema, others: str = "infer") -> pa.Table | None:
    """JSON Lines ``data`` as a table (keys not in ``schema``: "infer" or "ignore"), or None when Arrow cannot
    read them all (Python decides). One thread: the callers are worker processes, one per core."""
    import io

    import pyarrow as pa
    import pyarrow.json as pj

    options = pj.ParseOptions(explicit_schema=schema, unexpected_field_behavior=others)
    try:
        table = pj.read_json(io.BytesIO(data), read_options=pj.ReadOptions(use_threads=False), parse_options=options)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeDecodeError):
        return None
    keys = json.loads((schema.metadata or {}).get(b"keys", b"[]"))
    order = [k for k in keys if k in table.column_names]
    return table.select(order + [n for n in table.column_names if n not in set(order)])


def has_escapes(data: bytes) -> bool:
    """Whether any text in ``data`` may be escaped. JSON escapes quotes, backslashes and control characters,
    and Arrow's reader refuses them raw: in lines without a backslash, no text holds any of them."""
    return b"\\" in data


def escaped(values: pa.Array) -> pa.Array:
    """Text values with what json.dumps escapes (ensure_ascii=False) escaped, as it escapes it."""
    import pyarrow.compute as pc

    special = pc.match_substring_regex(values, _ESCAPABLE).fill_null(False)
    if not pc.any(special).as_py():
        return values
    text = values.filter(special)
    for char, escape in _ESCAPES:
        text = pc.replace_substring(text, char, escape)
    return pc.replace_with_mask(values, special, text)


def encode_values(values: pa.Array, *, escape: bool = True) -> pa.Array | None:
    """Each value as JSON text, as json.dumps writes it; None for a type not encoded here (floats, nesting)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = values.type
    if pa.types.is_string(kind):
        text = pc.binary_join_element_wise('"', escaped(values) if escape else values, '"', "")
    elif pa.types.is_int64(kind):
        text = values.cast(pa.string())
    elif pa.types.is_boolean(kind):
        text = pc.if_else(values, "true", "false")
    elif pa.types.is_null(kind):
        text = pa.nulls(len(values), pa.string())
    else:
        return None
    return text.fill_null("null")


def encode_records(
    columns: dict[str, pa.Array], layout: str, rows: int, *, escape: Collection[str] = ()
) -> pa.Array | None:
    """One line per row (newline included) of records with these keys and values, as json.dumps writes them;
    None when a column's type is not encoded here. Only the columns named in ``escape`` are escaped."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not columns:
        return pa.repeat(pa.scalar("{}\n"), rows)
    item, key = LAYOUTS[layout]
    parts: list[Any] = []
    literal = "{"
    for i, (name, values) in enumerate(columns.items()):
        literal += (item if i else "") + json.dumps(name, ensure_ascii=False) + key
        if pa.types.is_string(values.type) and values.null_count == 0:
            # the quotes go into the literal text between values: one join for the whole line
            parts += [literal + '"', escaped(values) if name in escape else values]
            literal = '"'
            continue
        text = encode_values(values, escape=name in escape)
        if text is None:
            return None
        parts += [literal, text]
        literal = ""
    return pc.binary_join_element_wise(*parts, literal + "}\n", "")


def table_columns(table: pa.Table) -> dict[str, pa.Array]:
    return {name: column.combine_chunks() for name, column in zip(table.column_names, table.columns, strict=True)}


def canonical(lines: pa.Array, table: pa.Table, layout: str, *, escape: bool) -> pa.Array | None:
    """Per line, whether it is exactly its row re-encoded (see the module's docstring); None if it cannot be told.
    ``escape``: whether the text may hold escapes (``has_escapes``)."""
    import pyarrow.compute as pc

    if table.num_rows != len(lines):
        return None  # blank lines, which Arrow skips: Python counts and places them
    columns = table_columns(table)
    encoded = encode_records(columns, layout, table.num_rows, escape=columns if escape else ())
    if encoded is None:
        return None
    return pc.equal(lines, encoded.cast(lines.type))
