"""Presidio, offline: an AnalyzerEngine built from rightskit's own recognizers, with no model download.

Presidio's default ``AnalyzerEngine()`` downloads a spaCy model, and its e-mail recognizer asks tldextract
for a public-suffix list over the network. Neither happens here: the NLP engine is presidio's no-op engine
(no model), and only rightskit's declarations are registered (their e-mail validator needs no suffix list).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rightskit.detect.recognizer import Recognizer


def make_pattern_recognizer(rec: Recognizer, language: str = "en") -> Any:
    """A presidio recognizer running one rightskit declaration (pattern, validator, context, or finder)."""
    import re

    from presidio_analyzer import Pattern, PatternRecognizer

    if rec.spec.finder:
        return _finder_recognizer(rec, language)

    bounded = rec.text_pattern

    class _Declared(PatternRecognizer):
        def validate_result(self, pattern_text: str) -> bool:
            return rec.is_valid(pattern_text)

    return _Declared(
        supported_entity=rec.entity,
        name=f"rightskit_{rec.name}",
        supported_language=language,
        patterns=[Pattern(name=rec.name, regex=bounded, score=rec.spec.score)],
        context=list(rec.spec.context),
        global_regex_flags=re.DOTALL | re.MULTILINE | (re.IGNORECASE if rec.spec.deny_list else 0),
    )


def build_analyzer(languages: tuple[str, ...] = ("en", "bg"), detector: Any = None) -> Any:
    """An AnalyzerEngine with rightskit's recognizers (of ``detector``, default: the defaults) and no NLP model."""
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine.no_op_nlp_engine import NoOpNlpEngine

    from rightskit.detect.detector import default_detector

    recognizers = [
        make_pattern_recognizer(rec, lang)
        for lang in languages
        for rec in (detector or default_detector()).recognizers
        if rec.spec.in_text and rec.spec.strength != "hint"
    ]
    registry = RecognizerRegistry(recognizers=recognizers, supported_languages=list(languages))
    nlp = NoOpNlpEngine(models=[{"lang_code": lang, "model_name": "none"} for lang in languages])
    return AnalyzerEngine(registry=registry, nlp_engine=nlp, supported_languages=list(languages))


def _finder_recognizer(rec: Recognizer, language: str) -> Any:
    """Declarations with a named finder (names, places) run through presidio's EntityRecognizer interface."""
    from presidio_analyzer import EntityRecognizer, RecognizerResult

    class _Found(EntityRecognizer):
        def load(self) -> None:
            return None

        def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list:
            if entities and rec.entity not in entities:
                return []
            return [RecognizerResult(rec.entity, s.start, s.end, s.score) for s in rec.find_spans(text)]

    return _Found(supported_entities=[rec.entity], name=f"rightskit_{rec.name}", supported_language=language)
