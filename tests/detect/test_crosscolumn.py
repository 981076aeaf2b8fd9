"""Evidence across columns: mixed-country ID columns, dates and sexes that equal what an ID encodes."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from stdnum.bg import egn
from stdnum.pl import pesel
from stdnum.ro import cnp

from rightskit.api import scan
from tests.helpers import write_csv


def _egn(rng: random.Random, born: dt.date) -> str:
    month = born.month + (40 if born.year >= 2000 else 0)
    body = f"{born.year % 100:02d}{month:02d}{born.day:02d}{rng.randint(0, 999):03d}"
    return body + egn.calc_check_digit(body)


def _cnp(rng: random.Random, born: dt.date) -> str:
    sex = rng.choice([1, 2]) + (4 if born.year >= 2000 else 0)
    body = f"{sex}{born.year % 100:02d}{born.month:02d}{born.day:02d}{rng.randint(1, 46):02d}{rng.randint(1, 999):03d}"
    return body + cnp.calc_check_digit(body)


def _pesel(rng: random.Random, born: dt.date) -> str:
    month = born.month + (20 if born.year >= 2000 else 0)
    body = f"{born.year % 100:02d}{month:02d}{born.day:02d}{rng.randint(0, 9999):04d}"
    return body + pesel.calc_check_digit(body)


def _born(rng: random.Random) -> dt.date:
    return dt.date(rng.randint(1935, 2006), rng.randint(1, 12), rng.randint(1, 28))


def _findings(path: Path) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in scan(path).findings:
        out.setdefault(f.field, []).append(f)
    return out


def test_a_column_of_several_countries_national_ids_is_a_national_id_with_the_split(tmp_path: Path) -> None:
    rng = random.Random(11)
    makers = {"BG": _egn, "RO": _cnp, "PL": _pesel}
    rows = []
    for _ in range(300):
        country = rng.choice(sorted(makers))
        rows.append([makers[country](rng, _born(rng)), country, f"{rng.randint(1, 500)}"])
    found = _findings(write_csv(tmp_path / "visitors.csv", ["c01", "country", "nights"], rows))
    ids = found["c01"]
    assert [f.entity_type for f in ids] == ["NATIONAL_ID"]
    note = " ".join(ids[0].evidence.notes)
    for entity in ("BG_EGN", "RO_CNP", "PL_PESEL"):
        assert entity in note
    assert ids[0].examples and all(set(e) <= {"9"} for e in ids[0].examples)


def test_one_country_ids_keep_their_own_verdict(tmp_path: Path) -> None:
    rng = random.Random(12)
    rows = [[_egn(rng, _born(rng)), str(rng.randint(1, 9))] for _ in range(300)]
    found = _findings(write_csv(tmp_path / "people.csv", ["c01", "c02"], rows))
    assert [f.entity_type for f in found["c01"]] == ["BG_EGN"]


def test_a_headerless_date_equal_to_the_encoded_birth_date_is_a_date_of_birth(tmp_path: Path) -> None:
    rng = random.Random(13)
    rows = []
    for _ in range(250):
        born = _born(rng)
        number = _egn(rng, born)
        sex = "м" if int(number[8]) % 2 == 0 else "ж"
        registered = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
        fmt = rng.choice(["%d.%m.%Y", "%Y-%m-%d"])
        rows.append([number, born.strftime(fmt), sex, registered.isoformat()])
    found = _findings(write_csv(tmp_path / "register.csv", ["c01", "c02", "c03", "c04"], rows))
    dob = found["c02"][0]
    assert dob.entity_type == "DATE_OF_BIRTH" and dob.confidence >= 0.9
    assert "'c01'" in " ".join(dob.evidence.notes) and "cross_column" in dob.evidence.method
    assert found["c03"][0].entity_type == "GENDER"
    assert "c04" not in found  # registration dates of one year are no birth dates


def test_dates_that_do_not_match_the_encoded_birth_date_are_not_confirmed(tmp_path: Path) -> None:
    rng = random.Random(14)
    rows = [[_egn(rng, _born(rng)), _born(rng).isoformat()] for _ in range(250)]
    found = _findings(write_csv(tmp_path / "register.csv", ["c01", "c02"], rows))
    confirmed = [f for f in found.get("c02", []) if "cross_column" in f.evidence.method]
    # Unrelated dates spread over decades in a table of people: at most a probable date of birth, never confirmed.
    assert all(f.confidence < 0.7 for f in confirmed)
    assert not any("encoded" in n for f in confirmed for n in f.evidence.notes)


def test_administrative_codes_are_not_decoded_as_ids_of_people(tmp_path: Path) -> None:
    rng = random.Random(15)
    rows = [
        [f"{rng.randint(10**9, 10**10 - 1)}", f"{rng.randint(2000, 2024)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"]
        for _ in range(300)
    ]
    found = _findings(write_csv(tmp_path / "codes.csv", ["code", "valid_from"], rows))
    assert "valid_from" not in found


def test_a_bare_date_column_over_decades_in_a_table_of_people_is_a_probable_date_of_birth(tmp_path: Path) -> None:
    rng = random.Random(16)
    rows = [[f"u{i}@example.org", _born(rng).isoformat(), _born(rng).isoformat()] for i in range(200)]
    found = _findings(write_csv(tmp_path / "people.csv", ["email", "c02", "term_start"], rows))
    probable = found["c02"][0]
    assert probable.entity_type == "DATE_OF_BIRTH" and 0.5 <= probable.confidence < 0.7
    assert "term_start" not in found  # a header that names its date is believed


def test_codes_that_pass_the_egn_check_by_construction_are_implausible_personal_numbers(tmp_path: Path) -> None:
    rng = random.Random(17)
    # One day's document numbers: date prefix, a serial, a check digit that happens to be the ЕГН's.
    day = dt.date(1975, 1, 1)
    codes = [_egn(rng, day) for _ in range(300)]
    found = _findings(
        write_csv(tmp_path / "documents.csv", ["doc_no", "pages"], [[c, str(rng.randint(1, 9))] for c in codes])
    )
    [verdict] = found["doc_no"]
    assert verdict.entity_type == "BG_EGN" and verdict.confidence <= 0.6  # kept for a release, not trusted
    assert any("same birth date" in n for n in verdict.evidence.notes)
    # Genuine ЕГН with 10 % typos still make a confident column.
    rows = []
    for _ in range(300):
        number = _egn(rng, _born(rng))
        if rng.random() < 0.1:
            number = number[:-1] + str((int(number[-1]) + 1) % 10)
        rows.append([number, str(rng.randint(1, 9))])
    [typos] = _findings(write_csv(tmp_path / "people.csv", ["c01", "c02"], rows))["c01"]
    assert typos.entity_type == "BG_EGN" and typos.confidence >= 0.8


_LATIN_SYLLABLES = ["ka", "ro", "mi", "tel", "van", "su", "dor", "ne", "li", "bra", "zo", "gen"]
_CYRILLIC_SYLLABLES = ["ка", "ро", "ми", "тел", "ван", "су", "дор", "не", "ли", "бра", "зо", "ген"]
_TO_LATIN = dict(zip(_CYRILLIC_SYLLABLES, _LATIN_SYLLABLES, strict=True))


def _invented(rng: random.Random, syllables: list[str]) -> list[str]:
    """A made-up given name and family name (not from any lexicon), as syllables."""
    return [rng.choice(syllables) for _ in range(rng.randint(2, 3))], [rng.choice(syllables) for _ in range(3)]


def test_a_name_column_under_a_bare_header_is_confirmed_by_the_email_local_parts(tmp_path: Path) -> None:
    rng = random.Random(5)
    rows = []
    for i in range(120):
        syllables = _CYRILLIC_SYLLABLES if i % 2 else _LATIN_SYLLABLES
        given, family = _invented(rng, syllables)
        shown = f"{''.join(given).capitalize()} {''.join(family).capitalize()}"
        latin = ["".join(_TO_LATIN.get(s, s) for s in part) for part in (given, family)]
        rows.append([shown, f"{latin[0]}.{latin[1]}{rng.randint(1, 99)}@example.org", f"{rng.randint(1, 9)}"])
    found = _findings(write_csv(tmp_path / "c.csv", ["c1", "c2", "c3"], rows))
    person = next(f for f in found["c1"] if f.entity_type == "PERSON")
    assert "cross_column" in person.evidence.method and "'c2'" in " ".join(person.evidence.notes)
    email = next(f for f in found["c2"] if f.entity_type == "EMAIL_ADDRESS")
    assert "'c1'" in " ".join(email.evidence.notes)


def test_departments_beside_their_role_mailboxes_are_not_people(tmp_path: Path) -> None:
    rng = random.Random(6)
    departments = ["Marketing", "Finance", "Support", "Logistics"]
    rows = []
    for _ in range(120):
        department = rng.choice(departments)
        rows.append([department, f"{department.lower()}@example.org", f"{rng.randint(1, 9)}"])
    found = _findings(write_csv(tmp_path / "d.csv", ["c1", "c2", "c3"], rows))
    assert not any(f.entity_type == "PERSON" for f in found.get("c1", []))


def test_links_that_hold_the_rows_user_name_are_personal_urls(tmp_path: Path) -> None:
    rng = random.Random(7)
    rows = []
    for i in range(80):
        given, family = _invented(rng, _LATIN_SYLLABLES)
        login = f"{''.join(given)}{rng.randint(1, 99)}"
        # Two in three link to the person's page on a forge, the rest to a site of their own.
        link = f"https://forge.example/{login}" if i % 3 else f"https://{''.join(family)}.example.net"
        rows.append([login, link, str(rng.randint(1, 40))])
    found = _findings(write_csv(tmp_path / "contributors.csv", ["login", "profile", "commits"], rows))
    url = next(f for f in found["profile"] if f.entity_type == "URL")
    assert "cross_column" in url.evidence.method and "'login'" in " ".join(url.evidence.notes)
    # The same links beside a column that is no user name (product slugs in a shop's table) prove nothing.
    slugs = [[f"item-{i}", f"https://shop.example/p/item-{i}", str(i)] for i in range(80)]
    found = _findings(write_csv(tmp_path / "products.csv", ["slug", "link", "stock"], slugs))
    assert "URL" not in {f.entity_type for f in found.get("link", [])}


def test_reading_stops_only_when_the_bar_can_no_longer_be_reached() -> None:
    """Disagreeing rows first: a pair that still reaches the 80 % bar over all its rows is confirmed with the
    counts of every row; one that cannot is dropped as soon as that is settled, with the same verdict as a full
    read (none)."""
    import pyarrow as pa

    from rightskit.detect.crosscolumn import CrossColumn

    rng = random.Random(9)

    def table(disagreeing: int, rows: int = 200) -> dict[str, pa.Array]:
        names, emails = [], []
        for i in range(rows):
            given, family = ("".join(p) for p in _invented(rng, _LATIN_SYLLABLES))
            names.append(f"{given.capitalize()} {family.capitalize()}")
            local = f"desk{i}" if i < disagreeing else f"{given}.{family}"
            emails.append(f"{local}@example.org")
        return {"who": pa.array(names), "mail": pa.array(emails)}

    reaches = CrossColumn(rows_expected=200)  # a sample: no rows come after this batch
    reaches.update(table(disagreeing=30))  # 170 of 200 agree: 0.85
    assert (reaches.name_both[("who", "mail")], reaches.name_equal[("who", "mail")]) == (200, 170)
    assert ("who", "mail") not in reaches.name_hopeless
    falls_short = CrossColumn(rows_expected=200)
    falls_short.update(table(disagreeing=60))  # at most 140 of 200: 0.70
    both, equal = falls_short.name_both[("who", "mail")], falls_short.name_equal[("who", "mail")]
    assert ("who", "mail") in falls_short.name_hopeless and both < 200 and equal < 0.8 * both
    # where more batches may follow, the same first 200 rows settle nothing: later rows could lift the share
    streaming = CrossColumn()
    streaming.update(table(disagreeing=60))
    assert streaming.name_both[("who", "mail")] == 200 and not streaming.name_hopeless


def test_each_date_format_reads_only_what_the_ones_before_it_could_not() -> None:
    """Formats tried in turn on the values still unread give the date the first format that reads a value gives,
    as reading every value six ways and taking the first answer does (issue 20: the vectorised path held to the
    reference), over dates written every way, impossible ones and look-alikes among them."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from rightskit.detect.crosscolumn import _DATE_FORMATS, _parse_dates

    rng = random.Random(20)
    pieces = ["2024", "1", "01", "31", "12", "13", "0", "99", "1999", "29", "02", " 3", "10000"]
    written = [
        rng.choice(pieces) + rng.choice("-./") + rng.choice(pieces) + rng.choice("-./") + rng.choice(pieces)
        for _ in range(3000)
    ]
    values = pa.array([*written, *(f"{d:%d.%m.%Y}" for d in _dates(rng, 3000)), "", "1.1.1990 г.", "x"])
    text = pc.replace_substring_regex(pc.utf8_trim_whitespace(values), r"\s*г\.?$", "")
    reference = None
    for fmt in _DATE_FORMATS:
        attempt = pc.strptime(text, format=fmt, unit="s", error_is_null=True)
        reference = attempt if reference is None else pc.coalesce(reference, attempt)
    expected = pc.cast(pc.cast(reference, pa.timestamp("s")), pa.date32()).to_numpy(zero_copy_only=False)
    parsed = _parse_dates(values)
    assert parsed is not None
    assert np.array_equal(parsed, expected.astype("datetime64[D]"), equal_nan=True)
    assert 3000 < int((~np.isnat(parsed)).sum()) < len(values) - 100


def _dates(rng: random.Random, n: int) -> list[dt.date]:
    return [dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(30000)) for _ in range(n)]


def test_decoded_birth_dates_and_sexes_are_the_checksum_librarys() -> None:
    """ЕГН, PESEL and CNP of every century they encode, padded, beside values of other shapes: the decoded birth
    date is python-stdnum's, the sex the one the number encodes (ЕГН's ninth digit, PESEL's tenth, CNP's first)."""
    import numpy as np
    import pyarrow as pa

    from rightskit.detect.crosscolumn import _decode_ids

    rng = random.Random(35)
    values, expected = [], []
    for _ in range(3000):
        born = dt.date(rng.randint(1800, 2099), rng.randint(1, 12), rng.randint(1, 28))
        kind = rng.choice("EPC")
        if kind == "E":
            month = born.month + (40 if born.year >= 2000 else 20 if born.year < 1900 else 0)
            body = f"{born.year % 100:02d}{month:02d}{born.day:02d}{rng.randint(0, 999):03d}"
            number = body + egn.calc_check_digit(body)
            sex = 1 if int(number[8]) % 2 == 0 else 2
        elif kind == "P":
            month = born.month + {18: 80, 19: 0, 20: 20}[born.year // 100]
            body = f"{born.year % 100:02d}{month:02d}{born.day:02d}{rng.randint(0, 9999):04d}"
            number = body + pesel.calc_check_digit(body)
            sex = 2 if int(number[9]) % 2 == 0 else 1
        else:
            first = rng.choice([1, 2]) + {18: 2, 19: 0, 20: 4}[born.year // 100]
            body = f"{first}{born.year % 100:02d}{born.month:02d}{born.day:02d}{rng.randint(1, 46):02d}"
            number = body + f"{rng.randint(1, 999):03d}"
            number += cnp.calc_check_digit(number)
            sex = 1 if first % 2 else 2
        assert {"E": egn, "P": pesel, "C": cnp}[kind].get_birth_date(number) == born  # the library's reading
        values.append(rng.choice(["", " ", "\t"]) + number + rng.choice(["", " "]))
        expected.append((born, sex))
    values += [None, "", "12345", "7907131538x", "٣" * 10, "0000000000000"]
    expected += [(None, 0)] * 6
    decoded = _decode_ids(pa.array(values, pa.string()))
    assert decoded is not None
    births, sexes, _kind = decoded
    got = [(None if np.isnat(b) else b.astype(dt.date), int(s)) for b, s in zip(births, sexes, strict=True)]
    assert got == expected


def test_phone_numbers_and_amounts_are_not_compared_as_ids_or_dates_but_mistyped_ids_are() -> None:
    """Ten-digit phone numbers have an ЕГН's length and amounts a date's digits and dot: decoding them in every
    batch had cost a full scan's parent 75 ms per 200k rows. ЕГН with a third of them mistyped are still read."""
    import pyarrow as pa

    from rightskit.detect.crosscolumn import CrossColumn, _probable_kinds

    rng = random.Random(41)
    births = [_born(rng) for _ in range(400)]
    ids = [_egn(rng, b) for b in births]
    ids = [n[:-1] + str((int(n[-1]) + 1) % 10) if i % 3 == 0 else n for i, n in enumerate(ids)]
    columns = {
        "egn": ids,
        "phone": [f"08{rng.choice('789')}{rng.randint(0, 9_999_999):07d}" for _ in births],
        "amount": [f"{rng.randint(1, 9999)}.{rng.randint(0, 99):02d}" for _ in births],
        "born": [b.strftime("%d.%m.%Y") + rng.choice(["", " г."]) for b in births],
    }
    arrays = {name: pa.array(values, pa.string()) for name, values in columns.items()}
    # ruled out on the first values, before any pass over the batch
    assert {name: _probable_kinds(a) & {"id", "date"} for name, a in arrays.items()} == {
        "egn": {"id"},
        "phone": set(),
        "amount": set(),
        "born": {"date"},
    }
    cross = CrossColumn()
    cross.update(arrays)
    assert set(cross.encoded) == {"egn"}
    assert set(cross.spreads) == {"born"}
    assert cross.birth_equal[("born", "egn")] == cross.birth_both[("born", "egn")] == 400


def test_the_first_of_each_month_is_counted_in_days_as_the_calendar_does() -> None:
    import numpy as np

    from rightskit.detect.crosscolumn import _first_of_month

    years = np.repeat(np.arange(1, 10000), 12)
    months = np.tile(np.arange(1, 13), 9999)
    epoch = dt.date(1970, 1, 1).toordinal()
    expected = [dt.date(int(y), int(m), 1).toordinal() - epoch for y, m in zip(years[::97], months[::97], strict=True)]
    assert _first_of_month(years, months)[::97].tolist() == expected
