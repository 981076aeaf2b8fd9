"""Foreign names as Bulgarian journalists write them: Latin and Greek names transcribed into Bulgarian Cyrillic.

Bulgarian transcribes names by sound (the official rules of the Institute for Bulgarian Language: "Donald
Trump" is "Доналд Тръмп", "Joe Biden" is "Джо Байдън", "Emmanuel Macron" is "Еманюел Макрон"), so each source
language has its own table. Spelling does not decide the sound everywhere (English "i" is "и" in "Bill" and
"ай" in "Biden"), so a name gets a few readings: the usual one and those with up to two alternative choices.
Used by ``build.py`` when the lexicons are built, never at run time.

A rule is (regex matched at the current position of the lower-cased name, readings); the first rule that
matches wins and the readings' first entry is the usual one. Look-behinds see the letters already read.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import islice

_V = "aeiouyáàâäéèêëíìîïóòôöúùûüåæøœ"  # vowels (Latin)
_C = f"[^{_V}\\W]"  # a consonant letter

Rules = list[tuple[str, tuple[str, ...]]]
# An unstressed last syllable: a vowel stands one to three letters before ("Clinton", "Biden", "Reagan").
_LATER = f"(?:(?<=[{_V}].)|(?<=[{_V}]..)|(?<=[{_V}]...))"

# Letters every Latin alphabet reads the same way (the fallback of each table).
_BASE: Rules = [
    ("a", ("а",)), ("b", ("б",)), ("c", ("к",)), ("d", ("д",)), ("e", ("е",)), ("f", ("ф",)), ("g", ("г",)),
    ("h", ("х",)), ("i", ("и",)), ("j", ("й",)), ("k", ("к",)), ("l", ("л",)), ("m", ("м",)), ("n", ("н",)),
    ("o", ("о",)), ("p", ("п",)), ("q", ("к",)), ("r", ("р",)), ("s", ("с",)), ("t", ("т",)), ("u", ("у",)),
    ("v", ("в",)), ("w", ("в",)), ("x", ("кс",)), ("y", ("и",)), ("z", ("з",)),
    ("[áàâã]", ("а",)), ("[éèêëě]", ("е",)), ("[íìîï]", ("и",)), ("[óòôõ]", ("о",)), ("[úùûů]", ("у",)),
    ("[äæ]", ("е",)), ("[öøœő]", ("ьо",)), ("[üű]", ("ю",)), ("ý", ("и",)), ("å", ("о",)), ("ç", ("с",)),
    ("ñ", ("н",)), ("ß", ("с",)), ("[čć]", ("ч",)), ("[šś]", ("ш",)), ("[žźż]", ("ж",)), ("ł", ("л", "у")),
    ("ř", ("рж",)), ("[ďđ]", ("д",)), ("ť", ("т",)), ("ň", ("н",)), ("ľ", ("л",)), ("ą", ("он",)), ("ę", ("ен",)),
    ("ğ", ("",)), ("ı", ("ъ",)), ("[șş]", ("ш",)), ("[țţ]", ("ц",)), ("ă", ("ъ",)), ("[āēīōū]", ("",)),
    ("'", ("",)), ("-", ("-",)),
]  # fmt: skip

_EN: Rules = [
    ("^mc", ("мак",)), ("^mac(?=[^aeiouy])", ("мак",)), ("^kn", ("н",)), ("^wr", ("р",)), ("^wh", ("у",)),
    ("^y(?=[aeiou])", ("й",)), ("tch", ("ч",)), ("chr", ("кр",)), ("ch", ("ч", "к")), ("sh", ("ш",)),
    ("th", ("т",)), ("ph", ("ф",)), ("ck", ("к",)), ("gh", ("",)), ("qu", ("ку",)), ("dg", ("дж",)),
    ("ge(?=o)", ("дж",)), ("ge$", ("дж",)), ("g(?=[eiy])", ("дж", "г")), ("j", ("дж",)),
    ("c(?=[eiy])", ("с",)), ("x", ("кс",)), ("z", ("з", "ц")), ("wa", ("уо", "уа")), ("w(?=[aeiouy])", ("у",)),
    ("ow", ("оу", "ау")), ("aw", ("о",)), ("ew", ("ю",)), ("w", ("",)),
    ("ee", ("и",)), ("ea", ("и", "ей")), ("ie$", ("и",)), ("ies$", ("ис",)), ("ey$", ("и", "ей")),
    ("ay", ("ей",)), ("ai", ("ей",)), ("oo", ("у",)), ("ou", ("ау", "у")), ("oe", ("оу", "о")),
    ("au", ("о",)), ("oy|oi", ("ой",)), ("eu", ("ю",)), ("ei", ("ай", "ей")), ("ia", ("я", "иа")),
    ("io", ("йо", "ио")), ("(?<=[aeiou])h(?![aeiou])", ("",)), ("h$", ("",)),
    (f"(?<=.)(?:er|ur|ir)(?![{_V}r])", ("ър",)), (f"(?:ur|er)(?![{_V}r])", ("ър",)),
    (f"a(?={_C}es?$)", ("ей",)), (f"i(?={_C}es?$)", ("ай",)), (f"o(?={_C}es?$)", ("оу", "о")),
    (f"(?<={_C})es$", ("с",)), (f"(?<={_C})e$", ("",)),
    (f"{_LATER}o(?=ns?$)", ("ъ", "о")), (f"{_LATER}e(?=[nl]s?$)", ("ъ", "е")), (f"{_LATER}a(?=[nm]s?$)", ("ъ", "а")),
    (f"(?:(?<=^{_C})|(?<=^{_C}{_C}))[iy](?={_C}[aeiouy])", ("и", "ай")),
    (f"u(?=(?!sh|ll|sc){_C}{_C}|{_C}$)", ("ъ", "у")),
    (f"(?<=[{_V}])s(?=[{_V}])", ("з", "с")), ("u", ("у", "ъ", "ю")), ("y$", ("и",)), ("y", ("и", "й")),
]  # fmt: skip

_DE: Rules = [
    ("tsch", ("ч",)), ("sch", ("ш",)), ("^s(?=[tp])", ("ш", "с")), ("^s(?=[aeiouäöü])", ("з", "с")), ("ch", ("х",)),
    ("ck", ("к",)), ("ph", ("ф",)), ("th", ("т",)), ("tz", ("ц",)), ("z", ("ц",)), ("qu", ("кв",)),
    ("ei|ai|ey|ay", ("ай",)), ("eu|äu", ("ой",)), ("ie", ("и",)), ("^j", ("й",)), ("j", ("й",)),
    ("w", ("в",)), ("^v", ("ф",)), ("(?<=[aeiouäöü])h", ("",)), ("ä", ("е",)), ("ö", ("ьо", "йо")),
    ("ü", ("ю",)), ("ß", ("с",)), ("er$", ("ер", "ър")), ("y", ("и",)),
]  # fmt: skip

_FR: Rules = [
    ("eaux?$", ("о",)), ("aux?$", ("о",)), ("eau", ("о",)), ("au", ("о",)), ("ou", ("у",)), ("oi", ("оа",)),
    ("ch", ("ш",)), ("ph", ("ф",)), ("th", ("т",)), ("qu", ("к",)), ("gn", ("н",)), ("gu(?=[ei])", ("г",)),
    ("g(?=[eiy])", ("ж",)), ("j", ("ж",)), ("c(?=[eiy])", ("с",)), ("ç", ("с",)), ("ill(?=e)", ("ий",)),
    ("ier$", ("ие",)), ("ez$", ("е",)), ("et$", ("е",)), ("ert$", ("ер",)), ("ault$", ("о",)),
    ("(?<=[aeiou])s(?=[aeiou])", ("з",)), ("[tdsxz]$", ("",)), ("eu", ("ьо",)), ("ui", ("юи",)),
    ("ai", ("е",)), ("ei", ("е",)), ("(?<=.)e$", ("",)), ("(?<=[aeiou])h|^h", ("",)),
    ("u", ("ю",)), ("y", ("и",)), ("w", ("в",)),
]  # fmt: skip

_IT: Rules = [
    ("cch(?=[ei])", ("к",)), ("ch(?=[ei])", ("к",)), ("gh(?=[ei])", ("г",)), ("gli", ("ли",)), ("gn", ("н",)),
    ("sc(?=[ei])", ("ш",)), ("cci(?=[aou])", ("ч",)), ("ci(?=[aou])", ("ч",)), ("ggi(?=[aou])", ("дж",)),
    ("gi(?=[aou])", ("дж",)), ("c(?=[ei])", ("ч",)), ("g(?=[ei])", ("дж",)), ("zz", ("ц",)), ("z", ("ц", "дз")),
    ("qu", ("кв",)), ("h", ("",)), ("j", ("й",)), ("(?<=[aeiou])s(?=[aeiou])", ("з",)), ("y", ("и",)),
]  # fmt: skip

_ES: Rules = [
    ("ch", ("ч",)), ("ll", ("й", "л")), ("qu", ("к",)), ("gu(?=[ei])", ("г",)), ("g(?=[ei])", ("х",)),
    ("j", ("х",)), ("c(?=[ei])", ("с",)), ("z", ("с",)), ("h", ("",)), ("ñ", ("н",)), ("y$", ("й",)),
    ("^y|(?<=[aeiou])y", ("й",)), ("ia", ("я", "иа")), ("io", ("йо", "ио")),
]  # fmt: skip

_PT: Rules = [
    ("nh", ("н",)), ("lh", ("л",)), ("ch", ("ш",)), ("ão", ("ао",)), ("qu", ("к",)), ("gu(?=[ei])", ("г",)),
    ("g(?=[ei])", ("ж",)), ("j", ("ж",)), ("c(?=[ei])", ("с",)), ("ç", ("с",)), ("h", ("",)),
    ("(?<=[aeiou])s(?=[aeiou])", ("з",)), ("x", ("ш",)), ("o$", ("о", "у")),
]  # fmt: skip

_NL: Rules = [
    ("sch", ("сх",)), ("ch", ("х",)), ("oe", ("у",)), ("ij|ei", ("ей",)), ("ui", ("ой", "ау")), ("ou|au", ("ау",)),
    ("ie", ("и",)), ("ee", ("е",)), ("oo", ("о",)), ("aa", ("а",)), ("uu", ("ю",)), ("eu", ("ьо",)),
    ("j", ("й",)), ("w", ("в",)), ("g", ("х", "г")), ("u", ("ю", "у")), ("y", ("ей", "и")),
]  # fmt: skip

_RO: Rules = [
    ("che", ("ке",)), ("chi", ("ки",)), ("ghe", ("ге",)), ("ghi", ("ги",)), ("ce", ("че",)),
    ("ci(?=[aou])", ("ч",)), ("ci$", ("ч",)), ("ci", ("чи",)), ("ge", ("дже",)), ("gi(?=[aou])", ("дж",)),
    ("gi", ("джи",)), ("^io", ("йо",)), ("ia", ("я",)), ("io", ("йо",)), ("iu", ("ю",)), ("ea", ("я", "еа")),
    ("[âî]", ("ъ",)), ("ă", ("ъ",)), ("(?<=[^aeiou])i$", ("",)), ("j", ("ж",)), ("h", ("х",)), ("x", ("кс",)),
]  # fmt: skip

_PL: Rules = [
    ("szcz", ("щ",)), ("sz", ("ш",)), ("cz", ("ч",)), ("rz", ("ж",)), ("ch", ("х",)), ("dzi", ("джи",)),
    ("dż", ("дж",)), ("dź", ("дж",)), ("si(?=[aeouąę])", ("ш",)), ("ci(?=[aeouąę])", ("ч",)),
    ("zi(?=[aeouąę])", ("ж",)), ("ni(?=[aeouąę])", ("н",)), ("ia", ("я",)), ("ie", ("е", "ие")),
    ("io", ("ьо",)), ("iu", ("ю",)), ("ió", ("ьо",)), ("c", ("ц",)), ("w", ("в",)), ("ł", ("л", "у")),
    ("j", ("й",)), ("y", ("и",)), ("ó", ("у",)), ("ś", ("ш",)), ("ć", ("ч",)), ("ń", ("н",)),
]  # fmt: skip

_CS: Rules = [("ch", ("х",)), ("c", ("ц",)), ("j", ("й",)), ("ie", ("ие",)), ("y", ("и",)), ("w", ("в",))]
_SH: Rules = [
    ("dž", ("дж",)), ("đ", ("дж",)), ("lj", ("л",)), ("nj", ("н",)), ("c", ("ц",)), ("ć", ("ч",)), ("j", ("й",)),
]  # fmt: skip
_HU: Rules = [
    ("dzs", ("дж",)), ("sz", ("с",)), ("cs", ("ч",)), ("zs", ("ж",)), ("gy", ("дж",)), ("ny", ("н",)),
    ("ly", ("й",)), ("ty", ("т",)), ("s", ("ш",)), ("c", ("ц",)), ("j", ("й",)), ("y", ("и",)),
]  # fmt: skip
_TR: Rules = [("c", ("дж",)), ("ç", ("ч",)), ("ş", ("ш",)), ("ğ", ("",)), ("ı", ("ъ",)), ("j", ("ж",)), ("y", ("й",))]
_NORDIC: Rules = [("sj", ("ш",)), ("ck", ("к",)), ("j", ("й",)), ("kj", ("ш",)), ("å", ("о",)), ("y", ("ю", "и"))]
_GREEK_LATIN: Rules = [
    ("ch", ("х",)), ("th", ("т",)), ("ts", ("ц",)), ("tz", ("дж",)), ("ou", ("у",)), ("ai", ("е",)),
    ("ei|oi", ("и",)), ("^mp", ("б",)), ("mp", ("мб", "б")), ("^nt", ("д",)), ("nt", ("нд", "д")), ("y", ("и",)),
]  # fmt: skip
_BALTIC: Rules = [("c", ("ц",)), ("j", ("й",)), ("ė", ("е",)), ("y", ("и",)), ("ų", ("у",)), ("į", ("и",))]

LANGUAGES: dict[str, Rules] = {
    "en": _EN, "de": _DE, "fr": _FR, "it": _IT, "es": _ES, "pt": _PT, "nl": _NL, "ro": _RO, "pl": _PL,
    "cs": _CS, "sh": _SH, "hu": _HU, "tr": _TR, "nordic": _NORDIC, "baltic": _BALTIC, "el_latin": _GREEK_LATIN,
}  # fmt: skip

# The language whose spelling a country's names follow (Latin-script countries only).
COUNTRY_LANGUAGE = {
    "US": "en", "GB": "en", "IE": "en", "CA": "en", "MT": "en", "DE": "de", "AT": "de", "CH": "de", "LU": "de",
    "FR": "fr", "BE": "fr", "IT": "it", "ES": "es", "PT": "pt", "NL": "nl", "RO": "ro", "MD": "ro", "PL": "pl",
    "CZ": "cs", "SK": "cs", "HR": "sh", "SI": "sh", "HU": "hu", "TR": "tr", "SE": "nordic", "DK": "nordic",
    "NO": "nordic", "FI": "nordic", "IS": "nordic", "LT": "baltic", "LV": "baltic", "EE": "baltic", "AL": "sh",
    "GR": "el_latin", "CY": "el_latin",
}  # fmt: skip

# Greek by letters and digraphs (ELOT 743 read as Bulgarian sounds: "Μητσοτάκης" is "Мицотакис").
_GREEK: Rules = [
    ("τσ", ("ц",)), ("τζ", ("дж",)), ("^μπ", ("б",)), ("μπ", ("мб", "б")), ("^ντ", ("д",)), ("ντ", ("нд", "д")),
    ("γγ|γκ", ("нг",)), ("^γκ", ("г",)), ("ου", ("у",)), ("αι", ("е",)), ("ει|οι|υι", ("и",)),
    ("αυ(?=[θκξπστφχψ]|$)", ("аф",)), ("αυ", ("ав",)), ("ευ(?=[θκξπστφχψ]|$)", ("еф",)), ("ευ", ("ев",)),
    ("α", ("а",)), ("β", ("в",)), ("γ(?=[ιεηυ])", ("г", "й")), ("γ", ("г",)), ("δ", ("д",)), ("ε", ("е",)),
    ("ζ", ("з",)), ("η", ("и",)), ("θ", ("т",)), ("ι(?=[αεοω])", ("и", "й")), ("ι", ("и",)), ("κ", ("к",)),
    ("λ", ("л",)), ("μ", ("м",)), ("ν", ("н",)), ("ξ", ("кс",)), ("ο", ("о",)), ("π", ("п",)), ("ρ", ("р",)),
    ("[σς]", ("с",)), ("τ", ("т",)), ("υ", ("и",)), ("φ", ("ф",)), ("χ", ("х",)), ("ψ", ("пс",)), ("ω", ("о",)),
]  # fmt: skip

_COMPILED: dict[str, list[tuple[re.Pattern[str], tuple[str, ...]]]] = {}


def _table(lang: str) -> list[tuple[re.Pattern[str], tuple[str, ...]]]:
    if lang not in _COMPILED:
        rules = _GREEK if lang == "el" else [*LANGUAGES[lang], *_BASE]
        _COMPILED[lang] = [(re.compile(p), alts) for p, alts in rules]
    return _COMPILED[lang]


def _strip_accents_greek(word: str) -> str:
    """Greek tonos and dialytika carry no sound of their own here."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _prepare(word: str, lang: str) -> str:
    word = word.casefold()
    if lang == "el":
        return _strip_accents_greek(word)
    # Doubled consonants are one sound in Bulgarian transcription ("Harris" is "Харис").
    return re.sub(r"([bcdfgklmnprstvz])\1", r"\1", word)


def transcribe(name: str, lang: str, limit: int = 6) -> list[str]:
    """Bulgarian Cyrillic readings of one name (a single word) in ``lang`` ("el" for Greek), the usual first.

    At most two positions take an alternative reading; a name no rule of the table can read gives []."""
    if lang == "en" and name.casefold().startswith("mc"):
        rest = transcribe(name[2:], lang, limit)
        return [("Мак" + r[:1].casefold() + r[1:]).capitalize() for r in rest][:limit]
    word = _prepare(name, lang)
    table = _table(lang)
    pieces: list[tuple[str, ...]] = []
    pos = 0
    while pos < len(word):
        for pattern, alts in table:
            m = pattern.match(word, pos)
            if m and m.end() > pos:
                pieces.append(alts)
                pos = m.end()
                break
        else:
            return []
    readings = islice(_readings(pieces), limit)
    out = [r.capitalize() for r in readings if len(r) >= 2]
    return list(dict.fromkeys(out))


def _readings(pieces: list[tuple[str, ...]], budget: int = 2, at: int = 0):
    """Every reading with at most ``budget`` alternative choices, fewer alternatives first."""
    for spent in range(budget + 1):
        yield from _exactly(pieces, spent, at)


def _exactly(pieces: list[tuple[str, ...]], spent: int, at: int):
    if at == len(pieces):
        if spent == 0:
            yield ""
        return
    first, *others = pieces[at]
    for tail in _exactly(pieces, spent, at + 1):
        yield first + tail
    if spent:
        for alt in others:
            for tail in _exactly(pieces, spent - 1, at + 1):
                yield alt + tail
