"""The base entity vocabulary (entities.yaml); packs add their own (see Detector.entities)."""

from __future__ import annotations

from functools import cache

from rightskit.models.detection import EntityInfo

# Entity groups the rules reason about. National identification numbers (GDPR Art. 87):
NATIONAL_IDS = frozenset({
    "BG_EGN", "BG_LNCH", "NATIONAL_ID", "PL_PESEL", "RO_CNP", "IT_FISCAL_CODE", "ES_NIF", "ES_NIE", "FR_NIR",
    "DE_TAX_ID", "GR_AMKA", "NL_BSN", "CZ_BIRTH_NUMBER", "HR_OIB", "BE_NATIONAL_NUMBER", "SE_PERSONNUMMER", "FI_HETU",
    "DK_CPR", "EE_PERSONAL_CODE", "LT_PERSONAL_CODE", "SI_EMSO", "AT_SOCIAL_SECURITY", "IE_PPS", "PT_CITIZEN_CARD",
    "NO_BIRTH_NUMBER",
})  # fmt: skip
# Protected attributes and their proxies (EU Charter Art. 21; GDPR Art. 9, 10): a basis for discrimination.
PROTECTED = frozenset({
    "GENDER", "ETHNIC_ORIGIN", "RELIGION", "HEALTH", "POLITICAL_OPINION", "TRADE_UNION", "SEX_LIFE", "GENETIC",
    "BIOMETRIC", "NATIONALITY", "AGE", "DATE_OF_BIRTH", "CRIMINAL_OFFENCE",
})  # fmt: skip


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

    from rightskit.detect.detector import default_detector

    target = Path(__file__).parents[2] / "docs" / "entities.md"
    target.write_text(entities_markdown(default_detector().entities), encoding="utf-8")
    print(f"wrote {target}")
