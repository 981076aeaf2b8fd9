"""The library API. The CLI only parses options, calls these, renders and sets the exit code."""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from typing import Any

from rightskit.errors import UsageError
from rightskit.models.scan import ScanResult
from rightskit.models.text import TextEntity
from rightskit.scanning import ProgressCallback, ScanOptions

__all__ = ["ScanOptions", "analyze_text", "scan"]


def scan(
    inputs: str | PathLike | Sequence[str | PathLike] | Any,
    options: ScanOptions | None = None,
    *,
    name: str = "dataframe",
    progress: ProgressCallback | None = None,
    **option_overrides: Any,
) -> ScanResult:
    """Scan files, directories, or an in-memory table for personal data.

    Args:
        inputs: a path, a list of paths, or a pandas/polars DataFrame or pyarrow Table.
        options: scan options; keyword overrides (``sample=500``, ``full=True`` …) are applied on top.
        name: how an in-memory table is named in findings (``path``).
        progress: called with each source's path as it starts.

    Returns:
        The findings contract v1 as a typed, immutable model.
    """
    opts = (options or ScanOptions()).model_copy(update=option_overrides) if option_overrides else options
    opts = opts or ScanOptions()
    if isinstance(inputs, str | PathLike):
        from rightskit.scanning import scan_paths

        return scan_paths([str(inputs)], opts, progress)
    if isinstance(inputs, Sequence) and all(isinstance(p, str | PathLike) for p in inputs):
        from rightskit.scanning import scan_paths

        return scan_paths([str(p) for p in inputs], opts, progress)
    from rightskit.scanning import scan_table
    from rightskit.sources.frame import table_from_frame

    table, fmt = table_from_frame(inputs)
    if table is None:
        raise UsageError(f"cannot scan an object of type {type(inputs).__name__}: give paths or a DataFrame")
    return scan_table(table, name, fmt, opts)


def analyze_text(text: str, options: ScanOptions | None = None) -> list[TextEntity]:
    """Every personal-data entity inside ``text``, as spans (names, addresses, identifiers, places).

    Uses the same recognizers as ``scan`` (and the project's detection settings in ``options``); runs offline.
    """
    from rightskit.detect.detector import build_detector, default_detector
    from rightskit.detect.text import find_entities
    from rightskit.models.config import DetectionSettings
    from rightskit.models.text import TextEntity

    settings = (options or ScanOptions()).detection
    detector = default_detector() if settings == DetectionSettings() else build_detector(settings)
    return [
        TextEntity(start=s.start, end=s.end, entity_type=s.entity, score=round(s.score, 3), recognizer=s.recognizer)
        for s in find_entities(text, detector, detector.allow if detector.allow else _never)
    ]


def _never(_value: str, _entity: str) -> bool:
    return False
