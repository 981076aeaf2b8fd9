"""Classify a field from its metadata alone: name, type, comment/description, format, enum values, examples.

Used for DDL columns, JSON Schema / OpenAPI / Table Schema properties and database catalogue columns. The
evidence is what a developer wrote, so the rules are conservative: a strong name hint decides unless the type
cannot hold the entity (an ``email_verified boolean`` holds no e-mail address); a weak hint needs support from
the type, the comment, the format or example values; a "not personal" word vetoes weak evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from rightskit.detect.classifier import Verdict

if TYPE_CHECKING:
    from rightskit.detect.detector import Detector

TypeFamily = Literal["text", "code", "number", "boolean", "date", "time", "binary", "network", "json", "unknown"]

# Entity types a type family can hold; anything else is contradicted by the type.
_TEXTUAL = {
    "PERSON",
    "EMAIL_ADDRESS",
    "STREET_ADDRESS",
    "LOCATION",
    "USERNAME",
    "NATIONALITY",
    "URL",
    "VEHICLE_PLATE",
    "IBAN_CODE",
    "PASSWORD",
    "CREDENTIAL",
    "IT_FISCAL_CODE",
    "ES_NIF",
    "ES_NIE",
}
_FORMATS = {
    "email": "EMAIL_ADDRESS",
    "idn-email": "EMAIL_ADDRESS",
    "ipv4": "IP_ADDRESS",
    "ipv6": "IP_ADDRESS",
    "password": "PASSWORD",
    "phone": "PHONE_NUMBER",
    "tel": "PHONE_NUMBER",
    "iban": "IBAN_CODE",
}
_GENDER_VALUES = {
    "m",
    "f",
    "male",
    "female",
    "м",
    "ж",
    "мъж",
    "жена",
    "man",
    "woman",
    "other",
    "друг",
    "x",
    "d",
    "мъжки",
    "женски",
    "männlich",
    "weiblich",
}
# A field that counts or sums things about people holds no one's data ("phone_count", "total_egn").
_QUANTITY = {"count", "cnt", "total", "sum", "avg", "average", "qty", "quantity", "num"}
_TRANSFORMS = (
    "hash",
    "hashed",
    "sha",
    "sha256",
    "md5",
    "digest",
    "encrypted",
    "enc",
    "masked",
    "token",
    "pseudo",
    "pseudonym",
    "salt",
    "salted",
)


_YES_NO = {"y", "n", "yes", "no", "true", "false", "t", "f", "0", "1", ""}


def type_family(sql_type: str | None) -> TypeFamily:
    """A declared type (SQL, JSON Schema or Table Schema) reduced to a family."""
    t = (sql_type or "").lower()
    if not t:
        return "unknown"
    if any(k in t for k in ("inet", "cidr", "macaddr", "ipaddress")):
        return "network"
    if any(k in t for k in ("bool", "bit")) and "varbit" not in t:
        return "boolean"
    if t.startswith("enum(") and set(re.findall(r"'([^']*)'", t)) <= _YES_NO:
        return "boolean"  # canLogin enum('Y','N'): a flag, whatever its name says
    if any(k in t for k in ("timestamp", "datetime", "date", "year")):
        return "date"
    if "time" in t or "interval" in t:
        return "time"
    if any(k in t for k in ("char", "text", "string", "clob", "enum", "uuid", "citext", "name", "varchar2")):
        m = re.fullmatch(r"n?(?:var)?char2?\((\d+)\)", t.replace(" ", ""))
        return "code" if m and int(m.group(1)) <= 2 else "text"
    if any(k in t for k in ("int", "num", "dec", "float", "double", "real", "money", "serial", "number")):
        return "number"
    if t.startswith("varbinary"):
        return "text"  # MySQL byte strings: MediaWiki keeps every name and address in VARBINARY(255)
    if any(k in t for k in ("blob", "bytea", "binary", "image", "raw")):
        return "binary"
    if any(k in t for k in ("json", "object", "array", "struct", "variant", "map", "record", "any")):
        return "json"
    return "unknown"


@dataclass
class FieldMeta:
    """What a schema says about one field."""

    name: str
    parents: list[str] = field(default_factory=list)
    declared_type: str | None = None
    description: str | None = None  # comment, title and description, joined
    fmt: str | None = None
    enum: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    references: str | None = None  # the table a foreign key points at
    declared_personal: bool | None = None  # the project's metadata says so (dbt meta contains_pii, a pii tag)
    group: str | None = None  # the section a form files the field under (a custom field's category: "Medical")


def _compatible(entity: str, family: TypeFamily) -> bool:
    if family in ("unknown", "json", "text"):
        return True
    if family in ("boolean", "code"):
        # A code of one or two characters is a category (a sex, a state, a flag), never an identifier, a contact
        # or a birth date: CHAR(1) provider_npi_flag. A flag may still say a person died.
        return (
            (entity not in _TEXTUAL or (family == "code" and entity in ("LOCATION", "NATIONALITY")))
            and entity not in ("PHONE_NUMBER", "DATE_OF_BIRTH", "IP_ADDRESS")
            and not (entity.startswith("BG_") or entity.endswith(("_ID", "_NUMBER", "_CODE", "_CARD")))
        )
    if family == "number":
        # A sex coded 1/2 (ISO 5218) is one; an employee_number INT is the database's key, not a badge number.
        return entity not in _TEXTUAL and entity not in ("DATE_OF_BIRTH", "PERSON_NUMBER")
    if family == "date":
        return entity in ("DATE_OF_BIRTH", "DATE_OF_DEATH") or entity.startswith(("HEALTH", "CRIMINAL"))
    if family == "network":
        return entity == "IP_ADDRESS"
    if family == "binary":
        # an address packed into bytes (MySQL INET6_ATON, MediaWiki's bt_ip_hex TINYBLOB) is still one
        return entity in ("BIOMETRIC", "GENETIC", "PASSWORD", "CREDENTIAL", "HEALTH", "IP_ADDRESS")
    return entity in ("HEALTH", "CRIMINAL_OFFENCE")


_DATE_SUFFIXES = {"date", "at", "ts", "time", "timestamp", "datetime", "on", "day", "year"}
_FLAG_PREFIXES = {"is", "has", "can", "should", "was", "allow", "allows", "prevent"}
_FLAG_SUFFIXES = {"flag", "enabled", "verified", "confirmed", "bounced", "opted", "out"}
_ABOUT_A_VALUE = {"status", "version", "format"}  # not "type": a JSON Schema PersonNameType is a name
_COUNT_TOKENS = {"count", "cnt", "num", "number"}


def implied_family(name: str) -> TypeFamily:
    """The type a name implies where no type is declared (query outputs, dbt models): ``email_bounced_date``
    is a date, ``has_opted_out_of_email`` a flag, ``phone_count`` a number."""
    from rightskit.detect.lexicon import tokens

    toks = tokens(name)
    if not toks:
        return "unknown"
    if toks[0] in _FLAG_PREFIXES or (len(toks) > 1 and toks[-1] in _FLAG_SUFFIXES):
        return "boolean"
    if len(toks) > 1 and toks[-1] in _DATE_SUFFIXES:
        return "date"
    if len(toks) > 1 and (toks[-1] == "count" or toks[0] in ("num", "count", "total")):
        return "number"
    return "unknown"


# Who did something: held as text, the column names the person by their handle.
_ACTORS = {
    "sender", "creator", "owner", "inviter", "invitee", "assignee", "requester", "approver", "reviewer", "author",
    "recipient", "from", "user",
}  # fmt: skip


def _textual_user_key(toks: list[str], declared: str | None) -> bool:
    """``user_id TEXT``, ``sender TEXT``, ``created_by varchar``: a user key or an actor held as text is the user's
    login or handle (``@alice:example.org``), unlike an integer or UUID surrogate key."""
    t = (declared or "").lower()
    if not t or "uuid" in t or "uniqueidentifier" in t or t.startswith(("char(36)", "character(36)")):
        return False
    if toks[-1:] == ["userid"] or (toks[-1:] and toks[-1] in _ACTORS):
        return True
    if len(toks) >= 2 and toks[-1] == "by":  # created_by, quarantined_by
        return True
    return len(toks) >= 2 and toks[-2:] in (["user", "id"], ["user", "ids"], ["user", "name"])


_HINTS_MEMO: dict[tuple[object, str], list] = {}
_HINTS_MEMO_MAX = 200_000


def lexicon_hints(detector: Detector, text: str) -> list:
    """The lexicon's hints for a name, remembered: a dump repeats the same column names thousands of times."""
    key = (detector.lexicon, text)  # the lexicon itself (not its id, which a later one could reuse)
    found = _HINTS_MEMO.get(key)
    if found is None:
        if len(_HINTS_MEMO) >= _HINTS_MEMO_MAX:
            _HINTS_MEMO.clear()
        found = _HINTS_MEMO[key] = detector.lexicon.hints(text)
    return found


def _kind_of(toks: list[str], meta: FieldMeta) -> bool:
    """``phone1Type enum('Mobile','Home')``, ``address_type varchar(20)``: which kind the value is, a short code or
    a list of words (a JSON Schema's ``PersonNameType`` definition, unbounded, is the name itself)."""
    if len(toks) < 2 or toks[-1] != "type":
        return False
    declared = (meta.declared_type or "").lower().replace(" ", "")
    size = re.fullmatch(r"n?(?:var)?char2?\((\d+)\)", declared)
    return bool(meta.enum) or declared.startswith("enum(") or (size is not None and int(size.group(1)) <= 40)


def classify_metadata(meta: FieldMeta, detector: Detector) -> list[Verdict]:
    """Verdicts for one schema field (no values were read)."""
    from rightskit.detect.lexicon import tokens
    from rightskit.schemas.tables import names_provenance  # tables.py reads this module: imported when called

    family = type_family(meta.declared_type)
    if family == "unknown":
        family = implied_family(meta.name)
    toks = tokens(meta.name)
    if family == "number" and _QUANTITY & set(toks):
        return []
    if family == "number" and {"year", "month", "day"} & set(toks):
        family = "date"  # year_of_birth INTEGER is a (coarse) date
    if family == "number" and (toks[-2:] == ["concept", "id"] or toks[-1:] in (["code"], ["cd"])):
        family = "unknown"  # gender_concept_id INTEGER: the gender, coded
    hints = lexicon_hints(detector, meta.name)
    parent_hints = [h for p in meta.parents for h in lexicon_hints(detector, p) if not h.not_personal]
    not_personal = any(h.not_personal for h in hints)
    described = lexicon_hints(detector, meta.description) if meta.description else []
    candidates: dict[str, Verdict] = {}

    def add(entity: str, confidence: float, method: str, hint: str | None = None) -> None:
        if entity not in detector.entities or not _compatible(entity, family):
            return
        v = candidates.get(entity)
        if v is None:
            v = candidates[entity] = Verdict(entity=entity, confidence=0.0, method=[])
        v.confidence = 1 - (1 - v.confidence) * (1 - confidence)
        if method not in v.method:
            v.method.append(method)
        if hint and hint not in v.hints:
            v.hints.append(hint)

    for h in hints:
        if not h.not_personal and (h.strength == "strong" or not not_personal):
            add(h.entity, 0.75 if h.strength == "strong" else 0.3, "name", h.term)
    for h in described:
        if not h.not_personal:
            # A description mentions people often without holding their data ("entered by the citizen"), unless
            # the project declares the column personal.
            weight = 0.45 if h.strength == "strong" else 0.2
            add(h.entity, weight + (0.2 if meta.declared_personal else 0.0), "description", h.term)
    if meta.fmt and meta.fmt.lower() in _FORMATS:
        add(_FORMATS[meta.fmt.lower()], 0.8, "format")
    if family == "network":
        add("IP_ADDRESS", 0.7, "type")
    if family == "binary" and toks[-1:] == ["address"] and not candidates:
        add("IP_ADDRESS", 0.6, "type", "an address held as bytes")  # MediaWiki's bt_address: a street is text
    if meta.enum and {e.strip().casefold() for e in meta.enum} <= _GENDER_VALUES and len(meta.enum) >= 2:
        add("GENDER", 0.7, "enum")
    for value in meta.enum[:50]:  # CHECK (kind IN ('diagnosis', 'allergy')): the values say what the column holds
        for h in lexicon_hints(detector, value):
            info = detector.entities.get(h.entity)
            if not h.not_personal and info is not None and info.category.value == "special_category":
                add(h.entity, 0.55, "enum", h.term)
    if meta.examples:
        for rec in detector.recognizers:
            if rec.spec.strength in ("strong", "checksum") and any(
                rec.is_valid(e) and rec.match_cells_one(e) for e in meta.examples
            ):
                add(rec.entity, 0.6, "examples")
    if family == "text" and _textual_user_key(toks, meta.declared_type):
        add("USERNAME", 0.6, "type", "user id as text")
    if meta.declared_personal and not candidates:
        add("PERSON_ATTRIBUTE", 0.6, "declared")
    for h in parent_hints:  # "author.phone": the parent supports what the leaf says, it decides nothing alone
        if h.entity in candidates:
            add(h.entity, 0.1, "path", h.term)
    # patient_ide_source, patient_ide_status: where an identifier came from or what state it is in — a word about
    # the value, not the value
    if names_provenance(toks) or (len(toks) > 1 and toks[-1] in _ABOUT_A_VALUE) or _kind_of(toks, meta):
        identifiers = ("direct_identifier", "pseudonymous_identifier")
        candidates = {e: v for e, v in candidates.items() if detector.entities[e].category.value not in identifiers}
    out = []
    for v in candidates.values():
        only_weak = all(m in ("name", "description", "path") for m in v.method) and v.confidence < 0.5
        if "declared" in v.method or (meta.declared_personal and "description" in v.method):
            v.notes.append("declared personal in the project's metadata")
            only_weak = False
        if only_weak or (not_personal and "name" not in v.method and v.confidence < 0.6):
            continue
        lowered = meta.name.casefold()
        if any(t in lowered.replace("-", "_").split("_") for t in _TRANSFORMS):
            v.notes.append("the name says the values are transformed (hash, token, encryption)")
        v.confidence = round(min(v.confidence, 0.97), 3)
        out.append(v)
    return sorted(out, key=lambda v: (-v.confidence, v.entity))
