"""The release audit (issue 19): every staged cell is re-read with recall-first recognizers before the rename;
a release that would publish an identifier is refused (exit 1, nothing written, shapes only), unless the plan
accepts that field with a reason, which the manifest records."""

from __future__ import annotations

import csv
import json
import os
import random
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from faker import Faker

from rightskit.cli.main import cli
from tests.helpers import Gen, write_csv


def _plan(path: Path, src: Path, fields: list[str]) -> Path:
    lines = [f"inputs:\n  {src}:"] + [f"    - {f}" for f in fields]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _anonymise(src: Path, out: Path, plan: Path | None = None) -> Result:
    args = ["anonymise", str(src), "-o", str(out)] + (["--plan", str(plan)] if plan else [])
    return CliRunner().invoke(cli, args)


def _guests(n: int, seed: int) -> list[list[str]]:
    """Visitors from several countries: names from Faker's lists, a room number, a stay length."""
    rng = random.Random(seed)
    fakes = [Faker(loc) for loc in ("el_GR", "tr_TR", "fr_FR", "ro_RO", "de_DE")]
    for i, fake in enumerate(fakes):
        fake.seed_instance(seed + i)
    return [[rng.choice(fakes).name(), str(rng.randint(100, 420)), str(rng.randint(1, 9))] for _ in range(n)]


def test_a_kept_name_column_the_plan_did_not_understand_is_refused_with_shapes_only(tmp_path: Path) -> None:
    rows = _guests(200, seed=3)
    src = write_csv(tmp_path / "guests.csv", ["guest", "room", "nights"], rows)
    plan = _plan(tmp_path / "plan.yaml", src, ["{field: guest, role: other, action: keep}"])
    out = tmp_path / "out"
    result = _anonymise(src, out, plan)
    assert result.exit_code == 1, result.output
    assert "release audit" in result.output and "PERSON" in result.output and "field 'guest'" in result.output
    assert not out.exists(), "a refused release writes nothing"
    assert not any(name in result.output for name, *_ in rows), "the refusal shows shapes, never values"


def test_accepting_a_field_with_a_reason_publishes_it_and_the_manifest_counts_it(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "guests.csv", ["guest", "room", "nights"], _guests(50, seed=4))
    reason = "names of the honorary guests of the city, published with their consent"
    plan = _plan(tmp_path / "plan.yaml", src, [f"{{field: guest, role: other, action: keep, accept: '{reason}'}}"])
    result = _anonymise(src, tmp_path / "out", plan)
    assert result.exit_code == 0, result.output
    audit = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))["audit"]
    assert audit["findings"] == {}
    assert audit["accepted"].get("PERSON", 0) > 0
    assert audit["accepted_fields"] == [{"file": "guests.csv", "field": "guest", "reason": reason}]
    assert audit["cells_checked"] >= 150


def test_validated_identifiers_in_kept_text_are_refused_whatever_stands_near(tmp_path: Path) -> None:
    gen = Gen(9)
    texts = [f"Сигнал: ЕГН {gen.egn()}, тел. {gen.phone()}, моля обадете се." for _ in range(5)]
    texts += ["Без забележки."] * 300
    src = write_csv(tmp_path / "notes.csv", ["id", "note"], [[str(i), t] for i, t in enumerate(texts)])
    plan = _plan(tmp_path / "plan.yaml", src, ["{field: note, role: other, action: keep}"])
    result = _anonymise(src, tmp_path / "out", plan)
    assert result.exit_code == 1
    assert "BG_EGN" in result.output and "PHONE_NUMBER" in result.output


def test_a_copy_of_a_dropped_identifier_in_another_field_is_refused(tmp_path: Path) -> None:
    """The plan drops the ID column, but the same values stand in a comment column: a leak whatever its column."""
    rng = random.Random(2)
    codes = [f"KX-{rng.randint(10**6, 10**7 - 1)}-{rng.choice('ABCDEFGH')}" for _ in range(80)]
    rows = [[c, f"dup {c}" if i % 2 else c, str(i)] for i, c in enumerate(codes)]
    src = write_csv(tmp_path / "cards.csv", ["member_code", "comment", "n"], rows)
    plan = _plan(
        tmp_path / "plan.yaml",
        src,
        ["{field: member_code, role: direct_identifier, action: drop}", "{field: comment, role: other, action: keep}"],
    )
    result = _anonymise(src, tmp_path / "out", plan)
    assert result.exit_code == 1
    assert "DIRECT_IDENTIFIER_VALUE" in result.output and "field 'comment'" in result.output


def test_a_notes_field_with_a_few_contacts_in_many_rows_never_publishes_them(tmp_path: Path) -> None:
    """5 of 20,000 notes hold a phone or an e-mail: whatever the sample scan decides, the release either
    removes them or is refused."""
    gen = Gen(5)
    rng = random.Random(5)
    words = ["received", "late", "ok", "fine", "checked", "forwarded", "closed", "pending", "door", "light"]
    notes = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 8))) for _ in range(20_000)]
    planted = [gen.phone() for _ in range(3)] + [gen.email() for _ in range(2)]
    for value, row in zip(planted, rng.sample(range(20_000), 5), strict=True):
        notes[row] = f"call back {value} please"
    src = write_csv(tmp_path / "log.csv", ["id", "note"], [[str(i), n] for i, n in enumerate(notes)])
    out = tmp_path / "out"
    result = _anonymise(src, out)
    if result.exit_code == 0:
        released = (out / "log.csv").read_text(encoding="utf-8")
        assert not [v for v in planted if v in released]
    else:
        assert result.exit_code == 1 and not out.exists(), result.output


def test_fields_the_scan_found_nothing_in_but_that_look_identifying_are_held_for_review(tmp_path: Path) -> None:
    """Default-deny: a near-unique code and a free-text field without findings are listed as `review` with the
    reason, and the default release does not publish them; categories and amounts are published."""
    import yaml

    rng = random.Random(12)
    words = ["the", "request", "was", "about", "a", "broken", "fence", "near", "school", "and", "again", "later"]
    rows = [
        [f"M{rng.randint(10**7, 10**8 - 1)}Q", " ".join(rng.choice(words) for _ in range(rng.randint(4, 12))),
         rng.choice(["open", "closed", "pending"]), f"{rng.uniform(1, 500):.2f}"]
        for _ in range(400)
    ]  # fmt: skip
    src = write_csv(tmp_path / "cases.csv", ["member", "story", "status", "fee"], rows)
    result = CliRunner().invoke(cli, ["plan", str(src), "-o", str(tmp_path / "plan.yaml")])
    assert result.exit_code == 0, result.output
    planned = {fp["field"]: fp for fp in yaml.safe_load((tmp_path / "plan.yaml").read_text())["inputs"][str(src)]}
    assert planned["member"]["role"] == "review" and "near-unique" in planned["member"]["reason"]
    assert planned["story"]["role"] == "review" and "free text" in planned["story"]["reason"]
    assert {"status", "fee"}.isdisjoint(planned)
    out = tmp_path / "out"
    assert _anonymise(src, out).exit_code == 0
    with (out / "cases.csv").open(encoding="utf-8") as f:
        assert csv.DictReader(f).fieldnames == ["status", "fee"]


def test_a_number_after_other_words_is_not_the_id_keyword_s(tmp_path: Path) -> None:
    """The audit reads a number after "ЕГН" as a national ID even with a bad checksum, but not a reference number
    further on after other words: the redacted "ЕГН [BG_EGN_…] received (ref 4467)" is no leak."""
    from rightskit.anonymise.recall import recall_spans

    assert [s.entity for s in recall_spans("ЕГН: 750101001, моля")] == ["NATIONAL_ID"]
    assert recall_spans("ЕГН [BG_EGN_abcdefgh] received (ref 4467).".replace("[BG_EGN_abcdefgh]", " ")) == []


def test_values_equal_to_a_direct_identifier_are_found_whichever_side_is_smaller() -> None:
    import pyarrow as pa

    from rightskit.anonymise.audit import KnownValues

    few = pa.array(["Щерю Пукалов", "n/a", "0887 641 302"])
    many = pa.array([f"value-{i}" for i in range(50)] + ["0887 641 302", "Щерю Пукалов"])
    assert KnownValues.of(many).holds(few).tolist() == [True, False, True]
    assert KnownValues.of(few).holds(many).tolist() == [False] * 50 + [True, True]
    assert KnownValues.of(pa.array(["other"])).holds(few).tolist() == [False, False, False]

    rng = random.Random(6)  # lengths shared and not, letters of one and two bytes, nulls on both sides
    word = lambda: "".join(rng.choice("ab7щю ") for _ in range(rng.randint(0, 7)))  # noqa: E731
    known = [None if rng.random() < 0.05 else word() for _ in range(400)]
    values = [None if rng.random() < 0.05 else word() for _ in range(900)]
    for left, right in ((values, known), (known, values)):
        expected = [v is not None and v in {r for r in right if r is not None} for v in left]
        assert 0 < sum(expected) < len(left)
        right_values = pa.array(right, pa.string())
        assert KnownValues.of(right_values).holds(pa.array(left, pa.string())).tolist() == expected
        pieces = KnownValues.merged([KnownValues.of(right_values[:100]), KnownValues.of(right_values[100:])])
        assert pieces is not None and pieces.holds(pa.array(left, pa.string())).tolist() == expected


def test_the_prefilter_s_alternations_let_through_exactly_what_each_pattern_does() -> None:
    """The audit searches a group's patterns a few to an alternation (the e-mail group's only where its literal
    stands, one that needs digits only in the texts holding as many): each group's mask must be the union of its
    patterns' masks, over identifiers of every family, near-misses, numbers of every length, glued or split
    digits."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from rightskit.anonymise.audit import Recall
    from rightskit.detect.detector import default_detector

    gen, rng = Gen(12), random.Random(12)
    fake = Faker(["en_GB", "de_DE", "fr_FR", "it_IT", "es_ES", "nl_NL", "pl_PL"])
    fake.seed_instance(12)
    makers = [gen.egn, gen.phone, gen.email, gen.iban, fake.ssn, fake.iban, fake.email, fake.phone_number,
              fake.credit_card_number, lambda: str(rng.randint(0, 10 ** rng.randint(1, 16))),
              lambda: "".join(rng.choice("0123456789 -./AZaz") for _ in range(rng.randint(1, 24)))]  # fmt: skip
    texts = [
        f"{fake.word()}{rng.choice(['', ' ', ':', '(', '-'])}{rng.choice(makers)()}{rng.choice(['', ' ', ').', 'x'])}"
        for _ in range(6_000)
    ]
    values = pa.array(texts, pa.string())
    recall = Recall(default_detector())
    assert recall.literals == {"email": "@"}  # the e-mail group is searched among the texts holding one
    masks = recall.candidates(values)
    singles = {
        "ids": [rec.prefilter_pattern for rec, _ in recall.ids],
        "email": [r.spec.pattern for r in recall.emails],
    }
    for group, patterns in singles.items():
        union = np.zeros(len(texts), dtype=bool)
        for pattern in patterns:
            union |= pc.match_substring_regex(values, pattern).to_numpy(zero_copy_only=False)
        assert 0 < union.sum() < len(texts), group
        assert (masks[group] == union).all(), group
    for group in ("recall", "phone_cell", "person"):
        union = np.zeros(len(texts), dtype=bool)
        for pattern in recall.prefilters[group]:
            union |= pc.match_substring_regex(values, pattern).to_numpy(zero_copy_only=False)
        assert (masks[group] == union).all(), group


def test_patterns_that_cannot_share_an_alternation_are_searched_alone() -> None:
    """Eight patterns that each compile can outgrow RE2's program size limit together; a pattern that is none
    alone must not become one by joining its neighbours."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pytest

    from rightskit.detect.wordsplit import alternations

    large = [rf"[\p{{L}}\p{{N}}]{{1,100}}x{i}" for i in range(8)]
    assert alternations(large) == large
    broken = alternations(["a)|(b", "c"])
    assert broken == ["a)|(b", "c"]
    with pytest.raises(pa.ArrowInvalid):
        pc.match_substring_regex(pa.array(["ab"], pa.string()), broken[0])


def test_a_tag_the_text_already_holds_reads_as_a_blank_in_the_release_as_in_the_audit(tmp_path: Path) -> None:
    """The audit blanks every bracketed tag; a text whose tag stood between a personal-number word and its
    number is redacted by the release, which selects it as the audit reads it."""
    rng = random.Random(8)
    rows = [[str(i), f"ЕГН [INTERNAL_CASE_REFERENCE] {rng.randint(10**5, 10**6 - 1)}"] for i in range(30)]
    rows += [[str(100 + i), "Без забележки."] for i in range(200)]
    src = write_csv(tmp_path / "notes.csv", ["id", "note"], rows)
    plan = _plan(tmp_path / "plan.yaml", src, ["{field: note, role: other, action: redact_text}"])
    out = tmp_path / "out"
    result = _anonymise(src, out, plan)
    assert result.exit_code == 0, result.output
    released = (out / "notes.csv").read_text(encoding="utf-8")
    assert not [number for _, note in rows[:30] for number in [note.rsplit(" ", 1)[1]] if number in released]


def test_direct_values_digested_on_a_thread_surface_a_failure_and_leave_no_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    import pyarrow as pa

    from rightskit.anonymise import audit

    def failing(values):
        raise MemoryError("no room")

    monkeypatch.setattr(audit, "digested_values", failing)
    for finished in (False, True):  # merged when taken, or on the threads once the reading is over
        gathered = audit.DirectValues(["email"])
        gathered.add(pa.array([f"person{i}@example.org" for i in range(100)], pa.string()))
        if finished:
            gathered.finish()
        with pytest.raises(MemoryError):
            gathered.take()
    for thread in threading.enumerate():
        if thread.name.startswith("rightskit-digest"):
            thread.join(timeout=5)
    assert not [t for t in threading.enumerate() if t.name.startswith("rightskit-digest")]


def test_a_json_lines_release_gathers_its_direct_identifiers_as_it_reads_and_still_refuses_a_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first pass's worker processes digest the dropped identifiers' values: the audit does not read the
    input again, and a copy of one in a kept field is refused as before."""
    from rightskit.anonymise import audit

    rng = random.Random(21)
    codes = [f"KX-{rng.randint(10**6, 10**7 - 1)}-{rng.choice('ABCDEFGH')}" for _ in range(300)]
    lines = [json.dumps({"member_code": c, "comment": c if i == 7 else "ok", "n": str(i)}) for i, c in enumerate(codes)]
    src = tmp_path / "cards.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plan = _plan(
        tmp_path / "plan.yaml",
        src,
        ["{field: member_code, role: direct_identifier, action: drop}", "{field: comment, role: other, action: keep}",
         "{field: n, role: other, action: keep}"],
    )  # fmt: skip
    monkeypatch.setattr(audit, "direct_values", lambda *a: pytest.fail("the input was read again"))
    result = _anonymise(src, tmp_path / "out", plan)
    assert result.exit_code == 1, result.output
    assert "DIRECT_IDENTIFIER_VALUE" in result.output and "field 'comment'" in result.output


def test_a_json_lines_output_is_audited_alike_by_the_reader_s_workers_and_by_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rightskit.anonymise import audit
    from rightskit.detect.detector import default_detector
    from rightskit.sources import jsonl_chunks

    gen, rng = Gen(23), random.Random(23)
    notes = [rng.choice(["ok", "late", "fine", "checked"]) for _ in range(3000)]
    for row in rng.sample(range(3000), 12):
        notes[row] = rng.choice([f"write to {gen.email()}", f"ЕГН {gen.egn()}", f"call {gen.phone()} today"])
    out = tmp_path / "released.jsonl"
    out.write_text("".join(json.dumps({"note": n, "n": str(i)}) + "\n" for i, n in enumerate(notes)), encoding="utf-8")
    monkeypatch.setattr(jsonl_chunks, "CHUNK_BYTES", 8 << 10)  # a dozen byte ranges
    results = []
    for cores in (2, 1):
        monkeypatch.setattr(os, "cpu_count", lambda cores=cores: cores)
        found = audit.audit_release([(out, out, [])], default_detector())
        results.append((found.cells_checked, found.findings, [d.render() for d in found.details]))
    assert results[0] == results[1]
    assert results[0][0] == 6000 and sum(results[0][1].values()) >= 12


def test_a_large_delimited_output_is_checked_alike_by_worker_processes_and_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Worker processes check a large file's values while this one reads on; their answers are recorded in the
    order the values came, so the counts and the first details are what one process finds."""
    import pyarrow as pa

    from rightskit.anonymise import audit
    from rightskit.detect.detector import default_detector

    gen, rng = Gen(29), random.Random(29)
    codes = [f"KX-{rng.randint(10**6, 10**7 - 1)}-{rng.choice('ABCDEFGH')}" for _ in range(200)]
    notes = [" ".join(rng.choice(["ok", "late", "fine", "checked", "door"]) for _ in range(4)) for _ in range(6000)]
    for row in rng.sample(range(6000), 60):
        notes[row] = rng.choice(
            [f"write to {gen.email()}", f"ЕГН {gen.egn()}", f"call {gen.phone()} today", rng.choice(codes)]
        )
    out = write_csv(tmp_path / "released.csv", ["note", "n"], [[n, str(i % 997)] for i, n in enumerate(notes)])
    direct = audit.KnownValues.of(pa.array(codes))  # the input's values of a dropped identifier
    monkeypatch.setattr(audit, "READ_BLOCK_SIZE", 8 << 10)  # batches of a few hundred rows
    monkeypatch.setattr(audit, "FLUSH_VALUES", 700)  # many checks of each field, several in flight at once
    results, used = [], []
    for threshold in (0, 1 << 40):
        monkeypatch.setattr(audit, "PARALLEL_CHECK_BYTES", threshold)
        used.append(audit._checked_in_processes(out))
        result = audit.AuditResult()
        audit.audit_file(out, [], audit.Recall(default_detector()), direct, result)
        results.append((result.cells_checked, result.findings, [d.render() for d in result.details]))
    assert used[0] >= 2 and used[1] == 0
    assert results[0] == results[1]
    assert results[0][0] == 12000 and sum(results[0][1].values()) >= 60
    assert results[0][1].get("DIRECT_IDENTIFIER_VALUE", 0) >= 5


def test_the_values_worth_comparing_are_those_arrows_letter_and_case_tests_keep() -> None:
    """One lower-case word is no identifier ("unknown", "няма"): the audit leaves it out, asking the case of the
    words only, and keeps the same values as Arrow's two tests over every value would (issue 20: a vectorised path
    held to its reference), letters of every case and script among them."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from rightskit.anonymise.audit import _MIN_DIRECT_LENGTH, _worth_comparing

    rng = random.Random(62)
    alphabet = "abcxyzABCжЖняма ßẞǅʰ١2_-@.\tİıſ"
    for _ in range(300):
        written = [
            None if rng.random() < 0.05 else "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
            for _ in range(rng.randint(0, 80))
        ]
        values = pc.utf8_trim_whitespace(pa.array(written, pa.string()))
        lower_word = pc.and_(pc.utf8_is_alpha(values), pc.utf8_is_lower(values))
        kept = pc.and_(pc.greater_equal(pc.utf8_length(values), _MIN_DIRECT_LENGTH), pc.invert(lower_word))
        assert _worth_comparing(pa.array(written, pa.string())).equals(values.filter(kept).drop_null())
    assert _worth_comparing(pa.array(["unknown", "няма още", "Unknown", "ivan@abv.bg"])).to_pylist() == [
        "няма още",
        "Unknown",
        "ivan@abv.bg",
    ]


def test_direct_values_merged_once_the_reading_is_over_are_those_merged_when_taken(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Parts digested on two threads and merged there before the audit asks: the same digests and lengths as
    merging them when taken, with repeats across the parts."""
    import numpy as np
    import pyarrow as pa

    from rightskit.anonymise import audit

    monkeypatch.setattr(audit, "_DIGEST_AT_ONCE", 1000)
    rng = random.Random(9)
    batches = [
        pa.array([f"+359 88{rng.randint(0, 99_999):05d}" if rng.random() < 0.9 else "unknown" for _ in range(700)])
        for _ in range(12)
    ]
    known = []
    for finished in (False, True):
        gathered = audit.DirectValues(["phone"])
        for batch in batches:
            gathered.add(batch)
        if finished:
            gathered.finish()
        known.append(gathered.take())
    taken, merged = known
    assert taken is not None and merged is not None and len(taken) > 5000
    assert np.array_equal(taken.digests, merged.digests) and np.array_equal(taken.lengths, merged.lengths)
    assert np.all(np.diff(merged.digests.astype(np.float64)) >= 0) and len(np.unique(merged.digests)) == len(merged)
