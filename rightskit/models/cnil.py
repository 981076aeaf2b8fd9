"""The CNIL PIA tool's export format (``rightskit report --format cnil-pia``), written without CNIL code.

Field names follow the tool's ``exportData()``: a top-level ``pia`` plus ``answers``, ``measures``,
``evaluations`` and ``comments``. Text answers are HTML. Models forbid unknown keys so that a typo
cannot produce a file the tool silently half-imports.
"""

from __future__ import annotations

import builtins

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PiaHeader(_Strict):
    name: str
    category: str = ""
    status: int = 0  # 0 doing, 1 refused, 2 simple validation, 3 signed validation, 4 archived
    author_name: str = ""
    evaluator_name: str = ""
    validator_name: str = ""
    dpo_status: int = 0  # 0 not OK / 1 OK
    dpo_opinion: str = ""
    dpos_names: str = ""
    concerned_people_searched_opinion: bool = False
    concerned_people_searched_content: str = ""
    concerned_people_status: int = 0
    concerned_people_opinion: str = ""
    people_names: str = ""
    rejection_reason: str = ""
    applied_adjustments: str = ""
    created_at: str
    updated_at: str


class AnswerData(_Strict):
    text: str | None = None
    gauge: int | None = None
    list: builtins.list[str] = Field(default_factory=builtins.list)


class Answer(_Strict):
    reference_to: int
    data: AnswerData
    created_at: str
    updated_at: str


class Measure(_Strict):
    id: int
    title: str
    content: str
    placeholder: str = ""
    created_at: str


class Evaluation(_Strict):
    reference_to: str
    status: int = 0
    evaluation_comment: str = ""
    action_plan_comment: str = ""
    gauges: dict[str, int] | None = None
    estimated_implementation_date: str | None = None
    person_in_charge: str = ""
    global_status: int = 0


class Comment(_Strict):
    reference_to: int
    description: str
    for_measure: bool = False


class CnilPia(_Strict):
    pia: PiaHeader
    answers: list[Answer]
    measures: list[Measure]
    evaluations: list[Evaluation]
    comments: list[Comment]
