"""Entity traits are declared once and everything derives from them: a new national ID costs its pack entry.

The meta-tests hold the declarations consistent; the pack test adds an Icelandic kennitala as an installed pack
(nothing else changes) and shows the classifier, the rules, the plan and the operators treat it as a national ID.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from rightskit.anonymise.operators import _normal_form, normalise
from rightskit.anonymise.plan import derive_plan
from rightskit.api import check, scan
from rightskit.detect import entities as entities_module
from rightskit.detect import pack as pack_module
from rightskit.detect.detector import default_detector
from rightskit.detect.entities import declared_entities, with_trait
from rightskit.models.common import Category

QUASI = Category.QUASI_IDENTIFIER


def test_every_recognized_entity_is_declared_and_traits_agree_with_categories() -> None:
    declared = declared_entities()
    for rec in default_detector().recognizers:
        assert rec.entity in declared, rec.name
    for name, info in declared.items():
        if "national_id" in info.traits:
            assert info.category is Category.DIRECT_IDENTIFIER, name
            assert "low_entropy" in info.traits, name  # a plain hash of a national ID is reversible
        if info.hierarchy:
            assert info.category is QUASI, name
        if "person_evidence" in info.traits:
            assert info.category is QUASI, name
        if info.category is Category.SPECIAL_CATEGORY:
            assert "protected" in info.traits, name  # Art. 9/10 data is always a basis for discrimination


def test_derived_sets_hold_what_the_rules_reason_about() -> None:
    national = with_trait("national_id")
    assert {"BG_EGN", "BG_LNCH", "NATIONAL_ID", "PL_PESEL", "RO_CNP", "HR_OIB"} <= national
    assert {"HEALTH", "GENDER", "DATE_OF_BIRTH", "CRIMINAL_OFFENCE"} <= with_trait("protected")
    assert national == entities_module.NATIONAL_IDS


KENNITALA_PACK = """
pack: is
description: Iceland (kennitala), as a city would publish it.
entities:
  IS_KENNITALA: {category: direct_identifier, data_category: user.government_id.national_identification_number,
                 description: "Icelandic kennitala.", traits: [national_id, low_entropy]}
lexicon:
  IS_KENNITALA: {strong: [kennitala]}
recognizers:
  - name: is_kennitala
    entity: IS_KENNITALA
    pattern: '[0-9]{6}-[0-9]{4}'
    validator: stdnum:is_.kennitala
    strength: checksum
    boundary: digits
    context: [kennitala, kt]
"""


def _kennitala(rng: random.Random) -> str:
    while True:
        body = f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(50, 99):02d}{rng.randint(20, 99):02d}"
        total = sum(w * int(n) for w, n in zip((3, 2, 7, 6, 5, 4, 3, 2), body, strict=True))
        check_digit = (-total) % 11
        if check_digit < 10:
            return f"{body[:6]}-{body[6:]}{check_digit}9"


@pytest.fixture
def kennitala_pack(monkeypatch: pytest.MonkeyPatch):
    """The pack as an installed entry point would provide it; every derived cache starts afresh."""
    pack = pack_module.load_pack(KENNITALA_PACK, "entry point is")
    monkeypatch.setattr(pack_module, "installed_packs", lambda: (pack,))
    monkeypatch.setattr("rightskit.detect.detector.installed_packs", lambda: (pack,))
    caches = [declared_entities, entities_module._declared_with_trait, default_detector, _normal_form]
    for c in caches:
        c.cache_clear()
    yield pack
    for c in caches:
        c.cache_clear()


def test_a_national_id_added_by_its_pack_alone_is_a_national_id_everywhere(tmp_path: Path, kennitala_pack) -> None:
    rng = random.Random(7)
    register = tmp_path / "register.csv"
    rows = ["kennitala,district"] + [f"{_kennitala(rng)},d{rng.randint(1, 9)}" for _ in range(200)]
    register.write_text("\n".join(rows) + "\n", encoding="utf-8")

    result = scan(register)
    found = {f.field: f.entity_type for f in result.findings}
    assert found.get("kennitala") == "IS_KENNITALA"
    assert "IS_KENNITALA" in with_trait("national_id")

    # The release plan drops it, as every direct identifier; its tokens use the compact form.
    plan = derive_plan(result)
    actions = {fp.field: fp.action for fp in plan.inputs[str(register)]}
    assert actions["kennitala"] == "drop"
    assert normalise(" 010170-2939 ", "IS_KENNITALA") == "0101702939"

    # The national-identifier rule fires when the dataset is planned for publication.
    context = tmp_path / "context.yaml"
    context.write_text(
        "processing:\n  id: p1\n  name: Register\n  description: A register\n  controller: {name: Sofia}\n"
        "  purposes: [{id: P1, description: Services, legal_basis: {gdpr: '6(1)(e)'}}]\n"
        "datasets:\n  - {match: register.csv, purposes: [P1], publication: {planned: true}}\n",
        encoding="utf-8",
    )
    outcome = check(result, policy="cc4dr-default", context=str(context))
    codes = {(v.code, v.field) for v in outcome.violations}
    assert ("RK-BG-01", "kennitala") in codes
