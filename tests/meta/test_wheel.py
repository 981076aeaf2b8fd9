"""The wheel carries the data folders and the published schemas."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_wheel_contents(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("rightskit-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("rules", "policies"):
        assert any(n.startswith(f"rightskit/_bundled/{folder}/") and n.endswith(".yaml") for n in names), folder
    assert "rightskit/_bundled/policies/cc4dr-default.yaml" in names
    assert "rightskit/report/schemas/sarif-2.1.0.json" in names
    for needed in (
        "rightskit/models/schemas/findings-v1.schema.json",
        "rightskit/models/schemas/risk-v1.schema.json",
        "rightskit/models/schemas/cell-suppression-v1.schema.json",
        "rightskit/detect/packs/generic.yaml",
        "rightskit/detect/packs/bg.yaml",
        "rightskit/detect/packs/eu.yaml",
        "rightskit/detect/field_lexicon.yaml",
        "rightskit/detect/entities.yaml",
        "rightskit/data/demo/register_cp1251.csv",
        "rightskit/py.typed",
    ):
        assert needed in names, needed
    assert not any(n.startswith(("tests/", "bench/")) for n in names)
