"""What commands that take PATHS accept: paths to scan, or one saved findings JSON (``scan --format json``)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI imports only click at start-up
    from rightskit.models.scan import ScanResult


def paths_or_findings(paths: tuple[str, ...]) -> list[str] | ScanResult:
    """The paths, or the ScanResult of a saved findings JSON given alone."""
    if len(paths) == 1 and paths[0].endswith(".json"):
        try:
            with open(paths[0], encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError, RecursionError):  # not a findings file (JSONDecodeError is a ValueError)
            return list(paths)
        if isinstance(data, dict) and {"schema_version", "findings", "sources"} <= data.keys():
            from rightskit.models.scan import ScanResult
            from rightskit.validation import validate_document

            return validate_document(data, ScanResult, paths[0])
    return list(paths)
