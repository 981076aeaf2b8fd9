"""Byte ranges on all cores read every line exactly once: the same findings and errors as one process."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from rightskit import scan
from rightskit.sources import jsonl_chunks
from tests.helpers import Gen


def _write(path: Path, seed: int) -> None:
    gen, rng = Gen(seed), random.Random(seed)
    lines = []
    for i in range(400):
        roll = rng.random()
        if roll < 0.05:
            lines.append("")  # blank lines are skipped
        elif roll < 0.08:
            lines.append(f'{{"id": {i}, "email": ')  # broken: reported with its line number
        else:
            lines.append(json.dumps({"id": i, "name": gen.name(), "egn": gen.egn(), "note": f"Обаждане от {gen.phone()} за справка",
                                     "tags": ["a", "b"][: rng.randint(0, 2)]}, ensure_ascii=False))  # fmt: skip
    path.write_text("\n".join(lines) + ("\n" if seed % 2 else ""), encoding="utf-8")


@pytest.mark.parametrize(("seed", "chunk"), [(1, 37), (2, 512), (3, 4096), (4, 1 << 20)])
def test_ranges_give_what_one_process_gives(tmp_path: Path, monkeypatch, seed: int, chunk: int) -> None:
    path = tmp_path / "signals.jsonl"
    _write(path, seed)
    monkeypatch.setattr(jsonl_chunks, "CHUNK_BYTES", chunk)
    serial = scan(str(path), full=True, workers=1)
    parallel = scan(str(path), full=True, workers=2)
    assert parallel.model_dump(exclude={"findings"}) == serial.model_dump(exclude={"findings"})
    assert [f.model_dump() for f in parallel.findings] == [f.model_dump() for f in serial.findings]
    assert serial.sources[0].errors and "line" in serial.sources[0].errors[0]
    assert {f.entity_type for f in serial.findings} >= {"BG_EGN", "PHONE_NUMBER"}


def test_every_line_belongs_to_exactly_one_range(tmp_path: Path) -> None:
    path = tmp_path / "lines.jsonl"
    path.write_bytes(b"".join(b'{"n": %d}\n' % i for i in range(1000)))
    size = path.stat().st_size
    for step in (1, 7, 10, 11, 64, size):
        seen = []
        for start in range(0, size, step):
            _first, lines = jsonl_chunks._lines(str(path), start, min(start + step, size))
            seen.extend(json.loads(line)["n"] for line in lines)
        assert seen == list(range(1000)), step
