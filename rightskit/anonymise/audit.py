"""The release's last gate: an independent, recall-first audit of every staged cell before the atomic rename.

The plan decides from a sample what each field is; the audit trusts none of that. It re-reads every file the
release staged, every cell of every field, with context-free recognizers tuned for recall:

* every checksum-valid national identifier, IBAN and payment card anywhere in a cell (the packs' patterns and
  validators, without their context words, bounded by anything that is not a Latin letter or a digit so that
  keyed tokens, which are hexadecimal, cannot hold one);
* e-mail addresses anywhere; a whole cell that is a valid phone number written with its prefix or trunk 0;
* phone-shaped numbers after phone words and numbers after personal-number words, valid or not, and
  block-and-flat or street-and-number addresses (``recall.yaml``, shared with the publication redaction);
* names in text that the name lexicons and Bulgarian surname forms recognise, at any confidence;
* any cell equal to a value of one of the input's direct-identifier fields, whatever field it is in now.

Each distinct value is judged once per batch (the RE2 pre-filter over distinct values first, Python on the
candidates only), so the audit costs a fraction of the release. What it finds is reported by file, field, row
and type, as shapes only; a field the plan ``accept``s (with a reason) is counted, not refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

    from rightskit.models.release import AuditRecord, FieldPlan

DIRECT_VALUE = "DIRECT_IDENTIFIER_VALUE"  # a cell equal to an input value of a direct identifier
DETAIL_CAP = 25  # findings described one by one in a refusal; the rest are counted
_MEMO_CAP = 200_000
# An input value shorter than this, or all lower-case letters ("unknown", "няма"), says nothing about a person.
_MIN_DIRECT_LENGTH = 6
_BOUND_BEFORE, _BOUND_AFTER = r"(?<![0-9A-Za-z])", r"(?![0-9A-Za-z])"
_PHONE_CELL = r"^\s*(?:\+|00|\(?0)[0-9 ()\-/.]{6,18}[0-9]\s*$"


@dataclass(frozen=True)
class AuditFinding:
    """One leak, as people may see it: where, what type, and the shape of the value (never its characters)."""

    file: str
    field: str
    row: int | None
    kind: str
    shape: str

    def render(self) -> str:
        where = f"row {self.row}" if self.row is not None else "a nested value"
        from rightskit.errors import printable

        return f"{printable(self.file)}, field '{printable(self.field)}', {where}: {self.kind} ({self.shape})"


@dataclass
class AuditResult:
    cells_checked: int = 0
    findings: dict[str, int] = field(default_factory=dict)  # refused, by type
    accepted: dict[str, int] = field(default_factory=dict)  # in fields the plan accepts, by type
    details: list[AuditFinding] = field(default_factory=list)
    accepted_fields: list[dict[str, str]] = field(default_factory=list)

    @property
    def leaks(self) -> int:
        return sum(self.findings.values())

    def message(self) -> str:
        """The refusal: counts by type, then the first findings one per line."""
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(self.findings.items()))
        lines = [f"the release audit found {self.leaks} identifying value(s) in the output ({kinds})"]
        lines += [f"  {d.render()}" for d in self.details]
        if self.leaks > len(self.details):
            lines.append(f"  … and {self.leaks - len(self.details)} more")
        lines.append(
            "  drop or redact these fields in the plan, or accept one knowingly (accept: <reason> on its field)"
        )
        return "\n".join(lines)

    def record(self) -> AuditRecord:
        from rightskit.models.release import AuditRecord

        return AuditRecord(
            cells_checked=self.cells_checked,
            findings=dict(sorted(self.findings.items())),
            accepted=dict(sorted(self.accepted.items())),
            accepted_fields=self.accepted_fields,
        )


class Recall:
    """The audit's recognizers, compiled once per release."""

    def __init__(self, detector: Any) -> None:
        from rightskit.detect.entities import with_trait

        wanted = with_trait("national_id") | {"IBAN_CODE", "CREDIT_CARD"}
        self.ids = [
            (rec, re.compile(f"{_BOUND_BEFORE}(?:{rec.spec.pattern}){_BOUND_AFTER}"))
            for rec in detector.recognizers
            if rec.entity in wanted and rec.spec.pattern and rec.spec.validator
        ]
        self.emails = [rec for rec in detector.recognizers if rec.entity == "EMAIL_ADDRESS" and rec.spec.pattern]
        self.phones = [rec for rec in detector.recognizers if rec.entity == "PHONE_NUMBER" and rec.spec.validator]
        self._email_re = [re.compile(rec.spec.pattern) for rec in self.emails]
        self._valid: dict[tuple[str, str], bool] = {}
        self._memo: dict[tuple[str, frozenset[str]], list[tuple[str, str]]] = {}

    @cached_property
    def prefilters(self) -> dict[str, list[str]]:
        """RE2 searches by group of checks: a value that matches none holds nothing the audit looks for. A group's
        patterns go a few to an alternation (23 identifier patterns: 1.7 → 0.23 s per 256k comments)."""
        from rightskit.anonymise.recall import patterns, person_prefilter
        from rightskit.detect.wordsplit import alternations

        return {
            "ids": alternations(rec.prefilter_pattern for rec, _ in self.ids),
            "email": alternations(rec.spec.pattern for rec in self.emails),
            "recall": list(patterns().prefilters),
            "person": [person_prefilter()],
            "phone_cell": [_PHONE_CELL],
        }

    @cached_property
    def literals(self) -> dict[str, str]:
        """The groups every match of whose patterns holds one literal (the e-mail address's "@"): searched only in
        the texts that hold it, found by memchr (a release leaves few: 37 → 5 ms per 100k redacted comments)."""
        declared = {rec.spec.literal for rec in self.emails}
        return {"email": declared.pop()} if len(declared) == 1 and None not in declared else {}

    def candidates(self, texts: pa.Array) -> dict[str, Any]:
        """Per group of checks, a numpy mask of the texts its pre-filter lets through. A pattern that needs some
        ASCII digits searches only the texts holding as many (``regexmask.min_digits``): a release has replaced
        the long numbers, and two of the three searches for identifiers look at a few texts, not at every one."""
        import numpy as np
        import pyarrow as pa

        from rightskit.detect.regexmask import min_chars, re2_mask, re2_mask_gated
        from rightskit.textbytes import class_counts
        from rightskit.workers import side_by_side

        searches = [(group, p, self.literals.get(group)) for group, ps in self.prefilters.items() for p in ps]
        # Counted where a pattern needs some: digits (a release replaced the long numbers), letters outside ASCII
        # (the Bulgarian address words)
        counts = {
            kind: class_counts(texts, kind) if any(min_chars(p, kind) for _, p, _ in searches) else None
            for kind in ("digit", "non_ascii")
        }

        def matches(pattern: str, literal: str | None) -> Any:  # RE2 releases the GIL: the patterns run on every core
            if literal is None:
                return re2_mask_gated(texts, pattern, counts["digit"], counts["non_ascii"])
            rows = np.flatnonzero(re2_mask(texts, re.escape(literal)))
            mask = np.zeros(len(texts), dtype=bool)
            if len(rows):
                mask[rows] = re2_mask(texts.take(pa.array(rows, pa.int64())), pattern)
            return mask

        found = side_by_side(lambda search: matches(search[1], search[2]), searches)
        masks = {group: np.zeros(len(texts), dtype=bool) for group in self.prefilters}
        for (group, _pattern, _literal), mask in zip(searches, found, strict=True):
            masks[group] |= mask
        return masks

    def _is_valid(self, rec: Any, value: str) -> bool:
        key = (rec.name, value)
        known = self._valid.get(key)
        if known is None:
            if len(self._valid) > _MEMO_CAP:
                self._valid.clear()
            known = self._valid[key] = bool(rec.is_valid(value))
        return known

    def is_phone_cell(self, text: str) -> bool:
        """Whether the whole value, trimmed, is a valid phone number (the pre-filter chose it by ``_PHONE_CELL``)."""
        return any(self._is_valid(r, text.strip()) for r in self.phones)

    def find(self, text: str, groups: frozenset[str]) -> list[tuple[str, str]]:
        """(type, the matched text) of everything identifying in one value, by the checks ``groups`` name."""
        key = (text, groups)
        known = self._memo.get(key)
        if known is None:
            known = [(kind, text[start:end]) for start, end, kind in self.spans(text, groups)]
            if len(self._memo) > _MEMO_CAP:
                self._memo.clear()
            self._memo[key] = known
        return known

    def spans(self, text: str, groups: frozenset[str]) -> list[tuple[int, int, str]]:
        """(start, end, type) of everything identifying in one value, by the checks ``groups`` name: what a
        publication redaction replaces so that this audit finds nothing."""
        from rightskit.anonymise.recall import recall_spans
        from rightskit.detect.names.finder import recall_person_spans

        found: list[tuple[int, int, str]] = []
        if "ids" in groups:
            for rec, pattern in self.ids:
                found += [(*m.span(), rec.entity) for m in pattern.finditer(text) if self._is_valid(rec, m.group(0))]
        if "email" in groups:
            for pattern in self._email_re:
                found += [(*m.span(), "EMAIL_ADDRESS") for m in pattern.finditer(text)]
        if "phone_cell" in groups and self.is_phone_cell(text):
            start = len(text) - len(text.lstrip())
            found.append((start, start + len(text.strip()), "PHONE_NUMBER"))
        if "recall" in groups:
            found += [(s.start, s.end, s.entity) for s in recall_spans(text)]
        if "person" in groups:
            found += [(start, end, "PERSON") for start, end in recall_person_spans(text)]
        return found


_RECALLS: dict[int, tuple[Any, Recall]] = {}


def recall_of(detector: Any) -> Recall:
    """The audit's recognizers for ``detector``, compiled once per process (the redaction settles against them)."""
    held = _RECALLS.get(id(detector))
    if held is None or held[0] is not detector:
        held = _RECALLS[id(detector)] = (detector, Recall(detector))
    return held[1]


def direct_values(path: Path, fps: list[FieldPlan]) -> KnownValues | None:
    """The input values of the plan's direct-identifier fields that could point at a person, read from the input."""
    names = [fp.field for fp in fps if fp.role == "direct_identifier"]
    if not names:
        return None
    gathered = DirectValues(names)
    for table in read_tables(path, only=names):
        for batch in table.batches:
            for name, column in table.to_fields(batch).items():
                if name in names:
                    gathered.add(column.values)
    return gathered.take()


def read_tables(path: Path, only: list[str] | None = None) -> Any:
    """The tables of one data file, as the scanners read it (a release audit or a plan reads outputs and inputs)."""
    from rightskit.errors import SourceError
    from rightskit.sources.registry import dataset_format

    found = dataset_format(path.name)
    if found is None:
        raise SourceError("the release audit cannot read this format", path=path.name)
    fmt, opener = found
    if fmt in ("csv", "tsv"):
        from rightskit.sources.delimited import open_delimited

        # Large blocks: each batch costs a few kernel calls per field, whatever its size.
        opened = open_delimited(path, path.name, fmt, only=only, block_size=READ_BLOCK_SIZE)
    else:
        opened = opener(path, path.name, fmt)
    for table in opened.tables:
        yield table
        if table.errors:
            raise SourceError(table.errors[0])


def _as_text(values: Any) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if pa.types.is_string(values.type):
        return values
    if pa.types.is_large_string(values.type) or pa.types.is_dictionary(values.type):
        return values.cast(pa.string())
    if pa.types.is_null(values.type):
        return pa.array([None] * len(values), pa.string())
    try:
        return pc.cast(values, pa.string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pa.array([None if v is None else str(v) for v in values.to_pylist()], pa.string())


READ_BLOCK_SIZE = 4 << 20
FLUSH_VALUES = 1 << 18  # distinct values held per field before they are checked (memory stays bounded)


class _FieldValues:
    """One field's distinct values and their counts, gathered over batches and checked together: a regular
    expression compiles and a value set hashes once per field, not once per batch."""

    def __init__(self) -> None:
        self.parts: list[Any] = []
        self.held = 0

    def add(self, values: pa.Array) -> None:
        import pyarrow.compute as pc

        counted = pc.value_counts(values.drop_null())
        self.parts.append(counted)
        self.held += len(counted)

    def take(self) -> tuple[pa.Array, Any]:
        import pyarrow as pa

        parts, self.parts, self.held = self.parts, [], 0
        if len(parts) == 1:
            return parts[0].field("values"), parts[0].field("counts").to_numpy(zero_copy_only=False)
        import numpy as np

        counts = np.concatenate([p.field("counts").to_numpy(zero_copy_only=False) for p in parts])
        if counts.sum() <= 1.1 * len(counts):  # values nearly all distinct (comments, IDs): merging would not pay
            return pa.chunked_array([p.field("values") for p in parts]).combine_chunks(), counts
        table = pa.Table.from_arrays(
            [
                pa.chunked_array([p.field("values") for p in parts]),
                pa.chunked_array([p.field("counts") for p in parts]),
            ],
            names=["v", "c"],
        )
        # One thread: the groups come in the order the values first appear, so the details do too
        summed = table.group_by("v", use_threads=False).aggregate([("c", "sum")])
        return summed.column("v").combine_chunks(), summed.column("c_sum").to_numpy()


def audit_file(
    released: Path,
    fps: list[FieldPlan],
    recall: Recall,
    direct: KnownValues | None,
    result: AuditResult,
) -> None:
    """Every cell of one staged file, added to ``result``."""
    accepted = {fp.field: fp.accept for fp in fps if fp.accept}
    for name, reason in accepted.items():
        result.accepted_fields.append({"file": released.name, "field": name, "reason": reason})
    gathered: dict[str, _FieldValues] = {}
    leaked: dict[str, dict[str, list[tuple[str, str]]]] = {}  # field → value → findings, for the details
    with _Checking(recall, direct, _checked_in_processes(released)) as checking:

        def recorded(name: str, distinct: pa.Array, counts: Any, hits: dict[int, list[tuple[str, str]]]) -> None:
            _record(name, distinct, counts, hits, accepted.get(name), result, leaked)

        for table in read_tables(released):
            for fields in _field_batches(table):
                for name, column in fields.items():
                    values = gathered.setdefault(name, _FieldValues())
                    values.add(_as_text(column.values))
                    if values.held >= FLUSH_VALUES:
                        checking.check(name, *values.take(), recorded)
        for name, values in gathered.items():
            if values.parts:
                checking.check(name, *values.take(), recorded)
    if leaked:
        _describe(released, leaked, result)


def _field_batches(table: Any) -> Any:
    """A table's fields batch by batch: by the reader's own worker processes where it has them (JSON Lines, whose
    Python parsing was half of a release's audit), else read here."""
    import os

    workers = os.cpu_count() or 1
    if table.full_pass is not None and workers > 1:
        for _rows, fields in table.full_pass(workers):
            yield fields
    else:
        for batch in table.batches:
            yield table.to_fields(batch)


# From this size a delimited or Parquet file's values are checked by worker processes while this one reads on
# (the checks are Python: 4.3 s of a 1M-row realistic release's audit ran on one core while the other idled).
PARALLEL_CHECK_BYTES = 32 << 20


def _checked_in_processes(released: Path) -> int:
    """How many worker processes check the values of ``released``: none for a small file, nor for JSON Lines,
    whose reader already keeps every core busy (``_field_batches``)."""
    import os

    from rightskit.workers import cores_taken

    workers = os.cpu_count() or 1
    if workers < 2 or cores_taken() or released.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        return 0
    try:
        return workers if released.stat().st_size >= PARALLEL_CHECK_BYTES else 0
    except OSError:
        return 0


_CHECKING: dict[str, Any] = {}


class _Checking:
    """Field values checked in order of arrival: here, or by forked worker processes (which inherit the checks and
    the known values), their answers recorded here in the same order, so the result is the same either way."""

    def __init__(self, recall: Recall, direct: KnownValues | None, workers: int) -> None:
        self.recall, self.direct, self.workers = recall, direct, workers
        self._pending: Any = None
        self._stack: Any = None

    def __enter__(self) -> _Checking:
        if self.workers:
            from contextlib import ExitStack

            from rightskit.handoff import InFlight
            from rightskit.workers import forked_pool

            _CHECKING.update(recall=self.recall, direct=self.direct)  # inherited by the workers, never pickled
            self._stack = ExitStack()
            try:
                self._stack.callback(self._close_pending)  # last: once the pool has shut down
                self._pending = InFlight(self._stack.enter_context(forked_pool(self.workers)))
            except BaseException:
                self._stack.close()
                _CHECKING.clear()
                raise
        return self

    def check(self, name: str, distinct: pa.Array, counts: Any, record: Any) -> None:
        if self._pending is None:
            record(name, distinct, counts, _hits(distinct, self.recall, self.direct))
            return
        self._pending.submit(_hits_here, (distinct,), (name, distinct, counts, record))
        while len(self._pending) > self.workers:
            self._record_next()

    def _record_next(self) -> None:
        (name, distinct, counts, record), hits = self._pending.next()
        record(name, distinct, counts, hits)

    def _close_pending(self) -> None:
        if self._pending is not None:
            self._pending.close()

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> None:
        try:
            while self._pending and kind is None:
                self._record_next()
        finally:
            if self._stack is not None:
                self._stack.close()
            _CHECKING.clear()


def _hits_here(distinct: pa.Array) -> dict[int, list[tuple[str, str]]]:
    return _hits(distinct, _CHECKING["recall"], _CHECKING["direct"])


def _hits(distinct: pa.Array, recall: Recall, direct: KnownValues | None) -> dict[int, list[tuple[str, str]]]:
    """What each of a field's distinct values holds that the audit looks for, by position (only those with any)."""
    import numpy as np
    import pyarrow.compute as pc

    hits: dict[int, list[tuple[str, str]]] = {}
    if direct is not None and len(direct):
        same = direct.holds(pc.utf8_trim_whitespace(distinct))
        for i in same.nonzero()[0].tolist():
            hits.setdefault(i, []).append((DIRECT_VALUE, distinct[i].as_py()))
    from rightskit.anonymise.text import PLACEHOLDER

    texts = pc.replace_substring_regex(distinct, PLACEHOLDER, " ")  # as the publication redaction settles it
    masks = recall.candidates(texts)
    chosen = np.logical_or.reduce(list(masks.values())).nonzero()[0]
    if len(chosen):
        for i, text in zip(chosen.tolist(), texts.take(chosen).to_pylist(), strict=True):
            found = recall.find(text, frozenset(g for g, mask in masks.items() if mask[i]))
            if found:
                hits.setdefault(i, []).extend(found)
    return hits


def _record(
    name: str,
    distinct: pa.Array,
    counts: Any,
    hits: dict[int, list[tuple[str, str]]],
    reason: str | None,
    result: AuditResult,
    leaked: dict[str, dict[str, list[tuple[str, str]]]],
) -> None:
    """A field's checked values counted into ``result`` (``reason``: the field was accepted as it is)."""
    result.cells_checked += int(counts.sum())
    into = result.accepted if reason else result.findings
    for i, found in hits.items():
        for kind in dict.fromkeys(kind for kind, _ in found):  # each type once per cell
            into[kind] = into.get(kind, 0) + int(counts[i])
        described = sum(len(v) for f in leaked.values() for v in f.values())
        if not reason and described < DETAIL_CAP:
            leaked.setdefault(name, {})[distinct[i].as_py()] = found


def _describe(released: Path, leaked: dict[str, dict[str, list[tuple[str, str]]]], result: AuditResult) -> None:
    """The first row of each leaked value (a second read of the file, only when the release is refused)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    rows: dict[tuple[str, str], int | None] = {}
    row = 0
    for table in read_tables(released):
        for batch in table.batches:
            for name, column in table.to_fields(batch).items():
                if name not in leaked:
                    continue
                values = _as_text(column.values)
                wanted = pa.array(list(leaked[name]), pa.string())
                where = pc.index_in(values, value_set=wanted).to_numpy(zero_copy_only=False)
                for i in (where >= 0).nonzero()[0].tolist() if len(values) else []:
                    key = (name, wanted[int(where[i])].as_py())
                    if key not in rows:
                        rows[key] = row + i + 1 if len(values) == len(batch) else None
            row += len(batch)
    for name, values in leaked.items():
        for value, found in values.items():
            for kind, matched in found:
                if len(result.details) < DETAIL_CAP:
                    result.details.append(
                        AuditFinding(released.name, name, rows.get((name, value)), kind, _shape(matched))
                    )


def _shape(value: str) -> str:
    from rightskit.masking import shape

    return shape(value)


class KnownValues:
    """Values the release must not publish, as their sorted 64-bit digests (``valuehash``) and the byte lengths
    they come in: 8 bytes a value rather than the value, and a look-up costs what the values looked up cost.
    Equal values have equal digests, so none is missed; two different values sharing a digest (1 in 2**64 a
    pair, or crafted) can only make the audit refuse a release that was safe."""

    def __init__(self, digests: np.ndarray, lengths: np.ndarray) -> None:
        self.digests, self.lengths = digests, lengths

    @classmethod
    def of(cls, values: pa.Array) -> KnownValues:
        import pyarrow.compute as pc

        from rightskit.detect.valuehash import digests, sorted_unique

        values = values.drop_null()
        lengths = pc.binary_length(values).to_numpy(zero_copy_only=False)
        return cls(sorted_unique(digests(values)), sorted_unique(lengths))

    @classmethod
    def merged(cls, parts: list[KnownValues]) -> KnownValues | None:
        import numpy as np

        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        from rightskit.detect.valuehash import sorted_unique

        digests = sorted_unique(np.concatenate([p.digests for p in parts]))
        return cls(digests, sorted_unique(np.concatenate([p.lengths for p in parts])))

    def __len__(self) -> int:
        return len(self.digests)

    def holds(self, values: pa.Array) -> np.ndarray:
        """A numpy mask of the ``values`` that are known (a null never is). Only values of a length some known
        value has are digested: a field of comments against e-mails and phone numbers digests hardly any."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        from rightskit.detect.valuehash import digests

        found = np.zeros(len(values), dtype=bool)
        lengths = pc.fill_null(pc.binary_length(values), -1).to_numpy(zero_copy_only=False)
        maybe = np.flatnonzero(np.isin(lengths, self.lengths))
        if not len(maybe) or not len(self.digests):
            return found
        wanted = digests(values.take(pa.array(maybe, pa.int64())))
        # Looked up in ascending order: each search starts near the last one, in memory still in the cache (a
        # quarter-million digests among millions: 6x faster than in the values' order).
        order = np.argsort(wanted)
        at = np.minimum(np.searchsorted(self.digests, wanted[order]), len(self.digests) - 1)
        found[maybe[order]] = self.digests[at] == wanted[order]
        return found


class DirectValues:
    """The values of an input's direct-identifier fields, gathered while the release reads them anyway. They are
    digested and sorted on a thread beside the reading (numpy lets go of the GIL), a few hundred thousand at a
    time, and only merged when taken."""

    def __init__(self, fields: list[str]) -> None:
        self.fields = fields
        self._digested: list[Any] = []  # futures of KnownValues
        self._merged: Any = None  # the future of them all merged, once the reading is over
        self._pending: list[pa.Array] = []
        self._held = 0
        self._thread: Any = None

    def add(self, values: pa.Array) -> None:
        # As read: the thread keeps the values worth comparing too (Arrow's kernels let go of the GIL as well),
        # the reading thread had spent a third of a release's first pass on them.
        self._pending.append(values)
        self._held += len(values)
        if self._held >= _DIGEST_AT_ONCE:
            self._digest()

    def _digest(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        if self._pending:
            if self._thread is None:
                self._thread = ThreadPoolExecutor(_DIGEST_THREADS, thread_name_prefix="rightskit-digest")
            self._digested.append(self._thread.submit(digested_values, self._pending))
            # The reading waits for the digesting rather than holding what it read: with the third last part done,
            # two are in work at most (the digesting had held the first pass of a release to one part at a time).
            if len(self._digested) >= 3:
                self._digested[-3].result()
        self._pending, self._held = [], 0

    def finish(self) -> None:
        """Everything is read: the parts are merged on the digesting threads while the release goes on, rather
        than when the audit takes them (a quarter of a second of 1M realistic rows that nothing else overlapped)."""
        self._digest()
        if self._thread is not None and self._digested and self._merged is None:
            parts, self._digested = self._digested, []
            self._merged = self._thread.submit(lambda: KnownValues.merged([f.result() for f in parts]))

    @classmethod
    def of_digested(cls, fields: list[str], parts: list[KnownValues]) -> DirectValues:
        """Values digested elsewhere (worker processes reading byte ranges: ``digested_values``' results)."""
        from concurrent.futures import Future

        gathered = cls(fields)
        for part in parts:
            done: Future = Future()
            done.set_result(part)
            gathered._digested.append(done)
        return gathered

    def take(self) -> KnownValues | None:
        """The values gathered; this holder lets go of them."""
        try:
            if self._merged is not None:
                return self._merged.result()
            self._digest()
            parts = [f.result() for f in self._digested]
        finally:
            self.close()
        return KnownValues.merged(parts)

    def close(self) -> None:
        """Let go of what was gathered and of the digesting thread (a release that failed midway)."""
        self._digested, self._merged, self._pending, self._held = [], None, [], 0
        if self._thread is not None:
            self._thread.shutdown(wait=False, cancel_futures=True)
            self._thread = None


def digested_values(columns: list[pa.Array]) -> KnownValues:
    """What ``DirectValues`` keeps of some columns' values: those worth comparing, digested."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return KnownValues.of(pa.concat_arrays([_worth_comparing(pc.unique(_as_text(c))) for c in columns]))


_DIGEST_AT_ONCE = 1 << 18
_DIGEST_THREADS = 2  # Arrow's kernels and numpy's sort let go of the GIL: the reading's other core helps


def _worth_comparing(values: pa.Array) -> pa.Array:
    """The values that could point at a person, trimmed: six characters or more, and not one lower-case word."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    values = pc.utf8_trim_whitespace(values)
    # Arrow's lower-case test reads every character of a value that has none (an e-mail, a phone number: 40 ms
    # per 262,144), its letters test stops at the first that is no letter: the first asked of all, the second
    # only of the words
    word = pc.fill_null(pc.utf8_is_alpha(values), False).to_numpy(zero_copy_only=False)
    lower_word = np.zeros(len(values), dtype=bool)  # "unknown", "няма"
    lower_word[word] = pc.utf8_is_lower(values.filter(pa.array(word))).to_numpy(zero_copy_only=False)
    worth = pc.and_(pc.greater_equal(pc.utf8_length(values), _MIN_DIRECT_LENGTH), pa.array(~lower_word))
    return values.filter(worth).drop_null()


def audit_release(
    staged: list[tuple[Path, Path, list[FieldPlan]]], detector: Any, known: dict[str, DirectValues] | None = None
) -> AuditResult:
    """Audit every staged file (output, its input, the input's field plans). ``known`` holds the direct
    identifiers' input values the release already gathered, by input path; the others are read here."""
    recall = Recall(detector)
    result = AuditResult()
    for out, src, fps in staged:
        gathered = (known or {}).get(str(src))
        direct_fields = [fp for fp in fps if fp.role == "direct_identifier"]
        missing = [fp for fp in direct_fields if gathered is None or fp.field not in gathered.fields]
        read = direct_values(src, missing) if missing else None  # the values no release path gathered
        parts = [v for v in (gathered.take() if gathered else None, read) if v is not None]
        direct = KnownValues.merged(parts)
        audit_file(out, fps, recall, direct, result)
    return result
