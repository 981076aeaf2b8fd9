"""The pre-commit hooks as users run them: `pre-commit try-repo` and the README's snippet, on a real git repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from rightskit import __version__

ROOT = Path(__file__).parents[2]
SCHEMA = "CREATE TABLE citizens (id int, egn char(10), full_name text, email text, created_at timestamp);\n"
GIT = ["git", "-c", "user.email=t@example.bg", "-c", "user.name=t", "-c", "commit.gpgsign=false"]


def _pre_commit() -> str:
    exe = shutil.which("pre-commit") or str(Path(sys.executable).with_name("pre-commit"))
    assert Path(exe).exists(), "pre-commit is required (pip install -e '.[test]')"
    return exe


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    # The hook runs this checkout's rightskit, whatever the venv's entry point was installed from.
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["PRE_COMMIT_HOME"] = str(tmp / "pre-commit-home")
    env.pop("GIT_DIR", None)
    env.pop("GIT_INDEX_FILE", None)
    return env


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "city"
    (root / "db").mkdir(parents=True)
    (root / "db" / "schema.sql").write_text(SCHEMA, encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run([*GIT, "-C", str(root), "add", "."], check=True)
    subprocess.run([*GIT, "-C", str(root), "commit", "-qm", "schema"], check=True)
    (root / "migrations").mkdir()
    (root / "migrations" / "002_grant.sql").write_text("GRANT ALL ON citizens TO PUBLIC;\n", encoding="utf-8")
    subprocess.run([*GIT, "-C", str(root), "add", "migrations"], check=True)
    return root


def _readme_blocks() -> list[dict]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(repos:.*?)```", text, flags=re.DOTALL)
    return [yaml.safe_load(b) for b in blocks]


def test_try_repo_fails_a_staged_public_grant_on_a_personal_table(repo: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [_pre_commit(), "try-repo", str(ROOT), "rightskit-check-system"],
        cwd=repo, env=_env(tmp_path), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    assert "RK-SEC-04" in result.stdout and "migrations/002_grant.sql" in result.stdout
    assert (repo / ".rightskit-cache" / ".gitignore").is_file()  # git never sees the cache


def test_the_readme_local_snippet_works_and_passes_a_harmless_migration(repo: Path, tmp_path: Path) -> None:
    local = next(b for b in _readme_blocks() if b["repos"][0]["repo"] == "local")
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(local), encoding="utf-8")
    run = [_pre_commit(), "run"]
    failing = subprocess.run(run, cwd=repo, env=_env(tmp_path), capture_output=True, text=True, timeout=300)
    assert failing.returncode == 1 and "RK-SEC-04" in failing.stdout, failing.stdout + failing.stderr
    (repo / "migrations" / "002_grant.sql").write_text("GRANT SELECT ON citizens TO clerks;\n", encoding="utf-8")
    subprocess.run([*GIT, "-C", str(repo), "add", "migrations"], check=True)
    passing = subprocess.run(run, cwd=repo, env=_env(tmp_path), capture_output=True, text=True, timeout=300)
    assert passing.returncode == 0, passing.stdout + passing.stderr


def test_the_readme_remote_snippet_names_a_hook_and_this_versions_tag() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    remote = next(b for b in _readme_blocks() if b["repos"][0]["repo"] != "local")["repos"][0]
    assert remote["rev"] == f"v{__version__}"
    assert all(h["id"] in hooks for h in remote["hooks"])
    local = next(b for b in _readme_blocks() if b["repos"][0]["repo"] == "local")["repos"][0]["hooks"][0]
    assert local["entry"] == hooks["rightskit-check"]["entry"] == hooks["rightskit-check-system"]["entry"]
