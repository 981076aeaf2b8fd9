"""Anonymised releases: nothing identifying survives, text stays useful, files are k-anonymous, runs are atomic."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from rightskit.cli.main import cli

ROOT = Path(__file__).parents[2]
EVAL = ROOT / "bench" / "evalset"
TEXTS = ROOT / "bench" / "texts" / "complaints.jsonl"
ADULT = ROOT / "tests" / "fixtures" / "adult"
QI = ["sex", "age", "race", "marital-status", "education", "native-country", "workclass", "occupation", "salary-class"]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _release(inputs: list[Path], out: Path, *extra: str) -> dict:
    result = CliRunner().invoke(cli, ["anonymise", *map(str, inputs), "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_registers_and_nested_json_leak_no_direct_identifier(tmp_path: Path) -> None:
    inputs = [EVAL / "register_cp1251.csv", EVAL / "complaints.jsonl", EVAL / "obfuscated.csv"]
    before = {p: _digest(p) for p in inputs}
    manifest = _release(inputs, tmp_path / "out")
    assert {p: _digest(p) for p in inputs} == before, "inputs are never modified"
    released = "\n".join((tmp_path / "out" / p.name).read_text(encoding="utf-8") for p in inputs)
    planted = set()
    with (EVAL / "register_cp1251.csv").open(encoding="cp1251", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            planted |= {row["Трите имена"].strip(), row["ЕГН"], row["Телефон"], row["Имейл"], row["Постоянен адрес"]}
    for line in (EVAL / "complaints.jsonl").read_text(encoding="utf-8").splitlines():
        c = json.loads(line)["citizen"]
        planted |= {c["name"], c["contacts"]["email"], *c["contacts"]["phones"], c["egn"] or "-"}
    with (EVAL / "obfuscated.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            planted |= {
                row["col_1"],
                row["col_2"],
                row["col_3"],
                row["col_4"],
                row["col_5"],
                row["col_6"],
                row["col_10"],
            }
    planted.discard("-")
    leaked = [v for v in planted if v and v in released]
    assert leaked == []
    from rightskit.detect.text import find_entities

    validated = {"BG_EGN", "BG_LNCH", "PHONE_NUMBER", "EMAIL_ADDRESS", "IBAN_CODE", "CREDIT_CARD"}
    for line in released.splitlines():
        assert not [s for s in find_entities(line) if s.entity in validated], line[:80]
    for f in manifest["files"]:
        if f["search"]:
            assert f["risk_after"]["min_class_size"] >= 5


def test_texts_nested_in_a_json_document_are_redacted_together_as_each_alone(tmp_path: Path, monkeypatch) -> None:
    from rightskit.anonymise.keys import new_key
    from rightskit.anonymise.release import anonymise, context
    from rightskit.anonymise.text import Surrogates, redact
    from rightskit.detect.detector import default_detector
    from rightskit.models.release import FieldPlan, Plan
    from tests.helpers import Gen

    gen = Gen(19)
    notes = [f"Обадете се на {gen.phone()}, пита {gen.name()}" if i % 3 else "без бележка" for i in range(60)]
    src = tmp_path / "cases.json"
    cases = [{"id": i, "log": [{"note": notes[2 * i]}, {"note": notes[2 * i + 1]}]} for i in range(30)]
    src.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    plan = Plan(k=2, inputs={str(src): [FieldPlan(field="log[].note", role="other", action="redact_text")]})
    calls = []
    redact_many = context.ReleaseContext.redact_many
    monkeypatch.setattr(
        context.ReleaseContext, "redact_many", lambda self, t, c=None: calls.append(len(t)) or redact_many(self, t, c)
    )
    anonymise([str(src)], str(tmp_path / "out"), plan, release_key=new_key())
    assert calls == [len(set(notes))]  # the document's distinct texts, together

    def shape(text: str) -> str:
        return re.sub(r"\[([A-Z_]+)_[a-z]{8}\]", r"[\1]", text)

    released = [
        e["note"] for case in json.loads((tmp_path / "out" / "cases.json").read_text("utf-8")) for e in case["log"]
    ]
    alone = [redact(n, default_detector(), Surrogates(b"k" * 32), recall=True)[0] for n in notes]
    assert [shape(r) for r in released] == [shape(a) for a in alone]
    assert sum("[PHONE_NUMBER_" in r for r in released) == 40


def test_text_redaction_keeps_look_alikes(tmp_path: Path) -> None:
    docs = [json.loads(line) for line in TEXTS.read_text(encoding="utf-8").splitlines()]
    src = tmp_path / "signals.jsonl"
    src.write_text("\n".join(json.dumps({"id": i, "text": d["text"]}, ensure_ascii=False) for i, d in enumerate(docs)) + "\n",
                   encoding="utf-8")  # fmt: skip
    plan = tmp_path / "plan.yaml"
    plan.write_text(f"inputs:\n  {src}:\n    - {{field: text, role: other, action: redact_text}}\n", encoding="utf-8")
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["anonymise", str(src), "-o", str(out), "--plan", str(plan)]).exit_code == 0
    released = [json.loads(line)["text"] for line in (out / "signals.jsonl").read_text(encoding="utf-8").splitlines()]
    redacted = total = kept = looks = 0
    for d, text in zip(docs, released, strict=True):
        for span in d["spans"]:
            if span["type"] in ("PERSON", "STREET_ADDRESS", "VEHICLE_PLATE"):
                total += 1
                redacted += d["text"][span["start"] : span["end"]] not in text
            else:
                assert d["text"][span["start"] : span["end"]] not in text, "a validated identifier survived"
        for la in d["lookalikes"]:
            looks += 1
            kept += d["text"][la["start"] : la["end"]] in text
    assert redacted / total >= 0.95 and kept / looks >= 0.9, (redacted / total, kept / looks)


def test_adult_release_is_arx_optimal(tmp_path: Path) -> None:
    hier = [f"--hierarchy={q}={ADULT / f'adult_hierarchy_{q}.csv'}" for q in QI]
    manifest = _release(
        [ADULT / "adult.csv"], tmp_path / "out", "--k", "5", "--max-suppression", "0", "--quasi", ",".join(QI), *hier
    )
    [f] = manifest["files"]
    assert round(f["search"]["nue"], 4) == 407_289.5389
    assert list(f["search"]["levels"].values()) == [1, 2, 1, 1, 3, 2, 2, 1, 1]
    assert f["rows_out"] == 30_162 and f["risk_after"]["min_class_size"] >= 5


def test_unreachable_k_writes_nothing_and_exits_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["anonymise", str(ADULT / "adult.csv"), "-o", str(tmp_path / "out"), "--k", "50000",
                                      "--quasi", "age", "--hierarchy", "age=builtin:age"])  # fmt: skip
    assert result.exit_code == 1 and "best achievable" in result.stderr
    assert not (tmp_path / "out").exists() and list(tmp_path.iterdir()) == []


def test_interrupted_run_leaves_nothing(tmp_path: Path) -> None:
    src = tmp_path / "big.csv"
    with src.open("w", encoding="utf-8") as fh:
        fh.write("email,note\n")
        for i in range(200_000):  # every note differs: each is analysed, so writing takes seconds
            fh.write(f"user{i}@example.bg,Обадете се на 0888 {i:06d} за справка\n")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "rightskit", "anonymise", str(src), "-o", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        # Interrupt once the release file is being written in the staging folder.
        if any(f.stat().st_size for f in tmp_path.glob(".out.*/big.csv")):
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run must still be writing when it is interrupted"
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=60)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["big.csv"], "no staging folder is left behind"


def test_keyed_pseudonyms_are_stable_per_key_and_release_tokens_differ(tmp_path: Path) -> None:
    src = tmp_path / "p.csv"
    src.write_text("phone,amount\n0888 123 456,1\n+359888123456,2\n", encoding="utf-8")
    runner = CliRunner()
    for name in ("k1", "k2"):
        assert runner.invoke(cli, ["keygen", "-o", str(tmp_path / name)]).exit_code == 0
    assert oct(os.stat(tmp_path / "k1").st_mode)[-3:] == "600"
    plan = tmp_path / "plan.yaml"

    def tokens(action: str, key: str, out: str) -> list[str]:
        plan.write_text(f"inputs:\n  {src}:\n    - {{field: phone, role: direct_identifier, action: {action}, entity: PHONE_NUMBER}}\n",
                        encoding="utf-8")  # fmt: skip
        r = runner.invoke(
            cli,
            ["anonymise", str(src), "-o", str(tmp_path / out), "--plan", str(plan), "--key-file", str(tmp_path / key)],
        )
        assert r.exit_code == 0, r.output
        with (tmp_path / out / "p.csv").open(encoding="utf-8") as fh:
            return [row["phone"] for row in csv.DictReader(fh)]

    a, b, c = tokens("pseudonymise", "k1", "o1"), tokens("pseudonymise", "k1", "o2"), tokens("pseudonymise", "k2", "o3")
    assert a == b and a[0] == a[1] and len(a[0]) >= 32  # normalised: one person, one token; 128 bits
    assert a != c
    r1, r2 = tokens("release_token", "k1", "o4"), tokens("release_token", "k1", "o5")
    assert r1[0] == r1[1] and r1 != r2
    manifest = json.loads((tmp_path / "o1" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["key_ids"] and (tmp_path / "k1").read_text().strip() not in json.dumps(manifest)


def test_csv_injection_is_neutralised_and_manifest_validates(tmp_path: Path) -> None:
    import jsonschema

    from rightskit.models.publish import load_schema

    src = tmp_path / "f.csv"
    src.write_text('label,amount\n=HYPERLINK("x"),1\n+1,2\n@SUM(A1),3\nok,4\n', encoding="utf-8")
    manifest = _release([src], tmp_path / "out")
    with (tmp_path / "out" / "f.csv").open(encoding="utf-8") as fh:
        labels = [row["label"] for row in csv.DictReader(fh)]
    assert labels == ['\'=HYPERLINK("x")', "'+1", "'@SUM(A1)", "ok"]
    jsonschema.Draft202012Validator(load_schema("manifest-v1.schema.json")).validate(manifest)
    package = json.loads((tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["resources"][0]["path"] == "f.csv"


def test_a_release_into_new_folders_makes_them_and_one_under_a_file_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "p.csv"
    src.write_text("email,comment\na@example.bg,Благодаря за бързия отговор\n", encoding="utf-8")
    manifest = _release([src], tmp_path / "new" / "deeper" / "out")
    assert manifest["files"][0]["output"] == "p.csv" and not list((tmp_path / "new" / "deeper").glob(".out.*"))
    (tmp_path / "plain").write_text("a file, not a folder", encoding="utf-8")
    result = CliRunner().invoke(cli, ["anonymise", str(src), "-o", str(tmp_path / "plain" / "out")])
    assert result.exit_code == 2 and "plain" in result.stderr and "cannot be made" in result.stderr
    assert "Traceback" not in result.output and not list(tmp_path.glob(".out.*"))


def test_more_text_columns_than_column_threads_are_released_without_waiting_on_one_another(tmp_path: Path) -> None:
    # Each text column's redaction hands its audit searches to the column threads it runs on: with every thread
    # taken by a column, waiting on them hung the release forever (a register of firms and sites, two columns).
    from tests.helpers import Gen, write_csv

    gen = Gen(23)
    columns = [f"note{i}" for i in range((os.cpu_count() or 1) + 1)]
    rows = [[f"Обадете се на {gen.phone()}, {gen.name()}" for _ in columns] for _ in range(300)]
    src = write_csv(tmp_path / "notes.csv", columns, rows)
    plan = tmp_path / "plan.yaml"
    fields = "".join(f"    - {{field: {c}, role: other, action: redact_text, entity: PHONE_NUMBER}}\n" for c in columns)
    plan.write_text(f"inputs:\n  {src}:\n{fields}", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "rightskit", "anonymise", str(src), "-o", str(tmp_path / "out"), "--plan", str(plan)],
        capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    released = list(csv.reader((tmp_path / "out" / "notes.csv").open(encoding="utf-8", newline="")))
    assert len(released) == 301 and all("[PHONE_NUMBER_" in cell for row in released[1:] for cell in row)


def test_a_csv_whose_every_column_is_dropped_keeps_its_rows_empty_as_json_lines_does(tmp_path: Path) -> None:
    src = tmp_path / "contacts.csv"
    src.write_text("name,email\n" + "".join(f"Иван Петров,ivan{i}@abv.bg\n" for i in range(12)), encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    fields = "".join(f"    - {{field: {c}, role: direct_identifier, action: drop}}\n" for c in ("name", "email"))
    plan.write_text(f"inputs:\n  {src}:\n{fields}", encoding="utf-8")
    manifest = _release([src], tmp_path / "out", "--plan", str(plan))
    assert (tmp_path / "out" / "contacts.csv").read_bytes() == b"\n" * 13  # the header's line and twelve rows
    assert manifest["files"][0]["rows_out"] == 12


def test_encryption_is_refused_for_open_data(tmp_path: Path) -> None:
    src = tmp_path / "p.csv"
    src.write_text("email\na@example.bg\n", encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        f"inputs:\n  {src}:\n    - {{field: email, role: direct_identifier, action: encrypt}}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["anonymise", str(src), "-o", str(tmp_path / "out"), "--plan", str(plan)])
    assert result.exit_code == 2 and "refuses reversible encryption" in result.stderr


@pytest.mark.parametrize(("base", "sex"), [("750101002", "м"), ("750101001", "ж")])
def test_egn_derivations(base: str, sex: str) -> None:
    """The 9th digit of an ЕГН is even for men and odd for women; the birth date gives the age band."""
    import datetime as dt

    from stdnum.bg import egn

    from rightskit.anonymise.operators import egn_facts

    band, got_sex = egn_facts(base + egn.calc_check_digit(base))
    age = dt.date.today().year - 1975 - (dt.date.today() < dt.date(dt.date.today().year, 1, 1))
    low = (age // 10) * 10
    assert (band, got_sex) in {(f"{low}-{low + 9}", sex), (f"{low - 10}-{low - 1}", sex)}
    assert egn_facts("7501010011") == (None, None)


def test_tables_of_counts_get_small_cell_suppression(tmp_path: Path) -> None:
    src = tmp_path / "benefits.csv"
    src.write_text("district,age_band,n\nЛозенец,0-17,20\nЛозенец,18-64,3\nЛозенец,65+,15\nЛюлин,0-17,12\n"
                   "Люлин,18-64,18\nЛюлин,65+,25\nИзгрев,0-17,25\nИзгрев,18-64,30\nИзгрев,65+,22\n", encoding="utf-8")  # fmt: skip
    result = CliRunner().invoke(
        cli, ["anonymise", str(src), "-o", str(tmp_path / "out"), "--counts", "district,age_band,n"]
    )
    assert result.exit_code == 0, result.output
    with (tmp_path / "out" / "benefits.csv").open(encoding="utf-8") as fh:
        published = {(r["district"], r["age_band"]): r["n"] for r in csv.DictReader(fh)}
    assert published[("Лозенец", "18-64")] == ""
    assert sum(1 for v in published.values() if v == "") >= 4  # the small cell and its complements
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert {c["reason"] for c in manifest["suppressed_cells"]["benefits.csv"]} == {"primary", "secondary"}


def test_masking_views_and_anonymizer_rules_from_a_schema(tmp_path: Path) -> None:
    import sqlglot

    src = tmp_path / "schema.sql"
    src.write_text("CREATE TABLE citizens (id int, egn char(10), email text, date_of_birth date, district text, "
                   "created_at timestamp);\n", encoding="utf-8")  # fmt: skip
    assert CliRunner().invoke(cli, ["anonymise", str(src), "-o", str(tmp_path / "out"), "--sql-views"]).exit_code == 0
    views = (tmp_path / "out" / "masking_views.sql").read_text(encoding="utf-8")
    [view] = sqlglot.parse(views, read="postgres")
    assert view.args.get("kind") == "VIEW"
    select = view.expression.sql(dialect="postgres")
    assert "egn" not in select and "email" not in select and "EXTRACT(YEAR FROM date_of_birth)" in select
    assert views.startswith("-- citizens: withheld id (ties a row to a person); egn (direct identifier (BG_EGN))")
    labels = (tmp_path / "out" / "anonymizer_labels.sql").read_text(encoding="utf-8")
    assert "ON COLUMN citizens.egn IS 'MASKED WITH VALUE NULL'" in labels


def test_json_lines_are_streamed_and_a_broken_line_is_named(tmp_path: Path) -> None:
    from rightskit.anonymise.release.writers import jsondoc

    src = tmp_path / "signals.jsonl"
    lines = [json.dumps({"id": i, "email": f"u{i}@example.bg", "ok": i % 2 == 0, "n": 1.5}) for i in range(40)]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    batches = list(jsondoc.jsonl_batches(src, size=16))
    assert [len(b) for b in batches] == [16, 16, 8]  # never the whole file at once
    manifest = _release([src], tmp_path / "out", "--k", "2")
    out = [json.loads(line) for line in (tmp_path / "out" / "signals.jsonl").read_text(encoding="utf-8").splitlines()]
    assert out[3] == {"id": 3, "ok": False, "n": 1.5}  # types kept; the e-mail dropped
    assert manifest["files"][0]["rows_out"] == 40
    broken = tmp_path / "broken.jsonl"
    broken.write_text(lines[0] + "\n\n" + '{"id": 2, "email": \n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["anonymise", str(broken), "-o", str(tmp_path / "out2"), "--k", "2"])
    assert result.exit_code == 2 and "broken.jsonl" in result.output and "line 3" in result.output
    assert not (tmp_path / "out2").exists()


def test_parquet_in_parquet_out_planned_columns_as_text_the_others_typed(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    src = tmp_path / "visits.parquet"
    n = 60
    pq.write_table(pa.table({
        "visit": pa.array(range(n), pa.int64()),
        "email": [f"user{i}@example.bg" for i in range(n)],
        "note": [f"Обаждане от 0888 123 {i:03d}" if i % 3 else "" for i in range(n)],
        "amount": pa.array([i * 1.5 for i in range(n)], pa.float64()),
    }), src, row_group_size=25)  # fmt: skip
    manifest = _release([src], tmp_path / "out", "--k", "2")
    out = pq.read_table(tmp_path / "out" / "visits.parquet")
    assert out.column_names == ["visit", "note", "amount"]
    assert out.schema.field("visit").type == pa.int64() and out.schema.field("note").type == pa.string()
    assert out.column("visit").to_pylist() == list(range(n))
    notes = out.column("note").to_pylist()
    assert not any("0888" in v for v in notes) and sum("[PHONE_NUMBER_" in v for v in notes) == 40
    record = manifest["files"][0]
    assert record["input_sha256"] == _digest(src)
    assert record["output_sha256"] == _digest(tmp_path / "out" / "visits.parquet")
    assert record["rows_out"] == n and {f["field"]: f["cells_changed"] for f in record["fields"]} == {
        "email": n,
        "note": 40,
    }
    package = json.loads((tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8"))
    types = {f["name"]: f["type"] for f in package["resources"][0]["schema"]["fields"]}
    assert types == {"visit": "integer", "note": "string", "amount": "number"}


@pytest.mark.parametrize("chunk", [64, 1 << 20])
def test_json_lines_released_on_all_cores_equal_one_process(tmp_path: Path, monkeypatch, chunk: int) -> None:
    import os

    from rightskit.anonymise.keys import new_key
    from rightskit.anonymise.release import anonymise
    from rightskit.models.release import FieldPlan, Plan
    from rightskit.sources import jsonl_chunks
    from tests.helpers import Gen

    gen = Gen(3)
    src = tmp_path / "signals.jsonl"
    districts = ["Лозенец", "Младост", "Люлин"]
    lines = [json.dumps({"id": i, "egn": gen.egn(), "district": districts[i % 3] if i % 50 else "Банкя",
                         "note": f"Обаждане от {gen.phone()} за справка", "score": i / 4, "ok": i % 2 == 0},
                        ensure_ascii=False) for i in range(600)]  # fmt: skip
    src.write_text("\n".join(lines[:300]) + "\n\n" + "\n".join(lines[300:]) + "\n", encoding="utf-8")
    fields = [
        FieldPlan(field="egn", role="direct_identifier", action="drop", entity="BG_EGN"),
        FieldPlan(field="district", role="quasi_identifier", action="generalise", hierarchy="builtin:star"),
        FieldPlan(field="note", role="other", action="redact_text", entity="PHONE_NUMBER"),
    ]
    plan = Plan(k=20, max_suppression=0.05, inputs={str(src): fields})
    release_key = new_key()
    monkeypatch.setattr(jsonl_chunks, "CHUNK_BYTES", chunk)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    one = anonymise([str(src)], str(tmp_path / "one"), plan, release_key=release_key)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    many = anonymise([str(src)], str(tmp_path / "many"), plan, release_key=release_key)
    assert (tmp_path / "many" / "signals.jsonl").read_bytes() == (tmp_path / "one" / "signals.jsonl").read_bytes()
    assert many.files[0].model_dump(exclude={"output_sha256"}) == one.files[0].model_dump(exclude={"output_sha256"})
    assert one.files[0].rows_out == 588  # the 12 records of the rare district are suppressed
    assert "[PHONE_NUMBER_" in (tmp_path / "one" / "signals.jsonl").read_text(encoding="utf-8")


@pytest.mark.parametrize("block", [1 << 10, 1 << 20])
def test_delimited_release_in_worker_processes_equals_one_process(tmp_path: Path, monkeypatch, block: int) -> None:
    from rightskit import workers
    from rightskit.anonymise import release
    from rightskit.anonymise.keys import new_key
    from rightskit.anonymise.release import context
    from rightskit.anonymise.release.writers import delimited
    from rightskit.models.release import FieldPlan, Plan
    from rightskit.workers import forked_map
    from tests.helpers import Gen

    gen = Gen(11)
    src = tmp_path / "register.csv"
    districts = ["Лозенец", "Младост", "Люлин"]
    with src.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "name", "egn", "district", "note", "formula"])
        for i in range(700):
            note = f'Обаждане от {gen.phone()}, "спешно"\nвтори ред' if i % 4 else ""
            district = districts[i % 3] if i % 70 else "Банкя"
            writer.writerow([i, gen.name(), gen.egn(), district, note, "=1+1" if i % 9 == 0 else "x"])
    fields = [
        FieldPlan(field="name", role="direct_identifier", action="drop", entity="PERSON"),
        FieldPlan(field="egn", role="direct_identifier", action="drop", entity="BG_EGN"),
        FieldPlan(field="district", role="quasi_identifier", action="generalise", hierarchy="builtin:star"),
        FieldPlan(field="note", role="other", action="redact_text", entity="PHONE_NUMBER"),
    ]
    plan = Plan(k=20, max_suppression=0.05, inputs={str(src): fields})
    key = new_key()
    monkeypatch.setattr(delimited, "RELEASE_BLOCK_SIZE", block)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(delimited, "PARALLEL_BYTES", 1 << 40)
    monkeypatch.setattr(workers, "FORK_ABOVE_SECONDS", float("inf"))
    one = release.anonymise([str(src)], str(tmp_path / "one"), plan, release_key=key)
    # A small file whose first block shows it slow: the rest shared out (1 KB blocks: many)
    forks = []
    monkeypatch.setattr(workers, "forked_map", lambda *a: forks.append(a[2]) or forked_map(*a))
    monkeypatch.setattr(workers, "FORK_ABOVE_SECONDS", 0.0)
    shared = release.anonymise([str(src)], str(tmp_path / "shared"), plan, release_key=key)
    assert forks == ([2] if block < 1 << 20 else [])  # a single block has no rest to share
    monkeypatch.setattr(delimited, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(context, "PARALLEL_TEXTS", 0)  # the distinct notes redacted up front, in two processes
    many = release.anonymise([str(src)], str(tmp_path / "many"), plan, release_key=key)
    for label, other in (("many", many), ("shared", shared)):
        assert (tmp_path / label / "register.csv").read_bytes() == (tmp_path / "one" / "register.csv").read_bytes()
        assert other.files[0].model_dump(exclude={"output_sha256"}) == one.files[0].model_dump(
            exclude={"output_sha256"}
        )
    assert one.files[0].rows_out == 690  # the rare district's 10 records are suppressed
    rows = list(csv.reader((tmp_path / "one" / "register.csv").open(encoding="utf-8", newline="")))
    assert rows[0] == ["id", "district", "note", "formula"] and len(rows) == 691
    assert not any(re.search(r"\d{3}", r[2]) for r in rows[1:]) and "'=1+1" in {r[3] for r in rows}
    assert sum("[PHONE_NUMBER_" in r[2] for r in rows[1:]) == sum(1 for r in rows[1:] if r[2])


def test_a_delimited_file_unreadable_part_way_is_not_released_in_part(tmp_path: Path) -> None:
    from rightskit.anonymise.release import anonymise
    from rightskit.errors import SourceError
    from rightskit.models.release import FieldPlan, Plan

    src = tmp_path / "register.csv"
    rows = b"".join(b"%d,user%d@example.bg,note %d\n" % (i, i, i) for i in range(20_000))
    src.write_bytes(b"id,email,note\n" + rows + b"20000,x@example.bg,bad \xff byte\n" + rows)
    fields = [FieldPlan(field="email", role="direct_identifier", action="drop", entity="EMAIL_ADDRESS")]
    with pytest.raises(SourceError, match="not valid utf-8"):  # only the kept note column holds the bad byte
        anonymise([str(src)], str(tmp_path / "out"), Plan(k=2, inputs={str(src): fields}))
    assert not (tmp_path / "out").exists() and list(tmp_path.iterdir()) == [src]


def test_a_large_parquet_file_released_by_worker_processes_equals_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches released in forked workers and written in order: the same file as one process writes."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from rightskit import workers
    from rightskit.anonymise.release import anonymise
    from rightskit.anonymise.release.writers import delimited
    from rightskit.anonymise.release.writers import parquet as parquet_writer
    from rightskit.api import make_plan
    from rightskit.workers import forked_map
    from tests.helpers import Gen

    gen = Gen(34)
    people = gen.rows(3000)
    src = tmp_path / "visits.parquet"
    pq.write_table(pa.table({
        "name": [p["name"] for p in people],
        "email": [p["email"] for p in people],
        "note": [f"Обаждане от {gen.phone()}, {p['name']}" if i % 3 else "" for i, p in enumerate(people)],
        "visits": pa.array([i % 17 for i in range(3000)], pa.int64()),
    }), src, row_group_size=3000)  # fmt: skip
    plan = make_plan([str(src)])
    monkeypatch.setattr(parquet_writer, "RELEASE_BATCH_ROWS", 700)  # five batches
    forks = []
    monkeypatch.setattr(workers, "forked_map", lambda *a: forks.append(a[0].__name__) or forked_map(*a))
    released = {}
    # One process; worker processes for a large file; a small file shared out after its first batch showed it slow
    for label, threshold, slow in (("one", 1 << 40, float("inf")), ("workers", 0, 0.5), ("shared", 1 << 40, 0.0)):
        monkeypatch.setattr(delimited, "PARALLEL_BYTES", threshold)
        monkeypatch.setattr(workers, "FORK_ABOVE_SECONDS", slow)
        manifest = anonymise([str(src)], str(tmp_path / label), plan, release_key=b"r" * 32)
        released[label] = (pq.read_table(tmp_path / label / "visits.parquet"), manifest.files[0].fields)
    for label in ("workers", "shared"):
        assert released[label][0].equals(released["one"][0])
        assert released[label][1] == released["one"][1]
    assert forks.count("_release_parquet_batch") == 2
    assert "[PHONE_NUMBER_" in " ".join(released["one"][0].column("note").to_pylist())


def test_a_column_of_coordinate_pairs_is_released_on_a_grid_not_starred(tmp_path: Path) -> None:
    """A cell holding a latitude and a longitude ("42.697708, 23.321868") is generalised coordinate by coordinate:
    the release publishes grid cells ("42.69, 23.32") whose classes hold k people each, where every pair had been
    starred."""
    import random
    from collections import Counter

    from rightskit.anonymise.release import anonymise
    from rightskit.api import make_plan
    from tests.helpers import Gen, write_csv

    gen, rng = Gen(46), random.Random(46)
    rows = [
        [
            gen.name(),
            rng.choice(["roads", "waste"]),
            f"{rng.uniform(42.62, 42.75):.6f}, {rng.uniform(23.25, 23.42):.6f}",
        ]
        for _ in range(4000)
    ]
    src = write_csv(tmp_path / "signals.csv", ["reporter", "category", "location"], rows)
    plan = make_plan([str(src)])
    location = next(fp for fp in plan.inputs[str(src)] if fp.field == "location")
    assert location.action == "generalise" and location.hierarchy == "builtin:lat"
    manifest = anonymise([str(src)], str(tmp_path / "out"), plan, release_key=b"r" * 32)
    with (tmp_path / "out" / "signals.csv").open(encoding="utf-8", newline="") as fh:
        released = [row["location"] for row in csv.DictReader(fh)]
    level = next(f.level for f in manifest.files[0].fields if f.field == "location")
    decimals = {1: 3, 2: 2, 3: 1}[level]
    cells = [r for r in released if r != "*"]
    assert len(cells) > len(released) // 2  # a grid, not stars
    assert all(
        len(part.split(".")[1]) == decimals and 42 <= float(lat) <= 43 and 23 <= float(lon) <= 24
        for lat, lon in (cell.split(", ") for cell in cells)
        for part in (lat, lon)
    )
    assert min(Counter(released).values()) >= plan.k
