"""The Chinese words readers see for the contract's codes and ids.

report.json speaks in stable English codes (verdicts, finding codes, item statuses,
field ids); every human-facing output (report.html, notice, register, index) shows the
same Chinese words for them, so they are defined once here.
"""

from __future__ import annotations

from checklists.field_names import FIELD_NAMES

VERDICTS = {
    "accept": "受理", "review": "待人工核对", "correction": "需补正", "ineligible": "不符合申报条件", "unreadable": "无法读取",
}
VERDICT_ORDER = ("correction", "ineligible", "review", "unreadable", "accept")  # the ones needing work first

SEVERITIES = {"error": "错误", "warning": "警告", "review": "待人工核对", "info": "提示"}

CARRIER_TYPES = {
    "training_base": "高技能人才培训基地",
    "master_studio": "技能大师工作室",
    "rural_station": "乡村振兴技能工作站",
}

ITEM_STATUSES = {"present": "已提供", "missing": "缺失", "defective": "有缺陷"}
TOC_STATUSES = {"ok": "一致", "page_mismatch": "页码不符", "not_found": "未找到"}

# Findings are grouped by what a reviewer fixes: the file, the 目录, the page numbers,
# the materials, the values in them. Keyed by code prefix. Findings the machine is not
# sure of (severity `review`) form their own group whatever their code: a person decides.
FINDING_GROUPS = {
    "file": "文件",
    "toc": "目录",
    "pages": "页码",
    "item": "材料",
    "type": "材料",
    "field": "字段",
    "seal": "印章签名",
    "signature": "印章签名",
    "eligibility": "申报条件",
}
REVIEW_GROUP = SEVERITIES["review"]
GROUP_ORDER = (REVIEW_GROUP, "申报条件", "文件", "目录", "页码", "材料", "字段", "印章签名", "其他")

FINDING_CODES = {
    "file.unreadable": "文件无法读取",
    "file.name_mismatch": "文件名与单位名称不符",
    "file.name_extra": "文件名含多余字样",
    "file.split": "同一单位提交多个文件",
    "file.not_a4": "页面非A4",
    "toc.missing": "缺少目录",
    "toc.page_mismatch": "目录页码不符",
    "toc.entry_not_found": "目录所列材料未找到",
    "toc.unread": "目录未能识别",
    "pages.unnumbered": "页面无页码",
    "pages.gap": "页码跳号",
    "pages.duplicate": "页码重复",
    "pages.order": "材料顺序与目录不符",
    "pages.blank": "空白页",
    "pages.rotated": "页面方向颠倒",
    "pages.illegible": "页面不清晰",
    "item.missing": "缺少必备材料",
    "field.invalid": "字段无效",
    "field.inconsistent": "前后信息不一致",
    "field.below_threshold": "指标低于标准",
    "type.unknown": "无法确定载体类型",
    "item.unclassified": "未归类材料",
    "field.unread": "字段未能识别",
    "pages.number_conflict": "页码待核对",
    "eligibility.failed": "不符合申报条件",
    "seal.missing": "缺少公章",
    "seal.name_mismatch": "公章名称不符",
    "seal.unread": "公章无法辨认",
    "signature.missing": "缺少签名",
}

# Field ids as the checklists (checklists/*.yaml) name them.
FIELDS = FIELD_NAMES


def group_of(code: str, severity: str | None = None) -> str:
    if severity == "review":
        return REVIEW_GROUP
    return FINDING_GROUPS.get(code.split(".")[0], "其他")


def finding_label(code: str) -> str:
    return FINDING_CODES.get(code, code)


def field_label(field_id: str) -> str:
    return FIELDS.get(field_id, field_id)


def carrier_label(carrier_type: str | None) -> str:
    return CARRIER_TYPES.get(carrier_type or "", "未能确定")


def cited_pages(pages: list[int], printed_pages: list[int | None]) -> list[str]:
    """Each page as the applicant's paper copy numbers it, the PDF index as a hint:
    "第5页（PDF第7页）", or "PDF第2页" where no number is printed."""
    printed = list(printed_pages) + [None] * (len(pages) - len(printed_pages))
    return [f"第{n}页（PDF第{p}页）" if n is not None else f"PDF第{p}页" for p, n in zip(pages, printed)]


def page_ranges(pages: list[int]) -> str:
    """1,2,3,5 → "1–3、5": page lists are long for pagination findings."""
    if not pages:
        return ""
    nums = sorted(set(pages))
    runs: list[tuple[int, int]] = []
    for n in nums:
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return "、".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)
