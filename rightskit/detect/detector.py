"""A Detector: recognizers, lexicon, entities, allow-list and overrides, assembled from packs and settings."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from functools import cache

from rightskit.detect.entities import base_entities
from rightskit.detect.lexicon import Lexicon, base_lexicon_data
from rightskit.detect.pack import builtin_packs, installed_packs
from rightskit.detect.recognizer import Recognizer
from rightskit.errors import ConfigError
from rightskit.models.config import AllowEntry, DetectionSettings, Override
from rightskit.models.detection import EntityInfo


@dataclass
class AllowList:
    """Values never reported. Exact values compare case-insensitively; patterns must match the whole value."""

    entries: list[AllowEntry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._exact: dict[str, set[str | None]] = {}
        self._patterns: list[tuple[re.Pattern[str], str | None]] = []
        for e in self.entries:
            if e.value is not None:
                self._exact.setdefault(e.value.strip().casefold(), set()).add(e.entity)
            else:
                try:
                    self._patterns.append((re.compile(e.pattern or ""), e.entity))
                except re.error as exc:
                    raise ConfigError(f"allow-list pattern is not a valid regular expression ({exc.msg})") from None

    def __bool__(self) -> bool:
        return bool(self.entries)

    def __call__(self, value: str, entity: str) -> bool:
        scopes = self._exact.get(value.strip().casefold())
        if scopes is not None and (None in scopes or entity in scopes):
            return True
        return any((scope is None or scope == entity) and p.fullmatch(value) for p, scope in self._patterns)


@dataclass
class Detector:
    """Everything detection needs, built once per scan."""

    recognizers: tuple[Recognizer, ...]
    lexicon: Lexicon
    entities: dict[str, EntityInfo]
    allow: AllowList
    overrides: list[Override]
    packs: tuple[str, ...]
    # Names and places in Cyrillic prose decided by the bundled tagger (``names/tagger.py``) when it is installed.
    name_model: bool = True

    def override_for(self, path: str, obj: str | None, field_name: str) -> Override | None:
        """The last override matching a field (later entries win), or None."""
        found = None
        for o in self.overrides:
            if (
                fnmatch.fnmatchcase(path, o.path)
                and fnmatch.fnmatchcase(obj or "", o.object)
                and fnmatch.fnmatchcase(field_name, o.field)
            ):
                found = o
        return found


def build_detector(settings: DetectionSettings | None = None) -> Detector:
    """Assemble a detector: built-in and installed packs, then the project's settings on top."""
    settings = settings or DetectionSettings()
    packs = [*builtin_packs(), *installed_packs()]
    if settings.packs is not None:
        unknown = set(settings.packs) - {p.pack for p in packs}
        if unknown:
            raise ConfigError(
                f"unknown pack(s): {', '.join(sorted(unknown))} (installed: {', '.join(p.pack for p in packs)})"
            )
        packs = [p for p in packs if p.pack in settings.packs]
    entities = dict(base_entities())
    lexicon_data = {
        "entities": {k: dict(v) for k, v in base_lexicon_data().get("entities", {}).items()},
        "not_personal": list(base_lexicon_data().get("not_personal", [])),
        "row_subjects": dict(base_lexicon_data().get("row_subjects", {})),
    }
    specs = []
    for pack in packs:
        entities.update(pack.entities)
        _merge_lexicon(lexicon_data, pack.lexicon, pack.not_personal)
        specs.extend(pack.recognizers)
    entities.update(settings.entities)
    _merge_lexicon(lexicon_data, settings.lexicon, [])
    specs.extend(settings.recognizers)
    names = [s.name for s in specs]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ConfigError(f"recognizer name(s) declared twice: {', '.join(duplicates)}")
    unknown_entities = sorted({s.entity for s in specs} - set(entities))
    if unknown_entities:
        raise ConfigError(
            f"entity type(s) without a category: {', '.join(unknown_entities)} (declare them under 'entities')"
        )
    options = {"phone_regions": settings.phone_regions}
    recognizers = []
    for spec in specs:
        if spec.name in settings.disable:
            continue
        try:
            recognizers.append(Recognizer(spec, options))
        except (ValueError, re.error) as exc:
            raise ConfigError(f"recognizer '{spec.name}': {exc}") from None
    if settings.ner_model:
        recognizers.extend(_ner_recognizers(settings.ner_model))
    return Detector(
        recognizers=tuple(recognizers),
        lexicon=Lexicon(lexicon_data),
        entities=entities,
        allow=AllowList(list(settings.allow)),
        overrides=list(settings.overrides),
        packs=tuple(p.pack for p in packs),
        name_model=settings.name_model,
    )


def _ner_recognizers(model: str) -> list[Recognizer]:
    from rightskit.detect.ner import entity_finder
    from rightskit.models.detection import RecognizerSpec

    capitalised = "[A-ZÀ-ÖØ-ÞА-Я][A-Za-zÀ-ÖØ-öø-ÿА-Яа-я]+"
    out = []
    for entity in ("PERSON", "LOCATION"):
        spec = RecognizerSpec(
            name=f"ner_{entity.lower()}", entity=entity, pattern=capitalised, strength="format", in_text=True
        )
        # Text only: a model's verdict on one cell is not column evidence.
        rec = Recognizer.with_finder(spec, entity_finder(model, entity))
        rec.cells_enabled = False
        out.append(rec)
    return out


def _merge_lexicon(data: dict, extra: dict, not_personal: list[str]) -> None:
    for entity, levels in extra.items():
        target = data["entities"].setdefault(entity, {})
        for strength in ("strong", "weak"):
            words = getattr(levels, strength)
            if words:
                target[strength] = [*(target.get(strength) or []), *words]
    data["not_personal"].extend(not_personal)


@cache
def default_detector() -> Detector:
    """The detector with rightskit's defaults (built-in and installed packs, no project settings)."""
    return build_detector()


def builtin_lexicon() -> Lexicon:
    """The lexicon of the default detector (base words and every built-in pack's)."""
    return default_detector().lexicon
