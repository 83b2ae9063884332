"""One case as its page shows it: the chosen version's pages, findings, 目录, checklist and
key fields, with every box in percent of its page so the viewer can draw it at any zoom.

Built from `CaseService.case_detail` and the machine's report on the version
(casefile/workbench_reads.py); nothing here reads the store.
"""

from __future__ import annotations

from casefile.service import CaseError
from casefile.workbench_reads import submission_report
from outputs.labels import GROUP_ORDER, REVIEW_GROUP, field_label, group_of
from workbench.context import Workbench
from workbench.labels import EDITABLE_FIELDS
from workbench.page_images import page_sizes

DECIDED_GROUP = "已决定"
OTHER_GROUP = "警告与提示"


def percent_box(box, size: tuple[float, float]) -> list[float]:
    w, h = size
    x0, y0, x1, y1 = box
    clamp = lambda v: round(min(max(v, 0.0), 100.0), 2)  # noqa: E731
    return [clamp(x0 / w * 100), clamp(y0 / h * 100), clamp(x1 / w * 100), clamp(y1 / h * 100)]


def choose_submission(detail: dict, version: int | None) -> dict:
    submissions = detail["submissions"]
    if not submissions:
        raise CaseError("该案卷没有材料", "not_found")
    if version is None:
        return submissions[-1]
    for sub in submissions:
        if sub["label"] == f"v{version}":
            return sub
    raise CaseError(f"该案卷没有第{version}版材料", "not_found")


def case_view(wb: Workbench, case_id: int, version: int | None) -> dict:
    detail = wb.service.case_detail(case_id, today=wb.settings.day())
    sub = choose_submission(detail, version)
    report = submission_report(wb.service, sub["id"])
    try:
        sizes = page_sizes(sub["file_path"], sub["sha256"])
    except Exception:  # noqa: BLE001 - a missing or damaged original still shows its findings
        sizes = ()
    printed = list((report.get("pagination") or {}).get("printed") or [])
    printed += [None] * (len(sizes) - len(printed))
    fields = []
    field_boxes: dict[int, list[dict]] = {}
    for f in report.get("fields") or []:
        page, evidence = f.get("page"), f.get("evidence")
        box = percent_box(evidence, sizes[page - 1]) if page and evidence and page <= len(sizes) else None
        fields.append({**f, "box": box, "editable": f["id"] in EDITABLE_FIELDS})
        if box:
            field_boxes.setdefault(page, []).append({"box": box, "label": f["id"]})
    marks = wb.marks.all()
    findings = []
    for f in sub["findings"]:
        boxes, pages = [], list(f["pages"])
        mark = marks.get(f["id"])
        if mark and mark["submission_id"] == sub["id"]:
            pages = [mark["page"]]
            boxes = [{"page": mark["page"], "box": mark["box"]}]
        elif (f["code"] or "").startswith("field."):
            boxes = _field_evidence(f, pages, field_boxes)
        findings.append({**f, "view_pages": pages, "boxes": boxes, "group": _group(f)})
    groups = [(g, [f for f in findings if f["group"] == g]) for g in (*GROUP_ORDER, DECIDED_GROUP, OTHER_GROUP)]
    return {
        "case": detail, "sub": sub, "report": report, "page_count": len(sizes) or (report.get("source") or {}).get("pages") or 0,
        "printed": printed, "fields": fields, "field_boxes": field_boxes, "groups": [(g, fs) for g, fs in groups if fs],
        "items": report.get("items") or [], "toc": (report.get("toc") or {}).get("entries") or [],
        "frozen": any(d["submission_id"] == sub["id"] and d["status"] == "issued" for d in detail["documents"]),
        "documents": [d for d in detail["documents"] if d["submission_id"] == sub["id"]],
        "undecided": sum(f["needs_decision"] for f in sub["findings"]),
    }


def _field_evidence(finding: dict, pages: list[int], field_boxes: dict[int, list[dict]]) -> list[dict]:
    """The boxes of the fields a field finding speaks of (named in its message), else of every
    field read on its pages."""
    on_pages = [(p, b) for p in pages for b in field_boxes.get(p, [])]
    named = [(p, b) for p, b in on_pages if field_label(b["label"]) in finding["message"]]
    return [{"page": p, "box": b["box"]} for p, b in named or on_pages]


def _group(f: dict) -> str:
    """待人工核对 first, then what still needs a decision by kind, then what is decided, then the rest."""
    if f["origin"] == "officer" or f["decision"] is not None:
        return DECIDED_GROUP
    if f["severity"] == "review":
        return REVIEW_GROUP
    if f["severity"] == "error":
        return group_of(f["code"] or "")
    return OTHER_GROUP
