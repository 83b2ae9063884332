"""What may be said to an applicant: no word about how the machine read the pages.

A 补正材料通知书 or any other issued document is an act of the bureau; the applicant
reads it against its paper copy. How the pages were read (OCR, a look-alike repair, a
confidence, the PDF's physical page index, a status for the reviewer) is no business of
the applicant's and would make the act look like machine output. The draft notice of a
report and the documents an officer issues both pass their text through here.
"""

from __future__ import annotations

import re

# Words that only describe the machine's reading or the reviewer's work queue.
MACHINE_TERMS: tuple[str, ...] = (
    "OCR", "误识", "识别", "置信度", "置信", "confidence", "机器初审", "机器审查", "机器判断",
    "文本层", "PDF第", "待人工核对", "人工复核",
)
_TERMS = re.compile("|".join(re.escape(t) for t in MACHINE_TERMS), re.IGNORECASE)
# A clause (between Chinese or Western commas and semicolons) that mentions one of them.
_MACHINE_CLAUSE = re.compile(rf"[，,；;]?[^，,；;。]*(?:{_TERMS.pattern})[^，,；;。]*", re.IGNORECASE)


class MachineWordingError(ValueError):
    """Text meant for an applicant that speaks of the machine's reading; the message is in Chinese."""


def machine_terms_in(text: str) -> list[str]:
    """The machine words `text` contains, in order of appearance."""
    return [m.group(0) for m in _TERMS.finditer(text)]


def applicant_wording(message: str) -> str:
    """`message` without the clauses that describe how the machine read the page
    ("……校验位不符，已尝试常见OCR误识修正，不是有效的……" keeps its first and last clause)."""
    return _MACHINE_CLAUSE.sub("", message).lstrip("，,；; ")


def clean_for_applicant(text: str, what: str) -> str:
    """`text` with its machine clauses dropped; refused when nothing of it would be left.

    `what` names the text in the refusal ("第2项问题描述"), for the officer who must
    reword it: a sentence that is nothing but a note on the reading cannot be sent.
    """
    cleaned = applicant_wording(text).strip()
    if text.strip() and not cleaned.strip("。；;，, "):
        raise MachineWordingError(
            f"{what}“{text}”只描述了机器读取材料的情况（{'、'.join(machine_terms_in(text))}），"
            "不能写入送达申请人的文书，请改写为申请人能据以补正的表述"
        )
    return cleaned
