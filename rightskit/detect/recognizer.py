"""Recognizer declarations (YAML, in packs) compiled into one runtime object that runs three ways.

* ``match_cells``: vectorised over an Arrow string array — the pattern (RE2) selects candidates in C++,
  the validator runs in Python once per distinct candidate;
* ``find_spans``: entities inside free text, with boundaries and context words;
* as presidio: ``presidio_engine.make_pattern_recognizer`` wraps the same declaration in a ``PatternRecognizer``
  (the adapter imports this module, never the reverse).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from rightskit.detect.batch_validators import get_batch_validator
from rightskit.detect.fast_validators import UNDECIDED, BatchValidator
from rightskit.detect.regexmask import regex_mask, within_ascii_word
from rightskit.detect.textmatch import finditer_many, looser_pattern, reads_alike
from rightskit.detect.validators import PERSON_CHECKS, Validator, get_validator
from rightskit.detect.wordsplit import WORD_SPLIT, TextWords, digit_groups
from rightskit.models.detection import RecognizerSpec, Strength

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

# Whether a value is allowed (never reported) for an entity type.
AllowCheck = Callable[[str, str], bool]

# A validated match without its own keyword but beside another entity's words: kept, at a confidence that
# says "probably something else" (a release redacts it all the same; analyze_text users can filter it).
_NEGATIVE_SCORE = 0.35

# Python verdicts remembered per recognizer: a full scan meets the same values batch after batch.
_MEMO_CAP = 200_000
_PERSON_CHECKS_PER_BATCH = 500

# The same boundaries for RE2 pre-filters, where a character class can say them (no look-behind in RE2): consumed,
# so that a text matches exactly when it holds a match with them; ASCII word characters only, so never narrower.
_RE2_BOUNDARIES = {
    "digits": ("(?:^|[^0-9])", "(?:$|[^0-9])"),
    "alnum": ("(?:^|[^0-9A-Za-z_])", "(?:$|[^0-9A-Za-z_])"),
}
_BOUNDARIES = {
    "none": ("", ""),
    "digits": (r"(?<![0-9])", r"(?![0-9])"),
    # A program's version after its name ("Crawler/1.0.0.7", "BlackBerry9000/4.6.0.167") is no IPv4 address.
    "digits_dots": (r"(?<![0-9.])(?<!\w/)", r"(?![0-9]|\.[0-9])"),
    "hex": (r"(?<![0-9A-Fa-f:])", r"(?![0-9A-Fa-f:])"),
    "alnum": (r"(?<!\w)", r"(?!\w)"),
}


@dataclass(frozen=True, slots=True)
class Span:
    """An entity inside a text: offsets into the text."""

    start: int
    end: int
    entity: str
    score: float
    recognizer: str
    # How far the recognizer's own keyword stands (None: none near). A keyword-anchored reading outranks
    # look-alikes, the nearest keyword first ("кредитна …; CNP 5541212434094": a CNP that also passes Luhn).
    keyword_gap: int | None = None
    # Which evidence made the span when a finder says (names: lexicon, initials, title, propagation).
    evidence: str | None = None

    @property
    def keyword(self) -> bool:
        return self.keyword_gap is not None


@dataclass(slots=True)
class CellMatch:
    """Counts for one array, plus the distinct validated values (in memory only, for shapes)."""

    matched: int
    validated: int
    validated_values: pa.Array | list[str]
    allowed: int = 0
    checked: int = 0  # validated values put to spec.person_check (at most _PERSON_CHECKS_PER_BATCH distinct)
    personal: int = 0  # of those, the ones that name a person


def _never_allowed(_value: str, _entity: str) -> bool:
    return False


class Recognizer:
    """A compiled recognizer declaration."""

    def __init__(self, spec: RecognizerSpec, options: dict[str, Any] | None = None) -> None:
        self.spec = spec
        self.name = spec.name
        self.entity = spec.entity
        self.validate: Validator = get_validator(spec.validator, options) if spec.validator else (lambda _t: True)
        self._validate_batch: BatchValidator | None = (
            get_batch_validator(spec.validator, options) if spec.validator and not spec.deny_list else None
        )
        self._memo: dict[str, bool] = {}
        self._person_check = PERSON_CHECKS[spec.person_check] if spec.person_check else None
        self._deny = frozenset(v.casefold() for v in spec.deny_list)
        parts = [f"(?:{spec.pattern})"] if spec.pattern else []
        parts += [re.escape(v) for v in sorted(spec.deny_list, key=len, reverse=True)]
        body = "|".join(parts) or "(?!)"
        self._search = body
        self._anchored = f"^(?:{body})$"
        self._finder = finder(spec.finder) if spec.finder else None
        self.cells_enabled = True
        self._context = context_words(spec.context)
        # A hint is only a span beside its own keyword, so the texts worth searching hold one of its words.
        self._context_tokens = context_tokens(spec.context) if spec.strength == "hint" else None
        self._negative = context_words(spec.negative_context)

    @classmethod
    def with_finder(cls, spec: RecognizerSpec, find: Callable[[str], list[tuple[int, int, float]]]) -> Recognizer:
        """A recognizer whose spans come from ``find`` (an NER model) and whose pattern only pre-filters."""
        rec = cls(spec.model_copy(update={"finder": None}))
        rec._finder = find
        return rec

    @property
    def reads_words(self) -> bool:
        """Spans come from a lexicon or a model reading words (names, places), not from a checked format: a few
        of them in a large text field may be chance."""
        return self._finder is not None and self.spec.strength != "strong"

    @property
    def text_pattern(self) -> str:
        """The pattern with its boundaries, as used inside free text (and by the presidio adapter)."""
        return self._text_re.pattern

    def is_valid(self, value: str) -> bool:
        """A deny-listed value, or one that passes the validator."""
        return value.casefold() in self._deny or self.validate(value)

    def match_cells_one(self, value: str) -> bool:
        """Whether one whole value has this recognizer's form (Python's re; for a handful of values)."""
        return bool(self._text_re.fullmatch(value.strip()))

    def validate_many(self, values: pa.Array) -> np.ndarray:
        """``is_valid`` for every value of a string array: vectorised where it can be, else once per value."""
        import numpy as np

        if not self.spec.validator and not self.spec.deny_list:
            return np.ones(len(values), dtype=bool)
        verdict = self._validate_batch(values) if self._validate_batch else np.full(len(values), UNDECIDED, np.int8)
        valid = verdict == 1
        rest = np.flatnonzero(verdict == UNDECIDED)
        if len(rest):
            memo = self._memo
            if len(memo) > _MEMO_CAP:
                memo.clear()
            for i, value in zip(rest.tolist(), values.take(rest).to_pylist(), strict=True):
                known = memo.get(value)
                if known is None:
                    known = memo[value] = self.is_valid(value)
                valid[i] = known
        return valid

    def match_cells(self, values: pa.Array, allowed: AllowCheck = _never_allowed) -> CellMatch:
        """Full-cell matches in a string array (already trimmed), validated once per distinct candidate."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if not self.cells_enabled:
            return CellMatch(0, 0, [])
        if self.spec.deny_list and not self.spec.pattern:
            mask = pc.is_in(pc.utf8_lower(values), value_set=pa.array(sorted(self._deny)))
        else:
            mask = pc.match_substring_regex(values, self._anchored, ignore_case=bool(self.spec.deny_list))
        counted = pc.value_counts(values.filter(mask))
        return self.count_matches(counted.field(0), counted.field(1).to_numpy(zero_copy_only=False), allowed)

    def count_matches(self, distinct: pa.Array, counts: np.ndarray, allowed: AllowCheck = _never_allowed) -> CellMatch:
        """Counts for distinct values this recognizer's pattern matched, each occurring ``counts`` times."""
        import numpy as np

        matched = int(counts.sum())
        if matched == 0:
            return CellMatch(0, 0, [])
        allowed_count = 0
        if allowed is not _never_allowed:
            permitted = np.array([allowed(v, self.entity) for v in distinct.to_pylist()], dtype=bool)
            allowed_count = int(counts[permitted].sum())
            keep = np.flatnonzero(~permitted)
            distinct, counts = distinct.take(keep), counts[keep]
        valid = self.validate_many(distinct)
        validated_values = distinct.filter(valid)
        checked = personal = 0
        if self._person_check is not None and len(validated_values):
            # A share is all the classifier needs: a bounded sample of distinct values keeps --full cheap.
            sample = validated_values.slice(0, _PERSON_CHECKS_PER_BATCH).to_pylist()
            checked, personal = len(sample), sum(map(self._person_check, sample))
        return CellMatch(
            matched - allowed_count, int(counts[valid].sum()), validated_values, allowed_count, checked, personal
        )

    # Python's patterns are compiled on first use: building a detector stays cheap for scans that never search
    # text (a deny list of a few thousand names compiles in tens of milliseconds).
    @cached_property
    def _whole_re(self) -> re.Pattern[str]:
        return re.compile(f"(?:{self._search})", re.IGNORECASE if self.spec.deny_list else 0)

    @cached_property
    def _text_re(self) -> re.Pattern[str]:
        before, after = _BOUNDARIES[self.spec.boundary]
        return re.compile(f"{before}(?:{self._search}){after}", re.IGNORECASE if self.spec.deny_list else 0)

    @cached_property
    def _looser(self) -> str | None:
        """``_text_re`` for RE2, its boundaries consumed (``textmatch.finditer_many``); None where RE2 could read
        the pattern otherwise than Python's re."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if self.spec.deny_list or not reads_alike(self._search):
            return None
        looser = looser_pattern(self._search, *_RE2_BOUNDARIES.get(self.spec.boundary, ("", "")))
        try:
            pc.find_substring_regex(pa.array([""], pa.string()), looser)
        except pa.ArrowException:
            return None
        return looser

    @cached_property
    def _prefilter(self) -> FinderPrefilter:
        # In text, a finder may know another pre-filter than its declaration (a gazetteer's names, titles and
        # roles before a name); built on first use, not with the detector: scans without prose never need it.
        found = finder_prefilter(self.spec.finder) if self.spec.finder else None
        if found is None and self.spec.validated_pattern and not self.spec.deny_list:
            found = FinderPrefilter(f"(?:{self.spec.validated_pattern})", None)  # what may pass the validator
        return found if found is not None else FinderPrefilter(self._search, None)

    @property
    def prefilter_pattern(self) -> str | None:
        """The RE2 pattern a text holding this entity matches, unless it holds one of ``prefilter_words`` (no
        boundaries, no validation); None when the words alone decide."""
        pattern = self._prefilter[0]
        return f"(?i:{pattern})" if pattern is not None and self.spec.deny_list else pattern

    @cached_property
    def text_prefilter_pattern(self) -> str | None:
        """``prefilter_pattern`` with the recognizer's boundary where a character class says it in RE2, consumed
        before and after the match, of ASCII word characters only (looser than Python's ``\\w``): every text
        ``find_spans`` finds a span in still matches. An 11-digit pattern no longer selects each run of 14
        digits: six recognizers had each searched 4,025 of 100k realistic comments in Python for nothing."""
        pattern = self.prefilter_pattern
        bounds = _RE2_BOUNDARIES.get(self.spec.boundary)
        if pattern is None or bounds is None or self._finder is not None or self.spec.deny_list:
            return pattern  # a finder's spans (a lexicon's, a model's) do not come from the pattern
        return f"{bounds[0]}(?:{pattern}){bounds[1]}"

    @cached_property
    def _within_words(self) -> str | None:
        """The pre-filter's pattern when each of its matches lies inside one word of a text (``TextWords.search``
        may then look among the distinct words first)."""
        pattern = self.prefilter_pattern
        return pattern if pattern and not self.spec.deny_list and within_ascii_word(pattern) else None

    @property
    def narrows_its_words(self) -> bool:
        """Whether a text holding one of ``prefilter_words`` must also match a pattern (``FinderPrefilter``)."""
        return self._prefilter.words_with is not None

    @property
    def prefilter_words(self) -> frozenset[str] | None:
        """Words of which a text holding this entity has one, unless it matches ``prefilter_pattern`` (a
        gazetteer's first words, the roles before a name); None: by pattern alone."""
        return self._prefilter[1]

    def prefilter(self, values: pa.Array, words_of: TextWords | None = None, *, wide: bool = False) -> pa.Array:
        """Boolean mask of cells that may contain this entity somewhere (``text_prefilter_pattern``, no
        validation); ``words_of``: the same values cut into words, shared by the recognizers asking about them.
        ``wide``: a text holding one of the finder's words is selected without its ``words_with`` (the texts the
        names tagger reads: it may find a name where the rules cannot, "Тръмп каза на президента, …")."""
        import numpy as np
        import pyarrow as pa

        pattern, words, words_with = self._prefilter
        pattern = pattern if self.spec.deny_list else self.text_prefilter_pattern
        literal = self.spec.literal
        words_of = words_of or TextWords(values)
        rows = None
        if self._context_tokens is not None:
            # A hint needs one of its context words: looked up first (one hash look-up per distinct word), so
            # its pattern searches only the few texts that have one.
            rows = np.flatnonzero(words_of.any_of(self._context_tokens, lower=True))
            if not len(rows):
                return pa.array(np.zeros(len(values), dtype=bool))
        searched = rows
        if pattern is not None and literal is not None and not self.spec.deny_list:
            # A match holds the literal: the pattern searches only the texts that do (an e-mail's "@": 4 % of
            # realistic comments), and is not even compiled when none does. (A deny list is searched ignoring
            # case, and its entries need not hold the literal.) RE2 looks for a literal with memchr: in prose
            # without it, five times as fast as match_substring.
            holding = regex_mask(values, re.escape(literal))
            searched = np.flatnonzero(holding) if rows is None else rows[holding[rows]]
        if pattern is None or (searched is not None and not len(searched)):
            keep = np.zeros(len(values), dtype=bool)
        else:
            keep = words_of.search(
                pattern, ignore_case=bool(self.spec.deny_list), rows=searched, within_words=self._within_words
            )
        if words is not None:
            worded = np.zeros(len(values), dtype=bool)
            if rows is None:
                worded = words_of.any_of(words)
            else:
                worded[rows] = words_of.any_of(words, rows)
            if words_with is not None and not wide:
                unsure = np.flatnonzero(worded & ~keep)
                worded[unsure] = words_of.search(words_with, rows=unsure)[unsure]
            keep |= worded
        return pa.array(keep)

    def find_spans(self, text: str, window: int = 40, allowed: AllowCheck = _never_allowed) -> list[Span]:
        """Validated matches inside ``text``, scored with context words within ``window`` characters."""
        if self._finder is not None:
            # A finder may say which evidence made each span (lexicon, title, propagation, …) as a 4th item.
            return [
                Span(start, end, self.entity, score, self.name, evidence=why[0] if why else None)
                for start, end, score, *why in self._finder(text)
                if not allowed(text[start:end], self.entity)
            ]
        spans: list[Span] = []
        for m in self._text_re.finditer(text):
            found = m.group(0)
            if not self.is_valid(found):
                found = self._shorter_valid(found)
            if found is None or allowed(found, self.entity):
                continue
            span = self._scored(text, m.start(), m.start() + len(found), window)
            if span is not None:
                spans.append(span)
        return spans

    def _shorter_valid(self, found: str) -> str | None:
        """A match that fails validation may have swallowed the next group of characters ("RO39… 09.12.1994"
        read as one IBAN): its longest prefix that ends before a space and validates."""
        cut = len(found)
        while (cut := found.rfind(" ", 0, cut)) > 0:
            head = found[:cut].rstrip()
            if self._whole_re.fullmatch(head) and self.is_valid(head):
                return head
        return None

    def find_spans_many(
        self, texts: list[str], window: int = 40, allowed: AllowCheck = _never_allowed
    ) -> list[list[Span]]:
        """``find_spans`` for many texts: every candidate is validated in one vectorised call."""
        import pyarrow as pa

        if self._finder is not None:
            return [self.find_spans(t, window, allowed) for t in texts]
        found = finditer_many(texts, self._text_re, self._looser)
        matches = [(i, start, end, match) for i, spans in enumerate(found) for start, end, match in spans]
        out: list[list[Span]] = [[] for _ in texts]
        if not matches:
            return out
        candidates = list(dict.fromkeys(found for *_, found in matches))
        valid = dict(zip(candidates, self.validate_many(pa.array(candidates, pa.string())).tolist(), strict=True))
        worded = self._may_hold_words(texts, sorted({i for i, *_ in matches}))
        for i, start, _end, match in matches:
            found = match if valid[match] else self._shorter_valid(match)
            if found is None or allowed(found, self.entity):
                continue
            span = self._scored(texts[i], start, start + len(found), window, worded is None or i in worded)
            if span is not None:
                out[i].append(span)
        return out

    @cached_property
    def _near_words(self) -> str | None:
        # Built on first use, as the Python patterns are: a scan without prose never needs it.
        return words_gate([*self.spec.context, *self.spec.negative_context])

    def _may_hold_words(self, texts: list[str], rows: list[int]) -> set[int] | None:
        """Which of ``texts[rows]`` may hold one of this recognizer's context or negative words (``words_gate``,
        one RE2 pass over them all); None: every one may. In the others no span has a word near it to look for,
        and the search of each span's window (3.5 µs each; 19,000 spans in 100,000 realistic comments) is saved."""
        import pyarrow as pa

        if self._near_words is None or len(rows) < _GATE_WORDS_FROM:
            return None
        try:
            values = pa.array([texts[i] for i in rows], pa.string())
        except (UnicodeEncodeError, pa.ArrowException):  # a lone surrogate: Arrow holds only UTF-8
            return None
        held = regex_mask(values, self._near_words, ignore_case=True)
        return {i for i, hit in zip(rows, held.tolist(), strict=True) if hit}

    def _scored(self, text: str, start: int, end: int, window: int, may_hold_words: bool = True) -> Span | None:
        """Score a validated match from the words around it (``may_hold_words``: False when the text holds none
        of the context and negative words, which then need no search).

        Its own keyword decides: a checksum-valid ЕГН after "ЕГН" stays an ЕГН whatever other recognizers'
        words stand near ("…, ЕГН 7907131538, тел. 0888 123 456"). Negative words only weigh on a match
        without its own keyword: they remove a hint and lower a validated identifier, never erase it."""
        if not may_hold_words:
            score = span_score(self.spec.strength, False)
            return Span(start, end, self.entity, score, self.name, None) if score > 0 else None
        lo = max(0, start - window)
        around = text[lo : end + window]
        gap = self._keyword_gap(around, start - lo, end - lo)
        own = gap is not None
        score = span_score(self.spec.strength, own)
        if not own and self._negative is not None and self._negative.search(around):
            score = min(score, _NEGATIVE_SCORE) if self.spec.strength in ("strong", "checksum") else 0.0
        return Span(start, end, self.entity, score, self.name, gap) if score > 0 else None

    def _keyword_gap(self, around: str, start: int, end: int) -> int | None:
        """Characters between the match and the nearest of its own keywords in ``around``, or None. Forms
        name the field before the value ("ЕГН: …"), so any keyword before the match counts as nearer than one
        after it."""
        if self._context is None:
            return None
        gaps = [
            start - m.end() if m.end() <= start else (len(around) + m.start() - end if m.start() >= end else 0)
            for m in self._context.finditer(around)
        ]
        return min(gaps) if gaps else None


def finder(name: str) -> Callable[[str], list]:
    """A named span finder: the logic YAML cannot say (name lexicons, gazetteers)."""
    if name == "person_names":
        from rightskit.detect.names.finder import find_person_spans

        return find_person_spans
    if name == "places":
        from rightskit.detect.places import find_place_spans

        return find_place_spans
    raise ValueError(f"unknown finder '{name}' (known: person_names, places)")


class FinderPrefilter(NamedTuple):
    """What every text a finder finds a span in has: a match of ``pattern``, or one of ``words`` and then, if
    given, a match of ``words_with`` too."""

    pattern: str | None
    words: frozenset[str] | None
    words_with: str | None = None


def finder_prefilter(name: str) -> FinderPrefilter | None:
    """What every text a finder finds a span in has, where it differs from the declaration's pattern: a match
    of a pattern, or one of some words (as ``has_any_word`` splits texts). A place is one of the gazetteer's
    names: a text holding none of their first words is never searched (narrower; a gazetteer of thousands of
    names is a word look-up per token, not an RE2 alternation, whose DFA outgrows its memory and crawls). A
    person may be one capitalised word after a title or a role ("президентът Тръмп"), which the declaration of
    whole names does not cover (wider): the roles are words too, an alternation of them cost milliseconds per
    column to compile."""
    if name == "person_names":
        from rightskit.detect.names.finder import AFTER_ROLE, prefilter_pattern, prefilter_words

        return FinderPrefilter(prefilter_pattern(), prefilter_words(), AFTER_ROLE)
    if name == "places":
        from rightskit.detect.places import first_words

        return FinderPrefilter(None, first_words())
    return None


def context_words(words: list[str]) -> re.Pattern[str] | None:
    """One pattern finding any of ``words`` as a whole word (a token of the text, never inside another word):
    "tel" is found in "тел. 0888…" and "tel:", not in "hotel" or "tell"; a space in a phrase matches any run of
    white space. Abbreviations are declared with their dot ("п.к.")."""
    if not words:
        return None
    forms = sorted({w.strip().casefold() for w in words if w.strip()}, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in forms)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


def words_gate(words: list[str]) -> str | None:
    """An RE2 pattern (searched ignoring case) that every text in which ``context_words(words)`` finds a word
    matches: the first part of each word as ``context_words`` folds it, without the boundaries RE2 cannot look
    around. RE2 folds case by Unicode's simple case folding; Python's ``re.IGNORECASE`` also takes the pairs of
    ``re._casefix`` as equal, and "İ", "ı" for "i", which RE2 keeps apart: those letters are written as classes
    of every form. None: no words."""
    parts = sorted({w.strip().casefold().split()[0] for w in words if w.strip()}, key=len, reverse=True)
    return "|".join(_blind(p) for p in parts) or None


# Python's \s in a text pattern: str.isspace(), which RE2's \s (ASCII, without \v) is not
_ANY_SPACE = r"[\s\v\x1c-\x1f\x85\p{Z}]+"


def phrases_pattern(words: list[str]) -> str | None:
    """The words or phrases, as ``context_words`` folds them, as one RE2 alternation (longest first; searched
    ignoring case) that matches wherever Python's blind search of them does: each letter as ``words_gate`` writes
    it, any white space Python's ``\\s`` takes between a phrase's parts (a no-break space among them). None: no
    words."""
    forms = sorted({w.strip().casefold() for w in words if w.strip()}, key=len, reverse=True)
    return "|".join(_ANY_SPACE.join(_blind(part) for part in w.split()) for w in forms) or None


def _blind(word: str) -> str:
    """``word`` for an RE2 search blind to case, letter by letter (``_folded``)."""
    return "".join(_folded(c) for c in word)


def _folded(char: str) -> str:
    """``char`` for an RE2 search blind to case that finds whatever Python's blind search finds."""
    from re._casefix import _EXTRA_CASES

    same = {char, *map(chr, _EXTRA_CASES.get(ord(char), ()))}
    if same & {"i", "ı"}:
        same |= {"i", "I", "İ", "ı"}
    return re.escape(char) if len(same) == 1 else "[" + "".join(re.escape(c) for c in sorted(same)) + "]"


# From this many texts with a candidate the RE2 pass that says which may hold a context word costs less than
# searching every span's window
_GATE_WORDS_FROM = 32


def context_tokens(words: list[str]) -> frozenset[str] | None:
    """The first word of each context word or phrase in lower case, cut as ``has_any_word`` cuts texts: a text in
    which ``context_words`` finds one holds one of these. None when a word has no letter or digit to look up."""
    tokens: set[str] = set()
    for word in words:
        parts = [t for t in WORD_SPLIT.split(word.strip()) if t]
        if not parts:
            return None
        tokens.update({parts[0].lower(), parts[0].casefold()})
    return frozenset(tokens) or None


_BASE_SCORE: dict[str, float] = {"strong": 0.9, "checksum": 0.7, "format": 0.65, "hint": 0.0}


def span_score(strength: Strength, has_context: bool) -> float:
    """Confidence of one validated span in free text (Purview-style levels: 0.65 / 0.75 / 0.85)."""
    base = _BASE_SCORE[strength]
    if has_context:
        return min(0.95, max(base, 0.65) + 0.2)
    return base


def prefilter_words(values: pa.Array, recognizers: tuple[Recognizer, ...]) -> TextWords:
    """``values`` to be cut into words for ``recognizers``' text pre-filters, told up front which patterns they
    group and which words the hints will look up."""
    return TextWords(values, _text_prefilter_groups(recognizers), _text_context_words(recognizers))


@cache
def _text_context_words(recognizers: tuple[Recognizer, ...]) -> frozenset[str]:
    """Every context word the hints look up inside text (``TextWords``'s ``known``)."""
    return frozenset().union(*(r._context_tokens for r in recognizers if r.spec.in_text and r._context_tokens))


def _text_prefilter_groups(recognizers: tuple[Recognizer, ...]) -> dict[str, tuple[str, ...]]:
    """The digit groups (``wordsplit.digit_groups``) of the text pre-filters searched over every text: not hints'
    (they search only the texts with a context word) nor case-blind ones."""
    return digit_groups(
        r.text_prefilter_pattern
        for r in recognizers
        if r.spec.in_text and r.text_prefilter_pattern and r._context_tokens is None and not r.spec.deny_list
    )
