"""Find and load the project configuration.

Precedence, lowest first: package defaults → the project file → ``--config FILE`` (instead of the project
file) → command-line options. The project file is the first of ``rightskit.yaml``, ``.rightskit.yaml`` or a
``pyproject.toml`` with a ``[tool.rightskit]`` table, looked for in the current directory and then its parents.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

from rightskit.errors import ConfigError
from rightskit.models.config import RightskitConfig
from rightskit.validation import load_yaml, validate_document

if TYPE_CHECKING:
    from rightskit.scanning import ScanOptions

PROJECT_FILES = ("rightskit.yaml", ".rightskit.yaml", "pyproject.toml")


def find_project_config(start: Path | None = None) -> Path | None:
    """The nearest project configuration file, or None."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in PROJECT_FILES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name != "pyproject.toml" or _has_tool_table(candidate):
                return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        return "rightskit" in tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
        return False  # another tool's pyproject.toml that is not even text: not ours to judge


def load_config(path: str | Path | None = None, *, discover: bool = True) -> tuple[RightskitConfig, Path | None]:
    """Load ``path``, or the discovered project file, or the defaults."""
    if path is None and discover:
        path = find_project_config()
    if path is None:
        return RightskitConfig(), None
    path = Path(path)
    from rightskit.textfile import read_text

    text = read_text(path, error=ConfigError, what="configuration")
    if path.name == "pyproject.toml" or path.suffix == ".toml":
        try:
            data = tomllib.loads(text).get("tool", {}).get("rightskit", {})
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"invalid TOML ({exc})", path=str(path)) from None
    else:
        data = load_yaml(text, str(path)) or {}
    config = validate_document(data, RightskitConfig, str(path))
    check_names(config, str(path))
    return config, path


def did_you_mean(name: str, known: list[str] | set[str]) -> str:
    """' (did you mean X?)' for the closest known name, or the allowed names when none is close."""
    import difflib

    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    if close:
        return f" (did you mean {close[0]}?)"
    listed = sorted(known)
    return f" (known: {', '.join(listed[:40])}{' …' if len(listed) > 40 else ''})"


def check_names(config: RightskitConfig, path: str) -> None:
    """Entity and recognizer names the configuration uses must exist: a typo never silently does nothing."""
    from rightskit.detect.entities import base_entities
    from rightskit.detect.pack import builtin_packs, installed_packs

    d = config.detection
    packs = [*builtin_packs(), *installed_packs()]
    entities = set(base_entities()) | {e for p in packs for e in p.entities} | set(d.entities)
    recognizers = {r.name for p in packs for r in p.recognizers} | {r.name for r in d.recognizers}
    # (what, the name used, the names known, the key): every place the configuration names an entity or recognizer.
    used = [
        *(("entity", o.entity, entities, f"detection.overrides[{i}].entity") for i, o in enumerate(d.overrides)),
        *(("entity", a.entity, entities, f"detection.allow[{i}].entity") for i, a in enumerate(d.allow)),
        *(("recognizer", name, recognizers, f"detection.disable[{i}]") for i, name in enumerate(d.disable)),
        *(("entity", key, entities, f"detection.lexicon.{key}") for key in d.lexicon),
    ]
    for what, name, known, key in used:
        if name is not None and name not in known:
            raise ConfigError(f"unknown {what} '{name}'{did_you_mean(name, known)}", path=path, where=f"key {key}")


def scan_options(
    config: RightskitConfig,
    *,
    sample: int | None = None,
    seed: int | None = None,
    full: bool | None = None,
    exclude: tuple[str, ...] | list[str] = (),
) -> ScanOptions:
    """ScanOptions from the configuration, with command-line values (when given) on top."""
    from rightskit.scanning import ScanOptions

    s = config.scan
    defaults = ScanOptions()
    return ScanOptions(
        sample=sample if sample is not None else (s.sample or defaults.sample),
        seed=seed if seed is not None else (s.seed if s.seed is not None else defaults.seed),
        full=full if full else bool(s.full),
        exclude=[*s.exclude, *exclude],
        detection=config.detection,
    )
