"""CSV / TSV / semicolon / pipe-separated text, streamed with Arrow, every value read as a string."""

from __future__ import annotations

import codecs
import csv
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from rightskit.errors import SourceError
from rightskit.sources.base import FieldColumn, Opened, Table, unique_names
from rightskit.sources.text_encoding import HEAD_BYTES, decode_head, detect_encoding, sniff_delimiter


def _quiet_invalid_row_text(unraisable: sys.UnraisableHookArgs) -> None:
    """pyarrow decodes a broken row's text before our handler sees it; a row cut inside a UTF-8 character makes
    that decoding fail in a callback that cannot raise, and Python prints a traceback of it to stderr. The read
    then stops at that row and the scan reports it in one line: the printed traceback only adds noise, and the
    row's bytes (personal data) to the terminal's neighbourhood. Every other unraisable goes to the usual hook."""
    frames = []
    tb = unraisable.exc_traceback
    while tb is not None:
        frames.append(tb.tb_frame.f_code.co_filename)
        tb = tb.tb_next
    if unraisable.exc_type is UnicodeDecodeError and any(f.endswith("_csv.pyx") for f in frames):
        return
    _PREVIOUS_HOOK(unraisable)


_PREVIOUS_HOOK = sys.unraisablehook
sys.unraisablehook = _quiet_invalid_row_text

BLOCK_SIZE = 1 << 20  # small blocks: the reader reads ahead many, and memory must not depend on the file


def open_delimited(
    path: Path,
    display: str,
    fmt: str,
    only: list[str] | None = None,
    block_size: int | None = None,
    *,
    strict: bool = False,
) -> Opened:
    """Open a delimited text file; the header row names the fields. ``only``: convert just these fields.
    ``strict`` (a release): bytes that are not text in the file's encoding stop the read, where a scan reads on
    with them replaced: a release must not publish values it changed without saying so."""
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
    encoding = detect_encoding(head)
    text = decode_head(head, encoding)
    delimiter = "\t" if fmt == "tsv" else sniff_delimiter(text)
    try:
        header = next(csv.reader(io.StringIO(text, newline=None), delimiter=delimiter), [])  # CR-only lines too
    except csv.Error as exc:
        raise SourceError(f"cannot parse the header row ({exc})", path=display, where="line 1") from None
    header = [h.strip().lstrip("\ufeff") for h in header]
    warnings = []
    if encoding not in ("utf-8", "utf-8-sig"):
        warnings.append(f"read as {encoding}")
    table = Table(
        object=None,
        batches=iter(()),
        to_fields=lambda b: {},
        header_line=1,
        fields_seen=unique_names(header),
    )
    if header:
        names = table.fields_seen
        wanted = [i for i, name in enumerate(names) if only is None or name in only]
        table.batches = _batches(
            path, display, encoding, delimiter, table, [f"c{i}" for i in wanted], block_size or BLOCK_SIZE, strict
        )
        table.to_fields = lambda batch: {
            names[i]: FieldColumn(batch.column(j), column=i + 1) for j, i in enumerate(wanted)
        }
    return Opened(format=fmt, tables=iter([table]), warnings=warnings)


def _batches(
    path: Path,
    display: str,
    encoding: str,
    delimiter: str,
    table: Table,
    include: list[str],
    block_size: int,
    strict: bool = False,
) -> Iterator:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    internal = [f"c{i}" for i in range(len(table.fields_seen))]
    bad_rows = {"count": 0}

    def on_invalid(row: pacsv.InvalidRow) -> str:
        # Only the position is kept: the row's text is personal data.
        bad_rows["count"] += 1
        return "skip"

    arrow_encoding = "utf8" if encoding in ("utf-8", "utf-8-sig") else encoding
    parse = pacsv.ParseOptions(
        delimiter=delimiter, quote_char='"', newlines_in_values=True, invalid_row_handler=on_invalid
    )
    convert = pacsv.ConvertOptions(
        column_types={c: pa.string() for c in internal},
        include_columns=include,
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    rows = 0
    tolerant = False
    while True:
        # Rows already read are skipped when the file is read again (invalid rows count: Arrow skipped them too).
        read = pacsv.ReadOptions(
            column_names=internal, skip_rows=1, skip_rows_after_names=rows + bad_rows["count"],
            encoding=tolerant_codec(encoding) if tolerant else arrow_encoding, block_size=block_size, use_threads=True,
        )  # fmt: skip
        try:
            reader = pacsv.open_csv(path, read_options=read, parse_options=parse, convert_options=convert)
            for batch in reader:
                rows += len(batch)
                yield batch
        except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
            if _straddles(exc) and block_size < _LARGEST_BLOCK:
                # A row longer than a block (a whole document in one cell): read again from it in larger blocks
                block_size *= 8
                continue
            if not tolerant and not strict and _undecodable(exc):
                # A file that turns from UTF-8 to cp1251 at row 12,001 (two exports pasted together): the rows
                # before keep their values, the others are read with the bytes that are not text replaced.
                tolerant = True
                table.warnings.append(
                    f"some bytes are not {encoding}: data rows from {rows + 1} on were read with them replaced"
                )
                continue
            if isinstance(exc, UnicodeDecodeError):
                where = f"byte {exc.start} of a block after data row {rows}"
                table.errors.append(SourceError(f"cannot decode as {encoding}", path=display, where=where).render())
            else:
                table.errors.append(SourceError(_describe(exc, encoding, rows), path=display).render())
        break
    if bad_rows["count"]:
        table.warnings.append(
            f"{bad_rows['count']} row(s) with a number of fields different from the header were skipped"
        )


# A cell may hold a document; a row this long is refused, not read whole into memory.
_LARGEST_BLOCK = 1 << 30


def _straddles(exc: Exception) -> bool:
    """Whether Arrow stopped on a row longer than its block."""
    return "straddles two block boundaries" in str(exc)


def _undecodable(exc: Exception) -> bool:
    """Whether reading stopped on bytes that are not text in the file's encoding."""
    return isinstance(exc, UnicodeDecodeError) or "invalid UTF8" in str(exc) or "UTF-8" in str(exc).split("\n", 1)[0]


def tolerant_codec(encoding: str) -> str:
    """The name of ``encoding`` decoding with U+FFFD for bytes it cannot read (registered below)."""
    return _TOLERANT_PREFIX + codecs.lookup(encoding).name.replace("-", "_")


_TOLERANT_PREFIX = "rightskit_replace_"


def _tolerant_search(name: str) -> codecs.CodecInfo | None:
    if not name.startswith(_TOLERANT_PREFIX):
        return None
    base = codecs.lookup(name[len(_TOLERANT_PREFIX) :])

    class Decoder(base.incrementaldecoder):  # type: ignore[name-defined, misc]
        def __init__(self, errors: str = "replace") -> None:
            super().__init__("replace")

    return codecs.CodecInfo(
        base.encode, lambda data, errors="replace": base.decode(data, "replace"), incrementaldecoder=Decoder, name=name
    )


codecs.register(_tolerant_search)


def _describe(exc: Exception, encoding: str, rows: int) -> str:
    """Arrow's reason, without the row content Arrow quotes, and where reading stopped."""
    message = str(exc).split("\n", 1)[0]
    if _straddles(exc):
        reason = f"a row longer than {_LARGEST_BLOCK >> 20} MB"
    elif "invalid UTF8" in message or "UTF-8" in message:
        reason = f"bytes that are not valid {encoding}"
    else:
        reason = message.split(":", 1)[0].lower() if message.startswith("CSV") else "not valid delimited text"
    return f"{reason} after data row {rows}; the rest of the file was not read"
