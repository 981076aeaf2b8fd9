"""Free text: every entity as a span, places named after people left alone, an honest pre-filter, optional NER."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from rightskit.detect.detector import build_detector, default_detector
from rightskit.detect.text import find_entities, needs_analysis, text_recognizers
from rightskit.errors import ConfigError
from rightskit.models.config import DetectionSettings

TEXTS = Path(__file__).parents[2] / "bench" / "texts" / "complaints.jsonl"


def _found(text: str) -> list[tuple[str, str]]:
    return [(s.entity, text[s.start : s.end]) for s in find_entities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Казвам се Мария Иванова, ЕГН 7501010010.", [("PERSON", "Мария Иванова"), ("BG_EGN", "7501010010")]),
        ("Г-н Петров звъня на 0888 123 456.", [("PERSON", "Г-н Петров"), ("PHONE_NUMBER", "0888 123 456")]),
        (
            "ИВАН ПЕТРОВ ГЕОРГИЕВ, ул. Шипка 5, бл. 3",
            [("PERSON", "ИВАН ПЕТРОВ ГЕОРГИЕВ"), ("STREET_ADDRESS", "ул. Шипка 5, бл. 3")],
        ),
        ("Dear Maria Ivanova, thanks.", [("PERSON", "Maria Ivanova")]),
        ("Колата СА 1234 ВХ стои пред блока.", [("VEHICLE_PLATE", "СА 1234 ВХ")]),
        ("ЛНЧ 1001000004, тел. 02 981 23 45", [("BG_LNCH", "1001000004"), ("PHONE_NUMBER", "02 981 23 45")]),
    ],
)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Спирката на бул. „Христо Ботев“ е счупена.",
        "В парк Заимов няма осветление, а метростанция Сердика е затворена.",
        "Автобус 94 не спира пред блок 12 на НДК.",
        "Streetlights near Hristo Botev Boulevard and Vasil Levski Stadium are off.",
        "Живея в Стара Загора, не в Sofia.",
    ],
)
def test_places_named_after_people_are_not_people(text: str) -> None:
    assert [e for e, _ in _found(text) if e in ("PERSON", "STREET_ADDRESS")] == []


def test_the_prefilter_rejects_no_text_that_holds_an_entity() -> None:
    texts = [json.loads(line)["text"] for line in TEXTS.read_text(encoding="utf-8").splitlines()]
    texts += ["без нищо особено", "ok", "Няма забележки.", "12:30 часа", "Всичко е наред, благодаря!"]
    mask = needs_analysis(pa.array(texts)).to_pylist()
    for text, passed in zip(texts, mask, strict=True):
        if find_entities(text):
            assert passed, "the pre-filter rejected a text that holds an entity"
    assert not all(mask), "a pre-filter that passes everything filters nothing"


def test_optional_ner_model_from_disk(tmp_path: Path) -> None:
    """A spaCy pipeline saved on disk (here a rule-based one: no model download) adds its PERSON spans."""
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": [{"LOWER": "qwert"}, {"LOWER": "yuiop"}]}])
    nlp.to_disk(tmp_path / "model")
    detector = build_detector(DetectionSettings(ner_model=str(tmp_path / "model")))
    text = "Report from Qwert Yuiop about the noise."
    spans = [(s.entity, text[s.start : s.end], s.recognizer) for s in find_entities(text, detector)]
    assert ("PERSON", "Qwert Yuiop", "ner_person") in spans
    assert not [s for s in find_entities(text, default_detector()) if s.entity == "PERSON"]


def test_missing_ner_model_is_an_error_not_a_download() -> None:
    with pytest.raises(ConfigError, match="never downloads"):
        build_detector(DetectionSettings(ner_model="xx_no_such_model_sm"))


def test_library_api_returns_offsets_only() -> None:
    import rightskit

    text = "Пишете на ivan@abv.bg или на Мария Петрова."
    found = rightskit.analyze_text(text)
    assert [(e.entity_type, text[e.start : e.end]) for e in found] == [
        ("EMAIL_ADDRESS", "ivan@abv.bg"),
        ("PERSON", "Мария Петрова"),
    ]
    assert "ivan" not in found[0].model_dump_json()


MANY = [
    "Обадете се на 0888 123 456 или пишете на ivan.petrov@example.bg",
    "ЕГН 8001010003, IBAN BG80 BNBG 9661 1020 3456 78, карта 4111 1111 1111 1111",
    "Мария Иванова от ул. Шипка 12, София, тел. +359 2 987 6543",
    "No personal data here, bus 94 to Lyulin",
    "Call 0888 12 34 at 12:30 on 2024-01-05; plate СА 1234 ВХ",
    "",
]


def test_many_texts_at_once_find_what_one_text_at_a_time_finds() -> None:
    from rightskit.detect.detector import default_detector
    from rightskit.detect.text import find_entities_many, text_recognizers

    detector = default_detector()
    for rec in text_recognizers(detector):
        assert rec.find_spans_many(MANY) == [rec.find_spans(t) for t in MANY], rec.name
    many = find_entities_many(MANY, detector)
    assert many == [find_entities(t, detector) for t in MANY]
    assert sum(len(spans) for spans in many) >= 8


def test_pre_filter_choices_taken_for_some_texts_find_what_those_texts_alone_find() -> None:
    """A release asks the pre-filters once over a column and hands their choices to the analysis of the texts it
    keeps: what they find is what asking again among those texts finds, and the mask is ``needs_analysis``."""
    import numpy as np

    from rightskit.detect.text import find_entities_many, prefiltered

    detector = default_detector()
    chosen = prefiltered(pa.array(MANY), detector)
    assert chosen.mask.tolist() == needs_analysis(pa.array(MANY), detector).to_pylist()
    for picked in (np.flatnonzero(chosen.mask), np.arange(0, len(MANY), 2), np.arange(1, len(MANY), 3), np.arange(0)):
        texts = [MANY[i] for i in picked.tolist()]
        assert find_entities_many(texts, detector, chosen=chosen.take(picked)) == find_entities_many(texts, detector)
        again = prefiltered(pa.array(texts, pa.string()), detector)
        assert [rows.tolist() for rows in chosen.take(picked).rows] == [rows.tolist() for rows in again.rows]
        assert chosen.take(picked).names.tolist() == again.names.tolist()


def test_the_place_finder_is_pre_filtered_by_its_gazetteer_and_finds_the_same_spans() -> None:
    """Its declared pattern (any capitalised words) lets every sentence through; the names themselves do not."""
    from rightskit.detect.places import find_place_spans, place_names

    rec = next(r for r in default_detector().recognizers if r.spec.finder == "places")
    texts = ["Received on time, no remarks", "Без забележки", f"Сигнал от {place_names()[0]}, моля",
             f"Moved to {place_names()[-1]}-Center", "ЧЕТЕН ТЕКСТ"]  # fmt: skip
    selected = rec.prefilter(pa.array(texts)).to_pylist()
    assert selected[:3] == [False, False, True]
    assert all(selected[i] for i, t in enumerate(texts) if find_place_spans(t))  # never a found place missed


def test_every_place_name_passes_the_word_prefilter_in_any_surrounding() -> None:
    """The gazetteer's pre-filter looks words up instead of running an RE2 alternation of its names: no name may
    be lost by how its first word is cut (hyphens, dots, apostrophes, punctuation around it)."""
    from rightskit.detect.places import find_place_spans, place_names

    rec = next(r for r in default_detector().recognizers if r.spec.finder == "places")
    names = list(place_names())
    texts = [f"{('Сигнал от', '(', 'x,', '—')[i % 4]}{' ' if i % 4 != 1 else ''}{n}{('.', ')', ',', '-2')[i % 4]}"
             for i, n in enumerate(names)]  # fmt: skip
    mask = rec.prefilter(pa.array(texts)).to_pylist()
    missed = [t for t, passed in zip(texts, mask, strict=True) if not passed and find_place_spans(t)]
    assert missed == []
    assert sum(mask) >= 0.99 * len(names)


def test_housing_complex_addresses_with_block_and_flat_are_whole_addresses() -> None:
    """Sofia writes an address as a complex or quarter by name, then block, entrance, floor and flat, with no
    street number: the whole of it is the address, not only the complex's name (which a release would keep)."""
    import random

    rng = random.Random(8)
    complexes = ["Дружба 2", "Света Троица", "Надежда", "Овча купел", "Гоце Делчев", "Хаджи Димитър", "Стрелбище"]
    for _ in range(60):
        kind = rng.choice(["ж.к.", "жк", "ЖК", "кв."])
        dot = rng.choice([".", ""])
        parts = [f"{kind} {rng.choice(complexes)},", f"бл{dot} {rng.randint(1, 420)}{rng.choice(['', 'А', 'Б'])}"]
        parts += [f"вх{dot} {rng.choice('АБВГ')}", f"ет{dot} {rng.randint(1, 16)}", f"ап{dot} {rng.randint(1, 99)}"][
            : rng.randint(0, 3)
        ]
        address = ", ".join(parts).replace(",,", ",")
        text = f"Сигнал от {address} за счупена пейка."
        found = [(e, span) for e, span in _found(text) if e == "STREET_ADDRESS"]
        assert found == [("STREET_ADDRESS", address)], text


def test_a_name_after_any_role_passes_the_person_prefilter() -> None:
    """The roles are looked up as words, not searched as an alternation: every role, in lower case, capitalised
    and in capitals, before a one-word name the finder takes, still lets its text through."""
    from rightskit.detect.names.finder import _words, find_person_spans

    rec = next(r for r in default_detector().recognizers if r.spec.finder == "person_names")
    texts = []
    spaces = [" ", "\n", "\t", "\u00a0", "\u2009", "\u3000", "\x1c"]  # white space Python knows and RE2's \s not
    for k, role in enumerate(sorted(_words()["roles"])):
        for form in (role, role.capitalize(), role.upper()):
            space = spaces[k % len(spaces)]
            texts += [f"Вчера {form}{space}Тодоров каза, че", f"{form} Тодоров каза.", f"и ({form}{space}Doe)"]
            texts += [f"Ĳ {form} Ārvalds", f"{form} O’Brien said", f"{form} McNamara"]  # capitals of the finder's own
    selected = rec.prefilter(pa.array(texts)).to_pylist()
    found = [bool(find_person_spans(t)) for t in texts]
    assert sum(found) > len(texts) // 2  # the roles do make names of the words after them
    assert all(s for s, f in zip(selected, found, strict=True) if f)
    assert rec.prefilter(pa.array(["без нищо особено", "ok", "12:30 часа"])).to_pylist() == [False] * 3
    # A role's word in lower-case prose, with no capital after a space, has no name after it: not read.
    prose = [f"the {role} said {role} was here (ref 12)" for role in sorted(_words()["roles"]) if role.islower()]
    assert len(prose) > 50 and not any(rec.prefilter(pa.array(prose)).to_pylist())


def test_the_names_tagger_reads_every_text_with_a_role_s_word_the_rules_need_not() -> None:
    """The tagger may find a name the rules cannot (one word at a sentence's start): the texts it reads are the
    role words' texts taken wide where it reads at all (Cyrillic), and a release keeps them among those worth
    redacting."""
    from rightskit.detect.names import tagger
    from rightskit.detect.text import prefiltered

    detector = default_detector()
    assert detector.name_model and tagger.available()
    texts = ["the president said so", "Тръмп каза на президента, че ще дойде.", "Без роли и имена."]
    texts += ["Putin told the president so"]
    chosen = prefiltered(pa.array(texts), detector)
    person = next(i for i, r in enumerate(text_recognizers(detector)) if r.spec.finder == "person_names")
    assert chosen.rows[person].tolist() == []  # the rules see no name after a role in any
    assert chosen.names.tolist() == [1] and chosen.mask.tolist() == [False, True, False, False]
    assert chosen.take(np.array([1, 2])).names.tolist() == [0]
