"""Reads the web workbench needs beyond `CaseService.case_detail`: the machine's report on a
submission, and the live preview of the document its decisions would produce.

The preview is built exactly as issuing builds it (`CaseService._content`, the same
contexts and `documents.content`), with "（签发时编号）" in place of the 文号, so what the
officer reads while deciding is what the applicant will receive. Nothing is stored: a
preview is neither a draft nor an act, and leaves no trace in the audit log. A preview that
cannot be made (a finding undecided, no outcome yet, a machine word in a problem's wording)
comes back with the service's own Chinese reason.
"""

from __future__ import annotations

from datetime import date

from casefile.notice_items import Point
from casefile.service import CaseError, CaseService
from documents.content import acceptance_notice, correction_notice, refusal_notice
from documents.model import AcceptanceContext, CorrectionContext, RefusalContext
from documents.print_view import render_print_view
from kernel.wording import MachineWordingError

PENDING_NUMBER = "（签发时编号）"


def submission_report(service: CaseService, submission_id: int) -> dict:
    """The machine's latest report.json on this submission (fields, 目录, items, pages)."""
    with service._tx() as s:
        return dict(service._submission(s, submission_id).report)


def document_preview(service: CaseService, submission_id: int, today: date) -> dict:
    """{"kind", "html"} of the document the submission's decisions produce today, or
    {"kind": None, "reason": …} when it cannot be produced yet."""
    with service._tx() as s:
        submission = service._submission(s, submission_id)
        try:
            content = service._content(submission)
        except CaseError as exc:
            return {"kind": None, "reason": exc.message}
        applicant = service._applicant(submission.case)
        district = service._district_info()
        received = submission.received_on
        note = content["note"]
        try:
            if content["kind"] == "correction":
                points = tuple(Point.from_dict(p).as_notice_item() for p in content["points"])
                rendered = correction_notice(applicant, district, CorrectionContext(
                    doc_number=PENDING_NUMBER, issued_on=today, received_on=received, items=points,
                    deadline_working_days=service.district_config.deadline_working_days, note=note,
                ), service.round)
            elif content["kind"] == "acceptance":
                rendered = acceptance_notice(applicant, district, AcceptanceContext(
                    doc_number=PENDING_NUMBER, issued_on=today, received_on=received, note=note), service.round)
            else:
                rendered = refusal_notice(applicant, district, RefusalContext(
                    doc_number=PENDING_NUMBER, issued_on=today, received_on=received, kind=content["kind"],
                    reasons=tuple(content["reasons"]), note=""), service.round)
        except (MachineWordingError, ValueError) as exc:
            return {"kind": None, "reason": f"文书无法生成：{exc}"}
        return {"kind": content["kind"], "html": render_print_view(rendered), "points": content["points"]}
