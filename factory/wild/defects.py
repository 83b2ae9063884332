"""The ordinary defects of real dossiers the wild profile injects, each named by the
contract finding code it should provoke (report-contract.md), and the verdict they imply.

Few on purpose: most wild dossiers are correct, so that a reviewer who accepts
everything, or who reports errors on correct dossiers, scores badly.
"""

from __future__ import annotations

import random

# defect → (finding code, severity); codes and severities from the report contract
DEFECTS: dict[str, tuple[str, str]] = {
    "item.missing": ("item.missing", "error"),
    "toc.page_mismatch": ("toc.page_mismatch", "error"),
    "pages.unnumbered": ("pages.unnumbered", "error"),
    "file.name_mismatch": ("file.name_mismatch", "error"),
    "pages.rotated": ("pages.rotated", "warning"),
    "licence.expired": ("field.invalid", "error"),
    "field.inconsistent": ("field.inconsistent", "error"),
    "credit.serious": ("eligibility.failed", "error"),
}
# Seals and signatures, drawn by the dossier's seal stream (factory/stamping.py): asked for
# by name only, so a seed's random mix keeps the defects it has always had.
SEAL_DEFECTS: dict[str, tuple[str, str]] = {
    "seal.missing": ("seal.missing", "error"),
    "seal.name_mismatch": ("seal.name_mismatch", "error"),
    "signature.missing": ("signature.missing", "error"),
}
SEVERITY = {code: severity for code, severity in [*DEFECTS.values(), *SEAL_DEFECTS.values()]}
CORRECT_SHARE = 0.6


def validate(defects: list[str]) -> None:
    unknown = [d for d in defects if d not in DEFECTS and d not in SEAL_DEFECTS]
    if unknown:
        raise ValueError(f"未知的缺陷类型：{', '.join(unknown)}；可选：{', '.join([*DEFECTS, *SEAL_DEFECTS])}")
    if {"seal.missing", "seal.name_mismatch"} <= set(defects):
        raise ValueError("seal.missing 与 seal.name_mismatch 不能同时注入")


def random_defects(rng: random.Random) -> list[str]:
    """None for most dossiers, else one defect (now and then two)."""
    if rng.random() < CORRECT_SHARE:
        return []
    return sorted(rng.sample(list(DEFECTS), rng.choice((1, 1, 1, 2))))


def verdict(codes: list[str]) -> str:
    """The contract's verdict for a dossier whose only problems are these findings."""
    if any(code.startswith("eligibility.") for code in codes):
        return "ineligible"
    return "correction" if any(SEVERITY[code] == "error" for code in codes) else "accept"
