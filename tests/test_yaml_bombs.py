"""A billion laughs in any YAML the tool reads is refused at once, with the file named and exit 2 (issue 22):
aliases are shared while parsing but copied by whatever walks the data next, and took 2.8 GB and 71 s."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from rightskit.cli.main import cli
from rightskit.validation import MAX_YAML_NODES, load_yaml


def _laughs(levels: int = 9, key: str = "x") -> str:
    lines = [f'{key}0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"{key}{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_the_expansion_is_counted_without_expanding() -> None:
    from rightskit.errors import ConfigError

    with pytest.raises(ConfigError, match="aliases expand"):
        load_yaml(_laughs(), "bomb.yaml")
    with pytest.raises(ConfigError, match="aliases expand"):
        load_yaml("a: &a [1, *a]\n", "loop.yaml")
    small = load_yaml("a: &x {k: 1}\nb: *x\nc: [*x, *x]\n", "ok.yaml")
    assert small == {"a": {"k": 1}, "b": {"k": 1}, "c": [{"k": 1}, {"k": 1}]}
    assert MAX_YAML_NODES > 9**6  # a legitimate document far larger than any real pack still loads


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["scan", "{data}", "--config", "{bomb}"], "bomb.yaml"),
        (["check", "{data}", "--policy", "{bomb}"], "bomb.yaml"),
        (["anonymise", "{data}/people.csv", "-o", "{out}", "--plan", "{bomb}"], "bomb.yaml"),
    ],
)
def test_every_yaml_option_refuses_a_bomb(tmp_path: Path, args: list[str], name: str) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "people.csv").write_text("email\nivan@example.bg\n", encoding="utf-8")
    bomb = tmp_path / name
    bomb.write_text(_laughs(), encoding="utf-8")
    argv = [a.format(data=data, bomb=bomb, out=tmp_path / "out") for a in args]
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == 2, result.output
    assert "aliases expand" in result.stderr and name in result.stderr
    assert "Traceback" not in result.output


def test_a_scanned_openapi_bomb_is_an_error_of_that_file_and_the_rest_is_scanned(tmp_path: Path) -> None:
    (tmp_path / "openapi.yaml").write_text("openapi: 3.0.0\n" + _laughs(key="y"), encoding="utf-8")
    (tmp_path / "people.csv").write_text("email\n" + "\n".join(f"u{i}@example.bg" for i in range(30)) + "\n")
    result = CliRunner().invoke(cli, ["scan", str(tmp_path)])
    assert result.exit_code == 2
    assert "aliases expand" in result.output + result.stderr
    assert "EMAIL_ADDRESS" in result.stdout
