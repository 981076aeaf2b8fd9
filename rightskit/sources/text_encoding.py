"""Encoding detection and delimiter sniffing for delimited text."""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter

HEAD_BYTES = 256 * 1024
DELIMITERS = (",", ";", "\t", "|")
# Bulgarian exports are UTF-8 or Windows-1251; the others cover the rest of the EU's legacy code pages.
_CANDIDATES = ["cp1251", "cp1252", "cp1250", "iso8859_2", "iso8859_5", "koi8_r", "cp1253", "iso8859_15"]


def detect_encoding(head: bytes) -> str:
    """The encoding of a file from its first bytes: BOMs, strict UTF-8, then a statistical guess."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the head is still UTF-8.
        if exc.start >= len(head) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(head[:HEAD_BYTES], cp_isolation=_CANDIDATES).best()
    return best.encoding if best is not None else "cp1252"


def decode_head(head: bytes, encoding: str) -> str:
    """Decode the head of a file, tolerating a character cut at the end."""
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=False)


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines most consistently into more than one field."""
    best, best_score = ",", (-1.0, 0)
    for delim in DELIMITERS:
        counts = []
        try:
            for i, row in enumerate(csv.reader(io.StringIO(text, newline=None), delimiter=delim)):
                if i >= 50:
                    break
                if row:
                    counts.append(len(row))
        except csv.Error:
            continue
        if len(counts) > 1:
            counts = counts[:-1]  # the last line of the head may be cut
        if not counts:
            continue
        mode, freq = Counter(counts).most_common(1)[0]
        if mode < 2:
            continue
        score = (freq / len(counts), mode)
        if score > best_score:
            best, best_score = delim, score
    return best
