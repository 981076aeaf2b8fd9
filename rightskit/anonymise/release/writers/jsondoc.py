"""JSON documents and JSON Lines released: records streamed batch by batch, top-level fields column by column."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from rightskit.anonymise.release.context import ReleaseContext, release_columns, transform
from rightskit.anonymise.release.generalise import Generalised, generalise
from rightskit.anonymise.release.records import file_record
from rightskit.errors import SourceError
from rightskit.models.release import FieldPlan, FileRecord

# One encoder for every line: json.dumps with a non-default option builds a new one per call, and even
# JSONEncoder.encode builds its C encoder per call. The C encoder is built once (the records come from
# json.loads, so they cannot be circular: no markers needed); json.dumps(ensure_ascii=False) is the reference.
_JSON = json.JSONEncoder(ensure_ascii=False)
_C_ENCODE = (
    json.encoder.c_make_encoder(
        None, _JSON.default, json.encoder.encode_basestring, None, _JSON.key_separator, _JSON.item_separator,
        False, False, True,
    )
    if json.encoder.c_make_encoder is not None
    else None
)  # fmt: skip


def encode_lines(records: list[Any]) -> str:
    """JSON Lines text of ``records``, as json.dumps(record, ensure_ascii=False) + newline each."""
    if _C_ENCODE is None:
        return "".join(_JSON.encode(r) + "\n" for r in records)
    return "".join("".join(_C_ENCODE(r, 0)) + "\n" for r in records)


def write_json(
    src: Path, out: Path, fps: list[FieldPlan], ctx: ReleaseContext, hierarchy_files: dict[str, str], fmt: str = "json"
) -> FileRecord:
    """JSON Lines are streamed batch by batch (memory does not grow with the file); a JSON document is
    parsed whole, as it must be, and released through the same batch transformation."""
    from rightskit.sources.jsondata import _find_records

    plan_by_path = {fp.field: fp for fp in fps}
    changed = dict.fromkeys(plan_by_path, 0)
    quasi = [fp for fp in fps if fp.action == "generalise"]
    memo: dict = {}
    if fmt == "jsonl" and (os.cpu_count() or 1) > 1:
        from rightskit.anonymise.release.writers.jsonl_parallel import release_jsonl

        return release_jsonl(src, out, fps, ctx, hierarchy_files, os.cpu_count() or 1)
    if fmt == "jsonl":
        columns, rows_in = quasi_columns(jsonl_batches(src), quasi)
        g = generalise(src.name, columns, quasi, ctx, hierarchy_files)
        rows_out = row = 0
        with out.open("w", encoding="utf-8") as fout:
            for records in jsonl_batches(src):
                if g.keep is not None:
                    records, row = (
                        [r for r, k in zip(records, g.keep[row : row + len(records)], strict=True) if k],
                        row + len(records),
                    )
                released = release_records(records, plan_by_path, ctx, g, changed, memo)
                fout.write(encode_lines(released))
                rows_out += len(released)
        return file_record(src, out, fps, changed, g, rows_in, rows_out)
    doc = json.loads(src.read_text(encoding="utf-8-sig"))
    records, wrapper = _find_records(doc)
    columns, rows_in = quasi_columns([records], quasi)
    g = generalise(src.name, columns, quasi, ctx, hierarchy_files)
    kept = [r for i, r in enumerate(records) if g.keep is None or g.keep[i]]
    kept = release_records(kept, plan_by_path, ctx, g, changed, memo)
    if wrapper is not None and isinstance(doc, dict):
        doc = {**doc, wrapper: kept}
    else:
        doc = kept if isinstance(doc, list) else (kept[0] if kept else {})
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return file_record(src, out, fps, changed, g, rows_in, len(kept))


def jsonl_batches(src: Path, size: int = 16_384) -> Any:
    """Parsed JSON Lines records, a batch at a time (one parse per batch)."""
    batch: list[tuple[int, bytes]] = []
    with src.open("rb") as fin:
        for lineno, line in enumerate(fin, start=1):
            if line.strip():
                batch.append((lineno, line))
                if len(batch) >= size:
                    yield _parsed(batch, src)
                    batch = []
    if batch:
        yield _parsed(batch, src)


def _parsed(batch: list[tuple[int, bytes]], src: Path) -> list[Any]:
    from rightskit.sources.jsonl_chunks import parse_lines

    records, errors = parse_lines(batch)
    if errors:  # no release of part of a file
        lineno, reason = errors[0]
        raise SourceError(f"invalid JSON ({reason})", path=src.name, where=f"line {lineno}")
    return records


_SCALARS = (str, int, float, type(None))


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def quasi_columns(batches: Any, quasi: list[FieldPlan]) -> tuple[dict[str, Any], int]:
    """Per quasi-identifier path, one scalar per record (its first, for arrays); and the number of records."""
    import pyarrow as pa

    from rightskit.sources.jsondata import flatten_record

    chunks: dict[str, list] = {fp.field: [] for fp in quasi}
    top_level = all("." not in fp.field and "[]" not in fp.field for fp in quasi)
    rows = 0
    for records in batches:
        rows += len(records)
        if not quasi:
            continue
        columns: dict[str, list[str]] = {fp.field: [] for fp in quasi}
        for r in records:
            if top_level and type(r) is dict and all(type(r.get(fp.field)) in _SCALARS for fp in quasi):
                for fp in quasi:  # top-level scalars: what flattening would give, without flattening
                    v = r.get(fp.field)
                    columns[fp.field].append("" if v is None else _as_text(v))
                continue
            flat: dict[str, list] = {}
            flatten_record(r, flat)
            for fp in quasi:
                values = [v for v in flat.get(fp.field, []) if v is not None]
                columns[fp.field].append(values[0] if values else "")
        for name, values in columns.items():  # Arrow per batch: compact, whatever the file's length
            chunks[name].append(pa.array(values, pa.string()))
    return {n: pa.chunked_array(c, pa.string()) for n, c in chunks.items()}, rows


def release_records(
    records: list[Any],
    plan: dict[str, FieldPlan],
    ctx: ReleaseContext,
    g: Generalised,
    changed: dict[str, int],
    memo: dict,
) -> list[Any]:
    """One batch of records released. Top-level fields go column by column (operators once per distinct
    value); nested paths are walked record by record."""
    if all("." not in f and "[]" not in f for f in plan) and all(type(r) is dict for r in records):
        return _release_flat(records, plan, ctx, g, changed, memo)
    # The texts to redact, redacted together: one at a time, each paid for every pre-filter pattern compiled
    # again (a 540 KB document of user agents: 17 s)
    texts: dict[str, None] = {}
    for r in records:
        _texts_to_redact(r, "", plan, texts)
    redacted = dict(zip(texts, ctx.redact_many(list(texts)), strict=True)) if texts else {}
    return [_walk(r, "", plan, ctx, g, changed, redacted) for r in records]


def _child(path: str, key: Any, plan: dict[str, FieldPlan]) -> tuple[str, FieldPlan | None]:
    """The path of a record's field ``key`` under ``path``, and the plan for it (or for its list's items)."""
    child = f"{path}.{key}" if path else str(key)
    return child, plan.get(child) or plan.get(f"{child}[]")


def _texts_to_redact(node: Any, path: str, plan: dict[str, FieldPlan], found: dict[str, None]) -> None:
    """The texts under ``node`` that ``_walk`` hands to a ``redact_text`` field's operator, into ``found``."""
    if isinstance(node, dict):
        for k, v in node.items():
            child, fp = _child(path, k, plan)
            if fp is None or fp.action != "drop":
                _texts_to_redact(v, child, plan, found)
    elif isinstance(node, list):
        for v in node:
            _texts_to_redact(v, f"{path}[]", plan, found)
    elif node is not None and not isinstance(node, bool) and (fp := plan.get(path)) and fp.action == "redact_text":
        found[str(node)] = None


def _release_flat(
    records: list[dict],
    plan: dict[str, FieldPlan],
    ctx: ReleaseContext,
    g: Generalised,
    changed: dict[str, int],
    memo: dict,
) -> list[dict]:
    import pyarrow as pa

    dropped = [f for f, fp in plan.items() if fp.action == "drop"]
    for r in records:
        for key in dropped:
            if key in r:
                del r[key]
                changed[key] += 1
    strings: dict[str, list[str | None]] = {}
    for key, fp in plan.items():
        if fp.action in ("drop", "keep"):
            continue
        # What _walk hands to an operator: scalars as text; nulls, booleans and containers stay as they are.
        strings[key] = [
            None
            if v is None or v is True or v is False or isinstance(v, (dict, list))
            else v
            if isinstance(v, str)
            else str(v)
            for v in (r.get(key) for r in records)
        ]
    released, _counts = release_columns(
        {k: pa.array(v, pa.string()) for k, v in strings.items()}, plan, ctx, g.labels, memo
    )
    for key, old in strings.items():
        new = released[key].to_pylist()
        for i, (before, after) in enumerate(zip(old, new, strict=True)):
            if before is not None and after != before:
                records[i][key] = after
                changed[key] += 1
    return records


def _walk(
    node: Any,
    path: str,
    plan: dict[str, FieldPlan],
    ctx: ReleaseContext,
    g: Generalised,
    changed: dict[str, int],
    redacted: dict[str, str],
) -> Any:
    if isinstance(node, dict):
        result = {}
        for k, v in node.items():
            child, fp = _child(path, k, plan)
            if fp is not None and fp.action == "drop":
                changed[fp.field] += 1
                continue
            result[k] = _walk(v, child, plan, ctx, g, changed, redacted)
        return result
    if isinstance(node, list):
        return [_walk(v, f"{path}[]", plan, ctx, g, changed, redacted) for v in node]
    fp = plan.get(path)
    if fp is None or node is None or isinstance(node, bool):
        return node
    text = str(node)
    new = redacted[text] if fp.action == "redact_text" else transform(text, fp, ctx, g.labels.get(path))
    if new == text:
        return node
    changed[path] += 1
    return new
