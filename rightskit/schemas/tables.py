"""Table-level reasoning, the GDPR way: what a row is about decides what its columns are.

A column is judged from its own metadata first (``metadata.classify_metadata``); the table then corrects that:

* a table about people (its name, or identifiers of a person in it) makes ambiguous words personal — ``name`` is a
  person's name, ``title`` an honorific or a job, ``state`` beside an address a place;
* a table keyed by a person (``patient_id``, ``subject_id``, a foreign key to a table of people) makes its
  context-dependent columns (places, coordinates) personal, and, when the row is about a special category
  (``conditions``, ``diagnoses``, ``convictions``), its descriptive columns that category — with the evidence
  "attribute of table X about a person via column Y";
* a column that points at a special-category table, or holds codes of a medical code system (ICD-10, SNOMED,
  LOINC, ATC), in a table about a person is health data;
* an organisation's or a place's table keeps no contact findings (business data unless a person is named), and
  lookup, code-list and configuration tables are about no one.

The word lists are data (``tables.yaml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

from rightskit.detect.classifier import Verdict, apply_object_context, is_person_context
from rightskit.schemas.metadata import implied_family, lexicon_hints, type_family

if TYPE_CHECKING:
    from rightskit.detect.detector import Detector
    from rightskit.schemas.metadata import FieldMeta

# Entities an organisation's or a place's row holds as business data.
_BUSINESS_CONTACT = {
    "EMAIL_ADDRESS", "PHONE_NUMBER", "STREET_ADDRESS", "POSTAL_CODE", "LOCATION", "GEO_COORDINATE", "URL", "AGE",
    "DE_TAX_ID", "BG_EIK", "IBAN_CODE", "PERSON_ATTRIBUTE",
}  # fmt: skip
_ADDRESS = {"STREET_ADDRESS", "POSTAL_CODE", "LOCATION", "GEO_COORDINATE"}
_CONTACT = {"PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER"}
_IDENTIFIERS = {"direct_identifier", "pseudonymous_identifier"}
_RANGE_WORDS = {"range", "start", "end", "begin", "from", "to", "low", "high", "min", "max"}
# Identity documents a table's rows may be (personal_documents, id_cards): their numbers, names on them, scans.
_DOCUMENTS = {"NATIONAL_ID", "BG_PASSPORT", "BG_ID_CARD", "BG_DRIVING_LICENCE", "BG_LNCH"}
# A table named after one of these holds that thing of a person (an address, a birthplace, a name).
_PERSONAL_THINGS = {"STREET_ADDRESS", "PERSON", "DATE_OF_BIRTH"}
_MODIFIERS = {
    "mailing", "home", "billing", "shipping", "postal", "current", "permanent", "primary", "preferred", "legal",
    "full", "given", "family", "residence", "residential", "main", "name", "contact", "work", "private", "address",
    "birth", "of", "mail", "payment", "pref", "raw", "spoken", "emergency", "official", "alt", "alternate", "other",
    "secondary", "previous", "former", "from", "common", "usual",
}  # fmt: skip
# Relatives named before a person's attribute on a form about someone else (parent1title, mother_name); not nouns for
# people in keys: a parent_id points at a parent row.
_RELATIVES = {"parent", "mother", "father", "sibling"}
_MODIFIERS |= _RELATIVES


@cache
def words() -> dict:
    """tables.yaml as sets of normalised tokens."""
    from importlib.resources import files

    from rightskit.validation import load_yaml

    raw = load_yaml(files("rightskit.schemas").joinpath("tables.yaml").read_text(encoding="utf-8"), "tables.yaml")
    norm = lambda items: {" ".join(_tokens(str(w))) for w in items}  # noqa: E731
    return {
        "person": norm(raw["person"]),
        "key_persons": norm(raw["person"]) | norm(raw["key_persons"]),
        "key_abbreviations": {str(k): str(v) for k, v in raw["key_abbreviations"].items()},
        "organisation": norm(raw["organisation"]),
        "reference": norm(raw["reference"]),
        "special": {entity: norm(ws) for entity, ws in raw["special"].items()},
        "describes": {entity: norm(ws) for entity, ws in raw["describes"].items()},
        "code_systems": norm(raw["code_systems"]),
        "technical": norm(raw["technical"]),
        "technical_endings": tuple(raw["technical_endings"]),
        "provenance_endings": norm(raw["provenance_endings"]),
        "patient_origins": norm(raw["patient_origins"]),
        "coded_suffixes": sorted((tuple(_tokens(str(w))) for w in raw["coded_suffixes"]), key=len, reverse=True),
        "row_suffixes": norm(raw["row_suffixes"]),
        "patients": norm(raw["clinical"]["patients"]),
        "health_tables": int(raw["clinical"]["health_tables"]),
        "health_share": float(raw["clinical"]["health_share"]),
        "free_text": norm(raw["free_text"]),
        "identity_documents": norm(raw["identity_documents"]),
        "portraits": {tuple(_tokens(str(w))) for w in raw["portraits"]},
        "pictures": norm(raw["pictures"]),
        "agents": {tuple(_tokens(str(w))) for w in raw["agents"]},
        "mail_tables": norm(raw["mail_tables"]),
        "encodings": norm(raw["encodings"]),
        "long_text_types": {str(t).lower().replace(" ", "") for t in raw["long_text_types"]},
        "trailing_modifiers": norm(raw["trailing_modifiers"]),
        "head_only": {tuple(_tokens(str(w))) for w in raw["head_only"]},
        "person_attributes": {
            entity: [tuple(_tokens(str(w))) for w in (ws + raw["agents"] if entity == "PERSON" else ws)]
            for entity, ws in raw["person_attributes"].items()
        },
    }  # fmt: skip


@lru_cache(maxsize=65536)
def _tokens(name: str) -> tuple[str, ...]:
    from rightskit.detect.lexicon import tokens

    return tuple(tokens(name))


def _forms(tok: str) -> set[str]:
    """A token and its singular: patients → patient, diagnoses → diagnosis, allergies → allergy."""
    out = {tok}
    if tok.endswith("ies") and len(tok) > 4:
        out.add(tok[:-3] + "y")
    if tok.endswith("ses") and len(tok) > 4:
        out.add(tok[:-2] + "is")
    if tok.endswith("es") and len(tok) > 3:
        out.add(tok[:-2])
    if tok.endswith("s") and len(tok) > 3:
        out.add(tok[:-1])
    return out


@lru_cache(maxsize=65536)
def _ordered_forms(tok: str) -> tuple[str, ...]:
    """The word as written first, then its singulars: evidence that names a form reads the same in every run."""
    return tuple(sorted(_forms(tok), key=lambda f: (f != tok, f)))


def _has(name: str, vocabulary: set[str]) -> str | None:
    """The first token (or token pair) of a name found in a vocabulary, in singular or plural."""
    toks = _tokens(name)
    pairs = [f"{a} {b}" for a, b in pairwise(toks)]
    for tok in [*pairs, *toks]:
        for form in _ordered_forms(tok) if " " not in tok else (tok,):
            if form in vocabulary:
                return form
    return None


def _glued_person(token: str) -> bool:
    """``apcontact``, ``gcontact``: a word glued before a noun for people, only a noun of six letters or more
    (``user`` and ``lead`` end too many other words: ``guser``, ``plead``)."""
    return any(token.endswith(noun) and len(token) > len(noun) for noun in _long_person_nouns())


@cache
def _long_person_nouns() -> tuple[str, ...]:
    return tuple(n for n in words()["person"] if " " not in n and len(n) >= 6 and not n.endswith("s"))


def _head_words(table: str) -> list[str]:
    """A table's name without the row suffixes it ends in (``patient_dimension`` → patient)."""
    toks = list(_tokens(table))
    while len(toks) > 1 and toks[-1] in words()["row_suffixes"]:
        toks.pop()
    return toks


def _head_noun(table: str, vocabulary: set[str]) -> str | None:
    """The noun a table's name ends in, before a row suffix, if the vocabulary has it (``company_master`` →
    company, ``tenant_org``), in singular or plural."""
    toks = _head_words(table)
    if len(toks) > 1 and " ".join(toks[-2:]) in vocabulary:
        return " ".join(toks[-2:])
    return next((f for f in _ordered_forms(toks[-1]) if f in vocabulary), None) if toks else None


def bare(name: str) -> str:
    return name.replace('"', "").replace("`", "").rsplit(".", 1)[-1]


def names_reference(table_name: str) -> bool:
    """``list_options``, ``code_types``: a name that says the rows are a lookup or configuration."""
    return _has(bare(table_name), words()["reference"]) is not None


def special_of(table_name: str) -> str | None:
    """The special category a table's rows are about (``diagnoses`` → HEALTH), if its name says so."""
    for entity, vocabulary in words()["special"].items():
        if _has(bare(table_name), vocabulary):
            return entity
    return None


def describes_of(table_name: str) -> str | None:
    """What a person-keyed table's rows say of the person (``emp_education`` → PERSON_ATTRIBUTE, ``payroll`` →
    SALARY), if its name says so."""
    for entity, vocabulary in words()["describes"].items():
        if _has(bare(table_name), vocabulary):
            return entity
    return None


def is_technical(column: str) -> bool:
    """Keys and bookkeeping columns: about the record, never a person's attribute."""
    if column.startswith("_"):
        return True
    toks = _tokens(column)
    if not toks or toks[-1] in ("id", "key", "uuid", "guid", "pk", "fk") or column.casefold().endswith("id"):
        return True
    if toks[-1].endswith(words()["technical_endings"]) and toks[-1] not in words()["technical_endings"]:
        return True
    if names_provenance(toks):
        return True
    pairs = {f"{a} {b}" for a, b in pairwise(toks)}
    return bool(pairs & words()["technical"]) or any(t in words()["technical"] for tok in toks for t in _forms(tok))


def names_provenance(toks: list[str] | tuple[str, ...]) -> bool:
    """``dx_source``, ``patient_ide_source``: a name ending in a word for where the record came from, not where
    the patient or a specimen came from (``admitting_source``)."""
    w = words()
    return len(toks) > 1 and toks[-1] in w["provenance_endings"] and toks[-2] not in w["patient_origins"]


@dataclass
class Role:
    """What one table's rows are about."""

    person: bool = False  # rows are people (by the table's name, or their identifiers)
    named: bool = False  # the table's name says its rows are people (patients, provider_dimension)
    head: bool = False  # the table's name ends in a noun for people (users, stg_crm__contact)
    contactable: bool = False  # a row holds a person's name, e-mail or phone
    pictured: bool = False  # a row holds a person's photo
    thing: str | None = None  # rows are a person's thing by the table's name: an address, a birthplace, a name
    keyed: str | None = None  # the column that ties a row to a person
    organisation: bool = False
    reference: bool = False
    special: str | None = None  # the special category rows are about
    describes: str | None = None  # what rows of a person-keyed table say of the person (education, pay)
    code_system: str | None = None  # a column holds codes of a medical code system (icd_code, ndc)
    patients: bool = False  # the table of the patients themselves in a clinical schema
    evidence: str = ""


def _identifies(v: Verdict, detector: Detector) -> bool:
    """A verdict that shows a row holds a person (a code list of diagnoses has health words but no one in it)."""
    info = detector.entities.get(v.entity)
    return info is not None and is_person_context(v, detector.entities) and info.category.value != "special_category"


def key_noun(column: str) -> str | None:
    """The person noun a key is named after: ``patient_id`` → patient, PCORnet's ``patid`` → patient (a declared
    abbreviation), ``subjectId`` → subject, ``user`` → user."""
    toks = _tokens(column)
    if len(toks) >= 2 and toks[-1] in ("id", "key", "no", "number", "num", "uuid", "ref"):
        toks = toks[:-1]
    elif toks and toks[-1].endswith("id") and len(toks[-1]) > 2:
        toks = [*toks[:-1], toks[-1][:-2]]
    if not toks:
        return None
    head = words()["key_abbreviations"].get(toks[-1], toks[-1])
    return next((f for f in _ordered_forms(head) if f in words()["key_persons"]), None)


def person_key(column: str) -> bool:
    """``patient_id``, ``subjectId``, ``user``: a key naming a person."""
    return key_noun(column) is not None


def free_text(column: str, declared_type: str | None) -> bool:
    """``notes``, ``complaint_body``, a CLOB: a column of whatever people wrote. Long ``varchar``s count (a
    thousand characters or more); PostgreSQL's ``text`` is its ordinary string type and says nothing alone."""
    kind = (declared_type or "").lower().replace(" ", "")
    if kind in words()["long_text_types"]:
        return True
    m = re.fullmatch(r"n?(?:var)?char(?:acter)?(?:varying)?\((\d+)\)", kind)
    if m and int(m.group(1)) >= 1000:
        return True
    toks = _tokens(column)  # the head noun decides: complaint_body is text, body_weight a measurement
    heads = {*_forms(toks[-1]), " ".join(toks[-2:])} if toks else set()
    return any(h in words()["free_text"] for h in heads)


def table_role(
    name: str,
    verdicts: dict[str, list[Verdict]],
    detector: Detector,
    targets: dict[str, Role | None] | None = None,
    *,
    path_keys: bool = False,
) -> Role:
    """The role of a table from its name, its columns' verdicts and what its keys point at (``targets``:
    column → the role of the referenced table, when known); ``path_keys``: fields are paths (``a.b``) and a
    top-level property names the key (``subject``, ``patient``)."""
    role = Role()
    table = bare(name)
    noun_person = _has(table, words()["person"])
    # an organisation by the noun its name ends in: school_first_aid and hospital_admissions are about people
    noun_org = _head_noun(table, words()["organisation"]) if not noun_person else None
    identifying = next((c for c, vs in verdicts.items() for v in vs if _identifies(v, detector)), None)
    role.organisation = bool(noun_org)
    role.thing = next(
        (
            h.entity
            for h in lexicon_hints(detector, table)
            if not h.not_personal and (h.entity in _PERSONAL_THINGS or "birth" in h.term)  # not a table of cities
        ),
        None,
    )
    for column, target in (targets or {}).items():
        if target is not None and target.person and not role.keyed:
            role.keyed = column
        if target is not None and target.organisation and not noun_person and role.keyed is None:
            role.organisation = True
    if role.keyed is None:
        keys = [c for c in verdicts if "." not in c] if path_keys else list(verdicts)
        role.keyed = next((c for c in keys if person_key(c) or (path_keys and _has(c, words()["key_persons"]))), None)
    role.person = bool(noun_person) or (identifying is not None and not role.organisation)
    role.named = bool(noun_person)
    tail = " ".join(_tokens(table)[-2:])  # i2b2's provider_dimension: the pair is the noun
    toks = _head_words(table)  # patient_dimension: rows are patients
    role.head = bool(toks) and (
        bool(_forms(toks[-1]) & words()["person"]) or tail in words()["person"] or _glued_person(toks[-1])
    )
    role.contactable = any(v.entity in _CONTACT for vs in verdicts.values() for v in vs)
    role.pictured = any(_tokens(c)[-1:] in words()["portraits"] for c in verdicts)
    if role.organisation and role.keyed and not noun_org:
        role.organisation = False  # an address row of a user is the user's
    # Rows of codes (ICD9_CODE, SHORT_TITLE) with no one in them: a code list, however medical its words.
    role.code_system = next((s for c in verdicts if (s := _has(c, words()["code_systems"]))), None)
    coded = role.code_system is not None or any(_tokens(c)[-1:] == ("code",) for c in verdicts)
    role.reference = (
        not role.person and role.keyed is None and not role.organisation and (names_reference(table) or coded)
    )
    if role.person or role.keyed:
        role.special = special_of(table)
    if role.keyed and not role.head:  # staff_qualification: rows are qualifications of a person
        role.describes = describes_of(table)
    role.evidence = (
        f"via column {role.keyed}" if role.keyed else f"by its name ({noun_person})" if noun_person else
        f"via column {identifying}" if identifying else ""
    )  # fmt: skip
    return role


_GENERIC_KEY = {"id", "key", "row", "rowid", "pk", "uuid", "guid", "oid", "num", "no", "seq", "sk"}


def people_key(name: str, columns: list[str], role: Role) -> str | None:
    """The key of a table of people that other tables repeat to join it, declared or not: its first column, when
    the table's name ends in a noun for people (eICU ``patient.patientunitstayid``, OMOP ``person.person_id``),
    the column is a key that says more than ``id`` or ``row_id``, and it holds that noun (not
    ``recent_patients.user_id``, ``therapy_group_participants.group_id``)."""
    if not role.head or not columns:
        return None
    first = columns[0]
    toks = _tokens(first)
    if not toks or not re.search(r"(?:id|key|num)$", toks[-1]) or set(toks) <= _GENERIC_KEY:
        return None
    heads = [t for t in _tokens(bare(name)) if t not in words()["row_suffixes"]][-1:]
    nouns = {f for h in heads for f in _forms(h) if f in words()["person"]}
    return first if any(noun in "".join(toks) for noun in nouns) else None


def clinical(tables: list[tuple[str, Role]]) -> bool:
    """Whether one schema's tables (name, role) keep patients' records: a table named after patients, or enough
    person-keyed tables about health or keyed by a patient (``tables.yaml``: clinical)."""
    w = words()
    health = keyed = 0
    for name, role in tables:
        if _has(bare(name), w["patients"]):
            return True
        # a key named after patients counts as a health table: a school's first-aid log keys its pupil so
        health += (
            role.special == "HEALTH"
            or (role.keyed is not None and role.code_system is not None)
            or (role.keyed is not None and key_noun(role.keyed) in w["patients"])
        )
        keyed += role.keyed is not None or role.person
    return health >= w["health_tables"] and health >= w["health_share"] * keyed


def as_health_record(role: Role, name: str) -> None:
    """A table keyed by a patient in a clinical schema is the patient's health record (GDPR Recital 35: what is
    collected in the course of health care concerns health) — not the table of patients itself (``name``), whose
    columns are their demographics and, where no word says more, their attributes (``Role.patients``)."""
    if role.special is None and role.keyed and not role.named:
        role.special = "HEALTH"
        role.evidence = f"via column {role.keyed}, a patient's record in a clinical schema"
    elif role.named and _has(bare(name), words()["patients"]):
        role.patients = True  # its stay times, weights and sources describe the patient


def held_as_address(role: Role, verdicts: dict[str, list[Verdict]], pointer: str) -> None:
    """A table of addresses that a person's row points at (OMOP ``person.location_id`` → ``location``) holds that
    person's address, even if its name reads as a place; a table of places no person points at stays business
    data. A street or a postcode makes it an address (a named place with coordinates is not one)."""
    if role.person or role.keyed or role.thing:
        return
    if any(v.entity in ("STREET_ADDRESS", "POSTAL_CODE") for vs in verdicts.values() for v in vs):
        role.organisation = False
        role.reference = False
        role.thing = "STREET_ADDRESS"
        role.evidence = f"pointed at by {pointer}"


def judge(
    name: str,
    metas: dict[str, FieldMeta],
    verdicts: dict[str, list[Verdict]],
    role: Role,
    detector: Detector,
    targets: dict[str, Role | None] | None = None,
    decided: set[str] | frozenset[str] = frozenset(),
) -> dict[str, list[Verdict]]:
    """The verdicts of a table's columns once the table's role is known (``decided``: columns whose verdicts
    lineage already fixed)."""
    table = bare(name)
    # A named scalar type (field "$self") called Country is a code list, not anyone's country.
    thing = role.thing is not None and not role.organisation and any(c != "$self" for c in metas)
    document = _identity_document(table, metas, detector) if not role.reference else None
    about = role.person or role.keyed is not None or thing or document is not None
    own = {c: vs for c, vs in verdicts.items() if c not in decided}
    out = {**apply_object_context(own, detector.entities, about_people=about)}
    if not (role.person or role.keyed):  # a code list's own key (medical_condition_id) names no one's condition
        out = {c: [] if _tokens(c) == (*_tokens(table), "id") else vs for c, vs in out.items()}
    prefix = column_prefix([meta.name or column for column, meta in metas.items()])
    if not role.reference:
        out |= _mail_headers(table, metas, out)
        out |= _encoded_identifiers(table, metas, out, detector, prefix)
    lineage = {c: vs for c, vs in verdicts.items() if c in decided}  # what reached a column through a query stands
    if role.organisation and not role.person:  # an organisation's contact data are business data …
        kept = {
            c: vs
            if _names_person(metas[c].name if c in metas else c)
            else [v for v in vs if v.entity not in _BUSINESS_CONTACT]
            for c, vs in out.items()
        }  # … unless the column names a person (admin_emails)
        return {**kept, **lineage}
    if role.reference:  # a code list of diagnoses is about no one
        special = {e for e, info in detector.entities.items() if info.category.value == "special_category"}
        return {**{c: [v for v in vs if v.entity not in special] for c, vs in out.items()}, **lineage}
    if not about:
        return {**out, **lineage}
    siblings_address = (thing and role.thing in _ADDRESS) or any(
        v.entity in ("STREET_ADDRESS", "POSTAL_CODE", "LOCATION") for vs in out.values() for v in vs
    )
    ip_nearby = any(v.entity == "IP_ADDRESS" for vs in out.values() for v in vs)
    account_card = role.pictured and any(v.entity == "USERNAME" for vs in out.values() for v in vs)
    first = next(iter(metas), None)
    for column, meta in metas.items():
        if column in decided or out.get(column):
            continue
        if column != first and _own_number(table, meta, role):
            entity, why = "PERSON_NUMBER", "a person table's own number for the person, held as text"
        elif account_card and not siblings_address and _tokens(meta.name or column) in (("addr",), ("address",)):
            entity, why = "USERNAME", "an address on a profile card with a handle and no street or town: user@host"
        elif ip_nearby and _range_bound(_tokens(meta.name or column), prefix):
            entity, why = "IP_ADDRESS", "a bound of an address range beside an IP address"
        elif document is not None and not person_key(column) and (part := _document_part(meta.name or column)):
            entity, why = ("PERSON" if part == "name" else document), f"an identity document's {part}"
        else:
            entity, why = _attribute(table, column, meta, role, siblings_address, targets or {}, prefix)
        if entity and entity in detector.entities:
            out[column] = [
                Verdict(
                    entity=entity,
                    confidence=0.6,
                    method=["table"],
                    hints=[why] if why else [],
                    notes=[_part_of(table, role, document)],
                )
            ]
    return {**out, **lineage}


def _mail_headers(table: str, metas: dict[str, FieldMeta], out: dict[str, list[Verdict]]) -> dict[str, list[Verdict]]:
    """A mail table's ``headers``: a message's From, To, Cc and Reply-To hold its correspondents' addresses."""
    if not words()["mail_tables"] & set(_tokens(table)):
        return {}
    return {
        column: [Verdict(entity="EMAIL_ADDRESS", confidence=0.6, method=["table"], hints=["mail headers"])]
        for column, meta in metas.items()
        if not out.get(column)
        and _tokens(meta.name or column) in (("headers",), ("header",))
        and _textual(meta.declared_type)
    }


def _encoded_identifiers(
    table: str, metas: dict[str, FieldMeta], out: dict[str, list[Verdict]], detector: Detector, prefix: str | None
) -> dict[str, list[Verdict]]:
    """Columns named only by their encoding (``ipc_hex``) in a table named after an identifier (``ip_changes``);
    ``prefix``: the table's own tag on its column names."""
    named = [
        h.entity
        for h in lexicon_hints(detector, table)
        if not h.not_personal and detector.entities[h.entity].category.value in _IDENTIFIERS
    ]
    if not named:
        return {}
    found = {}
    for column, meta in metas.items():
        toks = [t for t in _tokens(meta.name or column) if t != prefix]
        if not out.get(column) and toks and set(toks) <= words()["encodings"]:
            hint = f"{' '.join(toks)} of the {named[0].lower().replace('_', ' ')} the table is named after"
            found[column] = [Verdict(entity=named[0], confidence=0.6, method=["table"], hints=[hint])]
    return found


def _part_of(table: str, role: Role, document: str | None) -> str:
    """What the evidence says a table's row is, for the notes of its columns' findings."""
    if role.person or role.keyed:
        return f"attribute of table {table} about a person {role.evidence}".strip()
    if role.thing is not None:
        return f"part of {table}, a person's {role.thing.lower().replace('_', ' ')}"
    return f"part of {table}, a person's identity document ({document})"


def _identity_document(table: str, metas: dict[str, FieldMeta], detector: Detector) -> str | None:
    """The kind of identity document a table's rows are, by its name (``personal_documents``, ``id_cards``) or by
    a column that lists the kinds (``enum('Passport','ID Card','Visa')``)."""
    if _head_noun(table, words()["reference"]):
        return None  # passport_types, personalDocumentType: a list of kinds
    named = [h.entity for h in lexicon_hints(detector, table) if h.entity in _DOCUMENTS and not h.not_personal]
    if named or _head_noun(table, words()["identity_documents"]):
        return named[0] if named else "NATIONAL_ID"
    for meta in metas.values():
        kinds = {h.entity for value in meta.enum[:20] for h in lexicon_hints(detector, value) if h.entity in _DOCUMENTS}
        if len(kinds) >= 2:
            return "NATIONAL_ID"
    return None


def _range_bound(toks: tuple[str, ...], prefix: str | None) -> bool:
    """``bt_range_start``, ``range_end``: one end of a range, named after nothing else."""
    words_ = [t for t in toks if t != prefix]
    return "range" in words_ and set(words_) <= _RANGE_WORDS


def _document_part(column: str) -> str | None:
    """What a column of an identity document's row holds of it: its number, the name on it, or its scan."""
    toks = _tokens(column)
    last = toks[-1] if toks else ""
    if last in ("number", "no", "num", "nr") or (len(toks) > 1 and toks[-2:] == ("serial", "number")):
        return "number"
    if last in ("name", "holder") and set(toks[:-1]) <= {"document", "doc", "holder", "full", "card", "passport"}:
        return "name"  # the name on the document, not its type's or its issuer's
    if last in ("scan", "file", "path", "image", "copy", "attachment", "photo"):
        return "scan"
    return None


def _own_number(table: str, meta: FieldMeta, role: Role) -> bool:
    """``employees.employee_id VARCHAR`` beside the table's own key: the number the organisation gives the person
    (a badge or payroll number), not a key that points anywhere."""
    toks = _tokens(meta.name)
    if not role.head or meta.references or not _textual(meta.declared_type) or not toks:
        return False
    if len(toks) == 1:
        return toks[0] in ("number", "no", "num", "nr")  # prisoners.number: the prison number
    if toks[-1] not in ("id", "no", "number", "num", "code"):
        return False
    noun = words()["key_abbreviations"].get(toks[-2], toks[-2])
    if noun in words()["technical"]:
        return False  # tenant_id: the customer organisation of a hosted service
    own = _forms(_tokens(table)[-1]) if _tokens(table) else set()
    return bool(_forms(noun) & (words()["person"] | own))


def column_prefix(columns: list[str]) -> str | None:
    """A table's own tag on its column names (MediaWiki ``rc_ip``, OrangeHRM ``eec_name`` in
    ``emp_emergency_contacts``): a first word of at most four letters that three or more columns, and a third of
    them, start with, each saying more after it (``product_title`` is a product's: no tag)."""
    firsts = [toks[0] for toks in map(_tokens, columns) if len(toks) > 1 and len(toks[0]) <= 4]
    if not firsts:
        return None
    top = max(set(firsts), key=firsts.count)
    return top if firsts.count(top) >= 3 and firsts.count(top) * 3 >= len(columns) else None


def _attribute(
    table: str,
    column: str,
    meta: FieldMeta,
    role: Role,
    address_nearby: bool,
    targets: dict[str, Role | None],
    prefix: str | None = None,
) -> tuple[str | None, str | None]:
    """What an otherwise unremarkable column is in a table about a person (``prefix``: the table's own tag on
    its column names, which says nothing about the column)."""
    w = words()
    column = meta.name or column
    toks = [t for t in _tokens(column) if t]  # a list: compared with lists below
    if not toks:
        return None, None
    if role.head and toks == ["id"] and _textual(meta.declared_type):
        return "USERNAME", "a person table's key held as text is the login"
    if _head_noun(table, w["pictures"]) and type_family(meta.declared_type) == "binary":
        return "PHOTO", "the picture a person's picture row holds"
    target = targets.get(column)
    if target is not None and target.special:
        return target.special, f"points at a {target.special.lower()} table"
    key_noun = toks[-2] if len(toks) >= 2 and toks[-1] in ("id", "key", "code") else None
    own = {f for t in _tokens(table) for f in _forms(t)}
    if key_noun and not _forms(key_noun) & own:  # diagnosis_id points at a diagnosis; observation_id of table
        for entity, vocabulary in w["special"].items():  # observation is the row's own key
            if _forms(key_noun) & vocabulary:
                return entity, key_noun
    text = " ".join([column, meta.description or "", " ".join(meta.enum)])
    system = _has(text, w["code_systems"])
    if system and not is_technical(column):
        return "HEALTH", system
    forms = {tuple(toks), tuple(_uncoded(toks))}
    # keyed by a person, not by a row that merely mentions one (Matrix's room_stats_state → rooms)
    owner = targets.get(role.keyed) if role.keyed else None
    of_person = role.person or bool(role.keyed and (person_key(role.keyed) or (owner is not None and owner.head)))
    # Without its tag a column says what it is (eec_name, epic_picture), unless the tag is the table's own noun
    # (incident.incident_title) or the row is a health record (its pc_title is its own).
    tagged = prefix and len(toks) > 1 and toks[0] == prefix and (role.head or not _forms(prefix) & own)
    untagged = {tuple(toks[1:]), tuple(_uncoded(toks[1:]))} if tagged and not role.special else set()
    agent = tuple(toks) in w["agents"] and _textual(meta.declared_type)  # ost_thread_entry.poster
    # the words a term can end on (followed only by trailing modifiers): the other terms cannot match
    ends = set().union(*(_possible_ends(form) for form in forms | untagged))
    for entity, terms in w["person_attributes"].items():
        if entity == "PERSON" and not (
            role.head or (role.person and role.contactable) or (of_person and (role.pictured or agent))
        ):
            continue  # a property table keyed by a username has names of properties
        if entity in ("LOCATION", "STREET_ADDRESS") and (not address_nearby or not _in_address(meta)):
            continue
        # a name or a title without its tag is a person's only in a table whose rows are people (item_title)
        candidates = forms | untagged if role.head or entity not in ("PERSON", "PERSON_ATTRIBUTE") else forms
        for term in terms:
            if term[-1] not in ends:
                continue
            if entity == "PERSON_ATTRIBUTE" and not role.person and _forms(term[-1]) & own:
                continue  # procedure_order_relationships.relationship: the row's own kind, not a person's
            if term in w["agents"] and not _textual(meta.declared_type):
                continue  # supervisor INT: a key to the supervisor's row, not a name
            profile_link = term == ("url",) and role.pictured and of_person  # a profile card's link is the profile's
            if term in w["head_only"] and not role.head and not _qualified(toks, term) and not profile_link:
                continue  # parent1title, contact_title: a person's title, whatever the table
            if any(_suffix_match(list(form), term) for form in candidates):
                return entity, " ".join(term)
    if role.special and (not is_technical(column) or _coded_value(toks, table)):
        return role.special, f"{role.special.lower()} table"
    grouped = special_of(meta.group) if meta.group and (role.person or role.keyed) else None
    if grouped:  # a form's "Medical" section is a health table of its own, its flags included
        return grouped, f"filed under {meta.group}"
    if role.describes and not free_text(column, meta.declared_type) and not person_key(column):
        family = type_family(meta.declared_type) if meta.declared_type else implied_family(column)
        if role.describes == "SALARY" and family != "number":
            return None, None  # a payment's dates and labels are bookkeeping; its amounts are the pay
        if not is_technical(column) or (role.describes == "PERSON_ATTRIBUTE" and _lookup_key(toks, target)):
            return role.describes, f"{role.describes.lower().replace('_', ' ')} table"
    if role.patients and not is_technical(column) and _descriptive(toks, column):
        return "PERSON_ATTRIBUTE", "patients' table in a clinical schema"
    return None, None


def _qualified(toks: list[str], term: tuple[str, ...]) -> bool:
    """A word preceded by a noun for people (``parent1title``, ``guardian_lang``)."""
    words_ = [t for t in toks if not t.isdigit()]
    n = len(term)
    rest = words_[:-n] if tuple(words_[-n:]) == term else []
    return any(_forms(t) & words()["person"] or t in _RELATIVES for t in rest)


def _descriptive(toks: list[str], column: str) -> bool:
    """A name that describes the person (``admissionweight``, ``unittype``), not a consent flag, a record
    date or a workflow state of the row (``allow_patient_portal``, ``publ_code_eff_date``, ``care_team_status``)."""
    return implied_family(column) not in ("boolean", "date") and toks[-1] not in ("status", "code", "score", "date")


def _lookup_key(toks: list[str], target: Role | None) -> bool:
    """``education_id``, ``skill_id`` → a table about no one: a key into the lookup that names the value, not one
    that points at a person, at the row itself or at another record (``emp_number``, ``id``, ``room_id``)."""
    if len(toks) < 2 or toks[-1] not in ("id", "code", "cd") or set(toks) <= _GENERIC_KEY:
        return False
    if target is not None:
        return not (target.person or target.keyed)
    noun = toks[-2]  # undeclared: the key is named after what the table's rows are (emp_skill.skill_id)
    return key_noun("_".join(toks)) is None and bool(_forms(noun) & words()["describes"]["PERSON_ATTRIBUTE"])


def _uncoded(toks: list[str]) -> list[str]:
    """A column's name without the ending that says how its value is held: marital_status_cd → marital status."""
    for suffix in words()["coded_suffixes"]:
        n = len(suffix)
        if len(toks) > n and tuple(toks[-n:]) == suffix:
            return toks[:-n]
    return toks


def _coded_value(toks: list[str], table: str) -> bool:
    """``condition_concept_id``, ``diagnosis_cd``: the row's value as a code of a vocabulary, not a key of a row
    (``condition_type_concept_id`` says where the record came from, ``visit_occurrence_id`` points at a row)."""
    if toks[-2:] == ["concept", "id"]:
        head = toks[:-2]
    elif toks[-1:] in (["code"], ["cd"]):
        head = toks[:-1]
    else:
        return False
    return bool(head) and not any(t in words()["technical"] for tok in head for t in _forms(tok))


def _names_person(column: str) -> bool:
    """``admin_emails``, ``owner_phone``: a column naming a natural person (not the organisation's contact point)."""
    return any(_forms(t) & words()["person"] for t in _tokens(column) if t not in ("contact", "contacts"))


def _in_address(meta: FieldMeta) -> bool:
    """A top-level column, or a property inside an address object (not ``enrolments[].state``)."""
    return not meta.parents or _has(meta.parents[-1], {"address", "addresses", "location", "residence"}) is not None


def _textual(declared: str | None) -> bool:
    t = (declared or "").lower()
    return any(k in t for k in ("char", "text", "string", "clob")) and "uuid" not in t and "(36)" not in t


def _possible_ends(toks: tuple[str, ...]) -> set[str]:
    """The words a term matched by ``_suffix_match`` can end on: the last word, and each word before a run of
    trailing modifiers, with and without ordinals."""
    trailing = words()["trailing_modifiers"]
    out: set[str] = set()
    for variant in (list(toks), [t for t in toks if not t.isdigit()]):
        for tok in reversed(variant):
            out.add(tok)
            if tok not in trailing:
                break
    return out


def _suffix_match(toks: list[str], term: tuple[str, ...]) -> bool:
    """``mailing_state`` ends with ``state`` after a modifier; ``person_first`` after a person noun;
    ``language_first`` and ``image_240`` before an ordinal."""
    trailing = words()["trailing_modifiers"]
    if not any(t.isdigit() for t in term):  # emergency1Number2: the ordinals say which one (line1 is a term)
        toks = [t for t in toks if not t.isdigit()] or toks
    n = len(term)
    while len(toks) > n and tuple(toks[-n:]) != term and toks[-1] in trailing:
        toks = toks[:-1]
    if len(toks) < n or tuple(toks[-n:]) != term:
        return False
    rest = toks[:-n]
    person, short = words()["person"], words()["key_abbreviations"]
    return all(t in _MODIFIERS or _forms(t) & person or short.get(t) in person for t in rest)
