"""The base entity vocabulary (entities.yaml); packs add their own (see Detector.entities)."""

from __future__ import annotations

from functools import cache

from rightskit.models.detection import EntityInfo, Trait


@cache
def declared_entities() -> dict[str, EntityInfo]:
    """Every entity type the base vocabulary and the built-in and installed packs declare (no project settings):
    what the trait sets below are derived from. Only declarations are read, no recognizer is compiled, so a
    SQL-only scan pays for a few YAML files."""
    from rightskit.detect.pack import builtin_packs, installed_packs

    entities = dict(base_entities())
    for pack in (*builtin_packs(), *installed_packs()):
        entities.update(pack.entities)
    return entities


def with_trait(trait: Trait, entities: dict[str, EntityInfo] | None = None) -> frozenset[str]:
    """The entity types declaring ``trait`` (of ``entities``, default: every declared one)."""
    if entities is None:
        return _declared_with_trait(trait)
    return frozenset(name for name, info in entities.items() if trait in info.traits)


@cache
def _declared_with_trait(trait: Trait) -> frozenset[str]:
    return with_trait(trait, declared_entities())


def normal_form(info: EntityInfo | None) -> str:
    """How a value of this entity is canonicalised before a keyed token: declared, else national IDs compact."""
    if info is None:
        return "words"
    if info.normalise:
        return info.normalise
    return "compact" if "national_id" in info.traits else "words"


# The names rules and plans reason about, derived from the declarations on first use (PEP 562):
# NATIONAL_IDS (GDPR Art. 87), PROTECTED (EU Charter Art. 21; GDPR Art. 9, 10), LOW_ENTROPY, TEXTUAL.
_DERIVED: dict[str, Trait] = {
    "NATIONAL_IDS": "national_id",
    "PROTECTED": "protected",
    "LOW_ENTROPY": "low_entropy",
    "TEXTUAL": "textual",
    "PERSON_EVIDENCE": "person_evidence",
}


def __getattr__(name: str) -> frozenset[str]:
    if name in _DERIVED:
        return with_trait(_DERIVED[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def base_entities() -> dict[str, EntityInfo]:
    """Entity types that do not belong to a country pack."""
    from importlib.resources import files

    from rightskit.validation import load_yaml

    text = files("rightskit.detect").joinpath("entities.yaml").read_text(encoding="utf-8")
    raw = load_yaml(text, "entities.yaml")
    return {name: EntityInfo.model_validate(info) for name, info in raw["entities"].items()}


def entities_markdown(entities: dict[str, EntityInfo]) -> str:
    """docs/entities.md, generated from the entity vocabulary (a test keeps the file current)."""
    lines = [
        "# Entity types",
        "",
        "Generated from `rightskit/detect/entities.yaml` and the built-in packs (`rightskit/detect/packs/`)",
        "by `python -m rightskit.detect.entities`; do not edit.",
        "",
        "Names reuse presidio's where presidio has one. `category` drives policy and anonymisation defaults;",
        "`data_category` is the key in the open fideslang taxonomy. Entities marked *context* are personal only",
        "in a table that also holds data about people (coordinates of bus stops are not personal data).",
        "",
        "| entity | category | data category | description |",
        "| --- | --- | --- | --- |",
    ]
    for name, info in entities.items():
        context = " *(context)*" if info.needs_person_context else ""
        lines.append(f"| `{name}` | {info.category.value} | `{info.data_category}` | {info.description}{context} |")
    lines += [
        "",
        "## Categories",
        "",
        "| category | meaning |",
        "| --- | --- |",
        "| direct_identifier | singles out a person on its own (name, ЕГН, e-mail, phone, address) |",
        "| quasi_identifier | identifies in combination (birth date, sex, postcode, district, coordinates) |",
        "| special_category | GDPR Art. 9 data and Art. 10 criminal data |",
        "| financial | bank accounts, cards, income |",
        "| credential | passwords, tokens, secrets |",
        "| pseudonymous_identifier | identifies a device or account rather than a named person (IP address) |",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    from pathlib import Path

    target = Path(__file__).parents[2] / "docs" / "entities.md"
    target.write_text(entities_markdown(declared_entities()), encoding="utf-8")
    print(f"wrote {target}")
