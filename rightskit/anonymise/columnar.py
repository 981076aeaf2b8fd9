"""The release plan applied a column at a time: each operator runs once per distinct value of a batch.

Row by row, a 1M-row file is 12M Python calls and a csv.writer; here a column is dictionary-encoded,
the operator (``release.context.transform``, the single definition of what each action does) runs on its
distinct values, and the result is put back by index. Pseudonyms cost one HMAC per distinct value, text
without any candidate entity (RE2 pre-filter) is never analysed, and CSV is quoted and joined by Arrow
kernels, exactly as Python's csv module would write it (QUOTE_MINIMAL).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rightskit import textbytes

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

    from rightskit.models.release import FieldPlan

# Distinct texts per release whose redaction is remembered across batches (the values stay in memory only).
TEXT_MEMO_CAP = 100_000

TransformMany = Callable[[list[str]], list["str | None"]]
# Distinct values → which of them to transform (a boolean mask) and how: choosing may learn what transforming
# needs (a redaction's pre-filters), and hands it on.
Selection = Callable[["pa.Array"], "tuple[np.ndarray, TransformMany]"]


class DistinctTexts:
    """The distinct texts met in a pass over a file, while a redaction memo could hold them all."""

    def __init__(self) -> None:
        self._parts: list[pa.Array] | None = []
        self._held = 0
        self._gather_at = TEXT_MEMO_CAP

    def add(self, values: pa.Array | pa.ChunkedArray) -> None:
        import pyarrow.compute as pc

        if self._parts is None:
            return
        self._parts.append(pc.unique(values))
        self._held += len(self._parts[-1])
        if self._held > self._gather_at:
            self._compact()

    def _compact(self) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        if self._parts:
            self._parts = [pc.unique(pa.chunked_array(self._parts, pa.string()).combine_chunks())]
            self._held = len(self._parts[0])
            if self._held > TEXT_MEMO_CAP:
                self._parts = None  # more than a memo holds: each text is redacted as it comes
            # Gathered as soon as a memo's worth is held, so texts that never repeat are given up after 100k
            # (1M realistic comments: 0.42 -> 0.1 s), and again only when the held parts have doubled, so the same
            # texts batch after batch cost a gathering per memo's worth met, not one per batch.
            self._gather_at = max(TEXT_MEMO_CAP, 2 * self._held)

    @property
    def values(self) -> pa.Array | None:
        """The distinct texts, or None when there were none or too many."""
        self._compact()
        return self._parts[0] if self._parts else None


def per_value(transform: Callable[[str], str | None]) -> TransformMany:
    """A one-value operator as a many-values one."""
    return lambda values: [transform(v) for v in values]


def transform_column(
    values: pa.Array,
    transform: TransformMany | None,
    *,
    select: Selection | None = None,
    memo: dict | None = None,
) -> tuple[pa.Array, int]:
    """``transform`` applied to the distinct non-empty values (remembered in ``memo`` across batches, if
    given) and put back in place; and how many cells changed. ``select`` instead chooses among the distinct
    values and gives their transformation: the others stay as they are. It sees only values not remembered, so
    a pre-filter runs once per distinct value, not once per cell."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if (transform is None) == (select is None):
        raise TypeError("transform_column takes a transform or a selection, one of them")

    encoded = pc.dictionary_encode(values)
    valid = encoded.is_valid().to_numpy(zero_copy_only=False)
    indices = encoded.indices.fill_null(0).to_numpy(zero_copy_only=False)
    dictionary = textbytes.plain_strings(encoded.dictionary)
    if not len(dictionary):  # nothing but nulls (or nothing): no value to take the nulls' index 0 from
        return pa.nulls(len(values), pa.string()), 0
    # Python strings only for the values looked up or transformed: a column of 100k distinct comments, a fifth of
    # them redacted, had been turned into Python strings whole and built back from them
    todo = np.flatnonzero(pc.greater(pc.binary_length(dictionary), 0).to_numpy(zero_copy_only=False))
    done_at: list[int] = []  # positions in ``dictionary`` of the values given a result, and their results
    done: list[str | None] = []
    if memo:  # remembered values are put back at once; the others are still to do
        rows = todo
        # Looked up in Python: reading a batch's values costs in proportion to the batch, where Arrow's is_in built
        # a hash table of everything remembered (up to 100k texts) for each 4 MB batch: 50-90 ms against 2
        looked_up = dictionary.take(pa.array(rows, pa.int64())).to_pylist()
        held = np.fromiter((v in memo for v in looked_up), dtype=bool, count=len(looked_up))
        done_at = rows[held].tolist()
        done = [memo[v] for v, h in zip(looked_up, held.tolist(), strict=True) if h]
        todo = rows[~held]
        if len(memo) + len(todo) > TEXT_MEMO_CAP:
            memo.clear()
            todo = rows  # the same results, computed again (the later stand): the memo is only a cache
    if select is not None and len(todo):
        picked, transform = select(dictionary.take(pa.array(todo, pa.int64())))
        todo = todo[np.asarray(picked, dtype=bool)]
    if transform is not None and len(todo):
        chosen = dictionary.take(pa.array(todo, pa.int64())).to_pylist()
        results = transform(chosen)
        done_at += todo.tolist()
        done += results
        if memo is not None:
            memo.update(zip(chosen, results, strict=True))
    released = dictionary
    if done_at:  # each value given a result is read from the results (its last), the others from the dictionary
        position = np.arange(len(dictionary), dtype=np.int64)
        position[done_at] = len(dictionary) + np.arange(len(done_at), dtype=np.int64)
        released = pa.concat_arrays([dictionary, pa.array(done, pa.string())]).take(pa.array(position))
    differs = pc.fill_null(pc.not_equal(dictionary, released), True).to_numpy(zero_copy_only=False)
    changed = int(differs[indices[valid]].sum())
    out = released.take(pa.array(indices))
    if not valid.all():
        out = pc.if_else(pa.array(valid), out, pa.scalar(None, pa.string()))
    return out, changed


def apply_plan(
    columns: dict[str, pa.Array], plan: dict[str, FieldPlan], transform: Callable[[str, FieldPlan], str | None], *,
    choose_redacted: Selection, memo: dict,
) -> tuple[dict[str, pa.Array], dict[str, int]]:  # fmt: skip
    """The released columns (dropped ones left out) of one batch, and the cells changed per planned field."""
    import pyarrow.compute as pc

    from rightskit.workers import side_by_side

    def one(values: pa.Array, fp: FieldPlan | None) -> tuple[pa.Array | None, int]:
        if fp is None or fp.action == "keep":
            return values, 0
        non_empty = int(pc.sum(pc.not_equal(pc.utf8_length(values.fill_null("")), 0)).as_py() or 0)
        if fp.action == "drop":
            return None, non_empty
        if fp.action == "suppress":  # empty cells stay as they are, as _transform leaves them
            return pc.if_else(pc.equal(values.fill_null(""), ""), values, None), non_empty
        if fp.action == "redact_text":
            return transform_column(values, None, select=choose_redacted, memo=memo)
        return transform_column(values, per_value(lambda v: transform(v, fp)))

    released = side_by_side(lambda item: one(item[1], plan.get(item[0])), columns.items())
    results = dict(zip(columns, released, strict=True))
    out = {n: results[n][0] for n in columns if results[n][0] is not None}
    return out, {n: results[n][1] for n in columns if n in plan}


_FORMULA_START = b"=+-@\t\r"  # what a spreadsheet runs when a cell starts with it (all ASCII: one byte each)


def neutralise_formulas(values: pa.Array) -> pa.Array:
    """``operators.neutralise_formula`` for a whole column: cells a spreadsheet would run become text.
    A cell's first byte decides, read from the buffers (UTF-8 never starts a letter with an ASCII byte)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    values = values.fill_null("")
    offsets, data = textbytes.offsets_and_bytes(values)
    starts, filled = offsets[:-1] - offsets[0], np.diff(offsets) > 0
    first = np.zeros(len(values), dtype=np.uint8)
    first[filled] = data[starts[filled]]
    risky = np.isin(first, np.frombuffer(_FORMULA_START, dtype=np.uint8)) & filled
    if not risky.any():
        return values
    return pc.if_else(pa.array(risky), pc.binary_join_element_wise("'", values, ""), values)


def csv_lines(columns: list[pa.Array], delimiter: str) -> pa.Array:
    """One CSV line per row (with its newline), quoted as csv.writer does with QUOTE_MINIMAL."""
    from rightskit.workers import side_by_side

    return join_lines(side_by_side(lambda c: quote_cells(c, delimiter), columns), delimiter)


def quote_cells(values: pa.Array, delimiter: str) -> pa.Array:
    """A column's cells as CSV text: quoted (quotes doubled) where they hold the delimiter, a quote or a newline."""
    import pyarrow.compute as pc

    special = (
        '[\t"\r\n]'
        if delimiter == "\t"
        else "[" + "".join("\\" + c if c in "\\]^-[" else c for c in f'{delimiter}"\r\n') + "]"
    )
    values = values.fill_null("")
    _, data = textbytes.offsets_and_bytes(values)
    text = data.tobytes()  # one copy, then a memchr per mark: most columns hold none of them
    if not any(mark in text for mark in (delimiter.encode(), b'"', b"\r", b"\n")):
        return values
    needs = pc.match_substring_regex(values, special)
    if pc.any(needs).as_py():
        escaped = pc.binary_join_element_wise('"', pc.replace_substring(values, '"', '""'), '"', "")
        values = pc.if_else(needs, escaped, values)
    return values


def join_lines(quoted: list[pa.Array], delimiter: str) -> pa.Array:
    """Quoted columns joined into lines."""
    import pyarrow.compute as pc

    if len(quoted) == 1:
        # csv.writer writes a lone empty field as "" so that the row is not an empty line
        quoted = [pc.if_else(pc.equal(quoted[0], ""), '""', quoted[0])]
    return pc.binary_join_element_wise(pc.binary_join_element_wise(*quoted, delimiter), "", "\n")


def line_bytes(lines: pa.Array) -> memoryview:
    """The bytes of a string or binary array's values, back to back: a view of its data buffer, no copy."""
    if len(lines) == 0:
        return memoryview(b"")
    offsets = textbytes.offsets(lines)
    return memoryview(lines.buffers()[2])[int(offsets[0]) : int(offsets[-1])]


def nonempty_cells(values: pa.Array) -> np.ndarray:
    """Per cell of a text column, whether it holds text (neither empty nor null): from the offsets, no kernel."""
    import numpy as np

    filled = np.diff(textbytes.offsets(values)) > 0
    if values.null_count:
        filled &= values.is_valid().to_numpy(zero_copy_only=False)
    return filled


def keep_rows(mask: np.ndarray | None, start: int, count: int) -> pa.Array | None:
    """The slice of a release-wide keep mask for one batch (None: every row is kept)."""
    import pyarrow as pa

    if mask is None:
        return None
    return pa.array(mask[start : start + count], pa.bool_())
