"""The defects the factory can inject, named by the finding code they should provoke.

Kept apart from the assembly so the corpus planner can choose compatible defects (a
dossier without a 目录 cannot also have a wrong 目录 entry) and the truth file can state
the verdict a defect implies, by the contract's severities.
"""

from __future__ import annotations

import random

SEVERITY: dict[str, str] = {
    "item.missing": "error",
    "toc.page_mismatch": "error",
    "toc.entry_not_found": "error",
    "toc.missing": "error",
    "pages.unnumbered": "error",
    "pages.gap": "error",
    "pages.duplicate": "error",
    "pages.order": "error",
    "file.name_mismatch": "error",
    "file.name_extra": "warning",
    "file.split": "error",
    "field.invalid": "error",
    "field.inconsistent": "error",
    "pages.rotated": "warning",
    "pages.blank": "warning",
    "file.not_a4": "warning",
    "type.unknown": "error",
    "field.below_threshold": "warning",
    "seal.missing": "error",
    "seal.name_mismatch": "error",
    "signature.missing": "error",
}
DEFECTS = tuple(SEVERITY)
# Drawn by the dossier's seal stream (factory/stamping.py); kept out of the random mix so a
# seed's corpus keeps the defects it has always had.
SEAL_DEFECTS = ("seal.missing", "seal.name_mismatch", "signature.missing")

# Pairs that cannot share a dossier (one would hide or redefine the other).
_CONFLICTS = [
    {"toc.missing", "toc.page_mismatch"}, {"toc.missing", "toc.entry_not_found"}, {"toc.missing", "pages.order"},
    {"file.name_mismatch", "file.name_extra"}, {"file.split", "file.name_mismatch"}, {"file.split", "file.name_extra"},
    {"pages.gap", "pages.duplicate"}, {"pages.order", "toc.page_mismatch"}, {"type.unknown", "field.below_threshold"},
    {"item.missing", "toc.entry_not_found"}, {"seal.missing", "seal.name_mismatch"},
]


def compatible(defects: list[str]) -> bool:
    chosen = set(defects)
    return not any(pair <= chosen for pair in _CONFLICTS)


def validate(defects: list[str]) -> None:
    unknown = [d for d in defects if d not in SEVERITY]
    if unknown:
        raise ValueError(f"未知的缺陷类型：{', '.join(unknown)}；可选：{', '.join(DEFECTS)}")


def random_defects(rng: random.Random) -> list[str]:
    """1–2 compatible defects (file.split excluded: it changes the number of files; the
    seal defects too: they are asked for by name)."""
    pool = [d for d in DEFECTS if d != "file.split" and d not in SEAL_DEFECTS]
    while True:
        chosen = rng.sample(pool, rng.choice((1, 1, 2)))
        if compatible(chosen):
            return sorted(chosen)


def verdict(defects: list[str]) -> str:
    return "correction" if any(SEVERITY[d] == "error" for d in defects) else "accept"
