"""PERSON without a model: capitalised words, name lexicons, Bulgarian surname morphology, titles and roles,
initials, and what the rest of the text says — a surname alone is the person named in full elsewhere in the same
text ("Доналд Тръмп … Тръмп каза"). Context that makes a name a place or an institution (бул. Христо Ботев,
институтът „Роберт Кох“, Северна Каролина) keeps it from being a person.

Every span says which evidence made it: ``lexicon`` (the words read as a name), ``initials`` (initials and a
surname), ``title`` (a title or role before it: "г-жа", "президентът"), ``propagation`` (a part of a full name
found in the same text)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from typing import NamedTuple

from rightskit.detect.intervals import DisjointSpans, longest_first
from rightskit.detect.names.lexicon import GREEK_LETTERS, first_names, has_surname_form, last_names, lookup_key
from rightskit.detect.names.normalise import fold_mixed_script
from rightskit.detect.places import is_place, names_a_place

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽȘȚΑ-ΩΆ-ΏΪΫА-ЯЁЎІЇЄҐ"  # Romanian writes Ș and Ț with a comma below
_LOWER = "a-zß-öø-ÿā-žșțα-ωά-ώΐΰа-яёўіїєґ'’"  # Greek ΐ and ΰ lie outside ά-ώ
_WORD_PART = f"(?:[{_UPPER}][{_LOWER}]+|[{_UPPER}]{{2,}})"
# "McNamara", "O’Brien", "MacDonald" are one word with a capital inside.
_TOKEN = (
    f"(?:(?:Mc|Mac|O['’])?[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}]?[{_LOWER}]+)?|[{_UPPER}]{{2,}}(?:-[{_UPPER}]{{2,}})?)"
)
_TITLE = r"(?i:г-н|г-жа|г-ца|гн\.|гжа\.|д-р|проф\.|инж\.|адв\.|mr\.?|mrs\.?|ms\.?|dr\.?|prof\.?|ing\.|herr|frau)"
# A run of capitalised words (separated by single spaces), optionally after a title.
RUN = re.compile(f"(?:(?P<title>{_TITLE})\\s+)?(?P<name>{_TOKEN}(?: {_TOKEN})*)")
# Pieces of a name in running text: capitalised words, initials ("А.", "Дж."), the particles of foreign names
# ("Урсула фон дер Лайен", "Ludwig van Beethoven"), separated by one space (none after an initial: "Н.И.Пирогов").
_INITIAL = f"[{_UPPER}](?:[{_LOWER}])?\\."
_PARTICLE = (
    r"(?:фон|дер|ван|де|ди|да|дел|ла|ле|дю|ал|ел|бин|ибн|"
    r"von|van|der|den|de|di|da|das|do|dos|del|della|la|le|du|al|el|bin|ibn)"
)
_PIECE = re.compile(f"(?P<initial>{_INITIAL})|(?P<word>{_TOKEN})|(?<!\\w)(?P<particle>{_PARTICLE})(?= [{_UPPER}])")
# A name piece is a whole word: the capitalised tail of "GitHub", "CheckMark" or "GmbH" is no name.
_NAME_PIECE = f"(?:{_INITIAL}|{_TOKEN}(?!\\w))"
_NAME_RUN = re.compile(f"(?<![\\w'’]){_NAME_PIECE}(?:(?: (?:{_PARTICLE} ){{0,2}}|(?<=\\.)){_NAME_PIECE})*")
# Every name run starts with a capital: ``_name_runs`` tries the run only there.
_CAPITAL = re.compile(f"[{_UPPER}]")


def _name_runs(text: str) -> Iterator[re.Match[str]]:
    """``_NAME_RUN.finditer(text)``, the run tried only where a capital stands: its look-behind first kept Python's
    re from skipping ahead to one, and it was tried at every character (a fifth of the finder's time)."""
    end = 0
    for capital in _CAPITAL.finditer(text):
        at = capital.start()
        if at >= end and (run := _NAME_RUN.match(text, at)) is not None:
            end = run.end()
            yield run


# Words that, just before a name (a quote may stand between), make it the name of a place, an institution or an
# event. Matched against the whole last word: asked of every capitalised run, a search anchored at the end of the
# text before it cost a scan of each start position (a third of a register's name finding).
_PLACE_BEFORE = re.compile(
    r"(?:ул\.|улица(?:та)?|бул\.|булевард(?:а|ът)?|пл\.|площад(?:а|ът)?|парк(?:а|ът)?|градина(?:та)?|"
    r"метростанция(?:та)?|метро|м-ст|спирка(?:та)?|кв\.|квартал(?:а|ът)?|ж\.к\.|жк|алея(?:та)?|"
    r"училище(?:то)?|у-ще|СУ|ОУ|ПГ|читалище(?:то)?|болница(?:та)?|УМБАЛ|МБАЛ|паметник(?:а|ът)?|храм(?:а|ът)?|"
    r"църква(?:та)?|манастир(?:а|ът)?|Св\.|св\.|свети|света|институт(?:а|ът)?|университет(?:а|ът)?|"
    r"фондация(?:та)?|летище(?:то)?|стадион(?:а|ът)?|зала(?:та)?|награда(?:та)?|орден(?:а|ът)?|"
    r"клиника(?:та)?|центъра?|центърът|лаборатория(?:та)?|академия(?:та)?|агенция(?:та)?|кораб(?:а|ът)?|"
    r"самолетоносач(?:а|ът)?|str\.|street|park|station|square|boulevard|blvd\.?|school|church|institute|"
    r"university|foundation|hospital)",
    re.IGNORECASE,
)


# Words recur across the texts of a column and across columns: their look-ups are remembered.
_WORD_CACHE = 65_536


@cache
def _words() -> dict[str, frozenset[str]]:
    from importlib.resources import files

    from rightskit.validation import load_yaml

    data = load_yaml(files("rightskit.detect.names").joinpath("words.yaml").read_text(encoding="utf-8"), "words.yaml")
    return {key: frozenset(str(w).casefold() for w in words) for key, words in data.items()}


@cache
def _place_suffixes() -> tuple[str, ...]:
    return tuple(_words()["place_suffixes"])


@lru_cache(maxsize=_WORD_CACHE)
def _place_word(word: str) -> bool:
    """A noun that names a place, a building, a body or a party, alone or as the end of a compound ("Hauptzollamt")."""
    w = lookup_key(word).rstrip(".")  # Greek without its accents: capitals print none
    if w in _words()["place_words"] or w in _words()["party_words"] or w in _words()["street_types"]:
        return True
    # A suffix after at least four letters of its own: w[4:] ends with it exactly when w does, with room.
    return len(w) > 7 and w[4:].endswith(_place_suffixes())


_SETTLEMENT_ENDINGS = ("ово", "ево", "ovo", "evo")


@lru_cache(maxsize=_WORD_CACHE)
def _names_a_place(words: tuple[str, ...]) -> bool:
    """Capitalised words that name a place however their words read: a known place or one of the world's multi-word
    place names ("San Mateo", "Port St. Lucie"), a saint's prefix first ("Свети Влас", "São Paulo") or the first word
    of a Bulgarian settlement ("Горна Малина"), but a name the lists hold before a surname ("Света Петрова", "Malka
    Cohen", "Ste Jones"), or a village's neuter ending last ("Георги Добрево", "Генерал Тошево", "Ivan Vazovo"),
    which no Bulgarian surname takes (they end -ов, -ев, -ова, -ева)."""
    return (
        (len(words) > 1 and _place_first_word(words[0]) and not (_known_part(words[0]) and _surname_only(words[1])))
        or _settlement_ending(words[-1])
        or names_a_place(" ".join(words))
    )


@lru_cache(maxsize=_WORD_CACHE)
def _surname_only(word: str) -> bool:
    """A surname's form or a listed surname that is no listed given name ("Петрова", "Cohen"; not "Георги")."""
    return has_surname_form(word) or (_is_last(word) and not _is_first(word))


def _place_first_word(word: str) -> bool:
    """A word that makes the name it begins a place's: a saint's prefix or a Bulgarian settlement's first word."""
    return _saint_prefix(word) or word.rstrip(".").casefold() in _words()["settlement_adjectives"]


def _saint_prefix(word: str) -> bool:
    return word.rstrip(".").casefold() in _words()["saint_prefixes"]


@lru_cache(maxsize=_WORD_CACHE)
def _settlement_ending(word: str) -> bool:
    """A Bulgarian village's neuter ending on a word long enough for a stem ("Добрево", "Yosifovo"), but the Spanish
    "-uevo" and Italian "-uovo" ("Barrionuevo", "Nuovo") and listed names ("Stevo", "Прево", "Provo")."""
    w = word.casefold()
    # in Latin letters only the longer ones ("Provo" is a surname)
    if len(w) <= (4 if w.endswith(("ово", "ево")) else 5) or not w.endswith(_SETTLEMENT_ENDINGS):
        return False
    if w.endswith(("uevo", "uovo")):
        return False
    return not (_is_first(word) or lookup_key(word) in last_names())


def _not_first(word: str) -> bool:
    return word.casefold() in _words()["not_first"]


@lru_cache(maxsize=_WORD_CACHE)
def _role(word: str) -> bool:
    """A title or a role that names the person after it ("президентът", "министър", "сенаторът")."""
    w = word.casefold()
    roles = _words()["roles"]
    return w in roles or ("-" in w and w.rsplit("-", 1)[1] in roles)


@lru_cache(maxsize=_WORD_CACHE)
def _is_first(token: str) -> bool:
    parts = token.casefold().split("-")
    return not _not_first(parts[0]) and not _role(parts[0]) and any(lookup_key(p) in first_names() for p in parts)


@lru_cache(maxsize=_WORD_CACHE)
def _is_last(token: str) -> bool:
    return any(has_surname_form(p) or lookup_key(p) in last_names() for p in token.split("-"))


_PARTICLE_RE = re.compile(_PARTICLE)


def _unknown_word_may_be_a_name(word: str) -> bool:
    return len(word) > 2 and not (_place_word(word) or _not_first(word) or _role(word) or is_place(word))


_FAMILY_COMMA_GIVEN = re.compile(r"([^,\d]{2,40}), ([^,\d]{2,40})")


def is_person_name(text: str) -> bool:
    """A whole value that is a person's name: 2–3 capitalised words that read as a name, or a title and a name;
    "Family, Given" as sorted lists write it."""
    family_given = _FAMILY_COMMA_GIVEN.fullmatch(text.strip())
    if family_given:
        if any(is_place(part) for part in family_given.groups()):
            return False  # "Plovdiv, Bulgaria"
        text = f"{family_given.group(2)} {family_given.group(1)}"
    if _legal_form(text):
        return False  # "Lindberg Lehtinen Oy", "Hnos Serna S.Coop.": a firm, whoever it is named after
    # Particles of Dutch, German, Romance names ("Jente van Ginkel", "Ayoub van der Ploeg") are read past; in
    # capitals too ("Mika VAN DE WETERINK") when two words stay ("Priya Das", "Al Gore", "Le Minh" keep theirs).
    words = fold_mixed_script(text).split()
    tokens = [t for t in words if not _PARTICLE_RE.fullmatch(t.casefold())]
    if len(tokens) < 2:
        tokens = [t for t in words if not _PARTICLE_RE.fullmatch(t)]
    if tokens and _TITLE_RE.fullmatch(tokens[0]):
        return 1 <= len(tokens) - 1 <= 3 and all(_TOKEN_RE.fullmatch(t) for t in tokens[1:])
    if not 2 <= len(tokens) <= 3 or not all(_TOKEN_RE.fullmatch(t) for t in tokens):
        return False
    if _name_score(tuple(tokens), whole=True) > 0:
        return True
    if _names_a_place(tuple(tokens)) or any(_place_word(t) or _role(t) or _street_suffix(t) for t in tokens):
        return False  # "Main Street", "Plovdiv Airport", "Goda Freeway"
    # Registers list surname first ("Adamou Adamos", "ΠΕΤΡΟΥ Ανδρέας") or with unknown first names: a listed
    # surname before a first name, or a Bulgarian surname form, decides.
    if len(tokens) == 2 and _is_first(tokens[0]) and tokens[1].isupper() and len(tokens[1]) > 2:
        return not (_place_word(tokens[1]) or is_place(tokens[1]))  # "Ion VARSA": the family name in capitals
    if len(tokens) == 2 and lookup_key(tokens[1]) in last_names() and _unknown_word_may_be_a_name(tokens[0]):
        return True  # a given name the lists lack before a listed surname ("Başay Eraslan")
    if (
        len(tokens) == 2
        and (lookup_key(tokens[0]) in last_names() or _bulgarian_surname(tokens[0]))
        and not tokens[1].isupper()
        and _unknown_word_may_be_a_name(tokens[1])
    ):
        return True  # surname first, as registers sort, before a given name the lists lack ("Бранков Генчо")
    family = tokens[0]
    surname_first = (
        _is_first(tokens[-1])
        and not (_place_word(family) or _not_first(family) or _role(family) or is_place(family))
        and (lookup_key(family) in last_names() or (len(tokens) == 2 and len(family) > 3))
    )
    return surname_first or any(has_surname_form(t) for t in tokens[1:])


_TOKEN_RE = re.compile(_TOKEN)


def _latin(test: Callable[[str], bool]) -> str:
    """The letters of Latin-1 and Latin Extended-A that ``test`` holds, but those whose case folding is no single
    lower-case letter (``fast_validators.place`` reads the others as Python folds them)."""
    return "".join(c for c in map(chr, range(0xC0, 0x180)) if test(c) and c not in "ßİŉſ")


# A whole value of two or three capitalised words, each of Latin or of Cyrillic letters, single spaces between: the
# shape whose reading ``name_word_traits`` decides from its words alone (a column of full names is mostly such
# values). A word in one script is never folded (``fold_mixed_script``), one with a small letter is no capitals; a
# hyphen joins two parts of one word, as the lexicons' look-ups read them.
_LATIN_PART = f"[A-Z{_latin(str.isupper)}][a-z{_latin(str.islower)}]+"
_PLAIN_WORD = f"(?:{_LATIN_PART}(?:-{_LATIN_PART})?|[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)"  # "Hans-Peter", "Точева-Клопова"
PLAIN_NAME = f"^{_PLAIN_WORD}(?: {_PLAIN_WORD}){{1,2}}$"


class WordTraits(NamedTuple):
    """What ``is_person_name`` asks of one word of a ``PLAIN_NAME`` value, each answer its own."""

    plain: bool  # no particle, the token's shape, no place, role or street word
    title: bool
    legal_form: bool  # as the last word of a value
    first: bool  # a listed given name
    known: bool  # a listed given or family name, or a Bulgarian surname's ending
    place: bool
    surname_form: bool
    not_first: bool
    long: bool  # more than two letters
    bulgarian_surname: bool
    place_first: bool  # as a value's first word, it makes the value a place (``_names_a_place``) unless it is
    place_last: bool  # known and the second word ``surname_only``; as its last word, it does
    surname_only: bool


@lru_cache(maxsize=_WORD_CACHE)
def name_word_traits(token: str) -> WordTraits:
    """The answers ``is_person_name`` and ``_name_score`` read off one word of a ``PLAIN_NAME`` value, asked once per
    distinct word of a column (``fast_validators.person_name`` combines them as those two combine them). The shape
    folds nothing (``fold_mixed_script``: one script a word), is never in capitals, and no three of its words spell
    "Sp. z o.o." (each holds two letters or more)."""
    plain = not _PARTICLE_RE.fullmatch(token.casefold()) and bool(_TOKEN_RE.fullmatch(token))
    return WordTraits(
        plain=plain and not (_place_word(token) or _role(token) or _street_suffix(token)),
        title=bool(_TITLE_RE.fullmatch(token)),
        legal_form=len(token) > 2 and token.casefold() in _words()["legal_forms"],
        first=_is_first(token),
        known=_known_part(token),
        place=is_place(token),
        surname_form=has_surname_form(token),
        not_first=_not_first(token),
        long=len(token) > 2,
        bulgarian_surname=_bulgarian_surname(token),
        place_first=_place_first_word(token),
        place_last=_settlement_ending(token),
        surname_only=_surname_only(token),
    )


def _known_part(token: str) -> bool:
    return _is_last(token) or _is_first(token)


_WEAK_LATIN_ENDINGS = ("in", "ina", "ich", "yan")
_CYRILLIC = re.compile("[а-яё]")


@lru_cache(maxsize=_WORD_CACHE)
def _bulgarian_surname(word: str) -> bool:
    """A Bulgarian surname form strong enough to stand after an unknown first name: in Latin letters "-in" and
    "-ich" end too many other words ("Berlin", "Medizin", "Jülich"); a place is not a surname."""
    if not has_surname_form(word) or is_place(word):
        return False
    w = word.casefold()
    return bool(_CYRILLIC.search(w)) or not w.endswith(_WEAK_LATIN_ENDINGS)


_GREEK_WORD = re.compile(f"[{GREEK_LETTERS}]+")


def _greek_pair(words: tuple[str, ...], whole: bool) -> bool:
    """A whole value of two or three Greek words that reads as a given name and a family name (a cell of a name
    column; registers list either order): the family name ends in a Greek surname suffix ("-όπουλος", "-άκης",
    "-ίδου"), or every word ends as Greek names do. Not in running text, where Greek adjectives and genitives end
    the same ("Αναπτυξιακής Συνεργασίας", "Διοικητικός Τομέας"). Bodies and places are ruled out before
    (``_place_word``)."""
    if not whole or not all(_GREEK_WORD.fullmatch(w) and len(w) > 2 for w in words):
        return False
    keys = [lookup_key(w) for w in words]
    surname = _words()["greek_surname_endings"]
    if any(len(k) > len(e) + 2 and k.endswith(e) for k in (keys[0], keys[-1]) for e in surname):
        return True
    return all(k.endswith(tuple(_words()["greek_name_endings"])) for k in keys)


_LATIN_WORD = re.compile("[A-Za-zÀ-ÖØ-öø-ž'’-]+")


def _legal_form(text: str) -> bool:
    """A value that ends in a company's legal form ("… S.L.", "… Sp. z o.o.", "… Oyj"), its dots dropped, written
    as firms write it: with a dot, in capitals, or of three letters or more with a capital ("Kft", "GmbH"). Not
    "Maria As", "Ana Sa" or "Sat Singh": a two-letter word without a dot or capitals is a name's."""
    words = text.split()
    if not words:
        return False
    word = words[-1].strip(",()&")
    form = word.rstrip(".").replace(".", "")
    as_written = "." in word or (form.isupper() and len(form) > 1) or (len(form) > 2 and form[0].isupper())
    if as_written and form.casefold() in _words()["legal_forms"]:
        return True
    # "Sp. z o.o.", "Sp. z o.o. Sp.k.": a form of several words ends the value
    return len(words) > 2 and "".join(w.replace(".", "") for w in words[-3:]).casefold() == "spzoo"


def _street_suffix(word: str) -> bool:
    return word.casefold() in _words()["street_suffixes"]


def _turkish_pair(words: tuple[str, ...], whole: bool) -> bool:
    """A whole value of two or three Latin words, one of them written with a letter only Turkish writes or the
    surname suffix -oğlu ("Sittik Kısakürek", "Kerman Çamurcuoğlu"): a name the lists lack, as a cell."""
    if not whole or not all(_LATIN_WORD.fullmatch(w) or "İ" in w for w in words):
        return False
    letters = _words()["turkish_letters"]
    return any("İ" in w or w.casefold().endswith("oğlu") or any(c in letters for c in w.casefold()) for w in words)


def _latvian_pair(words: tuple[str, ...], whole: bool) -> bool:
    """A whole value of two or three Latin words that end as Latvian names do, one of them in letters only
    Latvian writes ("Gunārs Rubene", "Ģirts Krieviņa"): a name the lists lack, as a cell of a name column."""
    if not whole or not all(_LATIN_WORD.fullmatch(w) and len(w) > 2 for w in words):
        return False
    w = _words()
    keys = [word.casefold() for word in words]
    return all(k.endswith(tuple(w["latvian_name_endings"])) for k in keys) and any(
        c in w["latvian_letters"] for k in keys for c in k
    )


@lru_cache(maxsize=_WORD_CACHE)
def _name_score(words: tuple[str, ...], whole: bool = False) -> float:
    """How much a run of 2–3 capitalised words looks like one person's name (0: not a name); ``whole``: the words
    are a whole value, not a run inside running text."""
    first, rest = words[0], words[1:]
    if any(_place_word(w) or _role(w) or _street_suffix(w) for w in words) or _names_a_place(words):
        return 0.0
    if any(w.isupper() for w in words) and (
        any(len(w) < 3 for w in words)
        or not (_is_first(first) or all(has_surname_form(w) for w in rest) or _by_letters(words, whole))
    ):
        return 0.0  # capitals: "IBAN BG", "НДК", unless it reads as a name ("ИВАН ПЕТРОВ", "ОЛЕК СИМЕОНОВ")
    if _is_first(first):
        if all(_known_part(w) for w in rest):
            surname = any(has_surname_form(w) or lookup_key(w) in last_names() for w in rest)
            return 0.85 if surname else 0.7
        if len(rest) == 1 and not rest[0].isupper() and not is_place(rest[0]):
            return 0.7  # a known first name and a capitalised word: "Karl-Hans Schuchhardt", "Джо Байдън"
    if has_surname_form(first) and _is_first(rest[0]):
        return 0.75  # "Петров Иван", as registers write names
    if not _not_first(first) and len(first) > 2 and all(_bulgarian_surname(w) for w in rest):
        return 0.7  # an unlisted first name before Bulgarian surname forms: "Тилиана Бобева"
    if _by_letters(words, whole):
        return 0.7  # "Τιμολέων Κορμπόπουλος", "ΝΑΣΣΟΥ Αγαθή", "Gunārs Rubene", "Sittik Kısakürek"
    return 0.0


def _by_letters(words: tuple[str, ...], whole: bool) -> bool:
    """Greek, Latvian and Turkish cells by their letters and endings ("Τιμολέων Κορμπόπουλος", "Gunārs Rubene"):
    asked only where the lists have not decided (they had been asked of every name, half of a name column's time)."""
    return _greek_pair(words, whole) or _latvian_pair(words, whole) or _turkish_pair(words, whole)


Found = tuple[int, int, float, str]


def find_person_spans(text: str) -> list[Found]:
    """(start, end, score, evidence) of person names in free text, the whole text considered."""
    if len(text) <= _REMEMBERED_LENGTH:
        return list(_remembered_person_spans(text))
    return _person_spans(text)


def recall_person_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of what a release redacts as a person's name: ``find_person_spans``'s names, and a capitalised
    Cyrillic word no list holds before a listed surname ("Йолко Hopkins", "Бегоня Гомес": given names too rare for
    the lists; 14,128 such names had been published from 1M realistic comments; "Параскев Morrow" too, though it
    ends as surnames do), with the unlisted Cyrillic words just before it ("Йолко Гиздана Waters") and the parts
    standing alone elsewhere in the text, as the finder propagates its own names; in a run of capitalised words
    naming no place ("Hristo Botev Boulevard") after no place word but an English noun of a body in lower case ("the
    hospital Sheila Petersen": ``_without_english_body_nouns``). A listed surname right after a name the rules
    found is that name's ("Йолко Параскев Morrow"). Too loose for a scan's findings (on BSNLP's news 30 of the 43
    spans it adds are annotated persons; on the registers' development set 242, most of them names the rules found
    made whole, the rest firms, bodies and villages named after people: ``bench/recall_names.py``). Every text it
    names someone in matches ``anonymise.recall.person_prefilter``, which chooses the texts the release and its
    audit read."""
    folded = fold_mixed_script(text)
    read = _without_english_body_nouns(folded)
    # Where no noun was blotted out, the finder is asked about the text itself: it keeps its answer from the redaction
    found = [(start, end) for start, end, *_ in find_person_spans(text if read is folded else read)]
    ending_at = {end: start for start, end in found}
    taken = DisjointSpans(found)
    pairs: list[Found] = []
    for run in _name_runs(read):
        if " " not in run.group(0) or _place_before(read, run.start()):
            continue
        words = [p for p in _pieces(run.group(0), run.start()) if p[3] == "word"]
        if any(_place_word(w) or _street_suffix(w) for _, _, w, _ in words):
            continue
        for k in range(1, len(words)):
            start, end = words[k - 1][0], words[k][1]
            if read[start:end].count(" ") != 1:
                continue
            if taken.overlaps(start, end):
                # A name the rules found ends at the first word: a listed surname after it is that name's too
                # ("Йолко Параскев Morrow": the rules take the first two, a surname's ending making the second one)
                named = ending_at.get(words[k - 1][1])
                if named is not None and not taken.overlaps(words[k][0], end) and _surname(words[k][2]):
                    taken.add(words[k][0], end)
                    found.remove((named, words[k - 1][1]))
                    pairs.append((named, end, 0.7, "lexicon"))
                continue
            if not _unlisted_first(words[k - 1][2], words[k][2]):
                continue
            j = k - 2  # the unlisted given names before it, a space apart
            while j >= 0 and read[words[j][0] : start].count(" ") == 1 and _unlisted_given(words[j][2]):
                if taken.overlaps(words[j][0], start):
                    break
                start, j = words[j][0], j - 1
            taken.add(start, end)
            pairs.append((start, end, 0.7, "lexicon"))
    for start, end, *_ in _propagated(read, pairs) if pairs else ():
        if not taken.overlaps(start, end):
            taken.add(start, end)
            pairs.append((start, end, 0.7, "propagation"))
    return sorted(found + [(start, end) for start, end, *_ in pairs])


def _unlisted_given(word: str) -> bool:
    """A capitalised Cyrillic word that no list holds and that may be a name (no place, role or common word): one
    of a pair's given names."""
    if not word[0].isupper() or _CYRILLIC.match(word[1:]) is None:
        return False
    return not _listed(word) and _unknown_word_may_be_a_name(word)


def _listed(word: str) -> bool:
    """A word some list of names holds (a surname's ending alone does not list it: "Параскев", "Комнин" and
    "Щилян" are given names that end as surnames do)."""
    return _in_list(word, first_names()) or _in_list(word, last_names())


def _in_list(word: str, names: frozenset[str]) -> bool:
    """Whether ``names`` holds the word or a part of it hyphenated."""
    return any(lookup_key(part) in names for part in word.split("-"))


@cache
def _english_body_noun() -> re.Pattern[str]:
    """A noun of ``english_body_nouns`` as a whole word (group 1), its full stops and the white space after it: the
    word ``_place_before`` would read before a run starting there."""
    nouns = sorted(_words()["english_body_nouns"], key=len, reverse=True)
    return re.compile(f"(?<![\\w.-])({'|'.join(map(re.escape, nouns))})\\.*\\s+")


def _without_english_body_nouns(text: str) -> str:
    """``text`` with each English noun of a place or a body in lower case that stands just before a capitalised run
    (``english_body_nouns``; a full stop may end it) blotted out: English writes a body named after a person with its
    noun after the name or capitalised ("Robert Koch Institute", "Kennedy School"), so "the hospital John Smith was
    taken to" names a person. Bulgarian and French write such a noun in lower case before the name ("институт
    Роберт Кох", "boulevard Félix Faure"): there it still owns the name. The noun's letters become NULs, no space
    and no word character, so the finder reads no word at all before the run ("the city hospital John Smith"), and
    every offset stays the text's."""
    if _words()["english_body_nouns"].isdisjoint(text.replace(".", " ").split()):
        return text  # most texts: a set's look-up per word in C, where the pattern's search cost 6 µs a text
    blots = [m.span(1) for m in _english_body_noun().finditer(text) if _NAME_RUN.match(text, m.end())]
    if not blots:
        return text
    parts, last = [], 0
    for start, end in blots:
        parts += [text[last:start], "\0" * (end - start)]
        last = end
    return "".join([*parts, text[last:]])


@lru_cache(maxsize=_WORD_CACHE)
def _unlisted_first(first: str, second: str) -> bool:
    """A capitalised Cyrillic word no list holds, that may be a name, before a ``_surname``, the two naming no place
    ("Санта Барбара"); a listed word first ("Ню Йорк") is the rules' to judge. In Latin letters such a pair is as
    often a town or a body the lists lack ("Jelenia Góra")."""
    return _unlisted_given(first) and _surname(second) and not _names_a_place((first, second))


@lru_cache(maxsize=_WORD_CACHE)
def _surname(word: str) -> bool:
    """A capitalised word that is a listed surname (a part of a hyphenated one will do) or a Bulgarian surname's
    form, and no acronym ("ЕГН Smith"), role, common word or place ("Следва Варна", "Invest Sofia")."""
    if not word[0].isupper() or (len(word) <= 4 and word.isupper()):
        return False
    if _role(word) or _not_first(word) or is_place(word):
        return False
    return _in_list(word, last_names()) or _bulgarian_surname(word)


# A release asks twice about each text with a name in it (its redaction, then its recall at any confidence): the
# answers for the texts of about one batch are kept. Long texts are not: the cache would keep them alive.
_REMEMBERED_LENGTH = 2_000


@lru_cache(maxsize=1 << 16)
def _remembered_person_spans(text: str) -> tuple[Found, ...]:
    return tuple(_person_spans(text))


def _person_spans(text: str) -> list[Found]:
    text = fold_mixed_script(text)
    spans: list[Found] = []
    for m in _name_runs(text):
        spans.extend(_run_spans(text, m.start(), m.group(0)))
    if not spans:
        return spans  # most texts with capitalised words name nobody: nothing to settle or propagate
    spans = _without_overlaps(spans)
    spans += _propagated(text, spans)
    return sorted(_without_overlaps(spans))


def _pieces(run: str, base: int) -> list[tuple[int, int, str, str]]:
    return [(base + p.start(), base + p.end(), p.group(0), p.lastgroup or "word") for p in _PIECE.finditer(run)]


_QUOTES = '„"“«'


def _last_word(text: str, lo: int, end: int, quote: bool) -> tuple[int, str]:
    """The word of letters, digits, dots and hyphens ending ``text[lo:end]`` after trailing white space (and,
    with ``quote``, one opening quote), with where it starts; ("", end) when none."""
    while end > lo and text[end - 1].isspace():
        end -= 1
    if quote and end > lo and text[end - 1] in _QUOTES:
        end -= 1
        while end > lo and text[end - 1].isspace():
            end -= 1
    i = end
    while i > lo and (text[i - 1].isalnum() or text[i - 1] in "_.-"):
        i -= 1
    return i, text[i:end]


def _place_before(text: str, start: int) -> bool:
    """A place or a body named just before: "бул. Христо Ботев", "Forschungsmuseum Alexander König",
    "Stiftung „Otto Benecke“"."""
    _at, word = _last_word(text, max(0, start - 30), start, quote=True)
    if not word or word.casefold() in _words()["party_words"]:
        return False  # "кандидатът на партия Джо Байдън": a party before a name does not own it
    return _PLACE_BEFORE.fullmatch(word) is not None or _place_word(word)


_TITLE_RE = re.compile(_TITLE)


def _role_before(text: str, start: int) -> int | None:
    """Where the span of a name at ``start`` begins when a title or role word stands just before it: at the
    title ("Г-н Петров", as forms write it), after a role ("президентът Тръмп"); None without either."""
    if start == 0 or not text[start - 1].isspace():
        return None
    at, word = _last_word(text, max(0, start - 40), start, quote=False)
    if not word:
        return None
    if _TITLE_RE.fullmatch(word):
        return at
    return start if _role(word) else None


def _run_spans(text: str, base: int, run: str) -> list[Found]:
    """Names inside one run of capitalised words: windows of 3, then 2 words, scored; a title or role before
    the run (or leading it: "Президентът Тръмп") makes its first 1–3 words a name."""
    if " " not in run and "." not in run and _role_before(text, base) is None:
        return []  # one word is a name only after a title or a role (most runs: a sentence's first word)
    pieces = _pieces(run, base)
    spans: list[Found] = []
    if pieces and pieces[0][3] == "word" and (_role(pieces[0][2]) or _TITLE_RE.fullmatch(pieces[0][2])):
        pieces = pieces[1:]
        begin: int | None = pieces[0][0] if pieces else None
    else:
        begin = _role_before(text, base)
    titled = begin is not None
    if not pieces:
        return spans
    if titled and pieces[0][3] != "particle" and not _place_before(text, base):
        words = [p for p in pieces if p[3] != "particle"]
        take = _take_words(pieces, 3)
        # After the first word, only words that read as parts of a name ("президентът Тръмп Белия дом").
        while sum(p[3] == "word" for p in take) > 1 and not _known_part(take[-1][2]):
            take = _take_words(take, sum(p[3] == "word" for p in take) - 1)
        named = [p[2] for p in take if p[3] == "word"]
        acronym = len(words) == 1 and words[0][2].isupper() and len(words[0][2]) <= 4  # "министър на МВР"
        place = any(is_place(w) or _place_word(w) for w in named) or (bool(named) and _names_a_place(tuple(named)))
        if named and not place and not acronym:
            start = take[0][0] if begin is None else min(take[0][0], begin)
            spans.append((start, take[-1][1], 0.85, "title"))
            return spans
    # Whether a place or body noun stands at or after each piece of the run, computed once: asked per window, the
    # question made a long run of capitalised words quadratic.
    place_from = [False] * (len(pieces) + 1)
    for j in range(len(pieces) - 1, -1, -1):
        word = pieces[j][2]
        place_from[j] = place_from[j + 1] or (pieces[j][3] == "word" and (_place_word(word) or _street_suffix(word)))
    i = 0
    while i < len(pieces):
        if pieces[i][3] == "word" and _saint_prefix(pieces[i][2]):
            # The saint's name is the place's ("Сао Пауло Жоао Дория" names Жоао Дория, not "Пауло Жоао"), unless
            # a surname follows it ("Сен Иван Петров")
            after = [p[2] for p in pieces[i + 1 : i + 4] if p[3] == "word"][:2]
            if not (after and _known_part(pieces[i][2]) and _surname_only(after[0])):  # "Света Петрова" is a woman
                i += 1 if len(after) == 2 and _surname_only(after[1]) else 2
                continue
        found = None
        for size in (3, 2):
            window = _take_words(pieces[i : i + _WINDOW_PIECES], size)
            if len([p for p in window if p[3] == "word"]) != size and not _has_initials(window):
                continue
            if window and pieces[i][3] != "particle":
                found = _score_window(text, pieces, i, window, place_from[i + len(window)])
            if found:
                break
        if found:
            spans.append(found)
            i += len(_take_until(pieces, i, found[1]))
        else:
            i += 1
    return spans


def _take_until(pieces: list, i: int, end: int) -> list:
    out = []
    for p in pieces[i : i + _WINDOW_PIECES]:
        if p[1] > end:
            break
        out.append(p)
    return out


_WINDOW_PIECES = 12  # three words with their initials and particles never take more pieces


def _has_initials(window: list) -> bool:
    return any(p[3] == "initial" for p in window)


def _take_words(pieces: list, size: int) -> list:
    """The shortest prefix of ``pieces`` holding ``size`` words (initials and particles ride along), ending on
    a word."""
    out, words = [], 0
    for p in pieces:
        out.append(p)
        if p[3] == "word":
            words += 1
            if words == size:
                return out
    while out and out[-1][3] != "word":
        out.pop()
    return out


def _score_window(text: str, pieces: list, i: int, window: list, place_after: bool) -> Found | None:
    words = [p[2] for p in window if p[3] == "word"]
    if place_after:
        return None  # "Hristo Botev Boulevard", "Wallace F. Bennett Federal Building"
    if _place_before(text, window[0][0]):
        return None
    if _has_initials(window):
        if not words or any(_place_word(w) or _role(w) or is_place(w) for w in words):
            return None
        if _names_a_place(tuple(p[2] for p in window if p[3] != "particle")):
            return None  # "St. Paul", "Port St. Lucie"
        last = words[-1]
        if _is_last(last) or (_is_first(words[0]) and len(words) > 1):
            return (window[0][0], window[-1][1], 0.75, "initials")
        return None
    if len(words) < 2:
        return None
    score = _name_score(tuple(words))
    return (window[0][0], window[-1][1], score, "lexicon") if score else None


_INFLECTION = ("", "а", "я", "ът", "ят")
_STANDALONE_WORD = re.compile(f"(?<![\\w.-]){_WORD_PART}(?![\\w-])")


def _propagated(text: str, spans: list[Found]) -> list[Found]:
    """Parts of the names found that stand alone elsewhere in the text: the same person ("Тръмп", "Байдън",
    "Камала"), unless they are places, roles or ordinary words there."""
    parts: dict[str, str] = {}
    for start, end, _score, _why in spans:
        words = [m.group(0) for m in _TOKEN_RE.finditer(text, start, end)]
        if len(words) < 2 and not text[start:end].count(".") and _why != "title":
            continue
        for w in words:
            if len(w) >= 3 and not (_not_first(w) or _role(w) or _place_word(w) or is_place(w)):
                parts[w.casefold()] = w
    folded = text.casefold()  # character by character: a word's folding stands inside the text's
    if all(folded.count(part) < 2 for part in parts):
        return []  # each part stands only in the name it came from: no other word can be it, inflected or not
    taken = DisjointSpans([(s, e) for s, e, *_ in spans])
    forms = {part + ending for part in parts for ending in _INFLECTION}  # a part as it stands, or inflected
    out: list[Found] = []
    for m in _STANDALONE_WORD.finditer(text):
        if m.group(0).casefold() not in forms:
            continue
        if taken.overlaps(m.start(), m.end()) or _place_before(text, m.start()):
            continue
        out.append((m.start(), m.end(), 0.7, "propagation"))
    return out


def _without_overlaps(spans: list[Found]) -> list[Found]:
    """The longest spans first, each kept when it overlaps none kept before."""
    return sorted(longest_first(spans, lambda s: (s[0], s[1])))


def prefilter_pattern() -> str:
    """An RE2 pattern every text with a span of ``find_person_spans`` matches unless it holds one of
    ``prefilter_words``: two capitalised words (particles between them), or one after a title or an initial
    (propagation only repeats words of such a span)."""
    up, low = _UPPER, f"{_LOWER}{_UPPER}\\-"
    word = f"[{up}][{low}]+"
    # [ \t\n\f\r] is RE2's \s, written out so that Python's re reads the pattern the same (regexmask.py).
    space = "[ \\t\\n\\f\\r]+"
    # Particles may stand between the words ("Jan de Vries", "Ursula von der Leyen").
    particles = f"(?:{_PARTICLE} ){{0,2}}"
    return f"{word} {particles}(?:[{up}][{low}]*\\. ?)?{word}|[{up}][{low}]?\\. ?[{up}]|{_TITLE}{space}[{up}]"


# What a text chosen by a role's word must also hold: a name's capital after a space ("президентът Тръмп"), for
# the name after a role starts a word after white space. Lower-case prose with "president" or "mr" in it (6,405 of
# 100k realistic comments, none with a name) is no longer read. Any character that is no letter or digit stands
# for the space: wider than Python's ``isspace``, never narrower.
AFTER_ROLE = f"[^\\pL\\pN][{_UPPER}]"


@cache
def prefilter_words() -> frozenset[str]:
    """The words a text with a name after a role holds ("президентът Тръмп", "Министърът Петров"): each role's
    first word as ``has_any_word`` cuts texts, in lower case and capitalised."""
    from rightskit.detect.wordsplit import WORD_SPLIT

    firsts = {parts[0] for role in _words()["roles"] if (parts := [t for t in WORD_SPLIT.split(role) if t])}
    return frozenset(w for first in firsts for w in (first, first.capitalize(), first.upper()))
