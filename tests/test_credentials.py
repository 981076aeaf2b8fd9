"""No password of a database URL or DSN in any message or output, whatever its shape (issue 22)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from rightskit.cli.main import cli
from rightskit.credentials import without_credentials

SECRET = "Zx9-secret"
TYPED = [
    f"postgresql:/u:{SECRET}@host/db",  # one slash: not a URL to the database code, a missing file to the scanner
    f"redshift+psycopg2://u:{SECRET}@host:5439/db",  # a scheme rightskit does not connect to
    f"jdbc:postgresql://host/db?user=u&password={SECRET}",
    f"postgresql://u@host/db?sslpassword={SECRET}",
    f"Server=h;Database=d;User Id=u;Password={SECRET};",
    f"host=h password={SECRET} dbname=d",
]


@pytest.mark.parametrize("typed", TYPED)
def test_credentials_are_masked_in_any_shape(typed: str) -> None:
    shown = without_credentials(typed)
    assert SECRET not in shown and "***" in shown


def test_paths_and_addresses_are_left_alone() -> None:
    for text in ["data/2024/register.csv", "C:/exports/u:x@y.csv", "mailto:ivan@example.bg", "postgresql://u@h/db"]:
        assert without_credentials(text) == text


@pytest.mark.parametrize("typed", TYPED[:3])
def test_a_mistyped_database_url_is_an_error_without_its_password(typed: str) -> None:
    result = CliRunner().invoke(cli, ["scan", typed, "--format", "json"])
    assert result.exit_code == 2
    assert SECRET not in result.stdout and SECRET not in result.stderr
    assert json.loads(result.stdout)["sources"][0]["path"] == without_credentials(typed)
