"""Pydantic v2 models for everything that crosses a boundary. Imports nothing else from rightskit."""

from rightskit.models.common import Category, SourceKind
from rightskit.models.finding import Evidence, Finding, Location, RecognizerEvidence
from rightskit.models.scan import ScanResult, SourceReport

__all__ = [
    "Category",
    "Evidence",
    "Finding",
    "Location",
    "RecognizerEvidence",
    "ScanResult",
    "SourceKind",
    "SourceReport",
]
