"""An optional NER engine: a spaCy model that is already installed (or saved on disk), never downloaded.

Configured with ``detection.ner_model`` (a package name such as ``en_core_web_sm`` or a path to a saved
pipeline). Its PERSON and place entities add to the lexicon-based finders inside free text.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from rightskit.errors import ConfigError

LABELS = {"PERSON": "PERSON", "PER": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION", "LOCATION": "LOCATION"}


@cache
def load_model(name: str):
    """A spaCy pipeline from a local path or an installed package; anything else is an error, not a download."""
    import spacy

    if Path(name).exists():
        return spacy.load(name)
    if not spacy.util.is_package(name):
        raise ConfigError(
            f"spaCy model '{name}' is not installed; rightskit never downloads models (install it, or give a path)"
        )
    return spacy.load(name)


def entity_finder(name: str, entity: str) -> Callable[[str], list[tuple[int, int, float]]]:
    """A span finder for one entity type, backed by the model."""
    nlp = load_model(name)

    def find(text: str) -> list[tuple[int, int, float]]:
        return [(e.start_char, e.end_char, 0.8) for e in nlp(text).ents if LABELS.get(e.label_) == entity]

    return find
