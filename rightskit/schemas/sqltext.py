"""SQL files as statements with line numbers: splitting, dialect guessing, dbt/Jinja tolerance."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

DIALECTS = ("postgres", "mysql", "tsql", "oracle", "sqlite", "bigquery", "snowflake")
_HINTS = {
    "postgres": ("postgres", "pg_", "psql", "pgsql", "pg."),
    "mysql": ("mysql", "mariadb"),
    "tsql": ("mssql", "sqlserver", "tsql", "sql_server"),
    "oracle": ("oracle", "plsql", "ora."),
    "sqlite": ("sqlite",),
    "bigquery": ("bigquery", "bq."),
    "snowflake": ("snowflake", "snow."),
}
_SIGNALS = {
    "postgres": (
        r"\bSERIAL\b",
        r"::\w",
        r"\$\$",
        r"\bBYTEA\b",
        r"\bTIMESTAMPTZ\b",
        r"^COPY .* FROM stdin;",
        r"\bINET\b",
        r"^SET search_path",
        r"\bCOMMENT ON COLUMN\b",
        r"\bJSONB\b",
    ),
    "mysql": (r"`\w+`", r"\bENGINE\s*=", r"\bAUTO_INCREMENT\b", r"\bTINYINT\b", r"INTO OUTFILE", r"\bUNSIGNED\b"),
    "tsql": (r"\[\w+\]", r"\bNVARCHAR\b", r"^GO\s*$", r"\bIDENTITY\s*\(", r"\bDATETIME2\b", r"\bUNIQUEIDENTIFIER\b"),
    "oracle": (r"\bVARCHAR2\b", r"\bNUMBER\s*\(", r"\bNVARCHAR2\b", r"\bSYSDATE\b"),
    "sqlite": (r"\bAUTOINCREMENT\b", r"\bWITHOUT ROWID\b"),
    "bigquery": (r"\bINT64\b", r"\bSTRUCT<", r"\bARRAY<", r"\bFLOAT64\b", r"`[\w-]+\.\w+\.\w+`"),
    "snowflake": (r"\bVARIANT\b", r"\bCREATE (?:OR REPLACE )?STAGE\b", r"\bCOPY INTO @", r"\bNUMBER\(38"),
}


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement and the line it starts on (1-based)."""

    text: str
    line: int


def guess_dialect(path: str, text: str) -> str | None:
    """A dialect from the file name, else from signals in the text; None when nothing stands out."""
    lowered = Path(path).as_posix().lower()
    for dialect, hints in _HINTS.items():
        if any(h in lowered for h in hints):
            return dialect
    head = text[:200_000]
    scores = {
        d: sum(bool(re.search(p, head, re.IGNORECASE | re.MULTILINE)) for p in pats) for d, pats in _SIGNALS.items()
    }
    best = max(scores, key=lambda d: scores[d])
    return best if scores[best] > 0 else None


def split_statements(text: str) -> list[Statement]:
    """Split on semicolons outside quotes, comments and dollar-quoting; skip psql meta-commands and COPY data."""
    out: list[Statement] = []
    buf: list[str] = []
    start_line = 1
    line = 1
    i, n = 0, len(text)
    quote: str | None = None
    dollar: str | None = None
    in_copy_data = False
    while i < n:
        ch = text[i]
        if in_copy_data:
            end = text.find("\n\\.", i - 1)
            stop = n if end == -1 else end + 3
            line += text.count("\n", i, stop)
            i = stop
            in_copy_data = False
            start_line = line
            continue
        if quote:
            buf.append(ch)
            if ch == "\n":
                line += 1
            if ch == quote:
                if i + 1 < n and text[i + 1] == quote:
                    buf.append(text[i + 1])
                    i += 1
                else:
                    quote = None
            i += 1
            continue
        if dollar:
            if text.startswith(dollar, i):
                buf.append(dollar)
                i += len(dollar)
                dollar = None
                continue
            buf.append(ch)
            line += ch == "\n"
            i += 1
            continue
        if ch in ("'", '"', "`"):
            quote = ch
            buf.append(ch)
            i += 1
            continue
        if ch == "$":
            m = re.match(r"\$[A-Za-z_]*\$", text[i:])
            if m:
                dollar = m.group(0)
                buf.append(dollar)
                i += len(dollar)
                continue
        if text.startswith("--", i):
            end = text.find("\n", i)
            end = n if end == -1 else end
            buf.append(text[i:end])
            i = end
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end == -1 else end + 2
            line += text.count("\n", i, end)
            buf.append(" ")
            i = end
            continue
        if ch == "\\" and (i == 0 or text[i - 1] == "\n"):
            end = text.find("\n", i)  # a psql meta-command (\connect, \.) ends at the line's end
            i = n if end == -1 else end
            continue
        if ch == ";" or (ch == "\n" and re.match(r"[ \t]*GO[ \t]*(?:\n|$)", text[i + 1 : i + 8], re.IGNORECASE)):
            stmt = "".join(buf)
            if ch == "\n":  # a GO line: both line ends are consumed
                i = text.find("\n", i + 1)
                i = n if i == -1 else i
                line += 2
            if stmt.strip():
                out.append(_trim(stmt, start_line))
                if re.search(r"^\s*COPY\b[^;]*\bFROM\s+stdin", stmt, re.IGNORECASE | re.MULTILINE):
                    in_copy_data = True
            buf = []
            i += 1
            start_line = line
            continue
        if ch == "\n":
            line += 1
        buf.append(ch)
        i += 1
    rest = "".join(buf)
    if rest.strip():
        out.append(_trim(rest, start_line))
    return out


def _trim(stmt: str, line: int) -> Statement:
    """The statement without leading blank and comment lines, and the line its code starts on."""
    lines = stmt.split("\n")
    skipped = 0
    while skipped < len(lines) - 1 and (not lines[skipped].strip() or lines[skipped].strip().startswith("--")):
        skipped += 1
    return Statement("\n".join(lines[skipped:]).strip(), line + skipped)


_REF = re.compile(r"\{\{\s*ref\(\s*['\"]([\w.]+)['\"]\s*(?:,\s*['\"]([\w.]+)['\"]\s*)?\)\s*\}\}")
_SOURCE = re.compile(r"\{\{\s*source\(\s*['\"]([\w.]+)['\"]\s*,\s*['\"]([\w.]+)['\"]\s*\)\s*\}\}")
_CONFIG = re.compile(r"\{\{\s*config\(.*?\)\s*\}\}", re.DOTALL)
_EXPR = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_TAG = re.compile(r"\{%-?.*?-?%\}", re.DOTALL)
_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)


_INCREMENTAL = re.compile(r"\{%-?\s*if\s+is_incremental\(\)\s*-?%\}.*?\{%-?\s*endif\s*-?%\}", re.DOTALL)
_THIS = re.compile(r"\{\{\s*this\s*\}\}")


def render_dbt(text: str, model: str | None = None) -> str:
    """Jinja tolerated conservatively: ref/source become table names, incremental filters go, other tags vanish
    (every branch is kept), other expressions become NULL; newlines are kept so line numbers stay true."""

    def keep_lines(m: re.Match[str], replacement: str) -> str:
        return replacement + "\n" * m.group(0).count("\n")

    text = _JINJA_COMMENT.sub(lambda m: keep_lines(m, ""), text)
    text = _INCREMENTAL.sub(lambda m: keep_lines(m, ""), text)  # it only filters rows on later runs
    text = _THIS.sub(model or "this", text)
    text = _CONFIG.sub(lambda m: keep_lines(m, ""), text)
    text = _REF.sub(lambda m: m.group(2) or m.group(1), text)
    text = _SOURCE.sub(lambda m: f"{m.group(1)}.{m.group(2)}", text)
    text = _TAG.sub(lambda m: keep_lines(m, ""), text)
    return _EXPR.sub(lambda m: keep_lines(m, "NULL"), text)
