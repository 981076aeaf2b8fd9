"""rightskit never opens a socket: not while scanning, not while building presidio's engine."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from rightskit import scan


@pytest.fixture
def no_network(monkeypatch):
    attempts: list[tuple] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError("rightskit tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_scanning_files_opens_no_socket(no_network, people_csv: tuple[Path, list]) -> None:
    path, _ = people_csv
    result = scan(path.parent, full=True)
    assert result.findings
    assert no_network == []


def test_presidio_engine_is_built_offline_and_finds_identifiers(no_network) -> None:
    from rightskit.detect.presidio_engine import build_analyzer

    analyzer = build_analyzer()
    text = "Обадете се на 0888 123 456 или пишете на ivan@abv.bg; ЕГН 7501010010."
    found = {(r.entity_type, text[r.start : r.end]) for r in analyzer.analyze(text, language="bg")}
    assert found == {
        ("PHONE_NUMBER", "0888 123 456"),
        ("EMAIL_ADDRESS", "ivan@abv.bg"),
        ("BG_EGN", "7501010010"),
    }
    assert no_network == []


def test_one_declaration_gives_the_same_spans_both_ways() -> None:
    from rightskit.detect.detector import default_detector
    from rightskit.detect.presidio_engine import build_analyzer

    text = "Тел. 0888 123 456, e-mail ivan@abv.bg, IBAN BG80BNBG96611020345678, IP 10.1.2.3"
    ours = {
        (s.entity, s.start, s.end) for r in default_detector().recognizers if r.spec.in_text for s in r.find_spans(text)
    }
    theirs = {(r.entity_type, r.start, r.end) for r in build_analyzer().analyze(text, language="en")}
    assert ours == theirs


def test_names_in_prose_are_read_by_the_bundled_model_offline(no_network) -> None:
    from rightskit import analyze_text
    from rightskit.detect.names import tagger

    assert tagger.available()
    text = "Вчера Доналд Тръмп заяви пред журналисти в Лондон, че мерките остават. По-късно Тръмп уточни позицията си."
    entities = analyze_text(text)
    assert any(e.entity_type == "PERSON" and (e.evidence or "").startswith("model") for e in entities)
    assert no_network == []


def test_a_column_of_texts_is_redacted_with_the_model_offline(no_network) -> None:
    from rightskit.detect.text import find_entities_many

    texts = ["Вчера Доналд Тръмп заяви, че мерките остават. Тръмп уточни позицията си.", "Няма забележки."]
    spans = find_entities_many(texts)
    assert any(s.entity == "PERSON" and (s.evidence or "").startswith("model") for s in spans[0])
    assert no_network == []
