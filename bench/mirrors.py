"""Rebuild a development set of real files from local git mirrors, no network: each file of a manifest.yaml is
read with `git show COMMIT:PATH` from /work/.mirror/<owner>+<name>/repo (brought there with the tool library's
`fetch github:<owner>/<name>`); a file whose mirror is missing is reported and the others are still written.
Used by bench/registers/materialise.py and bench/schemas_real/materialise.py."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import yaml

DEFAULT_MIRRORS = Path("/work/.mirror")


def load_manifest(here: Path) -> list[dict]:
    return yaml.safe_load((here / "manifest.yaml").read_text(encoding="utf-8"))["files"]


def file_name(entry: dict) -> str:
    return f"{entry['id']}.{entry['ext']}"


def git_dir(mirrors: Path, repo: str) -> Path:
    """The mirror's git directory: usually bare (`repo`), sometimes a checkout (`repo/.git`)."""
    base = mirrors / repo.replace("/", "+") / "repo"
    return base / ".git" if (base / ".git").is_dir() else base


def materialise(here: Path, target: Path, mirrors: Path) -> tuple[int, list[str]]:
    """Write every file whose mirror is present; return how many were written and what was missing."""
    target.mkdir(parents=True, exist_ok=True)
    written, missing = 0, []
    for entry in load_manifest(here):
        gd = git_dir(mirrors, entry["repo"])
        if not gd.is_dir():
            missing.append(f"{entry['id']}: no mirror of {entry['repo']} at {gd}")
            continue
        shown = subprocess.run(
            ["git", f"--git-dir={gd}", "show", f"{entry['commit']}:{entry['path']}"],
            capture_output=True,
            check=False,
        )
        if shown.returncode != 0:
            missing.append(f"{entry['id']}: {entry['commit'][:10]}:{entry['path']} not in {gd}")
            continue
        out = target / file_name(entry)
        tmp = out.with_suffix(out.suffix + ".part")
        tmp.write_bytes(shown.stdout)
        tmp.replace(out)
        written += 1
    return written, missing


def main(here: Path, default_dir: Path, description: str) -> int:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("dir", nargs="?", type=Path, default=default_dir)
    parser.add_argument("--mirrors", type=Path, default=DEFAULT_MIRRORS)
    parser.add_argument("--repos", action="store_true", help="only list the repositories to fetch, one a line")
    args = parser.parse_args()
    if args.repos:
        print("\n".join(sorted({e["repo"] for e in load_manifest(here)})))
        return 0
    written, missing = materialise(here, args.dir, args.mirrors)
    print(f"{written} files written to {args.dir}")
    for line in missing:
        print(f"missing: {line}", file=sys.stderr)
    return 1 if missing else 0
