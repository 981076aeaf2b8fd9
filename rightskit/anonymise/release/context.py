"""What every writer shares: the keys and operators of one release, the per-value transformation, the text memo."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rightskit.anonymise.audit import DirectValues
from rightskit.anonymise.keys import derive
from rightskit.anonymise.operators import Encryptor, Tokeniser, egn_facts, mask, shift_date
from rightskit.anonymise.text import Surrogates, redact, redact_many
from rightskit.detect.text import Prefiltered, prefiltered
from rightskit.errors import RightskitError, UsageError
from rightskit.models.release import FieldPlan, Plan

if TYPE_CHECKING:
    import numpy as np

    from rightskit.anonymise.columnar import TransformMany
    from rightskit.anonymise.recall import RecallCandidates

TECHNIQUE = {  # ISO/IEC 20889 vocabulary
    "keep": "none",
    "drop": "masking (attribute suppression)",
    "redact": "masking",
    "mask": "masking",
    "pseudonymise": "pseudonymisation (keyed cryptographic hash, HMAC-SHA-256)",
    "release_token": "pseudonymisation (keyed hash with a per-release random key)",
    "encrypt": "cryptographic tools (deterministic encryption, AES-SIV)",
    "generalise": "generalisation",
    "redact_text": "masking (span redaction of free text)",
    "suppress": "suppression (local suppression)",
    "age_band_from_egn": "generalisation (derived attribute)",
    "sex_from_egn": "generalisation (derived attribute)",
    "shift_date": "randomisation (per-subject date shifting)",
}
WP216 = {
    "singling_out": "Direct identifiers dropped or replaced by tokens; quasi-identifiers generalised to k-anonymity; "
    "records in smaller classes suppressed.",
    "linkability": "Per-release tokens (unless stable pseudonyms were chosen, recorded here) and generalisation "
    "make linking across releases and with other sources unreliable.",
    "inference": "Sensitive attributes are kept; l-diversity or t-closeness is enforced only where the plan asks; "
    "free text is redacted span by span.",
}


class ReleaseRefusedError(RightskitError):
    """The release policy cannot be met: nothing is written (exit 1)."""


@dataclass
class ReleaseContext:
    plan: Plan
    detector: Any
    tokeniser: Tokeniser | None
    release_tokeniser: Tokeniser
    encryptor: Encryptor | None
    date_key: bytes
    surrogates: Surrogates
    # The input values of direct identifiers a release path read anyway, by input path, for the audit.
    direct_values: dict[str, DirectValues] = field(default_factory=dict)
    recall: bool = False  # publication: free text is redacted for recall (anonymise/recall.py)

    def redact_many(self, texts: list[str], chosen: RedactionChoices | None = None) -> list[str]:
        prefiltered, recalled = (None, None) if chosen is None else (chosen.prefiltered, chosen.recalled)
        return redact_many(
            texts, self.detector, self.surrogates, recall=self.recall, chosen=prefiltered, recalled=recalled
        )

    def choose_redacted(self, values: Any) -> tuple[np.ndarray, TransformMany]:
        """The texts the redaction may change (a boolean mask), and their redaction, which reuses what the
        pre-filters selected in choosing them."""
        mask, chosen = self.redaction_choices(values)
        return mask, lambda texts: self.redact_many(texts, chosen)

    def redaction_choices(self, values: Any) -> tuple[np.ndarray, RedactionChoices]:
        """The texts the redaction may change (a boolean mask), and what the pre-filters selected among them."""
        import numpy as np

        chosen = prefiltered(values, self.detector)
        mask = chosen.mask
        recalled = None
        if self.recall:
            from rightskit.anonymise.recall import recall_candidates

            recalled = recall_candidates(values, chosen.class_counts)
            mask |= recalled.mask | self._tagged_for_audit(values)
        rows = np.flatnonzero(mask)
        return mask, RedactionChoices(chosen.take(rows), None if recalled is None else recalled.take(rows))

    def _tagged_for_audit(self, values: Any) -> np.ndarray:
        """The texts holding a bracketed tag already ("ЕГН [CASE_REFERENCE] 123456") in which the audit, reading
        each tag as a blank, would look: chosen where it would."""
        import numpy as np
        import pyarrow.compute as pc

        from rightskit.anonymise.audit import recall_of
        from rightskit.anonymise.text import PLACEHOLDER

        tagged = pc.fill_null(pc.match_substring_regex(values, PLACEHOLDER), False).to_numpy(zero_copy_only=False)
        if not tagged.any():
            return tagged
        blanked = pc.replace_substring_regex(values, PLACEHOLDER, " ")
        looked_at = np.logical_or.reduce(list(recall_of(self.detector).candidates(blanked).values()))
        return tagged & looked_at


@dataclass(frozen=True)
class RedactionChoices:
    """What the pre-filters selected among the texts chosen for redaction, handed on to their redaction: the
    recognizers' and, in a publication, the recall's."""

    prefiltered: Prefiltered
    recalled: RecallCandidates | None

    def take(self, rows: np.ndarray) -> RedactionChoices:
        """The same choices among the texts at ``rows`` (ascending), numbered as they stand there."""
        recalled = None if self.recalled is None else self.recalled.take(rows)
        return RedactionChoices(self.prefiltered.take(rows), recalled)


def release_context(plan: Plan, key: bytes | None, release_key: bytes) -> ReleaseContext:
    """Everything the operators need: keys derived per purpose, the detector, the checks a policy makes first."""
    from rightskit.detect.detector import default_detector

    actions = {fp.action for fps in plan.inputs.values() for fp in fps}
    if "encrypt" in actions and plan.policy == "open-data-publication":
        raise UsageError("the open-data-publication policy refuses reversible encryption; use drop or pseudonymise")
    if "pseudonymise" in actions and key is None:
        raise UsageError("pseudonymise needs a key: --key-file FILE (rightskit keygen) or $RIGHTSKIT_KEY")
    return ReleaseContext(
        plan=plan,
        detector=default_detector(),
        tokeniser=Tokeniser(derive(key, plan.key_purpose), "t") if key else None,
        release_tokeniser=Tokeniser(derive(release_key, "release"), "r"),
        encryptor=Encryptor(derive(key, plan.key_purpose + "/encrypt")) if key and "encrypt" in actions else None,
        date_key=derive(key or release_key, plan.key_purpose + "/dates"),
        surrogates=Surrogates(derive(release_key, "placeholders")),
        recall=plan.policy == "open-data-publication",
    )


def release_columns(
    columns: dict[str, Any],
    plan: dict[str, FieldPlan],
    ctx: ReleaseContext,
    labels: dict[str, dict[str, str]],
    memo: dict,
) -> tuple[dict[str, Any], dict[str, int]]:
    """One batch of text columns through the plan (columnar.apply_plan with this release's operators)."""
    from rightskit.anonymise.columnar import apply_plan

    return apply_plan(
        columns,
        plan,
        lambda v, fp: transform(v, fp, ctx, labels.get(fp.field)),
        choose_redacted=ctx.choose_redacted,
        memo=memo,
    )


def transform(value: str | None, fp: FieldPlan, ctx: ReleaseContext, generalised: dict[str, str] | None) -> str | None:
    if value is None or value == "":
        return value
    a = fp.action
    if a == "keep":
        return value
    if a in ("drop", "suppress"):
        return None
    if a == "redact":
        return f"[{fp.entity or 'REDACTED'}]"
    if a == "mask":
        return mask(value, int(fp.params.get("keep", 0)))
    if a == "pseudonymise":
        return ctx.tokeniser.token(value, fp.entity)  # type: ignore[union-attr]
    if a == "release_token":
        return ctx.release_tokeniser.token(value, fp.entity)
    if a == "encrypt":
        return ctx.encryptor.encrypt(value)  # type: ignore[union-attr]
    if a == "generalise":
        return (generalised or {}).get(value, "*")
    if a == "redact_text":
        return redact(value, ctx.detector, ctx.surrogates, recall=ctx.recall)[0]
    if a == "age_band_from_egn":
        return egn_facts(value)[0]
    if a == "sex_from_egn":
        return egn_facts(value)[1]
    if a == "shift_date":
        return shift_date(value, ctx.date_key, str(fp.params.get("subject", "")) or value)
    raise UsageError(f"unknown action '{a}' for field {fp.field}")


def text_memo(texts: Any, ctx: ReleaseContext) -> dict[str, str]:
    """The redaction of each distinct text worth analysing (``texts``, an Arrow array), computed once and
    shared by the worker processes forked after it, rather than once in each (texts recur all over a file)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from rightskit.workers import forked_map

    if texts is None:
        return {}
    texts = texts.filter(pc.not_equal(texts, ""))
    mask, choices = ctx.redaction_choices(texts)
    chosen = texts.filter(pa.array(mask)).to_pylist()
    workers = os.cpu_count() or 1
    if workers > 1 and len(chosen) >= PARALLEL_TEXTS:
        WORKER_STATE["ctx"] = ctx
        shares = [np.arange(i, len(chosen), workers) for i in range(workers)]
        parts = [([chosen[k] for k in share.tolist()], choices.take(share)) for share in shares]
        redacted = [r for part in forked_map(_redacted, parts, workers) for r in part]
        chosen = [t for part, _ in parts for t in part]
    else:
        redacted = ctx.redact_many(chosen, choices)
    return dict(zip(chosen, redacted, strict=True))


PARALLEL_TEXTS = 2_000  # fewer distinct texts are redacted faster than worker processes start


def _redacted(texts: list[str], choices: RedactionChoices) -> list[str]:
    return WORKER_STATE["ctx"].redact_many(texts, choices)


# What a batch's release needs; worker processes forked after it is set inherit it.
WORKER_STATE: dict[str, Any] = {}
