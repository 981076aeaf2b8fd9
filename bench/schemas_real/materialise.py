"""Rebuild the real schema development set (issue 18) from local git mirrors; no network.

Run: python bench/schemas_real/materialise.py [DIR] [--mirrors /work/.mirror]   (--repos lists what to fetch)
DIR defaults to /work/devsets/schemas_real. Each file of manifest.yaml is read with `git show COMMIT:PATH` from
<mirrors>/<owner>+<name>/repo and written as <id>.<ext>. A repository whose mirror is absent is reported (bring it
with the tool library's `fetch github:<owner>/<name>`) and the other files are still written. Only the
manifest, the labels and the scripts are in the repository: the files are others' work under their own licences.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).parent
DEFAULT_DIR = Path("/work/devsets/schemas_real")
DEFAULT_MIRRORS = Path("/work/.mirror")


def load_manifest() -> list[dict]:
    return yaml.safe_load((HERE / "manifest.yaml").read_text(encoding="utf-8"))["files"]


def file_name(entry: dict) -> str:
    return f"{entry['id']}.{entry['ext']}"


def git_dir(mirrors: Path, repo: str) -> Path:
    """The mirror's git directory: usually bare (`repo`), sometimes a checkout (`repo/.git`)."""
    base = mirrors / repo.replace("/", "+") / "repo"
    return base / ".git" if (base / ".git").is_dir() else base


def materialise(target: Path, mirrors: Path) -> tuple[int, list[str]]:
    """Write every file whose mirror is present; return how many were written and what was missing."""
    target.mkdir(parents=True, exist_ok=True)
    written, missing = 0, []
    for entry in load_manifest():
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--mirrors", type=Path, default=DEFAULT_MIRRORS)
    parser.add_argument("--repos", action="store_true", help="only list the repositories to fetch, one a line")
    args = parser.parse_args()
    if args.repos:
        print("\n".join(sorted({e["repo"] for e in load_manifest()})))
        return 0
    written, missing = materialise(args.dir, args.mirrors)
    print(f"{written} files written to {args.dir}")
    for line in missing:
        print(f"missing: {line}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
