"""The one-file rule across a batch: an applicant's dossier split over several PDFs.

Files are tied to one applicant by the strongest evidence both have: the credit code,
else the unit name read from the dossier, else the file name with its split marker
("（上）", "-2", "附件", "(1)") and extra words removed. A second half often lacks the
application form, so its unit name and code are unknown and only its file name ties it.
Different codes or different unit names keep two files apart whatever their names say.
Only a value shaped like a credit code (18 letters and digits) counts as one: the label text
a form reading can take for the value ("统一社会信用") would tie every file it is read from.
"""

from __future__ import annotations

import re

from pipeline.filename import file_stem
from kernel.models import Finding
from kernel.textnorm import nfkc, unit_name_key

_SPLIT_MARKERS = [
    re.compile(r"[(（\[【]?(?:上|中|下|上册|下册|[一二三四五六七八九十]|[0-9]{1,2})[)）\]】]$"),
    re.compile(r"(?:上|中|下)(?:册|部分|篇)?$"),
    re.compile(r"[-_—－~]+[0-9]{1,2}$"),
    re.compile(r"(?:附件|补充材料|补充|续|第[一二三四五六七八九十0-9]+部分|之[一二三四五六七八九十]|part[0-9]+)[0-9]*$",
               re.IGNORECASE),
    re.compile(r"(?:申报材料|申请材料|材料|扫描件|资料)$"),
    re.compile(r"[-_—－\s]+$"),
]


def name_base(filename: str) -> str:
    """The file name reduced to the unit's name: split markers and extra words removed."""
    text = nfkc(file_stem(filename))
    text = re.sub(r"^(?:19|20)[0-9]{2}年?度?", "", text)
    text = re.sub(r"(?:19|20)[0-9]{2}(?:年度|年)?(?:[0-9]{1,2}月)?(?:[0-9]{1,2}日)?$", "", text)
    changed = True
    while changed and text:
        changed = False
        for marker in _SPLIT_MARKERS:
            stripped = marker.sub("", text)
            if stripped != text and stripped:
                text, changed = stripped, True
    return unit_name_key(text)


_CODE_SHAPE = re.compile(r"^[0-9A-Z]{18}$")


def _code(value: str | None) -> str:
    """The credit code as read, or "" when what was read is not shaped like one."""
    code = nfkc(value or "").upper().replace(" ", "")
    return code if _CODE_SHAPE.match(code) else ""


def _same_applicant(a: tuple[str, str | None, str | None], b: tuple[str, str | None, str | None]) -> bool:
    code_a, code_b = _code(a[2]), _code(b[2])
    if code_a and code_b:
        return code_a == code_b
    name_a = unit_name_key(a[1] or "")
    name_b = unit_name_key(b[1] or "")
    if name_a and name_b:
        return name_a == name_b
    bases_a = {name_base(a[0])} | ({name_a} if name_a else set())
    bases_b = {name_base(b[0])} | ({name_b} if name_b else set())
    return any(len(x) >= 4 for x in bases_a & bases_b)


def find_split_files(entries: list[tuple[str, str | None, str | None]]) -> dict[str, list[Finding]]:
    """`file.split` on every file that shares its applicant with another file of the batch.

    `entries` are (filename, unit_name, credit_code); files without a partner are absent
    from the result.
    """
    parent = list(range(len(entries)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(entries)):
        for j in range(i + 1, len(entries)):
            if _same_applicant(entries[i], entries[j]):
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(entries)):
        groups.setdefault(root(i), []).append(i)
    result: dict[str, list[Finding]] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        for i in members:
            others = "、".join(f"“{entries[j][0]}”" for j in members if j != i)
            result[entries[i][0]] = [Finding(
                code="file.split", severity="error",
                message=f"同一申报单位的材料应合并为一个PDF文件，本批次中另有{others}属于同一单位")]
    return result


# Findings that judge a dossier as a whole; on one part of a split dossier they only repeat
# the split (the 目录 is in the first part, the materials are spread over all of them).
WHOLE_DOSSIER_CODES = ("toc.missing", "toc.entry_not_found", "toc.page_mismatch", "pages.order",
                       "item.missing", "type.unknown", "file.name_extra", "file.name_mismatch")


def apply_split_findings(findings: list[Finding], split: list[Finding]) -> list[Finding]:
    """The findings of one part of a split dossier: its page-level defects, plus `file.split`.

    The officer's notice then asks for one merged file, instead of listing every material
    that only seems missing because it sits in the other part.
    """
    kept = [f for f in findings if f.code not in WHOLE_DOSSIER_CODES]
    return kept + split
