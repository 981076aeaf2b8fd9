"""The parameters each check takes, validated when packs and policies load (a typo is exit 2, never ignored)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from rightskit.errors import ConfigError


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DpiaRequired(_Params):
    large_scale_rows: int = Field(100_000, ge=1, description="Rows from which a source counts as large scale.")


class ExcessPrecision(_Params):
    max_decimals: int = Field(3, ge=0, description="Decimals of a coordinate beyond which it pinpoints a home.")


class PublicationNotOpen(_Params):
    formats: list[str] = Field(min_length=1, description="Open formats a publication may use.")


class IdentifiersOutsideProduction(_Params):
    tags: list[str] = Field(min_length=1, description="Dataset tags and path words meaning 'not production'.")


# check name → its parameters; a check not listed takes none.
PARAMS: dict[str, type[_Params]] = {
    "dpia.required": DpiaRequired,
    "minimisation.excess_precision": ExcessPrecision,
    "publication.not_open_format": PublicationNotOpen,
    "security.identifiers_outside_production": IdentifiersOutsideProduction,
}


def validate_params(check: str, params: dict[str, Any], *, path: str | None, where: str) -> dict[str, Any]:
    """The parameters as the check will read them; unknown or ill-typed ones are a ConfigError."""
    model = PARAMS.get(check, _Params)
    try:
        return model.model_validate(params).model_dump()
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"])
        allowed = ", ".join(model.model_fields) or "none"
        message = f"{err['msg']} (parameters of this rule: {allowed})"
        raise ConfigError(message, path=path, where=f"{where}.{key}") from None
