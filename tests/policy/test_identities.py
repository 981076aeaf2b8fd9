"""Suppressions survive edits and however a path is typed; configuration mistakes are exit 2 with a hint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rightskit.cli.main import cli

REPO = {
    "db/schema.sql": "CREATE TABLE citizens (id int, egn char(10), full_name text, email text, diagnosis text,\n"
                     "                       created_at timestamp);\n",
    "sql/report.sql": "-- monthly report\n\nSELECT egn, full_name, count(*) AS n FROM citizens GROUP BY egn, full_name;\n"
                      "\nSELECT * FROM citizens WHERE egn = '1';\n",
    "exports/people.csv": "notes,city\nпозвъни по-късно,София\nчака документи,Пловдив\n",
}  # fmt: skip


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(content, encoding="utf-8")
    (root / ".git").mkdir(exist_ok=True)  # the project root
    return root


def _check(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(cli, ["check", *args, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(_write(tmp_path, REPO))
    return tmp_path


def test_one_baseline_matches_every_spelling_of_a_path(repo: Path) -> None:
    assert CliRunner().invoke(cli, ["baseline", "create", "."]).exit_code == 0
    entries = json.loads((repo / ".rightskit-baseline.json").read_text(encoding="utf-8"))["entries"]
    assert {e["path"] for e in entries} >= {"db/schema.sql", "sql/report.sql"}
    for spelling in ("sql/report.sql", "./sql/report.sql", str(repo / "sql" / "report.sql"), str(repo)):
        code, doc = _check(spelling, "--schema", "db", "--baseline", ".rightskit-baseline.json")
        assert code == 0 and not doc["violations"], (spelling, doc["violations"])
        assert doc["suppressed"], spelling


def test_a_comment_added_above_a_query_keeps_its_violations_accepted(repo: Path) -> None:
    assert CliRunner().invoke(cli, ["baseline", "create", "."]).exit_code == 0
    _, before = _check(".", "--baseline", ".rightskit-baseline.json")
    assert before["suppressed"] and not before["violations"]
    report = repo / "sql" / "report.sql"
    report.write_text("-- reviewed by the DPO\n-- second line\n" + report.read_text(encoding="utf-8"), "utf-8")
    code, after = _check(".", "--baseline", ".rightskit-baseline.json")
    assert code == 0 and not after["violations"] and not after["unused_suppressions"]
    assert len(after["suppressed"]) == len(before["suppressed"])
    # The lines moved (shown to people), the identity did not.
    assert {v["location"]["line"] for v in after["suppressed"] if v["path"].endswith("report.sql")} != {
        v["location"]["line"] for v in before["suppressed"] if v["path"].endswith("report.sql")
    }
    # An edited statement is a new one: it is not silently accepted.
    report.write_text(report.read_text(encoding="utf-8").replace("WHERE egn = '1'", "WHERE egn = '2' OR 1=1"), "utf-8")
    code, edited = _check(".", "--baseline", ".rightskit-baseline.json")
    assert code == 1 or edited["violations"]


def test_fingerprints_ignore_how_the_path_was_typed(repo: Path) -> None:
    _, a = _check("./db")
    _, b = _check(str(repo / "db"))
    assert {v["fingerprint"] for v in a["violations"]} == {v["fingerprint"] for v in b["violations"]}


def test_waiver_paths_match_the_normalised_path(repo: Path) -> None:
    (repo / "ctx.yaml").write_text(
        'schema_version: "2"\nprocessing: {id: p, name: P}\nwaivers:\n'
        "  - {rule: RK-MIN-01, path: sql/report.sql, reason: legacy, approved_by: DPO, expires: 2999-01-01}\n",
        encoding="utf-8",
    )
    for spelling in ("./sql/report.sql", str(repo / "sql/report.sql")):
        _, doc = _check(spelling, "--schema", "db", "--context", "ctx.yaml")
        waived = [v for v in doc["suppressed"] if v["suppressed"]["by"] == "waiver"]
        assert [v["code"] for v in waived] == ["RK-MIN-01"], spelling
        assert waived[0]["suppressed"]["expires"] == "2999-01-01"


def _scan_fields(*args: str) -> set[tuple[str, str]]:
    result = CliRunner().invoke(cli, ["scan", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return {(f["field"], f["entity_type"]) for f in json.loads(result.stdout)["findings"]}


def test_override_globs_match_however_the_scan_was_invoked(repo: Path) -> None:
    assert ("notes", "PERSON") not in _scan_fields("exports")  # the baseline verdict is not PERSON
    (repo / "rightskit.yaml").write_text(
        "version: 1\ndetection:\n  overrides:\n    - {path: 'exports/*.csv', field: notes, entity: PERSON}\n",
        encoding="utf-8",
    )
    for target in ("exports", ".", "./exports/people.csv", str(repo)):
        assert ("notes", "PERSON") in _scan_fields(target), target


def test_overrides_apply_to_schema_and_sql_findings(repo: Path) -> None:
    assert ("diagnosis", "HEALTH") in _scan_fields("db")
    (repo / "rightskit.yaml").write_text(
        "version: 1\ndetection:\n  overrides:\n"
        "    - {object: citizens, field: diagnosis, entity: null, reason: 'a code list, not health'}\n"
        "    - {path: 'db/*.sql', field: email, entity: PHONE_NUMBER}\n",
        encoding="utf-8",
    )
    fields = _scan_fields("db")
    assert not any(f == "diagnosis" for f, _ in fields)
    assert ("email", "PHONE_NUMBER") in fields and ("email", "EMAIL_ADDRESS") not in fields


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (
            "detection:\n  overrides:\n    - {field: street, entity: STREET_ADRESS}\n",
            "detection.overrides[0].entity): unknown entity 'STREET_ADRESS' (did you mean STREET_ADDRESS?)",
        ),
        (
            "detection:\n  disable: [bg_egnn]\n",
            "detection.disable[0]): unknown recognizer 'bg_egnn' (did you mean bg_egn?)",
        ),
        ("detection:\n  allow:\n    - {value: x, entity: EMAIL}\n", "unknown entity 'EMAIL'"),
    ],
)
def test_unknown_names_in_the_configuration_are_exit_2_with_a_hint(repo: Path, config: str, expected: str) -> None:
    (repo / "rightskit.yaml").write_text("version: 1\n" + config, encoding="utf-8")
    for command in (["scan", "db"], ["check", "db"]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 2, result.output
        assert expected in result.stderr and "Traceback" not in result.output
        assert isinstance(result.exception, SystemExit)


def test_an_unknown_rule_in_a_policy_names_the_closest_rule(repo: Path) -> None:
    (repo / "p.yaml").write_text("name: x\ndescription: y\nseverities: {RK-SEC-4: low}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "db", "--policy", "p.yaml"])
    assert result.exit_code == 2 and "did you mean RK-SEC-04?" in result.stderr


def test_a_staged_migration_is_checked_against_the_repository_catalogue(repo: Path) -> None:
    (repo / "migrations").mkdir()
    (repo / "migrations" / "002_grant.sql").write_text("GRANT ALL ON citizens TO PUBLIC;\n", encoding="utf-8")
    alone, _ = _check("migrations/002_grant.sql", "--policy", "ci-precommit")
    assert alone == 0  # the staged file alone says nothing about citizens
    code, doc = _check("migrations/002_grant.sql", "--policy", "ci-precommit", "--schema", ".")
    assert code == 1 and [v["code"] for v in doc["violations"]] == ["RK-SEC-04"]
    # The same from the project configuration, cached under .rightskit-cache/ with its .gitignore.
    (repo / "pyproject.toml").write_text('[tool.rightskit]\nschemas = ["db/**/*.sql"]\n', encoding="utf-8")
    for _ in range(2):
        code, doc = _check("migrations/002_grant.sql", "--policy", "ci-precommit")
        assert code == 1 and [v["code"] for v in doc["violations"]] == ["RK-SEC-04"]
    assert list((repo / ".rightskit-cache" / "catalogue").glob("*.json"))
    wrong = CliRunner().invoke(cli, ["check", "migrations/002_grant.sql", "--schema", "dbb/*.sql"])
    assert wrong.exit_code == 2 and "schema path 'dbb/*.sql' matches no file or folder" in wrong.stderr
    assert (repo / ".rightskit-cache" / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")


def test_rightskit_never_scans_its_own_artefacts(repo: Path) -> None:
    assert CliRunner().invoke(cli, ["baseline", "create", "."]).exit_code == 0
    (repo / "rightskit-context.yaml").write_text(
        'schema_version: "2"\nprocessing: {id: p, name: Ivan Petrov, controller: {name: Maria Ivanova}}\n',
        encoding="utf-8",
    )
    (repo / "release").mkdir()
    (repo / "release" / "manifest.json").write_text(
        json.dumps({"schema_version": "1", "rightskit_version": "0.1.0", "files": [{"lat": 42.6977, "lon": 23.3219,
                    "risk": 0.0213, "email": "a.b@example.bg", "egn": "7501020018"}]}),
        encoding="utf-8",
    )  # fmt: skip
    (repo / "release" / "datapackage.json").write_text(
        json.dumps({"resources": [{"path": "x.csv", "owner": "Ivan Petrov"}], "name": "rightskit-release"}),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["scan", ".", "--cache", "--format", "json"])
    doc = json.loads(result.stdout)
    skipped = {Path(s["path"]).name: s["skipped"] for s in doc["sources"] if s["skipped"]}
    for name in (".rightskit-baseline.json", "rightskit-context.yaml", "manifest.json", "datapackage.json"):
        assert name in skipped and "rightskit" in skipped[name], name
    assert not [f for f in doc["findings"] if Path(f["path"]).name in skipped]
    assert (repo / ".rightskit-cache" / ".gitignore").is_file()


def test_sarif_locations_and_fingerprints_do_not_depend_on_how_the_path_was_typed(repo: Path) -> None:
    runs = []
    for target in ("./sql", str(repo / "sql")):
        result = CliRunner().invoke(cli, ["check", target, "--schema", "db", "--format", "sarif"])
        runs.append(json.loads(result.stdout)["runs"][0]["results"])
    keys = [
        {(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
          r["partialFingerprints"]["rightskitViolation/v2"]) for r in results}
        for results in runs
    ]  # fmt: skip
    assert keys[0] == keys[1] and keys[0]
    assert all(uri.startswith("sql/") for uri, _ in keys[0])
