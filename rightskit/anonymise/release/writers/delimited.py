"""Delimited files (CSV, TSV) released: the quasi-identifier columns read for the search, then every row streamed."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

from rightskit.anonymise.audit import DirectValues
from rightskit.anonymise.operators import neutralise_formula
from rightskit.anonymise.release.context import WORKER_STATE, ReleaseContext, release_columns, text_memo
from rightskit.anonymise.release.generalise import generalise
from rightskit.anonymise.release.records import file_record
from rightskit.ending import ensure_not_ended
from rightskit.errors import SourceError, UsageError
from rightskit.models.release import FieldPlan, FileRecord

# Larger blocks than a scan reads: operators run once per distinct value per block, and a block costs something
# whatever its size (a call per recognizer and pre-filter, each RE2 pattern compiled again: 11 ms of the latter per
# block of realistic comments): 8 MB blocks (about 25k realistic rows) released the realistic 1M rows in
# 12.5-12.6 s rather than 13.0-13.2 with 4 MB, at the same peak memory; 16 MB saved no more time and took 100 MB
# more.
RELEASE_BLOCK_SIZE = 8 << 20


def read_columns(
    src: Path,
    names: list[str],
    dropped: list[str],
    texts: list[str],
    direct: DirectValues | None = None,
    fmt: str = "csv",
) -> tuple[list[str], dict[str, Any], dict[str, Any], Any, str]:
    """Header, the wanted columns (all rows, as Arrow strings), which cells of the ``dropped`` columns are
    not empty (a numpy bool per row: a dropped column is never read again), the distinct texts of the
    ``texts`` columns (None past what a memo holds) and the delimiter. The values of the ``dropped``
    columns ``direct`` names are gathered into it (the audit compares the release with them)."""
    import numpy as np
    import pyarrow as pa

    from rightskit.anonymise.columnar import DistinctTexts, nonempty_cells
    from rightskit.sources.delimited import open_delimited
    from rightskit.sources.text_encoding import HEAD_BYTES, decode_head, detect_encoding, sniff_delimiter

    with src.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
    encoding = detect_encoding(head)
    delimiter = "\t" if fmt == "tsv" else sniff_delimiter(decode_head(head, encoding))
    opened = open_delimited(
        src, str(src), "tsv" if delimiter == "\t" else "csv", only=[*names, *dropped, *texts], strict=True
    )
    table = next(opened.tables)
    if not names and not dropped and not texts:  # nothing to generalise or count: the header is all it needs
        return table.fields_seen, {}, {}, None, delimiter
    chunks: dict[str, list] = {n: [] for n in names}
    filled: dict[str, list] = {n: [] for n in dropped}
    distinct = DistinctTexts()
    for batch in table.batches:
        fields = table.to_fields(batch)
        for n in names:
            if n in fields:
                chunks[n].append(fields[n].values)
        for n in dropped:
            if n in fields:
                filled[n].append(nonempty_cells(fields[n].values))
                if direct is not None and n in direct.fields:
                    direct.add(fields[n].values)
        for n in texts:
            if n in fields:
                distinct.add(fields[n].values)
    if table.errors:
        raise SourceError(table.errors[0])
    # Chunked, not combined: a quasi-identifier column is the one part of a release that grows with the file.
    columns = {n: pa.chunked_array(c, pa.string()).fill_null("") for n, c in chunks.items()}
    nonempty = {n: np.concatenate(c) if c else np.zeros(0, dtype=bool) for n, c in filled.items()}
    return table.fields_seen, columns, nonempty, distinct.values, delimiter


def write_delimited(
    src: Path, out: Path, fps: list[FieldPlan], ctx: ReleaseContext, hierarchy_files: dict[str, str], fmt: str = "csv"
) -> FileRecord:
    """A CSV or TSV release: the same dialect and header, planned columns transformed, dropped ones left out."""
    quasi = [fp for fp in fps if fp.action == "generalise"]
    dropped = [fp.field for fp in fps if fp.action == "drop"]
    parallel = shared_out(src)
    # Distinct texts are gathered only for worker processes: one process meets each once anyway.
    texts = [fp.field for fp in fps if fp.action == "redact_text"] if parallel else []
    direct = DirectValues([fp.field for fp in fps if fp.action == "drop" and fp.role == "direct_identifier"])
    header, columns, nonempty, distinct, delimiter = read_columns(
        src, [fp.field for fp in quasi], dropped, texts, direct, fmt
    )
    direct.finish()
    ctx.direct_values[str(src)] = direct
    missing = [fp.field for fp in fps if fp.field not in header]
    if missing:
        raise UsageError(f"{src.name}: no column {', '.join(missing)}")
    rows_in = len(next(iter(columns.values()))) if columns else None
    g = generalise(src.name, columns, quasi, ctx, hierarchy_files)
    keep_mask, generalised = g.keep, g.labels
    plan_by_field = {fp.field: fp for fp in fps}
    changed = dict.fromkeys(plan_by_field, 0)
    kept_header = [h for h in header if plan_by_field.get(h) is None or plan_by_field[h].action not in ("drop",)]
    import numpy as np

    from rightskit.anonymise.columnar import keep_rows
    from rightskit.sources.delimited import open_delimited
    from rightskit.workers import forked_if_slow, forked_map

    keep_all = None if keep_mask is None else np.asarray(keep_mask, dtype=bool)
    # Larger blocks than a scan reads: operators run once per distinct value per block.
    fmt = "tsv" if delimiter == "\t" else "csv"
    # Dropped columns are not read again: the first pass counted their cells.
    block_size = RELEASE_BLOCK_SIZE if parallel else small_file_blocks(src.stat().st_size)
    opened = open_delimited(src, str(src), fmt, only=kept_header, block_size=block_size, strict=True)
    table = next(opened.tables)
    for name, filled in nonempty.items():
        changed[name] = int(filled.sum() if keep_all is None else filled[keep_all].sum())
    del columns, nonempty  # what grows with the file is not held through the release
    position = {"row": 0}

    def kept_batches() -> Any:
        for batch in table.batches:
            keep = keep_rows(keep_all, position["row"], len(batch))
            position["row"] += len(batch)
            yield (batch if keep is None else batch.filter(keep),)

    rows_out = 0
    try:
        memo = text_memo(distinct, ctx)
        del distinct
        WORKER_STATE.update(
            to_fields=table.to_fields, kept=kept_header, plan=plan_by_field, ctx=ctx, labels=generalised,
            delimiter=delimiter, memo=memo,
        )  # fmt: skip
        with out.open("wb") as fh:
            head = io.StringIO()
            header_cells = [neutralise_formula(h) for h in kept_header]  # a header is a cell a spreadsheet runs too
            csv.writer(head, delimiter=delimiter, lineterminator="\n").writerow(header_cells)
            fh.write(head.getvalue().encode("utf-8"))
            if parallel:
                results = forked_map(_release_csv_batch, kept_batches(), os.cpu_count() or 1)
            else:
                results = forked_if_slow(_release_csv_batch, kept_batches(), src.stat().st_size / block_size)
            for data, counts, rows in results:
                ensure_not_ended()
                fh.write(data)
                rows_out += rows
                for name, n in counts.items():
                    changed[name] += n
        if table.errors:  # a reader that stopped part-way: no release of part of a file
            raise SourceError(table.errors[0])
    finally:
        WORKER_STATE.clear()
    row_no = position["row"]
    return file_record(src, out, fps, changed, g, rows_in if rows_in is not None else row_no, rows_out)


# Files this large are released by worker processes, a batch each at a time. A smaller one is read in smaller blocks,
# so that one whose first block shows it slow (prose a names model reads: 0.7 MB/s) is shared out too.
PARALLEL_BYTES = 32 << 20
_SMALL_FILE_BLOCK = 256 << 10  # at least (and at most RELEASE_BLOCK_SIZE)


def shared_out(src: Path) -> bool:
    """Whether a file is released by worker processes from its first batch (a large file, more than one core)."""
    return (os.cpu_count() or 1) > 1 and src.stat().st_size >= PARALLEL_BYTES


def small_file_blocks(size: int) -> int:
    """The block size a file below ``PARALLEL_BYTES`` is read in: four blocks per core, within bounds."""
    return min(RELEASE_BLOCK_SIZE, max(_SMALL_FILE_BLOCK, size // (4 * (os.cpu_count() or 1))))


def _release_csv_batch(batch: Any) -> tuple[bytes, dict[str, int], int]:
    """One batch of a delimited file released, quoted and joined: its lines' bytes, cells changed, rows."""
    from rightskit.anonymise.columnar import join_lines, line_bytes, neutralise_formulas, quote_cells
    from rightskit.workers import side_by_side

    st = WORKER_STATE
    fields = st["to_fields"](batch)
    released, counts = release_columns(
        {h: fields[h].values for h in st["kept"]}, st["plan"], st["ctx"], st["labels"], st["memo"]
    )
    delimiter = st["delimiter"]
    kept = [released[h] for h in st["kept"]]
    if not kept:  # every column dropped: the rows stay, empty, as a JSON Lines release keeps {} for each
        return b"\n" * len(batch), counts, len(batch)
    cells = side_by_side(lambda values: quote_cells(neutralise_formulas(values), delimiter), kept)
    return bytes(line_bytes(join_lines(cells, delimiter))), counts, len(batch)
