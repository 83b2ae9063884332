"""The Chinese words the workbench shows for the case file's codes, and small page helpers.

The report's own words (verdicts, finding codes, item and 目录 statuses, field names) come
from outputs/labels.py, so a page and a report never name a thing differently; the words
for the case file's states (outcomes, documents, audit actions) are the service's or here.
"""

from __future__ import annotations

from datetime import date

from casefile.service import DOCUMENT_KINDS, OUTCOMES, ROLES, SERVICE_METHODS
from outputs.labels import (
    CARRIER_TYPES, ITEM_STATUSES, SEVERITIES, TOC_STATUSES, VERDICTS, carrier_label, field_label, finding_label,
)

CASE_STATUSES = {"open": "办理中", "deemed_withdrawn": "视为撤回（待确认）", "withdrawn": "已撤回"}
DOCUMENT_STATUSES = {"draft": "草稿", "superseded": "已被替换", "issued": "已出具", "void": "已作废"}
DECISIONS = {"confirmed": "已确认", "dismissed": "已驳回", None: "待决定"}
DIFF_STATUSES = {"resolved": "已补正", "open": "仍未补正", "to_check": "需人工核对"}
ACTIONS = {
    "case.open": "建立案卷", "submission.file": "登记材料", "submission.rerun": "重新审查", "submission.received": "确认收件日期",
    "submission.outcome": "确定处理结果", "finding.confirm": "确认问题", "finding.dismiss": "驳回问题",
    "finding.edit": "修改表述", "finding.add": "添加问题", "finding.carry_forward": "沿用前次通知问题", "document.draft": "生成草稿", "document.issue": "签发文书",
    "document.served": "登记送达", "document.void": "作废文书", "case.update": "更正案卷信息", "case.withdrawn": "标记视为撤回",
    "officer.add": "登记工作人员", "round.publicity": "发布公示", "objection.record": "登记异议",
    "objection.resolve": "处理异议",
}
EDITABLE_FIELDS = {"unit_name": "unit_name", "master_name": "master_name"}  # report field → case correction

LABELS = {
    "verdicts": VERDICTS, "severities": SEVERITIES, "carrier_types": CARRIER_TYPES, "item_statuses": ITEM_STATUSES,
    "toc_statuses": TOC_STATUSES, "outcomes": OUTCOMES, "document_kinds": DOCUMENT_KINDS, "roles": ROLES,
    "case_statuses": CASE_STATUSES, "document_statuses": DOCUMENT_STATUSES, "decisions": DECISIONS,
    "diff_statuses": DIFF_STATUSES, "actions": ACTIONS, "service_methods": SERVICE_METHODS,
}
FILTERS = {"carrier_label": carrier_label, "field_label": field_label, "finding_label": finding_label}


def days_left(day: str | None, today: date) -> int | None:
    return (date.fromisoformat(day) - today).days if day else None
