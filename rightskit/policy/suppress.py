"""Honest suppression: inline markers in SQL, waivers in the context file, baselines. Unused ones are reported."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path

from rightskit.errors import ConfigError
from rightskit.models.context import Waiver
from rightskit.models.policy import Baseline, BaselineEntry, Suppression, Violation
from rightskit.paths import normalise_path
from rightskit.policy.identity import stable_object

MARKER = re.compile(r"--\s*rightskit:\s*ignore\[(?P<codes>[A-Z0-9,\- ]+)\](?P<reason>[^\n]*)")
_MALFORMED = re.compile(r"--\s*rightskit:\s*ignore(?!\[[A-Z0-9,\- ]+\])")


@dataclass
class Marker:
    path: str
    line: int
    codes: set[str]
    reason: str
    used: bool = False


@dataclass
class Suppressions:
    markers: list[Marker] = field(default_factory=list)
    waivers: list[Waiver] = field(default_factory=list)
    baseline: list[BaselineEntry] = field(default_factory=list)
    _used_waivers: set[int] = field(default_factory=set)
    _used_baseline: set[int] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    _baseline_index: dict | None = None

    def read_markers(self, path: str) -> None:
        """Markers of one SQL file; a malformed marker is an error, never a silent no-op."""
        try:
            lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return
        for no, line in enumerate(lines, start=1):
            m = MARKER.search(line)
            if m:
                codes = {c.strip() for c in m.group("codes").split(",") if c.strip()}
                self.markers.append(Marker(path, no, codes, m.group("reason").strip()))
            elif _MALFORMED.search(line):
                self.errors.append(
                    ConfigError(
                        "malformed marker: write -- rightskit: ignore[RK-XXX-NN] reason", path=path, where=f"line {no}"
                    ).render()
                )

    def apply(self, v: Violation, statement_line: int | None) -> Suppression | None:
        for m in self.markers:
            if (
                m.path == v.path
                and v.code in m.codes
                and statement_line is not None
                and m.line in (statement_line, statement_line - 1)
            ):
                m.used = True
                return Suppression(by="inline", reason=m.reason or None)
        path = normalise_path(v.path)
        for i, w in enumerate(self.waivers):
            if (
                fnmatch.fnmatchcase(v.code, w.rule)
                and _path_matches(path, w.path)
                and fnmatch.fnmatchcase(v.object or "", w.object)
                and fnmatch.fnmatchcase(v.field or "", w.field)
            ):
                self._used_waivers.add(i)
                return Suppression(
                    by="waiver", reason=w.reason, approved_by=w.approved_by, expires=w.expires.isoformat()
                )
        if self._baseline_index is None:  # built once: a baseline may hold thousands of entries
            self._baseline_index = {}
            for i, b in enumerate(self.baseline):
                self._baseline_index.setdefault(b.fingerprint or "", i)
                self._baseline_index.setdefault((b.rule, normalise_path(b.path), b.object, b.field), i)
        key = (v.code, path, stable_object(v.path, v.object), v.field)
        found = self._baseline_index.get(v.fingerprint, self._baseline_index.get(key))
        if found is not None:
            self._used_baseline.add(found)
            return Suppression(by="baseline")
        return None

    def unused(self) -> list[str]:
        out = [
            f"{m.path}:{m.line}: inline ignore[{','.join(sorted(m.codes))}] matched nothing"
            for m in self.markers
            if not m.used
        ]
        out += [
            f"waiver for {w.rule} on {w.path} matched nothing"
            for i, w in enumerate(self.waivers)
            if i not in self._used_waivers
        ]
        out += [
            f"baseline entry {b.rule} {b.path} {b.object or ''} {b.field or ''} matched nothing".rstrip()
            for i, b in enumerate(self.baseline)
            if i not in self._used_baseline
        ]
        return out


def _path_matches(path: str, pattern: str) -> bool:
    """A glob on the normalised path; a relative glob written with ./ or a path typed absolute means the same."""
    if fnmatch.fnmatchcase(path, pattern):
        return True
    if any(c in pattern for c in "*?["):
        return fnmatch.fnmatchcase(path, pattern.removeprefix("./"))
    return normalise_path(pattern) == path


def baseline_entry(v: Violation) -> BaselineEntry:
    """How a baseline records a violation: normalised path, the query by its text, and the fingerprint."""
    return BaselineEntry(
        rule=v.code,
        path=normalise_path(v.path),
        object=stable_object(v.path, v.object),
        field=v.field,
        fingerprint=v.fingerprint,
    )


def load_baseline(path: str) -> Baseline:
    import json

    from rightskit.textfile import read_text
    from rightskit.validation import validate_document

    text = read_text(path, error=ConfigError, what="baseline")
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError, ValueError) as exc:
        raise ConfigError(f"cannot read baseline ({type(exc).__name__})", path=path) from None
    return validate_document(data, Baseline, path)
