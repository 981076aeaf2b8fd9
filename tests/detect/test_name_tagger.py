"""The bundled name tagger (issue 17): a CRF trained by the project on Bulgarian news, stacked on the rules.

Names come from Faker's per-country lists transcribed by the Bulgarian rules (not from the tagger's training text
or the lexicons' source), placed in sentences written here; the tagger must decide names in prose as the rules
do at least, add what they miss, and leave identifiers, addresses, capitals and Latin script to the rules."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from rightskit import analyze_text
from rightskit.api import ScanOptions
from rightskit.detect.detector import build_detector, default_detector
from rightskit.detect.names import tagger
from rightskit.detect.text import find_entities, find_entities_many
from rightskit.models.config import DetectionSettings
from tests.detect.test_names_in_prose import _cyrillic_names

BENCH = Path(__file__).resolve().parents[2] / "bench" / "ner"

OPENINGS = [
    "Вчера {full} заяви пред журналисти, че мерките остават.",
    "Срещата между {full} и премиера се проведе в Брюксел.",
    "В интервю за вестника {full} коментира решението на съда.",
]
FOLLOW_UPS = ["По-късно {last} уточни, че ще има проверка.", "Според {last} рискът е голям."]


def _article(rng: random.Random, first: str, last: str) -> str:
    return rng.choice(OPENINGS).format(full=f"{first} {last}") + " " + rng.choice(FOLLOW_UPS).format(last=last)


def _people(text: str, **kwargs) -> list[tuple[str, str | None]]:
    return [(text[s.start : s.end], s.evidence) for s in find_entities(text, **kwargs) if s.entity == "PERSON"]


def _person_spans(text: str, **kwargs) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in find_entities(text, **kwargs) if s.entity == "PERSON"]


def test_the_model_ships_small_and_loads_offline() -> None:
    assert tagger.available()
    model = Path(tagger._model_path())
    assert model.stat().st_size < 25_000_000
    assert (model.parent / "SOURCES.md").read_text(encoding="utf-8").count(tagger.MODEL_FILE) >= 1


@pytest.mark.parametrize(("locale", "lang"), [("en_US", "en"), ("fr_FR", "fr"), ("de_DE", "de"), ("it_IT", "it")])
def test_foreign_names_and_their_later_mentions_are_found(locale: str, lang: str) -> None:
    rng = random.Random(locale)
    names = _cyrillic_names(locale, lang, 40, seed=23)
    full = alone = 0
    for first, last in names:
        text = _article(rng, first, last)
        people = [span for span, _ in _people(text)]
        full += f"{first} {last}" in people
        alone += last in people
    assert full / len(names) >= 0.9, f"{locale}: full names {full}/{len(names)}"
    assert alone / len(names) >= 0.9, f"{locale}: later surnames {alone}/{len(names)}"


def test_the_model_says_when_it_made_or_confirmed_a_span() -> None:
    first, last = _cyrillic_names("en_US", "en", 1, seed=2)[0]
    text = f"Вчера {first} {last} заяви пред журналисти, че мерките остават. По-късно {last} уточни позицията си."
    evidence = dict(_people(text))
    assert evidence[f"{first} {last}"].startswith("model")
    assert analyze_text(text)[0].evidence.startswith("model")
    rules_only = ScanOptions(detection=DetectionSettings(name_model=False))
    assert all(not (e.evidence or "").startswith("model") for e in analyze_text(text, rules_only))


def test_identifiers_and_addresses_stay_as_the_rules_found_them() -> None:
    first, last = _cyrillic_names("de_DE", "de", 1, seed=4)[0]
    text = (
        f"Сигнал от {first} {last}, ЕГН 7501010010, тел. 0888 123 456, живущ в ж.к. Гоце Делчев, бл. 163, вх. В, "
        f"ет. 4, ап. 67. {last} твърди, че колата с рег. № СА 1234 ВК е паркирана на тротоара."
    )
    with_model = {(s.entity, s.start, s.end) for s in find_entities(text) if s.entity not in ("PERSON", "LOCATION")}
    rules = {
        (s.entity, s.start, s.end)
        for s in find_entities(text, use_name_model=False)
        if s.entity not in ("PERSON", "LOCATION")
    }
    assert with_model == rules
    assert {"BG_EGN", "PHONE_NUMBER", "STREET_ADDRESS"} <= {e for e, _, _ in with_model}


def test_names_in_capitals_or_latin_letters_keep_the_rules_reading() -> None:
    checked = 0
    for first, last in _cyrillic_names("es_ES", "es", 12, seed=9):
        for text in (
            f"Аз, {first.upper()} {last.upper()}, ЛНЧ 1001234562, се оплаквам от шума.",
            f"Здравейте, казвам се {first.upper()} {last.upper()} и живея в София.",
            f"Благодаря на д-р {first} {last} от районната администрация.",
        ):
            rules = _person_spans(text, use_name_model=False)
            checked += bool(rules)
            combined = _person_spans(text)
            assert all(any(s <= a and b <= e for s, e in combined) for a, b in rules), text
    assert checked >= 24
    latin = "Здравейте, казвам се Vladimira Stoykova и живея в София."
    assert _people(latin, use_name_model=False) == _people(latin)


@pytest.mark.parametrize(
    "text",
    [
        "Пациентът е приет в болница „Свети Георги“ в Пловдив.",
        "Полетът от Сао Пауло закъсня с два часа.",
        "Данните са от университета Джонс Хопкинс в Балтимор.",
    ],
)
def test_places_and_institutions_named_after_people_are_not_people(text: str) -> None:
    assert _people(text) == []


def test_one_text_and_a_column_of_texts_get_the_same_spans() -> None:
    rng = random.Random(5)
    texts = [_article(rng, first, last) for first, last in _cyrillic_names("it_IT", "it", 30, seed=31)]
    texts += ["Няма забележки.", "Обадете се на 0888 123 456.", "The parcel was left at the door."]
    many = find_entities_many(texts)
    assert many == [find_entities(t) for t in texts]


def test_without_the_model_the_rules_decide(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(8)
    texts = [_article(rng, first, last) for first, last in _cyrillic_names("fr_FR", "fr", 10, seed=8)]
    rules = [find_entities(t, use_name_model=False) for t in texts]
    switched_off = build_detector(DetectionSettings(name_model=False))
    assert [find_entities(t, switched_off) for t in texts] == rules
    monkeypatch.setattr(tagger, "available", lambda: False)  # python-crfsuite or the model file missing
    assert [find_entities(t, default_detector()) for t in texts] == rules


def test_texts_in_other_scripts_are_not_read_by_the_model() -> None:
    assert not tagger.applies_to("My name is Dr Amy Thomson and I live at ж.к. Люлин, бл. 5.")
    assert tagger.applies_to("Доналд Тръмп пристигна в Лондон.")
    assert tagger.in_domain("Доналд Тръмп") and tagger.in_domain("А. Биби")
    assert not tagger.in_domain("ДОНАЛД ТРЪМП") and not tagger.in_domain("Donald Trump")


def test_the_script_check_answers_as_counting_every_letter() -> None:
    # The check rejects ASCII texts and texts with more Latin letters than Cyrillic ones before counting all
    # letters: held to the plain definition at and around its threshold, with digits, marks, other scripts.
    import re

    def plain(text: str) -> bool:
        cyrillic = len(re.findall(tagger.MAY_APPLY, text))
        return cyrillic > 0 and cyrillic * 2 >= len(re.findall(r"[^\W\d_]", text))

    rng = random.Random(42)
    pieces = ["а", "Я", "ё", "ї", "ß", "é", "Ω", "x", "Q", "7", "_", " ", "-", "\u0301", "日", "„", "ЕГН", "bg"]
    texts = ["", "123", "Доналд Тръмп", "Йолко Hopkins phone", "ab вг", "abc вг", "ab вгд é"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))) for _ in range(5000)]
    answers = [tagger.applies_to(t) for t in texts]
    assert answers == [plain(t) for t in texts]
    assert 500 < sum(answers) < 4500  # both answers met, near the threshold too


def test_each_token_reads_its_neighbours_as_the_plain_definition_does() -> None:
    # The features put what a word tells its neighbours together once per word: held to the definition, token by
    # token and neighbour by neighbour, on texts with names the rules find, sentence starts and both text ends.
    rng = random.Random(43)
    words = ["пристигна", "в", "София", ".", "Вчера", "г-н", "каза", ",", "че", "Петров", "„", "ЕГН", "5"]
    for first, last in _cyrillic_names("en_US", "en", 20, seed=43):
        text = " ".join(rng.choice([*words, first, last]) for _ in range(rng.randint(0, 30)))
        tokens = tagger.tokens_of(text)
        spans = [(s.start, s.end, s.entity, s.evidence) for s in find_entities(text)]
        rules = tagger._rule_tags(tokens, spans)
        for i, (token, feats) in enumerate(zip(tokens, tagger.features(text, tokens, spans), strict=True)):
            own = [*tagger._word_features(token.text), f"r={rules[i]}", f"r0={rules[i][:5]}"]
            around = []
            for d in (-2, -1, 1, 2):
                if 0 <= i + d < len(tokens):
                    word = tokens[i + d].text
                    around += [f"{d}:w={word.casefold()}", f"{d}:sh={tagger._shape(word)}", f"{d}:r={rules[i + d][:5]}"]
                    if d in (-1, 1):  # a next word's lexicon flags too
                        around += [f"{d}:{x}" for x in tagger._word_features(word)[5:] if x not in ("cyr", "lat")]
                else:
                    around.append(f"{d}:none")
            assert feats[: len(own)] == own and feats[len(feats) - len(around) :] == around, (text, i)
            assert set(feats[len(own) : len(feats) - len(around)]) <= {"start", "capelsewhere", "perelsewhere"}


def test_training_labels_every_occurrence_of_an_annotated_form() -> None:
    sys.path.insert(0, str(BENCH))
    try:
        from train import gold_spans, labels_for
    finally:
        sys.path.remove(str(BENCH))
    text = "Джо Байдън посети Берлин. Байдън и британците говориха за Берлин."
    forms = [("Джо Байдън", "PER"), ("Байдън", "PER"), ("Берлин", "LOC"), ("британците", "PER")]
    spans = gold_spans(text, forms)
    assert [(text[s:e], k) for s, e, k in spans] == [
        ("Джо Байдън", "PER"),
        ("Берлин", "LOC"),
        ("Байдън", "PER"),
        ("Берлин", "LOC"),
    ]
    tokens = tagger.tokens_of(text)
    labels = labels_for(tokens, spans)
    assert labels[:3] == ["B-PER", "I-PER", "O"] and labels[3] == "B-LOC"
    assert labels[[t.text for t in tokens].index("британците")] == "O"  # a group noun is no one's name


def test_a_long_text_is_read_a_piece_at_a_time_with_the_same_spans() -> None:
    first, last = _cyrillic_names("en_US", "en", 1, seed=41)[0]
    sentence = f"Вчера {first} {last} заяви пред журналисти, че мерките остават."
    filler = "Общината обяви, че ремонтът на улицата ще продължи до края на месеца.\n" * 1200
    assert len(filler) > tagger._PIECE
    short = {(x.entity, x.start, x.end) for x in find_entities(sentence)}
    long_text = filler + sentence
    offset = len(filler)
    found = {(x.entity, x.start - offset, x.end - offset) for x in find_entities(long_text) if x.start >= offset}
    assert ("PERSON", sentence.index(first), sentence.index(last) + len(last)) in found
    assert found == short


def test_column_threads_read_texts_side_by_side_as_one_thread_does() -> None:
    from concurrent.futures import ThreadPoolExecutor

    rng = random.Random(13)
    texts = [_article(rng, first, last) for first, last in _cyrillic_names("de_DE", "de", 40, seed=13)]
    alone = [tagger.read(t, []) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        side_by_side = list(pool.map(lambda t: tagger.read(t, []), texts * 3))
    assert side_by_side == alone * 3


# Names the rules found before the tagger and the firm and street words came (a second review's cases): none may
# be lost, in a text or a column of texts.
KEPT = [
    ("Patient John Smith AB negative", "John Smith"),
    ("Please call Maria Lopez Sat morning", "Maria Lopez"),
    ("Hi John Smith, As requested I attach the form.", "John Smith"),
    ("The letter from John Smith, CV attached", "John Smith"),
    ("Hotel Manager John Smith called", "John Smith"),
    ("Настоявам пред агенцията да Иван Петров бъде наказан.", "Иван Петров"),
    ("Carlos Calle signed the lease.", "Carlos Calle"),
    ("Contactpersoon: De Vries Jan", "De Vries Jan"),
    ("Het huis van Jan de Vries is verkocht.", "Jan de Vries"),
    ("Писмо от Дaрина Вълчевa до Николaй Кирилов.", "Дaрина Вълчевa"),
    ("Жалбата е от Елена Пашова и е приета.", "Елена Пашова"),
    # a third review's: a sole trader's firm still names the trader; Ville and Cañada are names, not places
    ("Contract with Ivan Detti SA.", "Ivan Detti"),
    ("Jan Kowalski sp. z o.o.", "Jan Kowalski"),
    ("Ville Puranen called at noon.", "Ville Puranen"),
    ("I talked to Marit Cañada today.", "Marit Cañada"),
]


@pytest.mark.parametrize(("text", "name"), KEPT)
def test_names_the_rules_found_are_not_lost(text: str, name: str) -> None:
    for spans in (find_entities(text), find_entities_many([text])[0], find_entities(text, recall_first=True)):
        assert name in [text[s.start : s.end] for s in spans if s.entity == "PERSON"], text


def test_a_release_never_loses_a_name_the_rules_found() -> None:
    """Redaction joins the readings recall-first: the tagger adds names, and removes none of the rules'."""
    rng = random.Random(21)
    texts = [_article(rng, first, last) for first, last in _cyrillic_names("es_ES", "es", 40, seed=21)]
    texts += [text for text, _ in KEPT]
    for text, joined in zip(texts, find_entities_many(texts, recall_first=True), strict=True):
        rules = _person_spans(text, use_name_model=False)
        released = [(s.start, s.end) for s in joined if s.entity == "PERSON"]
        assert all(any(s <= a and b <= e for s, e in released) for a, b in rules), text


def test_values_that_look_like_particles_or_firms_stay_names() -> None:
    from rightskit.detect.names.finder import is_person_name

    for value in ("Priya Das", "Das, Priya", "PRIYA DAS", "Al Pacino", "Van Morrison", "Le Van Thanh", "Sat Singh",
                  "Maria As", "Ana Sa", "João dos Santos", "Jorge Calle"):  # fmt: skip
        assert is_person_name(value), value


def test_a_lone_surrogate_is_read_by_the_rules_alone() -> None:
    text = "\ud800 Иван Петров"
    assert find_entities(text) == find_entities(text, use_name_model=False)
    assert find_entities_many([text, "Обадете се на 0888 123 456."], recall_first=True)[0] == find_entities(text)


def test_a_long_line_is_never_cut_inside_a_name() -> None:
    filler = "дума " * (tagger._PIECE // 5)
    for shift in range(0, 12, 3):
        text = filler[: tagger._PIECE - 6 + shift] + " Ахмед Доган каза, че Доган е прав."
        people = [text[s.start : s.end] for s in find_entities(text, recall_first=True) if s.entity == "PERSON"]
        assert "Ахмед Доган" in people, shift
