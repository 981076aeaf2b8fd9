"""Write an anonymised release: new files in OUTDIR, a manifest and a datapackage.json, atomically.

Staging, audit and manifest live here; each format has one writer (``writers``), chosen by the same table the
readers use. Every file is written into a staging folder beside OUTDIR; the audit then re-reads every staged cell
(``anonymise/audit.py``), and only a release it passes, with its manifest, becomes OUTDIR by one rename: an
interrupted or refused run leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from rightskit import __version__
from rightskit.anonymise.audit import audit_release
from rightskit.anonymise.keys import derive, key_id, new_key
from rightskit.anonymise.release.context import (
    TECHNIQUE,
    WP216,
    ReleaseContext,
    ReleaseRefusedError,
    release_columns,
    release_context,
)
from rightskit.anonymise.release.package import datapackage
from rightskit.ending import ensure_not_ended
from rightskit.errors import SourceError, UsageError
from rightskit.models.release import FieldPlan, FileRecord, Manifest, Plan

__all__ = [
    "TECHNIQUE",
    "ReleaseContext",
    "ReleaseRefusedError",
    "anonymise",
    "audit_release",
    "release_columns",
    "release_context",
    "staging_dir",
]


def anonymise(
    inputs: list[str],
    outdir: str,
    plan: Plan,
    *,
    key: bytes | None = None,
    hierarchy_files: dict[str, str] | None = None,
    release_key: bytes | None = None,
) -> Manifest:
    """Write the release; raise ReleaseRefusedError (nothing written) when k cannot be reached.

    ``release_key`` (default: new random bytes) keys release tokens and placeholders: given, the release
    is reproducible (the Spark path's equality test uses it).
    """
    target = Path(outdir)
    if target.exists() and any(target.iterdir()):
        raise UsageError(f"{outdir} exists and is not empty: choose a new output folder")
    release_key = release_key or new_key()
    ctx = release_context(plan, key, release_key)
    staging = staging_dir(target)
    try:
        records, staged = [], []
        for path in inputs:
            fps = plan.inputs.get(path) or plan.inputs.get(Path(path).name) or []
            written = _release_file(path, fps, staging, ctx, hierarchy_files or {})
            records += written
            staged.append((staging / written[0].output, Path(path), fps))
        audit = audit_release(staged, ctx.detector, ctx.direct_values)
        if audit.leaks:  # the staged files go with the staging folder: nothing is written
            raise ReleaseRefusedError(audit.message())
        plan_text = plan.model_dump_json(indent=2)
        manifest = Manifest(
            rightskit_version=__version__,
            created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            policy=plan.policy,
            plan_sha256=hashlib.sha256(plan_text.encode()).hexdigest(),
            key_ids=[key_id(derive(key, plan.key_purpose))] if key else [],
            stable_pseudonyms=plan.stable_pseudonyms,
            files=records,
            wp216=WP216,
            audit=audit.record(),
        )
        (staging / "manifest.json").write_text(manifest.model_dump_json(indent=2) + "\n", encoding="utf-8")
        (staging / "datapackage.json").write_text(datapackage(records, staging), encoding="utf-8")
        ensure_not_ended()  # a signal whose raise was swallowed mid-release: nothing is published
        if target.exists():
            target.rmdir()
        os.replace(staging, target)
        return manifest
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        for gathered in ctx.direct_values.values():
            gathered.close()
        raise


def staging_dir(target: Path) -> Path:
    """A private folder beside the target (same filesystem, so the final rename is atomic), with normal permissions;
    the folders the target is to stand in are made first (staged elsewhere, a release into a new folder had been
    written whole and then failed at the rename)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{target}: its folder cannot be made ({exc.strerror or exc})") from None
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)
    return staging


def _release_file(
    path: str, fps: list[FieldPlan], staging: Path, ctx: ReleaseContext, hierarchy_files: dict[str, str]
) -> list[FileRecord]:
    """The records of one input released into the staging folder by its format's writer."""
    from concurrent.futures import ThreadPoolExecutor

    from rightskit.anonymise.release.writers import WRITERS, WriteJob, writer_for
    from rightskit.digest import file_sha256

    src = Path(path)
    if not src.is_file():
        raise SourceError("no such file", path=path)
    found = writer_for(src.name)
    if found is None:
        raise UsageError(f"{src.name}: anonymise releases {', '.join(sorted(WRITERS))} files (convert others first)")
    fmt, write = found
    # The input's hash is read beside the release (hashlib releases the GIL), not after it.
    with ThreadPoolExecutor(1, thread_name_prefix="rightskit-hash") as hasher:
        input_digest = hasher.submit(file_sha256, src)
        written = write(WriteJob(src, staging / src.name, fmt, fps, ctx, hierarchy_files))
        digest = input_digest.result()
        return [record.model_copy(update={"input_sha256": digest}) for record in written]
