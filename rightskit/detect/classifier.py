"""The column classifier: combine value, name, type and context evidence into verdicts per field.

Decision rules (documented in docs/classifier.md):

* a validated value share is judged by its 95 % Wilson lower bound, against a threshold that depends on how
  much a validated value proves (``strength``): strong checks decide at a low share, weak checksums need
  most values to pass or a name hint to agree, ``hint`` recognizers never decide alone;
* a strong name hint decides alone only where the values do not contradict it;
* recognizers of one ``family`` (10-digit numbers: ЕГН, ЛНЧ, phones) compete: only the best names the field;
* ``needs_person_context`` entities (coordinates, postcodes, places) count only in a table about people;
* prose cells are searched span by span, and each entity found inside is its own finding (``in_text``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from rightskit.detect.entities import with_trait
from rightskit.detect.lexicon import Hint, Lexicon
from rightskit.detect.profile import FieldProfile
from rightskit.models.detection import EntityInfo

# Confidence a validated-value verdict starts from, by recognizer strength (before the share bonus).
_VALUE_BASE = {"strong": 0.80, "checksum": 0.68, "format": 0.62, "hint": 0.55}
# Share (lower bound for strong checks) a verdict needs, without / with an agreeing name hint.
_THRESHOLD = {"strong": (0.05, 0.02), "checksum": (0.70, 0.30), "format": (0.80, 0.30), "hint": (None, 0.50)}
_HINT_CONF = {"strong": 0.60, "weak": 0.30}
_HINT_ONLY_CONF = 0.75
_TEXT_SHARE = 0.30  # a field is free text when this share of its values reads as prose
_CONTRADICTION_MIN = 10
_PERSONAL_SHARE = 0.02
# Names and places found in prose by lexicons (no checksum, no format) name a field only when they are not a
# stray few: 2 % of its texts, or this many. Registers of bodies, buildings and software quote a person or a
# town in one text of a hundred ("Forschungsmuseum Alexander König"); a field of people's texts has them often.
_TEXT_LEXICON_SHARE = 0.02
_TEXT_LEXICON_CELLS = 20
# Entities whose recognizers know only some of their values (name lists, a gazetteer, a few countries' address
# formats): values they do not validate do not contradict a name that says what the column holds.
_OPEN_ENDED = {"PERSON", "DATE_OF_BIRTH", "POSTAL_CODE", "STREET_ADDRESS", "LOCATION"}
# Mixed-country ID columns: the union's share needed without / with a national-ID name hint; a country counts
# when it holds this share of the values; one country holding most of the union is a single-country column.
_MIXED_SHARE = (0.90, 0.60)
_MIXED_PART = 0.05
_ONE_COUNTRY = 0.85  # values needed before "none of them validates" contradicts a name hint

# A hint for an address supports a postcode; a hint for any national ID supports every other (below).
_HINT_SUPPORTS: dict[str, set[str]] = {"STREET_ADDRESS": {"POSTAL_CODE"}}
_PERSON_CONTEXT_CATEGORIES = {"direct_identifier", "special_category", "financial"}


@dataclass
class Verdict:
    """One (field, entity) conclusion before it becomes a Finding."""

    entity: str
    confidence: float
    method: list[str]
    matched: int = 0
    validated: int = 0
    share: float = 0.0
    share_lower_bound: float = 0.0
    hints: list[str] = field(default_factory=list)
    in_text: bool = False
    examples: list[str] = field(default_factory=list)
    exclusions: list[str] = field(default_factory=list)
    recognizers: list[tuple[str, int, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    repeats: str | None = None  # the ID field whose encoded birth date or sex this field repeats (crosscolumn)
    checked: int = 0  # validated values put to the recognizer's person check (e-mail local parts)
    personal: int = 0  # of those, the ones that name a person


def wilson_lower_bound(successes: int, n: int, z: float = 1.96) -> float:
    """95 % Wilson score lower bound of a proportion."""
    if n == 0:
        return 0.0
    p = successes / n
    denom = 1 + z * z / n
    centre = p + z * z / (2 * n)
    margin = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, (centre - margin) / denom)


def field_hints(lexicon: Lexicon, field_name: str, parents: list[str] | None = None) -> list[Hint]:
    """Lexicon hints from the field name, and (weakened) from its parent path segments."""
    hints = lexicon.hints(field_name)
    for parent in parents or []:
        for h in lexicon.hints(parent):
            hints.append(Hint(h.entity, h.term, "weak", h.not_personal))
    return hints


def classify_field(profile: FieldProfile, hints: list[Hint], entities: dict[str, EntityInfo]) -> list[Verdict]:
    """Verdicts for one field from its profile and name hints."""
    not_personal = any(h.not_personal for h in hints)
    hint_by_entity: dict[str, Hint] = {}
    for h in hints:
        if h.not_personal:
            continue
        best = hint_by_entity.get(h.entity)
        if best is None or (h.strength == "strong" and best.strength != "strong"):
            hint_by_entity[h.entity] = h

    national = with_trait("national_id", entities)

    def supporting_hint(entity: str) -> Hint | None:
        found = hint_by_entity.get(entity)
        if found is None:
            sources = [src for src, supported in _HINT_SUPPORTS.items() if entity in supported]
            if entity in national:  # "personal number" above a column of ЛНЧ, "EGN" above a mixed column
                sources += sorted(national - {entity})
            found = next((hint_by_entity[src] for src in sources if src in hint_by_entity), None)
        # A "not personal" word outweighs a weak hint: "stop_name" names a stop, not a person.
        if found is not None and not_personal and found.strength != "strong":
            return None
        return found

    text_field = profile.text_share() >= _TEXT_SHARE
    verdicts: dict[str, Verdict] = {}
    family_best: dict[str, tuple[int, str]] = {}
    n = profile.non_empty
    by_name = {r.name: r for r in profile.recognizers}

    for name, counts in profile.cells.items():
        rec = by_name[name]
        strength = rec.spec.strength
        share = counts.validated / n if n else 0.0
        lower = wilson_lower_bound(counts.validated, n)
        hint = supporting_hint(rec.entity)
        if not_personal and strength != "strong" and hint is None:
            continue
        without, with_hint = _THRESHOLD[strength]
        needed = with_hint if hint is not None else without
        measure = lower if strength == "strong" else share
        if needed is None or counts.validated == 0 or measure < needed:
            continue
        confidence = _VALUE_BASE[strength] + 0.19 * lower
        method = ["values"]
        if hint is not None:
            confidence = 1 - (1 - confidence) * (1 - _HINT_CONF[hint.strength])
            method.append("name")
        verdict = verdicts.get(rec.entity)
        if verdict is not None and verdict.validated >= counts.validated:
            verdict.recognizers.append((name, counts.matched, counts.validated))
            continue
        new = Verdict(
            entity=rec.entity,
            confidence=min(confidence, 0.99),
            method=method,
            matched=counts.matched,
            validated=counts.validated,
            share=share,
            share_lower_bound=lower,
            hints=[hint.term] if hint else [],
            examples=list(counts.examples[:3]),
            recognizers=[(name, counts.matched, counts.validated)],
            checked=counts.checked,
            personal=counts.personal,
        )
        verdicts[rec.entity] = new
        if rec.spec.family:
            best = family_best.get(rec.spec.family)
            if best is None or counts.validated > best[0]:
                family_best[rec.spec.family] = (counts.validated, rec.entity)

    # Within a family only the best-supported entity names the field; the others become exclusions.
    for fam, (_count, winner) in family_best.items():
        for entity in list(verdicts):
            rec_family = {r.spec.family for r in profile.recognizers if r.entity == entity}
            if fam in rec_family and entity != winner:
                loser = verdicts.pop(entity)
                verdicts[winner].exclusions.append(
                    f"{entity}: {loser.validated} of {n} values also validate, fewer than {winner}"
                )

    _mixed_national_ids(profile, verdicts, hint_by_entity, national, not_personal)

    # Name hints alone.
    value_entities = {r.entity for r in profile.recognizers}
    for entity, hint in hint_by_entity.items():
        if entity in verdicts or hint.strength != "strong" or not_personal:
            continue
        if entity not in entities:
            continue
        checked = entity in value_entities and entity not in _OPEN_ENDED
        validated = sum(c.validated for nm, c in profile.cells.items() if by_name[nm].entity == entity)
        shaped = max((c.matched for nm, c in profile.cells.items() if by_name[nm].entity == entity), default=0)
        if (
            checked
            and n >= _CONTRADICTION_MIN
            and validated / n < 0.1
            and shaped / n < 0.5
            and entity not in profile.in_text
        ):
            # The values say otherwise: an "email" column holding no e-mail address. Values of the right shape
            # that a region-bound check rejects (7-digit office phones of another country) do not.
            continue
        if "textual" in entities[entity].traits and n >= _CONTRADICTION_MIN and profile.numeric_share() > 0.8:
            continue
        if n and profile.allowed_values >= n:
            continue  # every value is on the allow-list: the municipality's own mailboxes
        confidence = _HINT_ONLY_CONF if n else 0.6
        verdicts[entity] = Verdict(
            entity=entity,
            confidence=confidence,
            method=["name"],
            validated=validated,
            share=validated / n if n else 0.0,
            share_lower_bound=wilson_lower_bound(validated, n),
            hints=[hint.term],
        )

    # Entities inside free text. In a column whose name says it holds an address or a place, names inside the
    # text are its streets, districts and towns ("ул. Иван Вазов 12", "Santa Clara, California"): the column is
    # the place, not a list of persons.
    place_hint = next(
        (e for e, h in hint_by_entity.items() if h.strength == "strong" and "place_attribute" in entities[e].traits),
        None,
    )
    if text_field:
        for entity, tc in profile.in_text.items():
            if place_hint is not None and entity in ("PERSON", "LOCATION") and entity != place_hint:
                continue
            strong = any(by_name[r].spec.strength == "strong" for r in tc.recognizers)
            # Two texts make a finding, one stray match among thousands none; a field of one text is all its texts
            if tc.cells < (1 if strong else min(2, n)) or entity in verdicts:
                continue
            words_only = all(by_name[r].reads_words for r in tc.recognizers)
            if words_only and tc.cells < min(_TEXT_LEXICON_CELLS, _TEXT_LEXICON_SHARE * n):
                continue
            share = tc.cells / n
            verdicts[entity] = Verdict(
                entity=entity,
                confidence=min(0.99, tc.best_score + 0.05 * min(1.0, tc.cells / 10)),
                method=["text"],
                matched=tc.spans,
                validated=tc.spans,
                share=share,
                share_lower_bound=wilson_lower_bound(tc.cells, n),
                in_text=True,
                examples=list(tc.examples[:3]),
                recognizers=[(r, tc.spans, tc.spans) for r in sorted(tc.recognizers)],
            )
    return sorted(verdicts.values(), key=lambda v: (-v.confidence, v.entity))


def _mixed_national_ids(
    profile: FieldProfile,
    verdicts: dict[str, Verdict],
    hint_by_entity: dict[str, Hint],
    national: frozenset[str],
    not_personal: bool,
) -> None:
    """A column of several countries' national IDs (ЕГН, CNP, IdNr beside a country column): each value
    validates, each under its own country's check, so no single country reaches its share; their union does.
    The verdict is NATIONAL_ID with the split per country; the single-country verdicts it replaces go."""
    n = profile.non_empty
    if not n or profile.national_ids == 0:
        return
    by_name = {r.name: r for r in profile.recognizers}
    per_entity: dict[str, int] = {}
    for name, counts in profile.cells.items():
        entity = by_name[name].entity
        if entity in national:
            per_entity[entity] = max(per_entity.get(entity, 0), counts.validated)
    union = profile.national_ids
    parts = {e: c for e, c in per_entity.items() if c >= max(2, _MIXED_PART * n)}
    if len(parts) < 2 or max(parts.values()) >= _ONE_COUNTRY * union:
        return  # one country's IDs (some ЕГН also pass the ЛНЧ check): its own verdict stands
    hint = next((hint_by_entity[e] for e in sorted(national) if e in hint_by_entity), None)
    if not_personal and hint is None:
        return
    share = union / n
    lower = wilson_lower_bound(union, n)
    if share < (_MIXED_SHARE[1] if hint is not None else _MIXED_SHARE[0]):
        return
    confidence = _VALUE_BASE["checksum"] + 0.19 * lower
    method = ["values"]
    if hint is not None:
        confidence = 1 - (1 - confidence) * (1 - _HINT_CONF[hint.strength])
        method.append("name")
    replaced = [verdicts.pop(e) for e in list(verdicts) if e in national]
    split = ", ".join(f"{e} {c / n:.0%}" for e, c in sorted(parts.items(), key=lambda x: -x[1]))
    verdicts["NATIONAL_ID"] = Verdict(
        entity="NATIONAL_ID",
        confidence=min(confidence, 0.99),
        method=method,
        matched=union,
        validated=union,
        share=share,
        share_lower_bound=lower,
        hints=[hint.term] if hint else [],
        examples=[e for v in replaced for e in v.examples][:3]
        or [x for name, c in profile.cells.items() if by_name[name].entity in parts for x in c.examples][:3],
        recognizers=[
            (name, c.matched, c.validated) for name, c in profile.cells.items() if by_name[name].entity in parts
        ],
        notes=[f"national IDs of several countries: {split} of the values (union {share:.0%})"],
    )


def _names_no_one(verdict: Verdict) -> bool:
    """Whether hardly any value a verdict rests on names a person (info@, poststelle@, an office's acronym):
    in a register of bodies that column is the bodies' own. One first.last address in fifty keeps it."""
    return verdict.checked > 0 and verdict.personal < _PERSONAL_SHARE * verdict.checked


def needs_person_context(entity: str, entities: dict[str, EntityInfo]) -> bool:
    """True for entities that are personal only beside data about a person."""
    info = entities.get(entity)
    return bool(info and info.needs_person_context)


def is_person_context(verdict: Verdict, entities: dict[str, EntityInfo]) -> bool:
    """Whether a verdict shows that its table is about people."""
    info = entities.get(verdict.entity)
    if info is None or info.needs_person_context:
        return False
    return info.category.value in _PERSON_CONTEXT_CATEGORIES or "person_evidence" in info.traits


def apply_object_context(
    per_field: dict[str, list[Verdict]],
    entities: dict[str, EntityInfo],
    about_people: bool = False,
    place_rows: str | None = None,
) -> dict[str, list[Verdict]]:
    """Drop context-dependent verdicts (coordinates, postcodes, places) in tables not about people, and the
    attributes of places (addresses, towns, phones, coordinates) in tables whose rows are places or businesses.

    ``about_people`` says so from outside (a key that refers to a table of people); ``place_rows`` is why the
    rows read as places (a pharmacy register), from the table's and its fields' names: there a person named
    in the table (a head pharmacist) is still personal data, the pharmacy's address is not."""
    if place_rows:
        per_field = {
            name: [v for v in verdicts if "place_attribute" not in entities[v.entity].traits and not _names_no_one(v)]
            for name, verdicts in per_field.items()
        }
    about_people = about_people or any(
        is_person_context(v, entities) for verdicts in per_field.values() for v in verdicts
    )
    if about_people:
        return per_field
    return {
        name: [v for v in verdicts if not needs_person_context(v.entity, entities)]
        for name, verdicts in per_field.items()
    }
