"""PERSON and LOCATION in Bulgarian prose by a statistical sequence tagger trained by the project (a CRF, see
``bench/ner/train.py``), stacked on the rules: each token's features include what the lexicon-and-rule finders
said of it, so the model learns where they are right and where they are not, from news they were never tuned on.

The model ships with the package (``ner_bg.crfsuite``; its data's licence in ``SOURCES.md``) and needs
``python-crfsuite``; without either, the rules alone decide. It reads only texts in Cyrillic script and never
touches identifiers and addresses: it only decides the names and places among the rules' spans and adds its own.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from typing import NamedTuple

from rightskit.detect.names.finder import (
    _is_first,
    _is_last,
    _last_word,
    _names_a_place,
    _not_first,
    _place_before,
    _place_word,
    _role,
    _saint_prefix,
)
from rightskit.detect.names.normalise import NOT_ASCII_LETTERS
from rightskit.detect.places import is_place

MODEL_FILE = "ner_bg.crfsuite"
# A span is kept when every token's marginal probability reaches this: 0.7 was chosen on a topic held out of
# training (nord_stream: precision 0.932 -> 0.956 for recall 0.937 -> 0.927), never on the topics reported.
MIN_CONFIDENCE = 0.7
# The entity types the model decides; it was trained on BSNLP's five (PER, LOC, ORG, EVT, PRO) so that an
# organisation or an event named after a person is learnt as such, and reports two of them.
DECIDES = {"PER": "PERSON", "LOC": "LOCATION"}
_RULE_LABEL = {"PERSON": "PER", "LOCATION": "LOC", "STREET_ADDRESS": "ADDR"}

_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+|[^\w\s]")
# What every text ``applies_to`` takes holds (RE2 and Python alike): a column's other texts are not the model's.
MAY_APPLY = "[а-яА-ЯёЁ]"
_CYRILLIC = re.compile(MAY_APPLY)
# Letters counted by their runs (``_WORD`` too): a list of every letter cost twice as much, each allocated
_CYRILLIC_RUN = re.compile(f"{MAY_APPLY}+")
_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = frozenset('.!?:;"„“”«»—–-()\n')


class Token(NamedTuple):  # made per word of every text the model reads: a tuple is made faster than a dataclass
    start: int
    end: int
    text: str


def tokens_of(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]


def applies_to(text: str) -> bool:
    """The model was trained on Bulgarian news: it reads texts written mostly in Cyrillic script."""
    if text.isascii():
        return False  # no Cyrillic letter; str knows this without reading it (most texts a release redacts)
    cyrillic = sum(map(len, _CYRILLIC_RUN.findall(text)))
    if cyrillic < len(text.encode("ascii", "ignore").translate(None, NOT_ASCII_LETTERS)):
        return False  # more Latin letters than Cyrillic ones, counted in C: "Йолко Hopkins …" in English prose
    return cyrillic > 0 and cyrillic * 2 >= sum(map(len, _WORD.findall(text)))


def in_domain(span: str) -> bool:
    """Words as the news the model learnt from writes names: Cyrillic, not all in capitals ("РИА Новости" is;
    "ХРИСТЕЛА СМЪРДАНСКИ" and "Vladimira Stoykova" inside Bulgarian text, as forms and statements write them,
    are the rules' to judge)."""
    words = _WORD.findall(span)
    if not words or not all(_CYRILLIC.match(w) for w in words):
        return False
    return not all(len(w) > 1 and w.isupper() for w in words)


@lru_cache(maxsize=65_536)
def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if not word[0].isalpha():
        return "p"
    if word.isupper():
        return "X" if len(word) > 1 else "X1"
    if word[0].isupper():
        return "Xx" if word[1:].islower() or len(word) == 1 else "XxX"
    return "x" if word.islower() else "xX"


@lru_cache(maxsize=65_536)
def _word_features(word: str) -> tuple[str, ...]:
    """What a word says on its own, from its letters and the lexicons (cached: words recur)."""
    low = word.casefold()
    shape = _shape(word)
    feats = [f"w={low}", f"sh={shape}", f"s2={low[-2:]}", f"s3={low[-3:]}", f"p2={low[:2]}"]
    if len(low) > 4:
        feats.append(f"s4={low[-4:]}")
    if word[0].isalpha():
        feats.append("cyr" if _CYRILLIC.match(word) else "lat")
        if word[0].isupper():
            feats.extend(flag for flag, holds in _CAPITALISED_FLAGS if holds(word))
        feats.extend(flag for flag, holds in _WORD_FLAGS if holds(word))
    return tuple(feats)


# What the lexicons say of a word, as features: of a capitalised word, and of any word.
_CAPITALISED_FLAGS = (("first", _is_first), ("last", _is_last), ("place", is_place))
_WORD_FLAGS = (("placeword", _place_word), ("role", _role), ("common", _not_first))


def _rule_tags(tokens: Sequence[Token], spans: Iterable[tuple[int, int, str, str | None]]) -> list[str]:
    """Each token's label by the rules: B-/I- and the entity, and the evidence that made it."""
    tags = ["O"] * len(tokens)
    starts = [t.start for t in tokens]
    for start, end, entity, evidence in spans:
        label = _RULE_LABEL.get(entity)
        if label is None:
            continue
        i = bisect.bisect_left(starts, start)
        first = True
        while i < len(tokens) and tokens[i].start < end:
            tags[i] = f"{'B' if first else 'I'}-{label}" + (f"|{evidence}" if evidence and label == "PER" else "")
            first = False
            i += 1
    return tags


def features(
    text: str, tokens: Sequence[Token], rule_spans: Iterable[tuple[int, int, str, str | None]]
) -> list[list[str]]:
    """One feature list per token: the word, its neighbours, the rules' reading, and whether the same word
    stands capitalised elsewhere in the text, away from a sentence start (a name, not a sentence opener).

    What a word tells its four neighbours is put together once per word and rules' reading (``_beside``), not
    once per token and neighbour (BSNLP's 302 articles, 152k tokens: 0.99 -> 0.71 s)."""
    rules = _rule_tags(tokens, rule_spans)
    words = [t.text for t in tokens]
    n = len(words)
    starts = [
        i == 0 or words[i - 1][0] in _SENTENCE_END or text[tokens[i - 1].end : tokens[i].start].count("\n") > 0
        for i in range(n)
    ]
    folded = [w.casefold() for w in words]
    inner_caps = {low for w, low, s in zip(words, folded, starts, strict=True) if not s and w[0].isupper()}
    rule_person_words = {low for low, r in zip(folded, rules, strict=True) if r[2:5] == "PER"}
    # What each token tells the tokens d places away, and what stands there past either end of the text
    sides = list(zip(*[_beside(w, r[:5]) for w, r in zip(words, rules, strict=True)], strict=True)) or [()] * 4
    before2, before1 = [_NONE[-2], _NONE[-2], *sides[0]], [_NONE[-1], *sides[1]]
    after1, after2 = [*sides[2], _NONE[1]], [*sides[3], _NONE[2], _NONE[2]]
    out: list[list[str]] = []
    for i, w in enumerate(words):
        rule = rules[i]
        f = [*_word_features(w), f"r={rule}", f"r0={rule[:5]}"]
        if starts[i]:
            f.append("start")
        if w[0].isupper():
            low = folded[i]
            if low in inner_caps:
                f.append("capelsewhere")
            if low in rule_person_words:
                f.append("perelsewhere")
        f += before2[i]
        f += before1[i]
        f += after1[i + 1]
        f += after2[i + 2]
        out.append(f)
    return out


_NONE = {d: (f"{d}:none",) for d in (-2, -1, 1, 2)}


@lru_cache(maxsize=65_536)
def _beside(word: str, rule: str) -> tuple[tuple[str, ...], ...]:
    """What ``word``, read by the rules as ``rule`` (its first five characters), tells the tokens two before it,
    one before it, one after it and two after it: its form and shape and the rules' reading, and, next to it, its
    lexicon flags."""
    own = _word_features(word)
    flags = [x for x in own[5:] if x not in ("cyr", "lat")]
    return tuple(
        (f"{d}:{own[0]}", f"{d}:{own[1]}", f"{d}:r={rule}", *(f"{d}:{x}" for x in (flags if d in (-1, 1) else ())))
        for d in (-2, -1, 1, 2)
    )


def spans_from_labels(
    tokens: Sequence[Token], labels: Sequence[str], probabilities: Sequence[float]
) -> list[tuple[int, int, str, float]]:
    """Contiguous B-/I- runs of one type as (start, end, type, the lowest token probability in the run)."""
    out: list[tuple[int, int, str, float]] = []
    current: list | None = None
    for tok, label, p in zip(tokens, labels, probabilities, strict=True):
        kind = label[2:] if label != "O" else None
        if current and kind == current[2] and label.startswith("I-"):
            current[1] = tok.end
            current[3] = min(current[3], p)
            continue
        if current:
            out.append(tuple(current))
            current = None
        if kind:
            current = [tok.start, tok.end, kind, p]
    if current:
        out.append(tuple(current))
    return out


def not_a_person(text: str, start: int, end: int) -> bool:
    """Words the rules know are no one's name: a place in the gazetteers ("Стара Загора"), a saint's prefix inside
    it ("Свети Георги") or a village's first word (also just before it) or ending ("Горна Малина", "Георги
    Добрево": ``_names_a_place``), or a name standing for a place or a body by its context — a street, an institute
    or a hospital before it ("университета Джонс Хопкинс")."""
    words = tuple(text[start:end].split())
    if _saint_prefix(words[0]) or _names_a_place(words) or _place_before(text, start):
        return True
    # one word of a place's name the model read alone: "Козма" in "Горна Козма"
    _at, before = _last_word(text, max(0, start - 30), start, quote=False)
    return len(words) == 1 and before[:1].isupper() and _names_a_place((before, words[0]))


@cache
def _model_path() -> str | None:
    resource = files("rightskit.detect.names").joinpath(MODEL_FILE)
    return str(resource) if resource.is_file() else None


@cache
def available() -> bool:
    """The model file ships and python-crfsuite imports."""
    if _model_path() is None:
        return False
    try:
        import pycrfsuite  # noqa: F401
    except ImportError:
        return False
    return True


# One tagger per thread: a tagger holds the sequence it last tagged, and its marginals are read after the tagging,
# so two column threads sharing one would read each other's.
_PER_THREAD = threading.local()


def _tagger():
    tagger = getattr(_PER_THREAD, "tagger", None)
    if tagger is None:
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open(_model_path())
        _PER_THREAD.tagger = tagger
    return tagger


@dataclass(frozen=True, slots=True)
class Reading:
    """What the model read in one text: its PERSON and LOCATION spans (start, end, entity, confidence), and the
    entity type it gave each token (BSNLP's PER, LOC, ORG, EVT, PRO, or O), by where the token starts."""

    spans: list[tuple[int, int, str, float]]
    starts: list[int]  # where each token starts
    labels: list[str]

    def kinds_in(self, start: int, end: int) -> set[str]:
        """The entity types (PER, LOC, ORG, EVT, PRO) the model gave any token in ``[start, end)``."""
        i = bisect.bisect_left(self.starts, start)
        kinds: set[str] = set()
        while i < len(self.starts) and self.starts[i] < end:
            if self.labels[i] != "O":
                kinds.add(self.labels[i][2:])
            i += 1
        return kinds


def read(text: str, rule_spans: Iterable[tuple[int, int, str, str | None]]) -> Reading:
    """The model's reading of ``text``, given the rules' spans as evidence; a long text a piece at a time."""
    rules = sorted(rule_spans)
    tagger = _tagger()
    spans: list[tuple[int, int, str, float]] = []
    starts: list[int] = []
    labels: list[str] = []
    for lo, hi in _pieces(text):
        piece = text[lo:hi]
        piece_tokens = tokens_of(piece)
        if not piece_tokens:
            continue
        local = [(s - lo, e - lo, entity, why) for s, e, entity, why in rules if lo <= s and e <= hi]
        piece_labels = tagger.tag(features(piece, piece_tokens, local))
        # Only the tokens of an entity need their probability (a span's confidence is its lowest).
        probabilities = [tagger.marginal(label, i) if label != "O" else 1.0 for i, label in enumerate(piece_labels)]
        for start, end, kind, p in spans_from_labels(piece_tokens, piece_labels, probabilities):
            if (
                kind in DECIDES
                and p >= MIN_CONFIDENCE
                and not (kind == "PER" and not_a_person(text, lo + start, lo + end))
            ):
                spans.append((lo + start, lo + end, DECIDES[kind], p))
        starts.extend(t.start + lo for t in piece_tokens)
        labels.extend(piece_labels)
    return Reading(spans, starts, labels)


# Characters the model reads at once: a news article is one piece, and a 10 MB cell costs memory by the piece,
# not by the cell. Pieces end at a line or a sentence, else at a space (never inside a word).
_PIECE = 50_000


def _pieces(text: str) -> Iterable[tuple[int, int]]:
    start = 0
    while start < len(text):
        end = min(len(text), start + _PIECE)
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind(". ", start, end))
            if cut <= start:
                cut = max(text.rfind(" ", start, end), text.rfind("\t", start, end))  # never inside a word
            end = cut + 1 if cut > start else end
        yield start, end
        start = end
