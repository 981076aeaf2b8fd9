"""Recognizer packs: the built-in ones (generic, bg, eu) and those other projects publish as entry points."""

from __future__ import annotations

from functools import cache
from importlib.metadata import entry_points
from pathlib import Path

from rightskit.errors import ConfigError
from rightskit.models.detection import Pack
from rightskit.validation import load_yaml, validate_document

BUILTIN = ("generic", "bg", "eu")
ENTRY_POINT_GROUP = "rightskit.packs"


def load_pack(text: str, source: str) -> Pack:
    """Parse and validate one pack document."""
    return validate_document(load_yaml(text, source), Pack, source)


@cache
def builtin_packs() -> tuple[Pack, ...]:
    """The packs shipped with rightskit. They are code: the model checks them, and a test holds them to the
    published JSON Schema, so every command does not pay for importing jsonschema to check them again."""
    return tuple(Pack.model_validate(builtin_pack_document(name), context={"builtin": True}) for name in BUILTIN)


def builtin_pack_document(name: str) -> object:
    """A built-in pack as its YAML reads."""
    from importlib.resources import files

    source = files("rightskit.detect").joinpath("packs").joinpath(f"{name}.yaml")
    return load_yaml(source.read_text(encoding="utf-8"), f"packs/{name}.yaml")


@cache
def installed_packs() -> tuple[Pack, ...]:
    """Packs published by other distributions (entry-point group ``rightskit.packs``); looked up once per process,
    as every distribution's metadata is read to find them."""
    packs = []
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            provided = ep.load()()
        except Exception as exc:  # a third-party pack must not break a scan
            raise ConfigError(f"pack entry point '{ep.name}' failed to load ({type(exc).__name__})") from None
        if isinstance(provided, Path) or (isinstance(provided, str) and "\n" not in provided):
            path = Path(provided)
            provided = path.read_text(encoding="utf-8")
            source = str(path)
        else:
            source = f"entry point {ep.name}"
        pack = load_pack(provided, source)
        if pack.pack in BUILTIN:
            raise ConfigError(f"pack name '{pack.pack}' is taken by a built-in pack", path=source)
        packs.append(pack)
    return tuple(packs)
