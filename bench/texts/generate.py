"""Generate complaint-style texts in Bulgarian and English with gold spans (frozen; seeded).

Run: python bench/texts/generate.py  → bench/texts/complaints.jsonl
Each line: {"lang", "text", "spans": [{"start", "end", "type"}], "lookalikes": [{"start", "end", "kind"}]}.
Names come from Faker's bg_BG and en_GB lists and are transliterated here with this file's own table; the
look-alikes are places and things named after people, which must not be marked.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from synth import EuSynth, latin  # noqa: E402

LOOKALIKES = [
    ("бул. „Христо Ботев“", "street"), ("парк Заимов", "park"), ("метростанция Сердика", "metro"),
    ("автобус 94", "bus line"), ("спирка „Васил Левски“", "stop"), ("ул. „Граф Игнатиев“", "street"),
    ("НДК", "landmark"), ("пл. „Света Неделя“", "square"), ("СУ „Св. Климент Охридски“", "university"),
    ("блок 12", "block"), ("трамвай 5", "tram line"), ("парк „Борисова градина“", "park"),
    ("бул. „Александър Стамболийски“", "street"), ("метростанция „Джеймс Баучер“", "metro"),
]  # fmt: skip
EN_LOOKALIKES = [("Vasil Levski Stadium", "stadium"), ("bus line 94", "bus line"), ("Serdika metro station", "metro"),
                 ("Hristo Botev Boulevard", "street"), ("block 12", "block")]  # fmt: skip


class Builder:
    def __init__(self) -> None:
        self.text = ""
        self.spans: list[dict] = []
        self.lookalikes: list[dict] = []

    def add(self, part: str, kind: str | None = None, lookalike: str | None = None) -> Builder:
        start = len(self.text)
        self.text += part
        if kind:
            self.spans.append({"start": start, "end": len(self.text), "type": kind})
        if lookalike:
            self.lookalikes.append({"start": start, "end": len(self.text), "kind": lookalike})
        return self


def bg_text(s: EuSynth) -> Builder:
    b = Builder()
    name = s.bg_name()
    name = latin(name) if s.rng.random() < 0.25 else name
    if s.rng.random() < 0.15:
        name = name.upper()
    place, kind = s.rng.choice(LOOKALIKES)
    choice = s.rng.randint(0, 6)
    if choice == 0:
        b.add("Здравейте, казвам се ").add(name, "PERSON").add(" и живея на ").add(s.bg_address(), "STREET_ADDRESS")
        b.add(". Моля, обадете ми се на ").add(s.bg_mobile(), "PHONE_NUMBER").add(" относно ремонта до ")
        b.add(place, lookalike=kind).add(".")
    elif choice == 1:
        b.add("Сигнал от ").add(name, "PERSON").add(", ЕГН ").add(s.egn(), "BG_EGN").add(": колата с рег. номер ")
        b.add(s.plate(), "VEHICLE_PLATE").add(" е паркирана на тротоара срещу ").add(place, lookalike=kind).add(".")
    elif choice == 2:
        b.add("Пишете ми на ").add(s.email(), "EMAIL_ADDRESS").add(". Дупката пред ").add(place, lookalike=kind)
        b.add(" е опасна, вече подадох сигнал и на ").add(s.sofia_landline(), "PHONE_NUMBER").add(".")
    elif choice == 3:
        b.add("Моля възстановете таксата по сметка ").add(s.bg_iban(), "IBAN_CODE").add(", титуляр ")
        b.add(name, "PERSON").add(". Платих с карта ").add(s.card(), "CREDIT_CARD").add(".")
    elif choice == 4:
        b.add("Аз, ").add(name, "PERSON").add(", ЛНЧ ").add(s.lnch(), "BG_LNCH").add(", се оплаквам от шума около ")
        b.add(place, lookalike=kind).add(" след 23:00 ч.")
    elif choice == 5:
        b.add("Уличното осветление около ").add(place, lookalike=kind).add(" не работи от седмица. ")
        other, kind2 = s.rng.choice(LOOKALIKES)
        b.add("Същото е и при ").add(other, lookalike=kind2).add(".")
    else:
        title = s.rng.choice(["г-н ", "г-жа ", "д-р "])
        b.add("Благодаря на ").add(title).add(name, "PERSON").add(" от районната администрация за бързата реакция при ")
        b.add(place, lookalike=kind).add(". Телефон за връзка: ").add(s.bg_mobile(1), "PHONE_NUMBER").add(".")
    return b


def en_text(s: EuSynth) -> Builder:
    b = Builder()
    name = s.en.name() if s.rng.random() < 0.6 else latin(s.bg_name())
    place, kind = s.rng.choice(EN_LOOKALIKES)
    choice = s.rng.randint(0, 4)
    if choice == 0:
        b.add("My name is ").add(name, "PERSON").add(" and I live at ").add(s.bg_address(), "STREET_ADDRESS")
        b.add(". Please call me on ").add(s.bg_mobile(1), "PHONE_NUMBER").add(" about the noise near ")
        b.add(place, lookalike=kind).add(".")
    elif choice == 1:
        b.add("The car ").add(s.plate(), "VEHICLE_PLATE").add(" has blocked the entrance of ")
        b.add(place, lookalike=kind).add(" for three days. Contact: ").add(s.email(), "EMAIL_ADDRESS").add(".")
    elif choice == 2:
        b.add("Please refund the fee to ").add(s.bg_iban(), "IBAN_CODE").add(" (account holder ")
        b.add(name, "PERSON").add("), personal number ").add(s.egn(), "BG_EGN").add(".")
    elif choice == 3:
        b.add("Streetlights near ").add(place, lookalike=kind).add(" have been off since Monday; ")
        b.add("nobody answers at ").add(s.sofia_landline(), "PHONE_NUMBER").add(".")
    else:
        b.add("Dear ").add(name, "PERSON").add(", thank you for fixing the bench near ").add(place, lookalike=kind)
        b.add(". Best regards, ").add(s.en.name(), "PERSON").add(".")
    return b


def main() -> None:
    s = EuSynth(20261130)
    lines = []
    for i in range(500):
        lang = "bg" if i % 5 < 3 else "en"
        b = bg_text(s) if lang == "bg" else en_text(s)
        lines.append(json.dumps({"lang": lang, "text": b.text, "spans": b.spans, "lookalikes": b.lookalikes},
                                ensure_ascii=False))  # fmt: skip
    (HERE / "complaints.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} texts")


if __name__ == "__main__":
    main()
