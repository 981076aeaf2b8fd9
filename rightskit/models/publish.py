"""Publish the JSON Schemas of rightskit's public files from the pydantic models.

Run ``python -m rightskit.models.publish`` after changing a model; a test fails while a shipped schema is stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rightskit.models.cnil import CnilPia
from rightskit.models.config import RightskitConfig
from rightskit.models.context import ProcessingContext
from rightskit.models.detection import Pack
from rightskit.models.policy import Baseline, CheckResult, Policy, RulePack
from rightskit.models.privacy import CellSuppressionResult, RiskReport
from rightskit.models.release import Manifest, Plan
from rightskit.models.report import InventoryDiff, ReportDoc
from rightskit.models.scan import ScanResult

SCHEMA_DIR = Path(__file__).parent / "schemas"
PUBLISHED: dict[str, Any] = {
    "findings-v1.schema.json": ScanResult,
    "risk-v1.schema.json": RiskReport,
    "cell-suppression-v1.schema.json": CellSuppressionResult,
    "config-v1.schema.json": RightskitConfig,
    "pack-v1.schema.json": Pack,
    "context-v2.schema.json": ProcessingContext,
    "rule-pack-v1.schema.json": RulePack,
    "policy-v1.schema.json": Policy,
    "check-v1.schema.json": CheckResult,
    "baseline-v1.schema.json": Baseline,
    "plan-v1.schema.json": Plan,
    "manifest-v1.schema.json": Manifest,
    "report-v1.schema.json": ReportDoc,
    "diff-v1.schema.json": InventoryDiff,
    "cnil-pia.schema.json": CnilPia,
}


def schema_text(model: Any) -> str:
    """The JSON Schema of ``model`` as stable, pretty JSON."""
    schema = model.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def load_schema(name: str) -> dict[str, Any]:
    """A published schema, as shipped in the package."""
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def main() -> None:
    for name, model in PUBLISHED.items():
        (SCHEMA_DIR / name).write_text(schema_text(model), encoding="utf-8")
        print(f"wrote {SCHEMA_DIR / name}")


if __name__ == "__main__":
    main()
