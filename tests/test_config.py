"""Tuning without Python: allow-lists, overrides and custom recognizers change what a scan reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rightskit import scan
from rightskit.cli.main import cli
from rightskit.config import find_project_config, load_config, scan_options
from rightskit.errors import ConfigError
from tests.helpers import Gen


@pytest.fixture
def offices_csv(tmp_path: Path) -> Path:
    g = Gen(3)
    rows = ["contact,case_ref,notes"]
    for i in range(60):
        contact = "priemna@sofia.bg" if i % 2 else f"grao{i % 4}@sofia.bg"
        rows.append(f"{contact},SOF-{i:06d}-BG,{g.serial()}")
    path = tmp_path / "requests.csv"  # not "offices.csv": a register of offices leaves its mailboxes out
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _entities(result) -> dict[str, str]:
    return {f.field: f.entity_type for f in result.findings}


def _scan_with(path: Path, config_text: str, tmp_path: Path):
    cfg = tmp_path / "rightskit.yaml"
    cfg.write_text(config_text, encoding="utf-8")
    config, _ = load_config(cfg)
    return scan(path, scan_options(config))


def test_without_config(offices_csv: Path) -> None:
    assert _entities(scan(offices_csv)) == {"contact": "EMAIL_ADDRESS"}


def test_allow_list_removes_public_office_addresses(offices_csv: Path, tmp_path: Path) -> None:
    result = _scan_with(offices_csv, "detection:\n  allow:\n    - pattern: '[a-z0-9.]+@sofia\\.bg'\n", tmp_path)
    assert _entities(result) == {}


def test_allow_list_exact_values(offices_csv: Path, tmp_path: Path) -> None:
    text = "detection:\n  allow:\n    - value: PRIEMNA@sofia.bg\n"
    result = _scan_with(offices_csv, text, tmp_path)
    [finding] = result.findings
    assert finding.evidence.validated == 30  # the other half are still e-mail addresses


def test_override_sets_and_clears_verdicts(offices_csv: Path, tmp_path: Path) -> None:
    text = """
detection:
  overrides:
    - {field: contact, entity: null, reason: functional mailboxes of the municipality}
    - {path: '*requests.csv', field: notes, entity: BG_EGN, reason: known to hold personal numbers}
"""
    result = _scan_with(offices_csv, text, tmp_path)
    assert _entities(result) == {"notes": "BG_EGN"}
    assert result.findings[0].evidence.notes == ["set by configuration: known to hold personal numbers"]


def test_custom_yaml_recognizer(offices_csv: Path, tmp_path: Path) -> None:
    text = """
detection:
  entities:
    SOFIA_CASE_REF: {category: pseudonymous_identifier, data_category: user.unique_id, description: Case reference}
  recognizers:
    - name: sofia_case_ref
      entity: SOFIA_CASE_REF
      pattern: 'SOF-[0-9]{6}-BG'
      strength: strong
"""
    result = _scan_with(offices_csv, text, tmp_path)
    assert _entities(result) == {"contact": "EMAIL_ADDRESS", "case_ref": "SOFIA_CASE_REF"}


def test_custom_recognizer_with_stdnum_validator_and_deny_list(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n" + "\n".join(f"1800101221144,{d}" for d in ["ГРАО"] * 30) + "\n", encoding="utf-8")
    text = """
detection:
  packs: [generic]
  entities:
    DEPARTMENT: {category: quasi_identifier, data_category: user.workplace, description: A department}
  recognizers:
    - {name: my_cnp, entity: RO_CNP_CUSTOM, pattern: '[0-9]{13}', validator: 'stdnum:ro.cnp', strength: checksum}
    - {name: departments, entity: DEPARTMENT, deny_list: [грао, деловодство], strength: strong}
  lexicon: {}
"""
    with pytest.raises(ConfigError, match="RO_CNP_CUSTOM"):
        _scan_with(path, text, tmp_path)
    fixed = text.replace("lexicon: {}", "lexicon: {}\n  phone_regions: [RO]").replace(
        "    DEPARTMENT:",
        "    RO_CNP_CUSTOM: {category: direct_identifier, data_category: user.government_id, description: CNP}\n    DEPARTMENT:",
    )
    assert _entities(_scan_with(path, fixed, tmp_path)) == {"a": "RO_CNP_CUSTOM", "b": "DEPARTMENT"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("detection:\n  allow:\n    - {value: a, pattern: b}\n", "exactly one"),
        ("detection:\n  overides: []\n", "key detection"),
        (
            "detection:\n  recognizers:\n    - {name: Bad Name, entity: X, pattern: a}\n",
            "key detection.recognizers[0].name",
        ),
        ("scan:\n  sample: 0\n", "key scan.sample"),
        ("detection: [unclosed\n", "invalid YAML"),
        (
            "detection:\n  recognizers:\n    - {name: x, entity: EMAIL_ADDRESS, pattern: a, validator: 'stdnum:nope.nope'}\n",
            "no module",
        ),
    ],
)
def test_broken_configuration_names_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    cfg = tmp_path / "rightskit.yaml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        config, _ = load_config(cfg)
        from rightskit.detect.detector import build_detector

        build_detector(config.detection)
    assert message in str(err.value)
    if "nope" not in text:
        assert str(cfg) in str(err.value)


def test_cli_broken_config_exits_2(tmp_path: Path, offices_csv: Path) -> None:
    cfg = tmp_path / "bad.yaml"
    cfg.write_text("scan:\n  sample: -1\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["scan", str(offices_csv), "--config", str(cfg)])
    assert result.exit_code == 2
    assert f"{cfg} (key scan.sample)" in result.stderr


def test_discovery_and_precedence(tmp_path: Path, monkeypatch, offices_csv: Path) -> None:
    project = tmp_path / "project"
    (project / "sub").mkdir(parents=True)
    (project / "pyproject.toml").write_text("[tool.rightskit.scan]\nsample = 7\nseed = 3\n", encoding="utf-8")
    monkeypatch.chdir(project / "sub")
    found = find_project_config()
    assert found == project / "pyproject.toml"
    config, _ = load_config()
    assert scan_options(config).sample == 7  # the project file beats the package default (1000)
    assert scan_options(config, sample=11).sample == 11  # the command line beats the project file
    assert scan_options(config).seed == 3
    result = CliRunner().invoke(cli, ["scan", str(offices_csv), "--format", "json"])
    assert json.loads(result.stdout)["sources"][0]["rows_scanned"] == 7


def test_entry_point_packs(monkeypatch, request, tmp_path: Path) -> None:
    import rightskit.detect.pack as pack_module
    from rightskit.detect.detector import build_detector

    pack_text = """
pack: sofia
entities:
  SOFIA_RESIDENT_CARD: {category: direct_identifier, data_category: user.government_id, description: Resident card}
lexicon:
  SOFIA_RESIDENT_CARD: {strong: [resident card]}
recognizers:
  - {name: sofia_resident_card, entity: SOFIA_RESIDENT_CARD, pattern: 'SRC[0-9]{6}', strength: strong}
"""

    class FakeEntryPoint:
        name = "sofia"

        def load(self):
            return lambda: pack_text

    monkeypatch.setattr(
        pack_module, "entry_points", lambda group: [FakeEntryPoint()] if group == "rightskit.packs" else []
    )
    pack_module.installed_packs.cache_clear()  # installed packs are looked up once per process
    request.addfinalizer(pack_module.installed_packs.cache_clear)
    detector = build_detector()
    assert "sofia" in detector.packs
    assert "sofia_resident_card" in {r.name for r in detector.recognizers}
    path = tmp_path / "cards.csv"
    path.write_text("x\n" + "\n".join(f"SRC{i:06d}" for i in range(40)) + "\n", encoding="utf-8")
    from rightskit.models.config import DetectionSettings
    from rightskit.scanning import ScanOptions, scan_paths

    result = scan_paths([str(path)], ScanOptions(detection=DetectionSettings(disable=["nothing"])))
    assert [f.entity_type for f in result.findings] == ["SOFIA_RESIDENT_CARD"]


def test_patterns_that_backtrack_exponentially_are_refused_when_read(tmp_path: Path) -> None:
    """Issue 22: a user regex '(a+)+b' in rightskit.yaml hung the scan (Python's re has no timeout)."""
    from rightskit.models.regexcheck import check_pattern

    for bad in ["(a+)+b", r"(\w+\s?)*!", "(?:x|(?:b+)+)", "((ab)+c)*"]:
        with pytest.raises(ValueError, match="exponential"):
            check_pattern(bad)
    for good in [r"[0-9]{4}(?: ?[A-Z0-9]{4}){2,7}", "(?:a|b)+", r"x(?:y+)?z", r"(?: [A-Za-z]{1,40}){1,4}"]:
        assert check_pattern(good) == good
    (tmp_path / "p.csv").write_text("email\nivan@example.bg\n", encoding="utf-8")
    for section in [
        'allow:\n    - {pattern: "(a+)+b", reason: r}',
        'recognizers:\n    - {name: m, entity: EMAIL_ADDRESS, pattern: "(a+)+b"}',
    ]:
        (tmp_path / "rightskit.yaml").write_text(f"version: 1\ndetection:\n  {section}\n", encoding="utf-8")
        result = CliRunner().invoke(cli, ["scan", str(tmp_path), "--config", str(tmp_path / "rightskit.yaml")])
        assert result.exit_code == 2 and "exponential" in result.stderr and "pattern" in result.stderr
