"""A stress run of generated hostile inputs (issue 22): mutated data files, archives, SQL and YAML.

Run: python bench/hostile_stress.py [--files N] [--seed S] [--batch B] [--keep DIR]

Seeded base files in every format rightskit reads (CSV, TSV, JSON, JSON Lines, XLSX, Parquet, .zip, .gz, SQL)
and every YAML file a person writes (configuration, context, policy, plan) hold planted personal values (ЕГН,
e-mails, phones, a database password). Each is mutated the ways broken and hostile files are: bytes flipped,
truncated, spliced, NUL and 0xFF bytes, BOMs and UTF-16, lines repeated thousands of times, deep nesting, long
digit runs, stray quotes, SQL comment and template openers, YAML anchors and tags.

Data and SQL files are scanned by folder, ``--batch`` at a time (``rightskit scan DIR --format json``); YAML files
one by one as ``--config``, ``--context`` + ``--policy`` or ``--plan``. Every process runs under a 3 GB address-space
limit and a 120 s timeout. Counted: tracebacks (any exit other than 0, 1, 2, or "Traceback" on stderr), hangs
(the timeout), and planted values in standard output, standard error or any file written.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from run import _rightskit  # noqa: E402

LIMIT_BYTES = 3 << 30
TIMEOUT = 120


@dataclass
class Outcome:
    inputs: int = 0
    processes: int = 0
    tracebacks: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    exits: dict[int, int] = field(default_factory=dict)
    peak_mb: float = 0.0  # the largest peak RSS of any process
    peak_label: str = ""


def _egn(rng: random.Random) -> str:
    from stdnum.bg import egn

    body = f"{rng.randint(40, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return body + egn.calc_check_digit(body)


def planted_values(rng: random.Random) -> dict[str, str]:
    return {
        "egn": _egn(rng),
        "email": f"zx{rng.randint(10**5, 10**6)}.qv@abv.bg",
        "phone": f"0888 {rng.randint(100, 999)} {rng.randint(100, 999)}",
        "password": f"Pw{rng.randint(10**7, 10**8)}Zq",
    }


def base_rows(rng: random.Random, values: dict[str, str], n: int = 60) -> list[list[str]]:
    rows = [["name", "egn", "email", "phone", "note"]]
    for i in range(n):
        rows.append([f"Иван Петров {i}", values["egn"] if i % 7 == 0 else _egn(rng), values["email"] if i % 5 == 0
                     else f"u{i}@mail.bg", values["phone"] if i % 3 == 0 else f"0878 {i:03d} {i:03d}",
                     f"тел. {values['phone']}, ЕГН {values['egn']}" if i % 11 == 0 else "ok"])  # fmt: skip
    return rows


def bases(rng: random.Random, values: dict[str, str]) -> dict[str, bytes]:
    """One well-formed file per format, each holding the planted values."""
    import csv

    import openpyxl
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = base_rows(rng, values)
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    out = {"base.csv": text.getvalue().encode()}
    out["base.tsv"] = "\n".join("\t".join(r) for r in rows).encode()
    records = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    out["base.json"] = json.dumps({"data": records}, ensure_ascii=False).encode()
    out["base.jsonl"] = "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode()
    book = openpyxl.Workbook()
    for r in rows:
        book.active.append(r)
    buf = io.BytesIO()
    book.save(buf)
    out["base.xlsx"] = buf.getvalue()
    buf = io.BytesIO()
    pq.write_table(pa.table({k: [r[k] for r in records] for k in rows[0]}), buf)
    out["base.parquet"] = buf.getvalue()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("inner.csv", out["base.csv"])
        zf.writestr("inner.jsonl", out["base.jsonl"])
    out["base.zip"] = buf.getvalue()
    import gzip

    out["base.csv.gz"] = gzip.compress(out["base.csv"])
    out["base.sql"] = (
        "CREATE TABLE citizens (id int, egn char(10) DEFAULT '" + values["egn"] + "', email text, note text);\n"
        "INSERT INTO citizens VALUES (1, '"
        + values["egn"]
        + "', '"
        + values["email"]
        + "', 'тел. "
        + values["phone"]
        + "');\n"
        "CREATE VIEW v AS SELECT egn, email FROM citizens WHERE email = '" + values["email"] + "';\n"
        "-- {{ source('crm', 'contacts') }}\nSELECT first_name, email FROM {{ ref('people') }};\n"
    ).encode()
    return out


YAML_BASES = {
    "config": "recognizers:\n  - name: member_no\n    entity: MEMBER\n    pattern: 'M-[0-9]{{6}}'\n"
    "allow_list: ['{email}']\nsample: 500\n",
    "context": "controller: Столична община\npurposes:\n  - name: отчет\n    lawful_basis: public_task\n"
    "contact: '{email}'\nphone: '{phone}'\npublished: true\n",
    "policy": "name: local\nextends: cc4dr-baseline\nrules:\n  - id: RK-X-01\n    check: direct_identifiers\n"
    "    severity: high\n    note: '{egn}'\n",
    "plan": "k: 5\ninputs:\n  base.csv:\n    - {{field: egn, role: direct_identifier, action: drop}}\n"
    "    - {{field: note, role: other, action: redact_text, reason: '{phone}'}}\n",
}


def mutate(data: bytes, rng: random.Random, values: dict[str, str]) -> bytes:
    """One to three hostile mutations of ``data``."""
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(14)
        n = len(data)
        at = rng.randrange(n + 1) if n else 0
        if kind == 0 and n:  # flip bytes
            b = bytearray(data)
            for _ in range(rng.randint(1, 20)):
                b[rng.randrange(n)] = rng.randrange(256)
            data = bytes(b)
        elif kind == 1:  # truncate
            data = data[:at]
        elif kind == 2:  # splice a slice elsewhere
            j = rng.randrange(n + 1) if n else 0
            data = data[:at] + data[min(at, j) : max(at, j)][:4096] + data[at:]
        elif kind == 3:
            data = (
                data[:at] + rng.choice([b"\x00" * 64, b"\xff\xfe", b"\xef\xbb\xbf", b"\r", b"\x1b]0;x\x07"]) + data[at:]
            )
        elif kind == 4:  # a line repeated
            line = data[at : data.find(b"\n", at) + 1 if b"\n" in data[at:] else at + 80] or b"x\n"
            data = data[:at] + line * rng.choice([100, 5000]) + data[at:]
        elif kind == 5:
            data = rng.choice([b"\xff\xfe", b"\xfe\xff"]) + data.decode("utf-8", "replace").encode("utf-16-le")
        elif kind == 6:  # deep nesting
            depth = rng.choice([1000, 100_000])
            data = data[:at] + b"[" * depth + b"1" + b"]" * rng.choice([0, depth]) + data[at:]
        elif kind == 7:  # long digit runs and hyphen chains before a value
            data = (
                data[:at]
                + rng.choice([b"1-" * 50_000, b"9" * 100_000, b"Ab-" * 20_000])
                + values["email"].encode()
                + data[at:]
            )
        elif kind == 8:
            data = (
                data[:at]
                + rng.choice([b'"', b"'", b"\\", b"{{", b"/*!40101 ", b"{%", b"${", b"\n--"]) * rng.randint(1, 30_000)
                + data[at:]
            )
        elif kind == 9:  # a planted value in a header or a name position
            data = values["egn"].encode() + b"," + data
        elif kind == 10:  # many columns
            data = b",".join(b"c%d" % i for i in range(rng.choice([2000, 20_000]))) + b"\n" + data
        elif kind == 11:
            data = data.decode("utf-8", "replace").encode("cp1251", "replace")
        elif kind == 12:  # CR-only and mixed line ends
            data = data.replace(b"\n", rng.choice([b"\r", b"\r\n", b"\n\r"]))
        else:  # a huge number
            data = data[:at] + b"1" + b"0" * rng.choice([400, 100_000]) + data[at:]
    return data


def mutate_yaml(text: str, rng: random.Random) -> bytes:
    kind = rng.randrange(8)
    if kind == 0:
        bomb = "a: &a ['x','x','x','x','x','x','x','x','x']\n" + "".join(
            f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
        return (bomb + text).encode()
    if kind == 1:
        return (text + "x: !!python/object/apply:os.system ['true']\n").encode()
    if kind == 2:
        return text.encode("utf-16")
    if kind == 3:
        return text.encode("cp1251", "replace")
    if kind == 4:
        return ("k: " + "[" * 50_000 + "]" * 50_000 + "\n" + text).encode()
    if kind == 5:
        return (text + "recognizers:\n  - name: bad\n    entity: X\n    pattern: '(a+)+b'\n").encode()
    if kind == 6:
        cut = rng.randrange(len(text) + 1)
        return text[:cut].encode() + b"\x00\xff" + text[cut:].encode()
    return text.replace(":", rng.choice([" :", "::", ": ["]), rng.randint(1, 3)).encode()


def run(cmd: list[str], cwd: Path, label: str, values: dict[str, str], outputs: list[Path], result: Outcome) -> None:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))

    result.processes += 1
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err_file:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err_file, preexec_fn=limit)
        deadline = time.monotonic() + TIMEOUT
        while True:  # wait4, not wait: the process's peak RSS comes with its status
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                result.hangs.append(label)
                return
            time.sleep(0.05)
        proc.returncode = returncode = os.waitstatus_to_exitcode(status)
        if usage.ru_maxrss / 1024 > result.peak_mb:
            result.peak_mb, result.peak_label = usage.ru_maxrss / 1024, label
        out.seek(0)
        err_file.seek(0)
        stdout, stderr = out.read(), err_file.read()
    result.exits[returncode] = result.exits.get(returncode, 0) + 1
    err = stderr.decode("utf-8", "replace")
    if returncode not in (0, 1, 2) or "Traceback" in err:
        result.tracebacks.append(f"{label}: exit {returncode}: {err.strip().splitlines()[-1:]}")
    texts = [stdout.decode("utf-8", "replace"), err]
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in outputs if p.is_file()]
    for value in values.values():
        if any(value in t for t in texts):
            result.leaks.append(f"{label}: a planted value ({len(value)} characters) in the output")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--batch", type=int, default=40)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    values = planted_values(rng)
    work = args.keep or Path(tempfile.mkdtemp(prefix="rk-hostile-"))
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    data_bases = bases(rng, values)
    yaml_count = args.files // 5
    data_count = args.files - yaml_count
    result = Outcome()
    names = list(data_bases)
    for start in range(0, data_count, args.batch):
        folder = work / f"batch{start // args.batch:03d}"
        folder.mkdir()
        for i in range(start, min(start + args.batch, data_count)):
            name = names[i % len(names)]
            suffix = name.partition(".")[2]
            (folder / f"m{i:04d}.{suffix}").write_bytes(mutate(data_bases[name], rng, values))
            result.inputs += 1
        out = work / f"{folder.name}.json"
        run([*_rightskit(), "scan", str(folder), "--format", "json", "-o", str(out)], work, folder.name, values,
            [out], result)  # fmt: skip
    sample = work / "clean"
    sample.mkdir()
    (sample / "base.csv").write_bytes(data_bases["base.csv"])
    kinds = list(YAML_BASES)
    for i in range(yaml_count):
        kind = kinds[i % len(kinds)]
        path = work / f"y{i:04d}.yaml"
        path.write_bytes(mutate_yaml(YAML_BASES[kind].format(**values), rng))
        result.inputs += 1
        out = work / f"y{i:04d}.out"
        if kind == "config":
            cmd = [*_rightskit(), "scan", str(sample), "--config", str(path), "--format", "json", "-o", str(out)]
        elif kind == "context":
            cmd = [*_rightskit(), "check", str(sample), "--context", str(path), "--format", "json", "-o", str(out)]
        elif kind == "policy":
            cmd = [*_rightskit(), "check", str(sample), "--policy", str(path), "--format", "json", "-o", str(out)]
        else:
            shutil.rmtree(work / "release", ignore_errors=True)
            cmd = [
                *_rightskit(),
                "anonymise",
                str(sample / "base.csv"),
                "-o",
                str(work / "release"),
                "--plan",
                str(path),
            ]
        run(cmd, work, f"{path.name} ({kind})", values, [out], result)
    print(
        f"{result.inputs} hostile inputs in {result.processes} processes (seed {args.seed}), 3 GB and {TIMEOUT} s each"
    )
    print(f"exit codes: {dict(sorted(result.exits.items()))}")
    print(
        f"tracebacks: {len(result.tracebacks)}; hangs: {len(result.hangs)}; planted values shown: {len(result.leaks)}"
    )
    print(f"largest peak RSS of a process: {result.peak_mb:,.0f} MB ({result.peak_label})")
    for line in [*result.tracebacks, *result.hangs, *result.leaks][:20]:
        print("  " + line)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
