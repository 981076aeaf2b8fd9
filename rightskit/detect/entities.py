"""The entity vocabulary (entities.yaml): category and fideslang data category per entity type."""

from __future__ import annotations

from functools import cache

import yaml
from pydantic import BaseModel, ConfigDict

from rightskit.models.common import Category


class EntityInfo(BaseModel):
    """One entity type."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    category: Category
    data_category: str
    description: str
    needs_person_context: bool = False


@cache
def entities() -> dict[str, EntityInfo]:
    """All entity types rightskit knows."""
    from importlib.resources import files

    raw = yaml.safe_load(files("rightskit.detect").joinpath("entities.yaml").read_text(encoding="utf-8"))
    return {name: EntityInfo.model_validate(info) for name, info in raw["entities"].items()}


def entities_markdown() -> str:
    """docs/entities.md, generated from entities.yaml (a test keeps the file current)."""
    lines = [
        "# Entity types",
        "",
        "Generated from `rightskit/detect/entities.yaml` by `python -m rightskit.detect.entities`; do not edit.",
        "",
        "Names reuse presidio's where presidio has one. `category` drives policy and anonymisation defaults;",
        "`data_category` is the key in the open fideslang taxonomy. Entities marked *context* are personal only",
        "in a table that also holds data about people (coordinates of bus stops are not personal data).",
        "",
        "| entity | category | data category | description |",
        "| --- | --- | --- | --- |",
    ]
    for name, info in entities().items():
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
    target.write_text(entities_markdown(), encoding="utf-8")
    print(f"wrote {target}")
