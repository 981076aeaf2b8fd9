"""Free text in a publication release is redacted for recall (issue 19): what the audit looks for goes, even
where a recognizer would not call it (an invalid phone number after "обадете се на", an ЕГН with a typo, a
block and flat), while phrases that name no one stay word for word."""

from __future__ import annotations

import pytest

from rightskit.anonymise.text import Surrogates, redact, redact_many
from rightskit.detect.detector import default_detector

KEY = b"r" * 32

REMOVED = [
    ("Обадете се на 0991 674 556 след обяд.", "0991 674 556"),
    ("Моля, звъннете на 0998-531-342.", "0998-531-342"),
    ("ЕГН: 750101001, моля за отговор.", "750101001"),  # nine digits: a typo of a real one
    ("Живея в ж.к. Красно село, бл. 149, вх. В, ет. 4, ап. 67 от 2019 г.", "бл. 149"),
    ("Адрес: ул. „Опълченска“ 46, София.", "Опълченска“ 46"),
]
KEPT = [
    "На бул. „Витоша“ след 23:00 ч. е шумно.",
    "Срещу блок 12 няма осветление.",
    "Сигналът е от 07.08.2021 г. в 13:30 ч.",
    "Автобус 94 закъснява с 20 минути (реф. 4467).",
    "Ремонтът струва 4500 лв. по договор № 2024-117.",
]


@pytest.mark.parametrize(("text", "planted"), REMOVED)
def test_publication_redaction_removes_what_the_audit_looks_for(text: str, planted: str) -> None:
    redacted, count = redact(text, default_detector(), Surrogates(KEY), recall=True)
    assert planted not in redacted and count >= 1


def test_without_recall_an_invalid_phone_number_is_no_phone() -> None:
    text, planted = REMOVED[0]
    assert planted in redact(text, default_detector(), Surrogates(KEY))[0]


def test_phrases_that_name_no_one_are_kept_word_for_word() -> None:
    assert redact_many(KEPT, default_detector(), Surrogates(KEY), recall=True) == KEPT


def test_overlapping_spans_become_one_placeholder() -> None:
    text = "Аз, Ганка Пеевска, ж.к. Люлин, бл. 7, ап. 3, тел. 0991 674 556"
    redacted = redact(text, default_detector(), Surrogates(KEY), recall=True)[0]
    assert redacted.count("[") == redacted.count("]") == 3 and "бл." not in redacted
