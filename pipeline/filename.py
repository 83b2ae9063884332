"""The file-name rule: the PDF is named with the applicant unit's name, nothing else.

Names are compared on `unit_name_key` (width, brackets, spaces folded) because a file
typed with half-width brackets names the same unit; "有限公司" against "有限责任公司" is a
different legal name and stays a mismatch.

The unit name arrives from OCR, so the file name is compared with every independent reading
of it (the 申报表's and the licence's): equal to any of them, the file is named right. A single
substituted character outside the legal-form suffix may be a reading slip or the applicant's
typo; the machine cannot tell which from one reading, so it asks a person (`review`). Only
when two readings agree with each other and both differ from the file name is that one
character an error worth a notice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PureWindowsPath

from kernel.models import Finding
from kernel.textnorm import nfkc, unit_name_key

# Words that end a unit's name: what follows the applicant's name and ends in one of these
# names another body (a branch, a subsidiary), not an extra word.
_BODY_SUFFIX = re.compile(r"(?:公司|分公司|中心|学校|学院|大学|协会|商会|研究院|研究所|医院|集团|工作室|站|厂|店|部)$")
_LEGAL_FORM = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团|分公司)$")
# Text before the name is an extra word only when it reads like one ("2023年度", "申报材料-");
# otherwise ("深圳市" + "某某有限公司") the file names a longer, different unit.
_EXTRA_PREFIX = re.compile(r"[0-9]|申报|申请|认定|材料|资料|扫描|附件|关于")


def file_stem(filename: str) -> str:
    """The name without folders or the .pdf extension (Windows or POSIX paths)."""
    name = PureWindowsPath(filename).name
    return re.sub(r"\.pdf$", "", name, flags=re.IGNORECASE)


def _slip_equal(a: str, b: str) -> bool:
    """Equal but for one substituted character that is not part of the legal form."""
    if len(a) != len(b) or len(a) < 6:
        return False
    diffs = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    if len(diffs) != 1:
        return False
    form = _LEGAL_FORM.search(a)
    return form is None or diffs[0] < form.start()


def _find_name(name: str, stem: str) -> tuple[int, int] | None:
    """Where `name` stands inside `stem` (allowing one OCR slip), as a slice."""
    at = stem.find(name)
    if at >= 0:
        return at, at + len(name)
    for start in range(len(stem) - len(name) + 1):
        if _slip_equal(name, stem[start: start + len(name)]):
            return start, start + len(name)
    return None


def check_file_name(filename: str, unit_name: str | None, other_readings: Sequence[str | None] = ()) -> list[Finding]:
    """`file.name_mismatch` for another name, `file.name_extra` for the name plus words.

    `unit_name` is the preferred reading of the applicant's name, `other_readings` further
    independent readings of it (None where a part gave none)."""
    readings = [nfkc(n) for n in (unit_name, *other_readings) if n and unit_name_key(n)]
    if not readings:
        return []
    stem = file_stem(filename)
    stem_key = unit_name_key(stem)
    keys = [unit_name_key(n) for n in readings]
    if stem_key in keys:
        return []
    agreeing = len(keys) >= 2 and len(set(keys)) == 1
    slipped = [n for n, key in zip(readings, keys) if _slip_equal(key, stem_key)]
    if slipped:
        if agreeing:
            return [Finding(code="file.name_mismatch", severity="error", confidence=0.8,
                            message=f"文件名“{stem}”与申报单位名称“{slipped[0]}”有一字之差，应以单位名称命名")]
        return [Finding(code="file.name_mismatch", severity="review", confidence=0.5,
                        message=f"文件名“{stem}”与材料中的单位名称“{slipped[0]}”有一字之差，"
                                f"可能是文件名错字，也可能是材料上的字未看清，请人工核对")]
    shown_name = readings[0]
    where = _find_name(keys[0], stem_key)
    if where is not None:
        before, after = stem_key[: where[0]], stem_key[where[1]:]
        if not _BODY_SUFFIX.search(after) and (not before or _EXTRA_PREFIX.search(before)):
            extra = "、".join(part for part in (before, after) if part)
            return [Finding(code="file.name_extra", severity="warning", confidence=0.9,
                            message=f"文件名“{stem}”在申报单位名称“{shown_name}”之外还含有“{extra}”，"
                                    f"应仅以单位名称命名")]
    return [Finding(code="file.name_mismatch", severity="error", confidence=0.95 if agreeing else 0.85,
                    message=f"文件名“{stem}”与申报单位名称“{shown_name}”不一致")]
