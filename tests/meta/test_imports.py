"""The import contract, and that start-up stays light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).parents[2] / "rightskit"

LOWER_LAYERS_MAY_NOT_IMPORT = {
    "rightskit.policy",
    "rightskit.report",
    "rightskit.anonymise",
    "rightskit.cli",
    "rightskit.api",
}
FORBIDDEN = {layer: LOWER_LAYERS_MAY_NOT_IMPORT for layer in ("sources", "detect", "privacy", "schemas")}
# policy decides, report and anonymise use its results; neither the policy nor the release reads the report layer.
FORBIDDEN["policy"] = {"rightskit.report", "rightskit.anonymise", "rightskit.cli", "rightskit.api"}
FORBIDDEN["anonymise"] = {"rightskit.report", "rightskit.cli", "rightskit.api"}
FORBIDDEN["report"] = {"rightskit.anonymise", "rightskit.cli"}
# Small shared modules at the top of the package stay below everything that uses them.
for module in ("paths", "artefacts", "errors", "output", "masking", "digest", "resources", "validation", "config"):
    FORBIDDEN[module] = {
        "rightskit.policy",
        "rightskit.report",
        "rightskit.anonymise",
        "rightskit.cli",
        "rightskit.api",
    }


def _imports(path: Path, *, runtime_only: bool = False) -> set[str]:
    """Modules a file imports (module level or inside functions); ``runtime_only`` leaves out TYPE_CHECKING."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    if runtime_only:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
                skipped.update(id(n) for child in node.body for n in ast.walk(child))
    names = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_every_package_is_under_the_contract() -> None:
    packages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    assert packages - {"models", "cli"} <= set(FORBIDDEN), sorted(packages - {"models", "cli"} - set(FORBIDDEN))


def test_import_contract() -> None:
    problems = []
    for py in PACKAGE.rglob("*.py"):
        rel = py.relative_to(PACKAGE)
        top = rel.parts[0] if len(rel.parts) > 1 else rel.stem
        for name in _imports(py):
            if top == "models" and name.startswith("rightskit.") and not name.startswith("rightskit.models"):
                problems.append(f"{rel} imports {name}")
            if top in FORBIDDEN and any(name.startswith(f) for f in FORBIDDEN[top]):
                problems.append(f"{rel} imports {name}")
            if name.startswith("rightskit.cli") and top not in ("cli", "__main__"):
                problems.append(f"{rel} imports {name}")
    assert problems == []


def test_help_imports_no_heavy_module() -> None:
    code = (
        "import sys\n"
        "from rightskit.cli.main import cli\n"
        "heavy = [m for m in ('pyarrow', 'presidio_analyzer', 'spacy', 'pandas', 'numpy', 'phonenumbers') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_scan_does_not_import_presidio_or_spacy(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("email\nivan@abv.bg\n", encoding="utf-8")
    code = (
        "import sys\nfrom rightskit import scan\n"
        f"scan({str(tmp_path)!r})\n"
        "print(','.join(m for m in ('presidio_analyzer', 'spacy') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_sql_only_scan_does_not_import_presidio_or_spacy(tmp_path: Path) -> None:
    (tmp_path / "schema.sql").write_text(
        "CREATE TABLE t (egn char(10), email text);\nSELECT email FROM t;", encoding="utf-8"
    )
    code = (
        "import sys\nfrom rightskit import scan\n"
        f"r = scan({str(tmp_path)!r})\nassert len(r.findings) == 3, r.findings\n"
        "print(','.join(m for m in ('presidio_analyzer', 'spacy') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_the_command_scans_without_pandas_which_pyarrow_would_import(tmp_path: Path) -> None:
    """pyarrow imports pandas, when installed, on its first conversion of a Python value (0.2 s); the command
    runs as where pandas is absent (it is not a dependency), with the same findings."""
    import pandas  # noqa: F401 - installed with the test extra: without it this test would prove nothing

    (tmp_path / "a.csv").write_text("email,phone\nivan@abv.bg,+359 888 123 456\n", encoding="utf-8")
    out = tmp_path / "out.json"
    code = (  # the command's process ends with os._exit, after the atexit handlers (``cli.exiting``)
        "import atexit, runpy, sys\n"
        "atexit.register(lambda: print('pandas' in sys.modules, 'pyarrow' in sys.modules))\n"
        f"sys.argv = ['rightskit', 'scan', {str(tmp_path / 'a.csv')!r}, '--format', 'json', '-o', {str(out)!r}]\n"
        "runpy.run_module('rightskit', run_name='__main__')\n"
    )
    printed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert printed == ["False", "True"]
    import json

    found = {f["entity_type"] for f in json.loads(out.read_text(encoding="utf-8"))["findings"]}
    assert found == {"EMAIL_ADDRESS", "PHONE_NUMBER"}


def test_detect_has_no_import_circle() -> None:
    """detect/ is layered: the presidio adapter imports Recognizer, never the reverse; nothing a detector is
    built from reaches back for the default detector."""
    detect = PACKAGE / "detect"
    modules = {
        "rightskit." + ".".join(py.relative_to(PACKAGE.parent).with_suffix("").parts[1:]).removesuffix(".__init__"): py
        for py in detect.rglob("*.py")
    }
    graph = {m: {i for i in _imports(p, runtime_only=True) if i in modules and i != m} for m, p in modules.items()}

    def cycle_from(start: str) -> list[str] | None:
        stack = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for nxt in graph[node]:
                if nxt == start:
                    return [*path, start]
                if nxt not in path:
                    stack.append((nxt, [*path, nxt]))
        return None

    cycles = [c for m in sorted(graph) if (c := cycle_from(m))]
    assert not cycles, cycles[0]
