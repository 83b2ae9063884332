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
    "OCR", "误识", "识别", "置信", "confidence", "机器初审", "机器审查", "机器判断",
    "文本层", "PDF第", "PDF页", "待人工核对", "人工复核",
)
_TERMS = re.compile("|".join(re.escape(t) for t in MACHINE_TERMS), re.IGNORECASE)
# A clause (between Chinese or Western commas and semicolons) that is the machine's comment
# on its own reading ("，已尝试常见OCR误识修正", "（置信度较低）"): it adds nothing to the
# defect, so it is dropped. Any other machine word is left for a person to reword.
_NOISE_CLAUSE = re.compile(r"[，,；;]?[^，,；;。]*(?:OCR|误识|置信)[^，,；;。]*", re.IGNORECASE)


class MachineWordingError(ValueError):
    """Text meant for an applicant that speaks of the machine's reading; the message is in Chinese."""


def machine_terms_in(text: str) -> list[str]:
    """The machine words `text` contains, in order of appearance."""
    return [m.group(0) for m in _TERMS.finditer(text)]


def applicant_wording(message: str) -> str:
    """`message` without the clauses that comment on the machine's reading
    ("……校验位不符，已尝试常见OCR误识修正，不是有效的……" keeps its first and last clause)."""
    return _NOISE_CLAUSE.sub("", message).lstrip("，,；; ")


def clean_for_applicant(text: str, what: str) -> str:
    """`text` without the machine's comments on its reading; refused when nothing is left of
    it or when it still speaks of the reading ("页码识别为7"), which only a person can reword.

    `what` names the text in the refusal ("第2项（申报表）的问题描述") for the officer.
    """
    cleaned = applicant_wording(text).strip()
    left = machine_terms_in(cleaned)
    if left or (text.strip() and not cleaned.strip("。；;，, ")):
        raise MachineWordingError(
            f"{what}“{text}”描述的是机器读取材料的情况（{'、'.join(left or machine_terms_in(text))}），"
            "不能写入送达申请人的文书，请改写为申请人能据以补正的表述"
        )
    return cleaned
