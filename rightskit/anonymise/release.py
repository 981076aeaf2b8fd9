"""Write an anonymised release: new files in OUTDIR, a manifest and a datapackage.json, atomically.

Two passes per tabular file: the quasi-identifier columns are read (only those) for the optimal generalisation
search, then every row is streamed through the plan and written. Everything goes to a staging folder that
becomes OUTDIR only when all files and the manifest are complete: an interrupted run leaves nothing behind.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rightskit import __version__
from rightskit.anonymise.audit import DirectValues, audit_release
from rightskit.anonymise.keys import derive, key_id, new_key
from rightskit.anonymise.operators import Encryptor, Tokeniser, egn_facts, mask, shift_date
from rightskit.anonymise.text import Surrogates, redact, redact_many
from rightskit.digest import file_sha256
from rightskit.errors import RightskitError, SourceError, UsageError
from rightskit.models.release import FieldPlan, FieldRecord, FileRecord, Manifest, Plan

TECHNIQUE = {  # ISO/IEC 20889 vocabulary
    "keep": "none",
    "drop": "masking (attribute suppression)",
    "redact": "masking",
    "mask": "masking",
    "pseudonymise": "pseudonymisation (keyed cryptographic hash, HMAC-SHA-256)",
    "release_token": "pseudonymisation (keyed hash with a per-release random key)",
    "encrypt": "cryptographic tools (deterministic encryption, AES-SIV)",
    "generalise": "generalisation",
    "redact_text": "masking (span redaction of free text)",
    "suppress": "suppression (local suppression)",
    "age_band_from_egn": "generalisation (derived attribute)",
    "sex_from_egn": "generalisation (derived attribute)",
    "shift_date": "randomisation (per-subject date shifting)",
}
WP216 = {
    "singling_out": "Direct identifiers dropped or replaced by tokens; quasi-identifiers generalised to k-anonymity; "
    "records in smaller classes suppressed.",
    "linkability": "Per-release tokens (unless stable pseudonyms were chosen, recorded here) and generalisation "
    "make linking across releases and with other sources unreliable.",
    "inference": "Sensitive attributes are kept; l-diversity or t-closeness is enforced only where the plan asks; "
    "free text is redacted span by span.",
}


RELEASE_BLOCK_SIZE = 4 << 20
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


COALESCE_ROWS = 1 << 18


class ReleaseRefusedError(RightskitError):
    """The release policy cannot be met: nothing is written (exit 1)."""


@dataclass
class _Context:
    plan: Plan
    detector: Any
    tokeniser: Tokeniser | None
    release_tokeniser: Tokeniser
    encryptor: Encryptor | None
    date_key: bytes
    surrogates: Surrogates
    # The input values of direct identifiers a release path read anyway, by input path, for the audit.
    direct_values: dict[str, DirectValues] = field(default_factory=dict)


def anonymise(
    inputs: list[str],
    outdir: str,
    plan: Plan,
    *,
    key: bytes | None = None,
    hierarchy_files: dict[str, str] | None = None,
    release_key: bytes | None = None,
) -> Manifest:
    """Write the release; raise ReleaseRefusedError (nothing written) when k cannot be reached.

    ``release_key`` (default: new random bytes) keys release tokens and placeholders: given, the release
    is reproducible (the Spark path's equality test uses it).
    """
    target = Path(outdir)
    if target.exists() and any(target.iterdir()):
        raise UsageError(f"{outdir} exists and is not empty: choose a new output folder")
    release_key = release_key or new_key()
    ctx = release_context(plan, key, release_key)
    staging = staging_dir(target)
    try:
        records, staged = [], []
        for path in inputs:
            fps = plan.inputs.get(path) or plan.inputs.get(Path(path).name) or []
            records.append(_release_file(path, fps, staging, ctx, hierarchy_files or {}))
            staged.append((staging / records[-1].output, Path(path), fps))
        audit = audit_release(staged, ctx.detector, ctx.direct_values)
        if audit.leaks:  # the staged files go with the staging folder: nothing is written
            raise ReleaseRefusedError(audit.message())
        plan_text = plan.model_dump_json(indent=2)
        manifest = Manifest(
            rightskit_version=__version__,
            created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            policy=plan.policy,
            plan_sha256=hashlib.sha256(plan_text.encode()).hexdigest(),
            key_ids=[key_id(derive(key, plan.key_purpose))] if key else [],
            stable_pseudonyms=plan.stable_pseudonyms,
            files=records,
            wp216=WP216,
            audit=audit.record(),
        )
        (staging / "manifest.json").write_text(manifest.model_dump_json(indent=2) + "\n", encoding="utf-8")
        (staging / "datapackage.json").write_text(_datapackage(records, staging), encoding="utf-8")
        if target.exists():
            target.rmdir()
        os.replace(staging, target)
        return manifest
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def release_context(plan: Plan, key: bytes | None, release_key: bytes) -> _Context:
    """Everything the operators need: keys derived per purpose, the detector, the checks a policy makes first."""
    from rightskit.detect.detector import default_detector

    actions = {fp.action for fps in plan.inputs.values() for fp in fps}
    if "encrypt" in actions and plan.policy == "open-data-publication":
        raise UsageError("the open-data-publication policy refuses reversible encryption; use drop or pseudonymise")
    if "pseudonymise" in actions and key is None:
        raise UsageError("pseudonymise needs a key: --key-file FILE (rightskit keygen) or $RIGHTSKIT_KEY")
    return _Context(
        plan=plan,
        detector=default_detector(),
        tokeniser=Tokeniser(derive(key, plan.key_purpose), "t") if key else None,
        release_tokeniser=Tokeniser(derive(release_key, "release"), "r"),
        encryptor=Encryptor(derive(key, plan.key_purpose + "/encrypt")) if key and "encrypt" in actions else None,
        date_key=derive(key or release_key, plan.key_purpose + "/dates"),
        surrogates=Surrogates(derive(release_key, "placeholders")),
    )


def release_columns(
    columns: dict[str, Any], plan: dict[str, FieldPlan], ctx: _Context, labels: dict[str, dict[str, str]], memo: dict
) -> tuple[dict[str, Any], dict[str, int]]:
    """One batch of text columns through the plan (columnar.apply_plan with this release's operators)."""
    from rightskit.anonymise.columnar import apply_plan
    from rightskit.detect.text import needs_analysis

    return apply_plan(
        columns,
        plan,
        lambda v, fp: _transform(v, fp, ctx, labels.get(fp.field)),
        redact_many=lambda texts: redact_many(texts, ctx.detector, ctx.surrogates),
        needs_analysis=lambda values: needs_analysis(values, ctx.detector),
        memo=memo,
    )


def staging_dir(target: Path) -> Path:
    """A private folder beside the target (same filesystem, so the final rename is atomic), with normal permissions."""
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent if target.parent.exists() else None))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)
    return staging


def _release_file(
    path: str, fps: list[FieldPlan], staging: Path, ctx: _Context, hierarchy_files: dict[str, str]
) -> FileRecord:
    from concurrent.futures import ThreadPoolExecutor

    src = Path(path)
    if not src.is_file():
        raise SourceError("no such file", path=path)
    suffix = src.suffix.lower()
    out = staging / src.name
    if suffix in (".csv", ".tsv"):
        write = _release_delimited
    elif suffix in (".jsonl", ".ndjson", ".json"):
        write = _release_json
    elif suffix == ".parquet":
        write = _release_parquet
    else:
        raise UsageError(
            f"{src.name}: anonymise writes CSV/TSV, JSON/JSON Lines and Parquet releases (convert other formats first)"
        )
    # The input's hash is read beside the release (hashlib releases the GIL), not after it.
    with ThreadPoolExecutor(1, thread_name_prefix="rightskit-hash") as hasher:
        input_digest = hasher.submit(file_sha256, src)
        record = write(src, out, fps, ctx, hierarchy_files)
        return record.model_copy(update={"input_sha256": input_digest.result()})


# -- per-value transformation --------------------------------------------------------------------------------


def _transform(value: str | None, fp: FieldPlan, ctx: _Context, generalised: dict[str, str] | None) -> str | None:
    if value is None or value == "":
        return value
    a = fp.action
    if a == "keep":
        return value
    if a in ("drop", "suppress"):
        return None
    if a == "redact":
        return f"[{fp.entity or 'REDACTED'}]"
    if a == "mask":
        return mask(value, int(fp.params.get("keep", 0)))
    if a == "pseudonymise":
        return ctx.tokeniser.token(value, fp.entity)  # type: ignore[union-attr]
    if a == "release_token":
        return ctx.release_tokeniser.token(value, fp.entity)
    if a == "encrypt":
        return ctx.encryptor.encrypt(value)  # type: ignore[union-attr]
    if a == "generalise":
        return (generalised or {}).get(value, "*")
    if a == "redact_text":
        return redact(value, ctx.detector, ctx.surrogates)[0]
    if a == "age_band_from_egn":
        return egn_facts(value)[0]
    if a == "sex_from_egn":
        return egn_facts(value)[1]
    if a == "shift_date":
        return shift_date(value, ctx.date_key, str(fp.params.get("subject", "")) or value)
    raise UsageError(f"unknown action '{a}' for field {fp.field}")


# -- delimited files -----------------------------------------------------------------------------------------


def _read_columns(
    src: Path, names: list[str], dropped: list[str], texts: list[str], direct: DirectValues | None = None
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
    delimiter = "\t" if src.suffix.lower() == ".tsv" else sniff_delimiter(decode_head(head, encoding))
    opened = open_delimited(src, str(src), "tsv" if delimiter == "\t" else "csv", only=[*names, *dropped, *texts])
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


def text_memo(texts: Any, ctx: _Context) -> dict[str, str]:
    """The redaction of each distinct text worth analysing (``texts``, an Arrow array), computed once and
    shared by the worker processes forked after it, rather than once in each (texts recur all over a file)."""
    import pyarrow.compute as pc

    from rightskit.detect.text import needs_analysis
    from rightskit.workers import forked_map

    if texts is None:
        return {}
    chosen = texts.filter(pc.and_(needs_analysis(texts, ctx.detector), pc.not_equal(texts, ""))).to_pylist()
    workers = os.cpu_count() or 1
    if workers > 1 and len(chosen) >= PARALLEL_TEXTS:
        _BATCH_STATE["ctx"] = ctx
        parts = [(chosen[i::workers],) for i in range(workers)]
        redacted = [r for part in forked_map(_redacted, parts, workers) for r in part]
        chosen = [t for (part,) in parts for t in part]
    else:
        redacted = redact_many(chosen, ctx.detector, ctx.surrogates)
    return dict(zip(chosen, redacted, strict=True))


PARALLEL_TEXTS = 2_000  # fewer distinct texts are redacted faster than worker processes start


def _redacted(texts: list[str]) -> list[str]:
    ctx = _BATCH_STATE["ctx"]
    return redact_many(texts, ctx.detector, ctx.surrogates)


@dataclass
class _Generalised:
    keep: Any = None  # a numpy bool per record (None: every record is kept)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    levels: dict[str, int] = field(default_factory=dict)
    search: dict[str, Any] | None = None
    risk_before: dict[str, Any] | None = None
    risk_after: dict[str, Any] | None = None


def _generalise(
    name: str, columns: dict[str, list[str]], quasi: list[FieldPlan], ctx: _Context, hierarchy_files: dict[str, str]
) -> _Generalised:
    """The optimal generalisation of the quasi-identifier columns, or ReleaseRefusedError."""
    from rightskit.privacy.encode import encode_attribute
    from rightskit.privacy.hierarchy import resolve
    from rightskit.privacy.metrics import classes_at, metrics_at
    from rightskit.privacy.search import Constraints, optimal_generalisation

    if not quasi:
        return _Generalised()
    hiers = {
        fp.field: resolve(hierarchy_files.get(fp.field) or fp.hierarchy or "builtin:star", fp.field) for fp in quasi
    }
    attrs = [encode_attribute(fp.field, columns[fp.field], hiers[fp.field]) for fp in quasi]
    before = metrics_at(attrs, [0] * len(attrs), ctx.plan.k)
    result = optimal_generalisation(attrs, Constraints(k=ctx.plan.k, max_suppression=ctx.plan.max_suppression))
    if not result.satisfied:
        raise ReleaseRefusedError(
            f"{name}: k = {ctx.plan.k} cannot be reached; best achievable: {result.best_achievable}"
        )
    levels = dict(result.levels)
    labels = {}
    for a in attrs:
        lv = levels[a.name]
        labels[a.name] = {v: a.labels[lv][a.maps[lv][i]] for i, v in enumerate(a.values)}
    inverse, sizes = classes_at(attrs, [levels[a.name] for a in attrs])
    search = {
        "levels": levels,
        "nue": result.nue,
        "nue_normalised": result.nue_normalised,
        "suppressed": result.suppressed,
        "nodes_checked": result.nodes_checked,
        "nodes_total": result.nodes_total,
        "k": ctx.plan.k,
    }
    return _Generalised(
        (sizes >= ctx.plan.k)[inverse],
        labels,
        levels,
        search,
        before.model_dump(),
        result.metrics_after.model_dump(),
    )


def _release_delimited(
    src: Path, out: Path, fps: list[FieldPlan], ctx: _Context, hierarchy_files: dict[str, str]
) -> FileRecord:
    quasi = [fp for fp in fps if fp.action == "generalise"]
    dropped = [fp.field for fp in fps if fp.action == "drop"]
    parallel = (os.cpu_count() or 1) > 1 and src.stat().st_size >= PARALLEL_BYTES
    # Distinct texts are gathered only for worker processes: one process meets each once anyway.
    texts = [fp.field for fp in fps if fp.action == "redact_text"] if parallel else []
    direct = DirectValues([fp.field for fp in fps if fp.action == "drop" and fp.role == "direct_identifier"])
    header, columns, nonempty, distinct, delimiter = _read_columns(
        src, [fp.field for fp in quasi], dropped, texts, direct
    )
    ctx.direct_values[str(src)] = direct
    missing = [fp.field for fp in fps if fp.field not in header]
    if missing:
        raise UsageError(f"{src.name}: no column {', '.join(missing)}")
    rows_in = len(next(iter(columns.values()))) if columns else None
    g = _generalise(src.name, columns, quasi, ctx, hierarchy_files)
    keep_mask, generalised = g.keep, g.labels
    plan_by_field = {fp.field: fp for fp in fps}
    changed = dict.fromkeys(plan_by_field, 0)
    kept_header = [h for h in header if plan_by_field.get(h) is None or plan_by_field[h].action not in ("drop",)]
    import numpy as np

    from rightskit.anonymise.columnar import keep_rows
    from rightskit.sources.delimited import open_delimited
    from rightskit.workers import forked_map

    keep_all = None if keep_mask is None else np.asarray(keep_mask, dtype=bool)
    # Larger blocks than a scan reads: operators run once per distinct value per block.
    fmt = "tsv" if delimiter == "\t" else "csv"
    # Dropped columns are not read again: the first pass counted their cells.
    table = next(open_delimited(src, str(src), fmt, only=kept_header, block_size=RELEASE_BLOCK_SIZE).tables)
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
        _BATCH_STATE.update(
            to_fields=table.to_fields, kept=kept_header, plan=plan_by_field, ctx=ctx, labels=generalised,
            delimiter=delimiter, memo=memo,
        )  # fmt: skip
        with out.open("wb") as fh:
            head = io.StringIO()
            csv.writer(head, delimiter=delimiter, lineterminator="\n").writerow(kept_header)
            fh.write(head.getvalue().encode("utf-8"))
            if parallel:
                results = forked_map(_release_csv_batch, kept_batches(), os.cpu_count() or 1)
            else:
                results = (_release_csv_batch(*task) for task in kept_batches())
            for data, counts, rows in results:
                fh.write(data)
                rows_out += rows
                for name, n in counts.items():
                    changed[name] += n
        if table.errors:  # a reader that stopped part-way: no release of part of a file
            raise SourceError(table.errors[0])
    finally:
        _BATCH_STATE.clear()
    row_no = position["row"]
    return _file_record(src, out, fps, changed, g, rows_in if rows_in is not None else row_no, rows_out)


# Files this large are released by worker processes, a batch each at a time; smaller ones are not worth a fork.
PARALLEL_BYTES = 32 << 20
_BATCH_STATE: dict[str, Any] = {}  # what a batch's release needs; forked workers inherit it


def _release_csv_batch(batch: Any) -> tuple[bytes, dict[str, int], int]:
    """One batch of a delimited file released, quoted and joined: its lines' bytes, cells changed, rows."""
    from rightskit.anonymise.columnar import join_lines, line_bytes, neutralise_formulas, quote_cells
    from rightskit.workers import column_pool

    st = _BATCH_STATE
    fields = st["to_fields"](batch)
    released, counts = release_columns(
        {h: fields[h].values for h in st["kept"]}, st["plan"], st["ctx"], st["labels"], st["memo"]
    )
    delimiter = st["delimiter"]
    kept = [released[h] for h in st["kept"]]
    cells = column_pool().map(lambda values: quote_cells(neutralise_formulas(values), delimiter), kept)
    return bytes(line_bytes(join_lines(list(cells), delimiter))), counts, len(batch)


# -- JSON and JSON Lines -------------------------------------------------------------------------------------


def _release_json(
    src: Path, out: Path, fps: list[FieldPlan], ctx: _Context, hierarchy_files: dict[str, str]
) -> FileRecord:
    """JSON Lines are streamed batch by batch (memory does not grow with the file); a JSON document is
    parsed whole, as it must be, and released through the same batch transformation."""
    from rightskit.sources.jsondata import _find_records

    plan_by_path = {fp.field: fp for fp in fps}
    changed = dict.fromkeys(plan_by_path, 0)
    quasi = [fp for fp in fps if fp.action == "generalise"]
    memo: dict = {}
    if src.suffix.lower() in (".jsonl", ".ndjson") and (os.cpu_count() or 1) > 1:
        from rightskit.anonymise.jsonl_release import release_jsonl

        return release_jsonl(src, out, fps, ctx, hierarchy_files, os.cpu_count() or 1)
    if src.suffix.lower() in (".jsonl", ".ndjson"):
        columns, rows_in = _quasi_columns(_jsonl_batches(src), quasi)
        g = _generalise(src.name, columns, quasi, ctx, hierarchy_files)
        rows_out = row = 0
        with out.open("w", encoding="utf-8") as fout:
            for records in _jsonl_batches(src):
                if g.keep is not None:
                    records, row = (
                        [r for r, k in zip(records, g.keep[row : row + len(records)], strict=True) if k],
                        row + len(records),
                    )
                released = _release_records(records, plan_by_path, ctx, g, changed, memo)
                fout.write(encode_lines(released))
                rows_out += len(released)
        return _file_record(src, out, fps, changed, g, rows_in, rows_out)
    doc = json.loads(src.read_text(encoding="utf-8-sig"))
    records, wrapper = _find_records(doc)
    columns, rows_in = _quasi_columns([records], quasi)
    g = _generalise(src.name, columns, quasi, ctx, hierarchy_files)
    kept = [r for i, r in enumerate(records) if g.keep is None or g.keep[i]]
    kept = _release_records(kept, plan_by_path, ctx, g, changed, memo)
    if wrapper is not None and isinstance(doc, dict):
        doc = {**doc, wrapper: kept}
    else:
        doc = kept if isinstance(doc, list) else (kept[0] if kept else {})
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return _file_record(src, out, fps, changed, g, rows_in, len(kept))


def _jsonl_batches(src: Path, size: int = 16_384) -> Any:
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
    try:
        records = json.loads(b"[" + b",".join(line for _, line in batch) + b"]")
        if len(records) == len(batch):
            return records
    except (json.JSONDecodeError, UnicodeDecodeError):
        pass
    records = []
    for lineno, line in batch:  # line by line, to name the line that is not JSON
        try:
            records.append(json.loads(line))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "not UTF-8 text"
            raise SourceError(f"invalid JSON ({reason})", path=src.name, where=f"line {lineno}") from None
    return records


_SCALARS = (str, int, float, type(None))


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def _quasi_columns(batches: Any, quasi: list[FieldPlan]) -> tuple[dict[str, Any], int]:
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


def _release_records(
    records: list[Any], plan: dict[str, FieldPlan], ctx: _Context, g: _Generalised, changed: dict[str, int], memo: dict
) -> list[Any]:
    """One batch of records released. Top-level fields go column by column (operators once per distinct
    value); nested paths are walked record by record."""
    if all("." not in f and "[]" not in f for f in plan) and all(type(r) is dict for r in records):
        return _release_flat(records, plan, ctx, g, changed, memo)
    return [_walk(r, "", plan, ctx, g, changed) for r in records]


def _release_flat(
    records: list[dict], plan: dict[str, FieldPlan], ctx: _Context, g: _Generalised, changed: dict[str, int], memo: dict
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
    node: Any, path: str, plan: dict[str, FieldPlan], ctx: _Context, g: _Generalised, changed: dict[str, int]
) -> Any:
    if isinstance(node, dict):
        result = {}
        for k, v in node.items():
            child = f"{path}.{k}" if path else str(k)
            fp = plan.get(child) or plan.get(f"{child}[]")
            if fp is not None and fp.action == "drop":
                changed[fp.field] += 1
                continue
            result[k] = _walk(v, child, plan, ctx, g, changed)
        return result
    if isinstance(node, list):
        return [_walk(v, f"{path}[]", plan, ctx, g, changed) for v in node]
    fp = plan.get(path)
    if fp is None or node is None or isinstance(node, bool):
        return node
    new = _transform(str(node), fp, ctx, g.labels.get(path))
    if new == str(node):
        return node
    changed[path] += 1
    return new


def _release_parquet(
    src: Path, out: Path, fps: list[FieldPlan], ctx: _Context, hierarchy_files: dict[str, str]
) -> FileRecord:
    """Parquet in, Parquet out, a row group's batches at a time: planned columns become text, the others keep
    their types. Top-level columns only (a plan naming a nested path asks for the data to be flattened first)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    from rightskit.anonymise.columnar import keep_rows
    from rightskit.sources.batching import COALESCE_ROWS

    try:
        pf = pq.ParquetFile(src)
    except (pa.ArrowInvalid, OSError) as exc:
        raise SourceError(f"not a readable Parquet file ({type(exc).__name__})", path=src.name) from None
    names = list(pf.schema_arrow.names)
    missing = [fp.field for fp in fps if fp.field not in names]
    if missing:
        raise UsageError(f"{src.name}: no top-level column {', '.join(missing)} (flatten nested fields first)")
    plan_by_field = {fp.field: fp for fp in fps}
    changed = dict.fromkeys(plan_by_field, 0)
    quasi = [fp for fp in fps if fp.action == "generalise"]
    columns = {}
    if quasi:
        read = pf.read(columns=[fp.field for fp in quasi])
        columns = {fp.field: read.column(fp.field).combine_chunks().cast(pa.string()).fill_null("") for fp in quasi}
    g = _generalise(src.name, columns, quasi, ctx, hierarchy_files)
    keep_all = None if g.keep is None else np.asarray(g.keep, dtype=bool)
    kept = [n for n in names if n not in plan_by_field or plan_by_field[n].action != "drop"]
    schema = pa.schema(
        [
            pf.schema_arrow.field(n).with_type(pa.string()) if n in plan_by_field else pf.schema_arrow.field(n)
            for n in kept
        ]
    )
    memo: dict = {}
    rows_out = row_no = 0
    with pq.ParquetWriter(out, schema) as writer:
        for batch in pf.iter_batches(batch_size=COALESCE_ROWS):  # the batch size a full scan gathers
            keep = keep_rows(keep_all, row_no, len(batch))
            row_no += len(batch)
            if keep is not None:
                batch = batch.filter(keep)
            planned = {n: batch.column(n).cast(pa.string()) for n in plan_by_field}
            released, counts = release_columns(planned, plan_by_field, ctx, g.labels, memo)
            for name, n in counts.items():
                changed[name] += n
            arrays = [released[n] if n in plan_by_field else batch.column(n) for n in kept]
            writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=schema))
            rows_out += len(batch)
    return _file_record(src, out, fps, changed, g, pf.metadata.num_rows, rows_out)


def _file_record(
    src: Path, out: Path, fps: list[FieldPlan], changed: dict[str, int], g: _Generalised, rows_in: int, rows_out: int
) -> FileRecord:
    fields = [
        FieldRecord(
            field=fp.field,
            role=fp.role,
            action=fp.action,
            technique=TECHNIQUE[fp.action],
            hierarchy=fp.hierarchy if fp.action == "generalise" else None,
            level=g.levels.get(fp.field),
            cells_changed=changed[fp.field],
        )
        for fp in fps
    ]
    return FileRecord(
        input=str(src),
        output=out.name,
        input_sha256="",  # filled in by _release_file, which hashes the input while the release is written
        output_sha256=file_sha256(out),
        rows_in=rows_in,
        rows_out=rows_out,
        fields=fields,
        search=g.search,
        risk_before=g.risk_before,
        risk_after=g.risk_after,
    )


def _datapackage(records: list[FileRecord], staging: Path) -> str:
    resources = []
    for r in records:
        fmt = Path(r.output).suffix.lstrip(".").lower()
        resource: dict[str, Any] = {
            "name": Path(r.output).stem.lower().replace(" ", "-"),
            "path": r.output,
            "format": fmt,
            "hash": f"sha256:{r.output_sha256}",
        }
        if fmt in ("csv", "tsv"):
            delimiter = "\t" if fmt == "tsv" else _sniff(staging / r.output)
            with (staging / r.output).open(encoding="utf-8", newline="") as fh:
                header = next(csv.reader(io.StringIO(fh.readline()), delimiter=delimiter))
            resource["schema"] = {"fields": [{"name": h, "type": "string"} for h in header]}
            if delimiter != ",":  # Table Schema readers assume a comma unless the dialect says otherwise
                resource["dialect"] = {"delimiter": delimiter}
        elif fmt == "parquet":
            import pyarrow.parquet as pq

            schema = pq.read_schema(staging / r.output)
            resource["schema"] = {"fields": [{"name": f.name, "type": _table_schema_type(f.type)} for f in schema]}
        resources.append(resource)
    return json.dumps({"name": "rightskit-release", "resources": resources}, ensure_ascii=False, indent=2) + "\n"


def _table_schema_type(arrow_type: Any) -> str:
    """The Table Schema type of an Arrow type (Frictionless Data)."""
    import pyarrow as pa

    for check, name in (
        (pa.types.is_boolean, "boolean"),
        (pa.types.is_integer, "integer"),
        (pa.types.is_floating, "number"),
        (pa.types.is_decimal, "number"),
        (pa.types.is_date, "date"),
        (pa.types.is_timestamp, "datetime"),
        (pa.types.is_string, "string"),
        (pa.types.is_large_string, "string"),
    ):
        if check(arrow_type):
            return name
    return "any"


def _sniff(path: Path) -> str:
    from rightskit.sources.text_encoding import sniff_delimiter

    with path.open("rb") as fh:
        head = fh.read(65536)
    return sniff_delimiter(head.decode("utf-8", errors="ignore"))
