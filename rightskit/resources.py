"""Find the data folders shipped with rightskit (rules/, policies/, reports/): in the wheel or in a checkout."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).parent


def data_dir(name: str) -> Path:
    """rightskit/_bundled/<name> in an installed wheel, <repo>/<name> in a checkout or an editable install."""
    bundled = PACKAGE / "_bundled" / name
    if bundled.is_dir():
        return bundled
    checkout = PACKAGE.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"rightskit's {name}/ folder is missing from this installation")
