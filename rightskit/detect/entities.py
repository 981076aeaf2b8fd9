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
