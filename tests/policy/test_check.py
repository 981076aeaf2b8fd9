"""`rightskit check` end to end: exit codes, SARIF against the OASIS schema, suppression, baselines, diff mode."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from rightskit.cli.main import cli

PERSONAL_REPO = {
    "db/schema.sql": "CREATE TABLE citizens (id int, egn char(10), full_name text, email text, gender char(1),\n"
                     "                       ethnicity text, created_at timestamp);\n"
                     "GRANT SELECT ON citizens TO PUBLIC;\n",
    "db/export.sql": "COPY (SELECT * FROM citizens) TO '/srv/share/citizens.csv' CSV;\nSELECT * FROM citizens;\n",
    "db/scoring.sql": "SELECT id, CASE WHEN ethnicity = 'X' OR gender = 'F' THEN 10 ELSE 1 END AS priority_score\n"
                      "FROM citizens;\n",
}  # fmt: skip
CLEAN_REPO = {
    "data/stops.csv": "stop_id,stop_name,lat,lon\n1,Христо Ботев,42.697708,23.321868\n2,Сердика,42.691234,23.324321\n"
                      "3,НДК,42.684512,23.318870\n",
    "db/transport.sql": "CREATE TABLE stops (stop_id int, stop_name text, lat numeric(9,6), lon numeric(9,6));\n"
                        "SELECT stop_name, lat, lon FROM stops;\n",
}  # fmt: skip
SARIF_SCHEMA = Path(__file__).parents[2] / "rightskit" / "report" / "schemas" / "sarif-2.1.0.json"


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(content, encoding="utf-8")
    return root


def test_personal_repository_fails_with_several_rules(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(_write(tmp_path, PERSONAL_REPO))
    result = CliRunner().invoke(cli, ["check", ".", "--format", "json"])
    assert result.exit_code == 1, result.output
    codes = {v["code"] for v in json.loads(result.stdout)["violations"]}
    assert {"RK-SEC-04", "RK-MIN-01", "RK-ALG-01", "RK-SPC-01"} <= codes
    assert len(codes) >= 5


def test_clean_repository_passes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(_write(tmp_path, CLEAN_REPO))
    result = CliRunner().invoke(cli, ["check", ".", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert not [v for v in doc["violations"] if v["severity"] in ("high", "critical")]


@pytest.mark.parametrize(
    ("policy_text", "message"),
    [
        ("name: x\ndescription: y\nfail_on: catastrophic\n", "key fail_on"),
        ("name: x\ndescription: y\nrules: [RK-NOPE-*]\n", "selects no rule"),
        ("name: x\ndescription: y\nseverities: {RK-XXX-99: high}\n", "unknown rule code"),
        ("name: [unclosed\n", "invalid YAML"),
    ],
)
def test_broken_policy_exits_2_naming_file_and_key(tmp_path: Path, monkeypatch, policy_text: str, message: str) -> None:
    monkeypatch.chdir(_write(tmp_path, PERSONAL_REPO))
    (tmp_path / "bad.yaml").write_text(policy_text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", ".", "--policy", "bad.yaml"])
    assert result.exit_code == 2
    assert "bad.yaml" in result.stderr and message in result.stderr


def test_sarif_validates_against_the_oasis_schema(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(_write(tmp_path, {**PERSONAL_REPO, "test/people.csv": "email,egn\nu1@example.bg,7501010010\n"
                                                                            "u2@example.bg,0044133021\n"}))  # fmt: skip
    result = CliRunner().invoke(cli, ["check", ".", "--format", "sarif"])
    sarif = json.loads(result.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif)
    run = sarif["runs"][0]
    assert run["results"] and all(r["partialFingerprints"] and r["locations"] for r in run["results"])
    assert all(r["help"]["text"] for r in run["tool"]["driver"]["rules"])
    text = json.dumps(sarif, ensure_ascii=False)
    assert "7501010010" not in text and "u1@example.bg" not in text
    data = [
        r for r in run["results"] if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(".csv")
    ]
    assert data and all(r["locations"][0]["physicalLocation"]["region"]["startLine"] == 1 for r in data)


def test_inline_marker_waiver_and_unused_suppressions(tmp_path: Path, monkeypatch) -> None:
    files = dict(PERSONAL_REPO)
    files["db/schema.sql"] = files["db/schema.sql"].replace(
        "GRANT SELECT ON citizens TO PUBLIC;", "-- rightskit: ignore[RK-SEC-04] read-only replica for the helpdesk\n"
        "GRANT SELECT ON citizens TO PUBLIC;\n-- rightskit: ignore[RK-MIN-01] nothing here"
    )  # fmt: skip
    monkeypatch.chdir(_write(tmp_path, files))
    context = tmp_path / "ctx.yaml"
    context.write_text(
        "processing: {id: p, name: P}\nwaivers:\n  - {rule: RK-ALG-01, path: '*scoring.sql', reason: pilot, "
        "approved_by: ДЛЗД, expires: 2999-01-01}\n", encoding="utf-8")  # fmt: skip
    doc = json.loads(CliRunner().invoke(cli, ["check", ".", "--context", str(context), "--format", "json"]).stdout)
    by = {(v["code"], v["suppressed"]["by"]) for v in doc["suppressed"]}
    assert ("RK-SEC-04", "inline") in by and ("RK-ALG-01", "waiver") in by
    assert not [v for v in doc["violations"] if v["code"] in ("RK-SEC-04", "RK-ALG-01")]
    assert any("ignore[RK-MIN-01] matched nothing" in u for u in doc["unused_suppressions"])


def test_expired_waiver_fails(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(_write(tmp_path, PERSONAL_REPO))
    context = tmp_path / "ctx.yaml"
    context.write_text("processing: {id: p, name: P}\nwaivers:\n  - {rule: RK-ALG-01, reason: r, approved_by: a, "
                       "expires: 2020-01-01}\n", encoding="utf-8")  # fmt: skip
    result = CliRunner().invoke(cli, ["check", ".", "--context", str(context)])
    assert result.exit_code == 2 and "expired on 2020-01-01" in result.stderr


def test_baseline_accepts_known_violations_and_new_ones_fail(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(_write(tmp_path, PERSONAL_REPO))
    runner = CliRunner()
    assert runner.invoke(cli, ["baseline", "create", ".", "-o", "base.json"]).exit_code == 0
    baseline = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))
    entries = baseline["entries"]
    assert entries and all(set(e) == {"rule", "path", "object", "field", "fingerprint"} for e in entries)
    assert not any("@" in (e["object"] or "") or e["path"].startswith("./") for e in entries)
    assert runner.invoke(cli, ["check", ".", "--baseline", "base.json"]).exit_code == 0
    (tmp_path / "db/new.sql").write_text("CREATE TABLE patients (diagnosis text);\n", encoding="utf-8")
    assert runner.invoke(cli, ["check", ".", "--baseline", "base.json"]).exit_code == 1


def _commit_all() -> None:
    """The working directory as the first commit of a new git repository."""
    git = ["git", "-c", "user.email=t@example.bg", "-c", "user.name=t"]
    subprocess.run(["git", "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)


def test_diff_base_reports_only_new_violations(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(_write(tmp_path, PERSONAL_REPO))
    _commit_all()
    (tmp_path / "db/new.sql").write_text("CREATE TABLE patients (diagnosis text);\n", encoding="utf-8")
    doc = json.loads(CliRunner().invoke(cli, ["check", ".", "--diff-base", "HEAD", "--format", "json"]).stdout)
    assert {v["path"] for v in doc["violations"]} == {"./db/new.sql"}


def test_a_diff_base_that_is_an_option_is_refused_and_writes_nothing(tmp_path: Path, monkeypatch) -> None:
    """Issue 22: the revision reached `git archive` as an option, and `--output=p.txt` truncated a file."""
    monkeypatch.chdir(_write(tmp_path, PERSONAL_REPO))
    _commit_all()
    (tmp_path / "p.txt").write_text("keep me\n", encoding="utf-8")
    for rev in ["--output=p.txt", "--output=q.txt", "HEAD --output=q.txt", "no-such-rev"]:
        result = CliRunner().invoke(cli, ["check", ".", f"--diff-base={rev}"])
        assert result.exit_code == 2, (rev, result.output)
        assert "is not a revision" in result.stderr and "Traceback" not in result.output
    assert (tmp_path / "p.txt").read_text(encoding="utf-8") == "keep me\n"
    assert not (tmp_path / "q.txt").exists()


def test_exit_zero_and_bulgarian(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(_write(tmp_path, PERSONAL_REPO))
    result = CliRunner().invoke(cli, ["check", ".", "--exit-zero", "--lang", "bg"])
    assert result.exit_code == 0
    assert "предоставена на PUBLIC" in result.stdout
    assert "ВИСОКА" in result.stdout and "HIGH" not in result.stdout and "нарушения" in result.stdout


def test_saved_findings_json_is_checked_without_rescanning(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(_write(tmp_path, PERSONAL_REPO))
    runner = CliRunner()
    assert runner.invoke(cli, ["scan", ".", "--format", "json", "-o", "findings.json"]).exit_code == 0
    for f in PERSONAL_REPO:
        (tmp_path / f).unlink()
    result = runner.invoke(cli, ["check", "findings.json", "--format", "json"])
    assert result.exit_code == 1
    assert "RK-SEC-04" in {v["code"] for v in json.loads(result.stdout)["violations"]}


def test_policy_allow_list_and_malformed_marker(tmp_path: Path, monkeypatch) -> None:
    files = {"test/people.csv": "email\npriemna@sofia.bg\ngrao@sofia.bg\nkmet@sofia.bg\n",
             "db/q.sql": "-- rightskit: ignore RK-SEC-04 no brackets\nSELECT 1;\n"}  # fmt: skip
    monkeypatch.chdir(_write(tmp_path, files))
    (tmp_path / "p.yaml").write_text(
        "name: p\ndescription: d\nrules: [RK-SEC-01]\nfail_on: info\nallow:\n  - {pattern: '[a-z]+@sofia\\.bg'}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["check", ".", "--policy", "p.yaml", "--format", "json"])
    assert json.loads(result.stdout)["violations"] == []  # the policy allows the public mailboxes
    assert result.exit_code == 2 and "malformed marker" in result.stderr and "line 1" in result.stderr


def test_a_publication_policy_without_context_takes_the_files_as_the_publication(tmp_path: Path) -> None:
    """Issue 19: `check --policy open-data-publication` on a raw register said '0 violations', exit 0, because the
    publication rules waited for a context file; the release of the same file passes."""
    import csv

    from tests.helpers import Gen

    rows = Gen(4).rows(100)
    src = tmp_path / "raw" / "register.csv"
    src.parent.mkdir()
    with src.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    runner = CliRunner()
    raw = runner.invoke(cli, ["check", str(src.parent), "--policy", "open-data-publication", "--format", "json"])
    assert raw.exit_code == 1
    codes = {(v["code"], v["field"]) for v in json.loads(raw.stdout)["violations"]}
    assert {("RK-PUB-01", "egn"), ("RK-PUB-01", "name"), ("RK-PUB-01", "phone")} <= codes
    assert runner.invoke(cli, ["anonymise", str(src), "-o", str(tmp_path / "out")]).exit_code == 0
    released = runner.invoke(cli, ["check", str(tmp_path / "out"), "--policy", "open-data-publication"])
    assert released.exit_code == 0, released.output
