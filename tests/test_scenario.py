"""A city's project end to end, as a new user meets it: baseline, an edit, a staged migration, a release, reports.

A temporary git repository holds a cp1251 register, complaints in free text, DDL, a migration and an export query.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

from click.testing import CliRunner

from rightskit.cli.main import cli
from rightskit.report.view import labels
from tests.helpers import Gen, label_strings

GIT = ["git", "-c", "user.email=t@example.bg", "-c", "user.name=t", "-c", "commit.gpgsign=false"]
DDL = """CREATE TABLE citizens (id int PRIMARY KEY, egn char(10), full_name text, phone text, district text,
                       created_at timestamp);
CREATE TABLE complaints (id int PRIMARY KEY, citizen_id int REFERENCES citizens(id), body text, created_at timestamp);
"""
QUERY = """SELECT c.egn, c.full_name, count(*) AS complaints
FROM citizens c JOIN complaints k ON k.citizen_id = c.id
GROUP BY c.egn, c.full_name;

COPY (SELECT egn, full_name, phone FROM citizens) TO '/srv/export/citizens.csv' CSV;
"""


def _project(root: Path) -> None:
    gen = Gen(21)
    (root / "data").mkdir(parents=True)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\n")
    w.writerow(["име", "егн", "телефон", "район", "възраст"])
    for i, r in enumerate(gen.rows(80)):
        w.writerow([r["name"], r["egn"], r["phone"], ["Лозенец", "Младост", "Люлин"][i % 3], 20 + i % 50])
    (root / "data" / "register.csv").write_bytes(buf.getvalue().encode("cp1251"))
    with (root / "data" / "complaints.jsonl").open("w", encoding="utf-8") as fh:
        for _ in range(30):
            fh.write(json.dumps({"text": f"Обадете се на {gen.name()} на {gen.phone()}"}, ensure_ascii=False) + "\n")
    (root / "db").mkdir()
    (root / "db" / "schema.sql").write_text(DDL, encoding="utf-8")
    (root / "sql").mkdir()
    (root / "sql" / "export.sql").write_text(QUERY, encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run([*GIT, "-C", str(root), "add", "."], check=True)
    subprocess.run([*GIT, "-C", str(root), "commit", "-qm", "project"], check=True)


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def test_a_city_project_from_baseline_to_release_and_reports(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "city"
    _project(root)
    monkeypatch.chdir(root)

    # 1. Today's violations are accepted; an unrelated edit (a comment line on top) keeps them accepted.
    code, _, _ = _run("check", ".")
    assert code == 1
    assert _run("baseline", "create", ".")[0] == 0
    for name in ("sql/export.sql", "db/schema.sql"):
        path = root / name
        path.write_text("-- reviewed 2026-12\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = _run("check", str(root), "--baseline", ".rightskit-baseline.json", "--format", "json")
    doc = json.loads(out)
    assert code == 0, doc["violations"]
    assert doc["suppressed"] and not doc["unused_suppressions"]

    # 2. The pre-commit hook's command on the staged migration alone fails on the public grant.
    (root / "migrations").mkdir()
    (root / "migrations" / "003_grant.sql").write_text("GRANT ALL ON citizens TO PUBLIC;\n", encoding="utf-8")
    subprocess.run([*GIT, "-C", str(root), "add", "migrations"], check=True)
    staged = subprocess.run(
        ["git", "diff", "--cached", "--name-only"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()
    code, out, _ = _run("check", "--policy", "ci-precommit", "--schema", ".", *staged)
    assert code == 1 and "RK-SEC-04" in out and "migrations/003_grant.sql" in out

    # 3. The release passes the publication policy; its manifest and data package are not read as data.
    code, _, err = _run("anonymise", "data/register.csv", "-o", "release")
    assert code == 0, err
    code, out, _ = _run("check", "--policy", "open-data-publication", "release", "--format", "json")
    doc = json.loads(out)
    assert code == 0, doc["violations"]
    code, out, _ = _run("scan", "release", "--format", "json")
    skipped = {Path(s["path"]).name for s in json.loads(out)["sources"] if s["skipped"]}
    assert {"manifest.json", "datapackage.json"} <= skipped

    # 4. Reports in English and Bulgarian: neither carries the other language's labels.
    assert _run("context", "init", "data", "db", "sql", "-o", "rightskit-context.yaml")[0] == 0
    english = {s for s in label_strings(labels("en")) if re.search(r"[a-z]{4} [a-z]{3}", s)} - label_strings(
        labels("bg")
    )
    bulgarian = {s for s in label_strings(labels("bg")) if re.search(r"[а-я]{3}", s)}
    for lang, foreign in (("en", bulgarian), ("bg", english)):
        code, text, err = _run("report", "data", "db", "sql", "--context", "rightskit-context.yaml", "--lang", lang)
        assert code == 0, err
        assert not [s for s in foreign if s in text], lang
        assert ("ПРОЕКТ" if lang == "bg" else "DRAFT") in text  # the skeleton's answers are still missing
    code, text, _ = _run("report", "data", "db", "sql", "--lang", "bg", "--format", "json")
    flows = json.loads(text)["flows"]
    assert any(f["target"] == "/srv/export/citizens.csv" and "citizens.egn" in f["source"] for f in flows)
