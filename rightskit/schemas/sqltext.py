"""SQL files as statements with line numbers: splitting, dialect guessing, dbt/Jinja tolerance."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
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


# Client commands of SQL*Plus, psql and the mysql client: whole lines, recognised only where a statement may start.
_CLIENT_LINE = re.compile(
    r"(?:PROMPT|PRO|REM|REMARK|SPOOL|SPO|WHENEVER|SET|DEFINE|DEF|UNDEFINE|COLUMN|COL|TTITLE|BTITLE|BREAK|COMPUTE|"
    r"CONNECT|CONN|DISCONNECT|EXIT|QUIT|PAUSE|ACCEPT|HOST|CLEAR|VARIABLE|VAR|PRINT|SHOW|TIMING|STORE|SOURCE|USE|"
    r"EXEC|EXECUTE|START|SPOOL)(?=[ \t]|;|$)|@@?[\w./$&{]|\\",
    re.IGNORECASE,
)
_DELIMITER = re.compile(r"DELIMITER[ \t]+(\S+)[ \t]*(?:\n|$)", re.IGNORECASE)
_GO = re.compile(r"[ \t]*GO(?:[ \t]+\d+)?[ \t]*;?[ \t]*(?:\n|$)", re.IGNORECASE)
_SLASH = re.compile(r"[ \t]*/[ \t]*(?:\n|$)")
# Procedural bodies hold semicolons of their own: where a file ends such blocks with "/" (SQL*Plus) or GO (T-SQL),
# the statement runs to that line.
_BLOCK_HEAD = re.compile(
    r"(?:CREATE\s+(?:OR\s+(?:REPLACE|ALTER)\s+)?(?:(?:NON)?EDITIONABLE\s+)?(?:PROCEDURE|PROC|FUNCTION|TRIGGER|"
    r"PACKAGE|TYPE\s+BODY|LIBRARY|JAVA)\b|ALTER\s+(?:PROCEDURE|PROC|FUNCTION|TRIGGER)\b|DECLARE\b|"
    r"BEGIN\b(?!\s*(?:;|TRAN\b|TRANSACTION\b|WORK\b)))",
    re.IGNORECASE,
)
_DOLLAR = re.compile(r"\$[A-Za-z_]*\$")


# Dialects whose string literals escape with a backslash (MySQL's default sql_mode: 'it\'s'); elsewhere a
# backslash is an ordinary character ('C:\').
_BACKSLASH_ESCAPES = {"mysql", "bigquery", "spark", "databricks", "hive"}


def split_statements(text: str, dialect: str | None = None) -> list[Statement]:
    """Split a script into statements with their lines, the way its client would.

    Semicolons end statements outside quotes, comments and dollar-quoting; so do a ``/`` line (SQL*Plus), a ``GO``
    line (SQL Server) and a ``DELIMITER`` of the mysql client. Client commands (SQL*Plus PROMPT/SET/REM/@script,
    psql ``\\`` commands, mysql DELIMITER/SOURCE) are dropped; MySQL versioned comments ``/*!40101 … */`` keep
    their content; ``COPY … FROM stdin`` data is skipped, never read. Procedural blocks run to their ``/`` or ``GO``.
    Strings escape with a backslash in the dialects that do so (``dialect``, else as the text suggests).
    """
    return _Splitter(text, (dialect or guess_dialect("", text)) in _BACKSLASH_ESCAPES).run()


@cache
def _plain_run(delimiter_start: str) -> re.Pattern[str]:
    return re.compile("[^'\"`$#/\\-\n" + re.escape(delimiter_start) + "]+")


class _Splitter:
    def __init__(self, text: str, backslash_escapes: bool = False) -> None:
        self.text = text
        self.backslash_escapes = backslash_escapes
        self.out: list[Statement] = []
        self.buf: list[str] = []
        self.has_code = False
        self.line = 1
        self.start_line = 1
        self.delimiter = ";"
        self.in_block = False
        self.slash_blocks = re.search(r"^[ \t]*/[ \t]*$", text, re.MULTILINE) is not None
        self.go_blocks = re.search(r"^[ \t]*GO[ \t]*$", text, re.MULTILINE | re.IGNORECASE) is not None
        if "$$" in text:  # dollar-quoted bodies (PostgreSQL) end with their quote, not with a line
            self.slash_blocks = self.go_blocks = False

    def flush(self) -> None:
        stmt = "".join(self.buf)
        if self.has_code and stmt.strip():
            self.out.append(_trim(stmt, self.start_line))
        self.buf, self.has_code, self.in_block = [], False, False
        self.start_line = self.line

    def skip_line(self, i: int) -> int:
        """Past the end of the line at i (its newline counted)."""
        end = self.text.find("\n", i)
        if end == -1:
            return len(self.text)
        self.line += 1
        return end + 1

    def run(self) -> list[Statement]:
        text, n = self.text, len(self.text)
        i = 0
        quote: str | None = None
        dollar: str | None = None
        versioned = False
        at_line_start = True
        while i < n:
            ch = text[i]
            if quote:
                self.buf.append(ch)
                self.line += ch == "\n"
                if ch == "\\" and self.backslash_escapes and quote != "`" and i + 1 < n:
                    self.buf.append(text[i + 1])
                    self.line += text[i + 1] == "\n"
                    i += 2
                    continue
                if ch == quote:
                    if i + 1 < n and text[i + 1] == quote:
                        self.buf.append(quote)
                        i += 1
                    else:
                        quote = None
                i += 1
                continue
            if dollar:
                if text.startswith(dollar, i):
                    self.buf.append(dollar)
                    i += len(dollar)
                    dollar = None
                    continue
                self.buf.append(ch)
                self.line += ch == "\n"
                i += 1
                continue
            if at_line_start:
                at_line_start = False
                j = i
                while j < n and text[j] in " \t":
                    j += 1
                if self.in_block or self.has_code:
                    end = self._block_end(j)
                    if end is not None:
                        self.flush()
                        i = self.skip_line(j)
                        self.start_line = self.line
                        at_line_start = True
                        continue
                else:
                    skipped = self._client_command(j)
                    if skipped is not None:
                        i = skipped
                        self.start_line = self.line
                        at_line_start = True
                        continue
            if ch == "\n":
                self.line += 1
                self.buf.append(ch)
                i += 1
                at_line_start = True
                continue
            plain = self._plain.match(text, i)  # a run of characters that change no state, taken at once
            if plain is not None and not versioned:
                chunk = plain.group(0)
                if not self.has_code and not chunk.isspace():
                    lead = len(chunk) - len(chunk.lstrip())
                    self._start_code(i + lead)
                self.buf.append(chunk)
                i = plain.end()
                continue
            if versioned and text.startswith("*/", i):
                versioned = False
                self.buf.append(" ")
                i += 2
                continue
            if ch in ("'", '"', "`"):
                quote = ch
            elif ch == "$" and self.delimiter == ";":
                m = _DOLLAR.match(text, i)
                if m:
                    dollar = m.group(0)
                    self.buf.append(dollar)
                    self.has_code = True
                    i += len(dollar)
                    continue
            elif text.startswith("--", i) or (ch == "#" and not self.has_code and text[i + 1 : i + 2] in (" ", "\n")):
                end = text.find("\n", i)
                end = n if end == -1 else end
                self.buf.append(text[i:end])
                i = end
                continue
            elif text.startswith("/*!", i) or text.startswith("/*M!", i):
                m = re.compile(r"/\*M?!\d*").match(text, i)
                versioned = True
                self.buf.append(" ")
                i = m.end() if m else i + 3
                continue
            elif text.startswith("/*", i):
                end = text.find("*/", i + 2)
                end = n if end == -1 else end + 2
                self.line += text.count("\n", i, end)
                self.buf.append(" ")
                i = end
                continue
            if text.startswith(self.delimiter, i) and not self.in_block:
                stmt_text = "".join(self.buf)
                i += len(self.delimiter)
                self.flush()
                if re.search(r"^\s*COPY\b[^;]*\bFROM\s+stdin", stmt_text, re.IGNORECASE | re.MULTILINE):
                    i = self._skip_copy_data(i)
                continue
            if not self.has_code and not ch.isspace():
                self._start_code(i)
            self.buf.append(ch)
            i += 1
        self.flush()
        return self.out

    def _start_code(self, i: int) -> None:
        self.has_code = True
        self.in_block = bool(
            (self.slash_blocks or self.go_blocks) and self.delimiter == ";" and _BLOCK_HEAD.match(self.text, i)
        )

    @property
    def _plain(self) -> re.Pattern[str]:
        """Characters that start nothing: no quote, comment, dollar, line end or (first character of) delimiter."""
        return _plain_run(self.delimiter[0])

    def _block_end(self, j: int) -> int | None:
        """A "/" or GO line that ends the statement (or block) under way."""
        m = _SLASH.match(self.text, j) if self.slash_blocks else None
        m = m or _GO.match(self.text, j)
        return m.end() if m else None

    def _client_command(self, j: int) -> int | None:
        """Past a client-command line at j (a statement may start there), or None."""
        text = self.text
        m = _DELIMITER.match(text, j)
        if m:
            self.delimiter = m.group(1)
            return self.skip_line(j)
        if _GO.match(text, j) or (self.slash_blocks and _SLASH.match(text, j)):
            return self.skip_line(j)
        m = _CLIENT_LINE.match(text, j)
        if not m:
            return None
        word = m.group(0).upper()
        if word in ("SET", "USE", "EXEC", "EXECUTE", "START", "SHOW", "PRINT") and self.delimiter != ";":
            return None  # inside a mysql DELIMITER section these are SQL, ended by the delimiter
        return self.skip_line(j)

    def _skip_copy_data(self, i: int) -> int:
        end = self.text.find("\n\\.", i - 1)
        stop = len(self.text) if end == -1 else end + 3
        self.line += self.text.count("\n", i, stop)
        self.start_line = self.line
        return stop


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


_SET_BLOCK = re.compile(r"\{%-?\s*set\s+(\w+)\s*-?%\}(.*?)\{%-?\s*endset\s*-?%\}", re.DOTALL)
_SET_VALUE = re.compile(r"\{%-?\s*set\s+(\w+)\s*=\s*(['\"])([^'\"]*)\2\s*-?%\}")
_TYPE_MACRO = re.compile(r"\{\{-?\s*(?:\w+\.)*type_(\w+)\(\s*\)\s*-?\}\}")
# A macro whose first argument is a column name stands for that column (coalesce_rename("email", …, alias=…)).
_COLUMN_MACRO = re.compile(
    r"\{\{-?\s*[\w.]+\(\s*['\"]([A-Za-z_]\w*)['\"](?:[^{}]*?\balias\s*=\s*['\"]([A-Za-z_]\w*)['\"])?[^{}]*\)\s*-?\}\}",
    re.DOTALL,
)
_NAME_EXPR = re.compile(r"\{\{-?\s*([\w.]+)\s*-?\}\}(?=\s*\.)")  # {{ target.schema }}.users
_VAR = re.compile(r"\{\{-?\s*(\w+)\s*-?\}\}")
_BRANCH = re.compile(r"\{%-?\s*(if|elif|else|endif|for|endfor)\b.*?-?%\}", re.DOTALL)
_UNION_SOURCE = re.compile(
    r"\b\w*source_name\s*=\s*['\"](\w+)['\"].*?\b\w*table_(?:name|identifier)\s*=\s*['\"](\w+)['\"]", re.DOTALL
)
_TYPES = {"string": "varchar", "timestamp": "timestamp", "int": "int", "bigint": "bigint", "numeric": "numeric",
          "float": "float", "boolean": "boolean", "date": "date"}  # fmt: skip


def _keep_lines(m: re.Match[str], replacement: str) -> str:
    return replacement + "\n" * m.group(0).count("\n")


def _first_branches(text: str) -> str:
    """Of every {% if %} keep the first branch (the others alternate with it; keeping all would not parse);
    loops are unrolled once. Newlines of dropped text stay, so line numbers stay true."""
    out: list[str] = []
    stack: list[bool] = []  # per open if: whether the current branch is kept
    pos = 0
    for m in _BRANCH.finditer(text):
        chunk = text[pos : m.start()]
        out.append(chunk if all(stack) else "\n" * chunk.count("\n"))
        out.append("\n" * m.group(0).count("\n"))
        tag = m.group(1)
        if tag == "if":
            stack.append(True)
        elif tag in ("elif", "else") and stack:
            stack[-1] = False
        elif tag == "endif" and stack:
            stack.pop()
        pos = m.end()
    tail = text[pos:]
    out.append(tail if all(stack) else "\n" * tail.count("\n"))
    return "".join(out)


_DELIMITERS = (("{{", "}}"), ("{%", "%}"), ("{#", "#}"))


def _without_unclosed_delimiters(text: str) -> str:
    """Openers after the last closer of their kind can never close: broken apart ("{ {"), so that no pattern
    searches from each of them to the end of the text (60,000 of them took 54 s)."""
    for opener, closer in _DELIMITERS:
        last = text.rfind(closer)
        cut = last + len(closer) if last >= 0 else 0
        if opener in text[cut:]:
            text = text[:cut] + text[cut:].replace(opener, f"{opener[0]} {opener[1]}")
    return text


def render_dbt(text: str, model: str | None = None) -> str:
    """Jinja tolerated conservatively: ref/source become table names, {% set %} blocks are substituted, the first
    branch of every {% if %} is kept and incremental filters go, type macros become types, a macro whose first
    argument is a column name becomes that column (``alias=`` renames it), other expressions become NULL; newlines
    are kept so line numbers stay true."""
    text = _without_unclosed_delimiters(text)
    text = _JINJA_COMMENT.sub(lambda m: _keep_lines(m, ""), text)
    blocks: dict[str, str] = {}

    def set_block(m: re.Match[str]) -> str:
        body = re.sub(r"--[^\n]*", " ", m.group(2))  # joined onto one line, a comment would swallow the rest
        blocks[m.group(1)] = " ".join(body.split())
        return _keep_lines(m, "")

    text = _SET_BLOCK.sub(set_block, text)

    def use_blocks(part: str) -> str:
        return _VAR.sub(lambda m: blocks.get(m.group(1), m.group(0)), part)

    for _ in range(3):  # blocks that use blocks
        for name in blocks:
            blocks[name] = use_blocks(blocks[name])
    text = use_blocks(text)
    text = _INCREMENTAL.sub(lambda m: _keep_lines(m, ""), text)  # it only filters rows on later runs
    text = _THIS.sub(model or "this", text)
    text = _CONFIG.sub(lambda m: _keep_lines(m, ""), text)
    text = _REF.sub(lambda m: m.group(2) or m.group(1), text)
    text = _SOURCE.sub(lambda m: f"{m.group(1)}.{m.group(2)}", text)
    text = _TYPE_MACRO.sub(lambda m: _TYPES.get(m.group(1).lower(), "varchar"), text)
    if not re.search(r"\bselect\b", _EXPR.sub("", _TAG.sub("", text)), re.IGNORECASE):
        union = _UNION_SOURCE.search(text)  # a model that only unions a source's connections (fivetran packages)
        if union:
            return "\n" * text.count("\n") + f"select * from {union.group(1)}.{union.group(2)}"
    text = _first_branches(text)
    text = _TAG.sub(lambda m: _keep_lines(m, ""), text)
    text = _NAME_EXPR.sub(lambda m: m.group(1).rsplit(".", 1)[-1], text)
    return _EXPR.sub(lambda m: _keep_lines(m, _expression(m, text)), text)


_ITEM_BEFORE = re.compile(r"(?:,|\bselect|\bdistinct)\s*$", re.IGNORECASE)
_OPERAND_BEFORE = re.compile(
    r"(?:[(=<>+*/%|-]|\b(?:when|then|else|and|or|not|in|on|by|where|having|as|is|like|between|case))\s*$", re.IGNORECASE
)


def _expression(m: re.Match[str], text: str) -> str:
    """What a Jinja expression stands for where it stands: a select item, an operand, or an appended fragment."""
    before = text[max(0, m.start() - 40) : m.start()]
    aliased = re.match(r"\s+as\s", text[m.end() : m.end() + 8], re.IGNORECASE) is not None
    column = _COLUMN_MACRO.fullmatch(m.group(0))
    if re.search(r"\bas\s*\(\s*$", before, re.IGNORECASE):
        return "select null as macro_relation"  # a CTE built by a macro (a union of models): columns unknown
    if _ITEM_BEFORE.search(before) and not aliased:
        return f"{column.group(1)} as {column.group(2) or column.group(1)}" if column else "NULL"
    if _ITEM_BEFORE.search(before):
        return column.group(1) if column else "NULL"
    if _OPERAND_BEFORE.search(before) or not before.strip():
        return column.group(1) if column else "NULL"
    return ""  # after a complete expression: a macro that appends optional columns or clauses
