"""The checks behind the rules, one module per rule family, each check named as its rule.

A rule in a pack names its check (``check: security.grant_public``); each check yields Hits (places, no values).
Checks that need the processing context are only run when one is given (``requires_context`` in the pack).
"""

from __future__ import annotations

from rightskit.policy.checks import (  # noqa: F401  (importing a module registers its checks)
    accountability,
    algorithms,
    bulgaria,
    dpia,
    minimisation,
    publication,
    retention,
    security,
    special_category,
)
from rightskit.policy.checks.algorithms import ATS_REQUIRED
from rightskit.policy.checks.base import CHECKS, Check
from rightskit.policy.checks.dpia import expired, wp248_signals

__all__ = ["ATS_REQUIRED", "CHECKS", "Check", "expired", "wp248_signals"]
