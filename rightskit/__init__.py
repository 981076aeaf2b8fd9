"""rightskit: find, check, report and anonymise personal data, offline.

The public library API is re-exported lazily so that ``import rightskit`` (and ``rightskit --help``) stays
fast; heavy dependencies load only inside the functions that need them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["ScanOptions", "ScanResult", "__version__", "analyze_text", "scan"]

if TYPE_CHECKING:
    from rightskit.api import ScanOptions, analyze_text, scan
    from rightskit.models.scan import ScanResult


def __getattr__(name: str) -> Any:
    if name in ("scan", "ScanOptions", "analyze_text"):
        from rightskit import api

        return getattr(api, name)
    if name == "ScanResult":
        from rightskit.models.scan import ScanResult

        return ScanResult
    raise AttributeError(name)
