"""Rules, rule packs, policies, violations and check results."""

from __future__ import annotations

import hashlib
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field

from rightskit.models.common import Frozen
from rightskit.models.config import AllowEntry
from rightskit.models.finding import Location

CHECK_SCHEMA_VERSION = "1"
BASELINE_VERSION = "1"


class Severity(StrEnum):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return ["info", "low", "medium", "high", "critical"].index(self.value)


class Text(Frozen):
    """A text in English and Bulgarian."""

    en: str
    bg: str

    def get(self, lang: str) -> str:
        return self.bg if lang == "bg" else self.en


RiskId = Literal["illegitimate_access", "unwanted_modification", "disappearance", "reidentification", "discrimination"]
Target = Literal["dataset", "schema", "sql", "database", "context"]
Principle = Literal["P1", "P2", "P3", "P4", "P5"]


class ContextField(Frozen):
    """A key of the context file a rule's check reads (``context init`` and ``context check`` derive from these)."""

    field: str = Field(
        pattern=r"^[a-z0-9_]+(\[\])?(\.[a-z0-9_]+(\[\])?)*$", description="e.g. processing.dpia_reference"
    )
    when: str | None = Field(None, description="Only needed in this case; unset means every context file needs it.")


class RuleSpec(Frozen):
    """One rule, declared in a pack under rules/."""

    code: str = Field(pattern=r"^RK-[A-Z]{2,4}-\d{2}$")
    name: str = Field(pattern=r"^[a-z_]+\.[a-z_]+$")
    title: Text
    message: Text = Field(description="May use {path}, {object}, {field}, {entity} and the check's own keys.")
    principles: list[Principle] = Field(
        min_length=1, description="CC4DR principles (P1 universal access … P5 standards)."
    )
    legal: list[str] = Field(min_length=1)
    targets: list[Target] = Field(min_length=1)
    severity: Severity
    remediation: Text
    check: str = Field(description="The check that finds violations: the rule's name (rightskit/policy/checks/).")
    params: dict[str, Any] = Field(default_factory=dict)
    requires_context: bool = False
    context: list[ContextField] = Field(default_factory=list, description="Context-file keys the check reads.")
    raises_risk: list[RiskId] = Field(
        default_factory=list, description="DPIA risks whose likelihood a violation of this rule raises (the report)."
    )


class RulePack(Frozen):
    pack: str
    description: str
    rules: list[RuleSpec]


class Policy(Frozen):
    """Which rules apply, how severe they are, what fails a run."""

    name: str
    description: str
    rules: list[str] = Field(default_factory=lambda: ["*"], description="Rule codes or globs (RK-SEC-*).")
    disable: list[str] = Field(default_factory=list)
    severities: dict[str, Severity] = Field(default_factory=dict)
    params: dict[str, dict[str, Any]] = Field(default_factory=dict)
    fail_on: Severity = Severity.HIGH
    allow: list[AllowEntry] = Field(
        default_factory=list, description="Values never reported under this policy (public office mailboxes …)."
    )
    scan: Literal["full", "schemas_and_sql", "headers"] = Field(
        "full", description="headers: data files by name and header only (fast pre-commit)."
    )
    inputs_are_published: list[str] = Field(
        default_factory=list,
        description="Rules (codes or globs) run without a context file, taking every scanned dataset as planned "
        "for publication: a publication policy run on raw files must not say '0 violations'.",
    )


class Suppression(Frozen):
    by: Literal["inline", "waiver", "baseline"]
    reason: str | None = None
    approved_by: str | None = None
    expires: str | None = Field(None, description="A waiver's expiry date (ISO 8601).")


class Violation(Frozen):
    code: str
    name: str
    severity: Severity
    title: str
    message: str
    principles: list[str]
    legal: list[str]
    path: str
    object: str | None = None
    field: str | None = None
    location: Location = Field(default_factory=Location)
    remediation: str
    fingerprint: str = Field(
        description="Rule + normalised path + object (a query by its statement's text) + field; no value, no line."
    )
    finding: str | None = Field(None, description="Fingerprint of the finding behind it.")
    suppressed: Suppression | None = None

    @staticmethod
    def key(code: str, path: str, obj: str | None, field: str | None) -> str:
        raw = "\x1f".join([code, path.replace("\\", "/"), obj or "", field or ""])
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:20]


class CheckResult(Frozen):
    schema_version: Literal["1"] = CHECK_SCHEMA_VERSION
    rightskit_version: str
    policy: str
    fail_on: Severity
    lang: Literal["en", "bg"] = "en"
    violations: list[Violation] = Field(default_factory=list)
    suppressed: list[Violation] = Field(default_factory=list)
    unused_suppressions: list[str] = Field(default_factory=list)
    not_evaluated: list[str] = Field(default_factory=list, description="Rules that need a context file.")
    errors: list[str] = Field(default_factory=list)

    @property
    def failing(self) -> list[Violation]:
        return [v for v in self.violations if v.severity.rank >= self.fail_on.rank]


class BaselineEntry(Frozen):
    rule: str
    path: str = Field(description="Relative to the project root, POSIX separators.")
    object: str | None = None
    field: str | None = None
    fingerprint: str | None = Field(None, description="The violation's content fingerprint (survives line moves).")


class Baseline(Frozen):
    schema_version: Literal["1"] = BASELINE_VERSION
    rightskit_version: str
    entries: list[BaselineEntry]
