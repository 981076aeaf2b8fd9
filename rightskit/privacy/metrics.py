"""Identity and attribute disclosure metrics over equivalence classes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rightskit.models.privacy import RiskMetrics, SensitiveMetrics
from rightskit.privacy.encode import Attribute, encode_attribute, group

if TYPE_CHECKING:
    import numpy as np


def classes_at(attributes: list[Attribute], levels: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Equivalence classes of the records at a generalisation node."""
    keys = [a.maps[lv][a.codes] for a, lv in zip(attributes, levels, strict=True)]
    radices = [len(a.labels[lv]) for a, lv in zip(attributes, levels, strict=True)]
    return group(keys, radices)


def sensitive_metrics(name: str, values: Sequence[str], inverse: np.ndarray, keep: np.ndarray) -> SensitiveMetrics:
    """Distinct and entropy l-diversity and t-closeness of one sensitive attribute over the kept records."""
    import numpy as np

    raw = np.asarray(values, dtype=object).astype(str)[keep]
    cls = inverse[keep]
    if len(raw) == 0:
        return SensitiveMetrics(attribute=name, l_distinct=0, l_entropy=0.0, t_closeness=0.0, t_distance="equal")
    numeric = _all_numeric(raw)
    if numeric:
        order = sorted(set(raw.tolist()), key=float)
        lookup = {v: i for i, v in enumerate(order)}
        codes = np.fromiter((lookup[v] for v in raw), dtype=np.int64, count=len(raw))
    else:
        _, codes = np.unique(raw, return_inverse=True)
    _, cls = np.unique(cls, return_inverse=True)
    m = int(codes.max()) + 1
    n_cls = int(cls.max()) + 1
    table = np.zeros((n_cls, m), dtype=np.int64)
    np.add.at(table, (cls, codes), 1)
    sizes = table.sum(axis=1, keepdims=True)
    p = table / sizes
    with np.errstate(divide="ignore", invalid="ignore"):
        h = -np.nansum(np.where(p > 0, p * np.log2(p), 0.0), axis=1)
    q = table.sum(axis=0) / table.sum()
    if numeric and m > 1:
        # EMD with ordered distance: the cumulative difference, normalised by m - 1.
        t = np.abs(np.cumsum(p - q, axis=1)[:, :-1]).sum(axis=1) / (m - 1)
    else:
        t = 0.5 * np.abs(p - q).sum(axis=1)
    return SensitiveMetrics(
        attribute=name,
        l_distinct=int((table > 0).sum(axis=1).min()),
        l_entropy=round(float(np.min(2.0**h)), 6),
        t_closeness=round(float(t.max()), 6),
        t_distance="ordered" if numeric else "equal",
    )


def _all_numeric(values: np.ndarray) -> bool:
    try:
        [float(v) for v in set(values.tolist())]
    except ValueError:
        return False
    return True


def metrics_at(
    attributes: list[Attribute],
    levels: Sequence[int],
    k: int,
    sensitive: dict[str, Sequence[str]] | None = None,
    keep: np.ndarray | None = None,
) -> RiskMetrics:
    """Metrics of the records kept (not suppressed) at a node."""
    import numpy as np

    inverse, _sizes = classes_at(attributes, levels)
    n_all = len(inverse)
    keep = np.ones(n_all, dtype=bool) if keep is None else keep
    kept_cls = inverse[keep]
    by_class = np.bincount(kept_cls)
    sizes = by_class[by_class > 0]
    records = int(keep.sum())
    per_record = by_class[kept_cls]  # each record's class size
    classes = len(sizes)
    return RiskMetrics(
        records=records,
        quasi_identifiers=[a.name for a in attributes],
        k=k,
        classes=classes,
        min_class_size=int(sizes.min()) if classes else 0,
        sample_uniques=int((sizes == 1).sum()),
        sample_unique_share=round(float((sizes == 1).sum() / records), 6) if records else 0.0,
        records_below_k=int(sizes[sizes < k].sum()),
        prosecutor_risk_max=round(float(1 / sizes.min()), 6) if classes else 0.0,
        prosecutor_risk_avg=round(float(np.mean(1 / per_record)), 6) if records else 0.0,
        marketer_risk=round(classes / records, 6) if records else 0.0,
        sensitive=[sensitive_metrics(name, vals, inverse, keep) for name, vals in (sensitive or {}).items()],
    )


def risk(
    columns: dict[str, Sequence[str]], quasi: list[str], k: int = 5, sensitive: list[str] | None = None
) -> RiskMetrics:
    """Metrics of a table as it is (no generalisation)."""
    from rightskit.privacy.encode import as_strings

    attributes = [encode_attribute(q, as_strings(columns[q]), None) for q in quasi]
    sens = {s: as_strings(columns[s]) for s in sensitive or []}
    return metrics_at(attributes, [0] * len(attributes), k, sens)
