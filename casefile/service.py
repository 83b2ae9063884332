"""The case file's one entry point: every read and every act of an officer goes through here.

The command line (`dossier case …`), the JSON API (casefile/api.py), the web workbench and
the filing hook of `check`/`batch`/`watch` all call these methods; none of them touches the
tables. Each act runs in one transaction together with its audit entry, checks who may do
it (a reviewer decides; issuing may need a second person, an approver), and refuses with a
Chinese message (`CaseError`) instead of half-doing it. What reaches an applicant is built
from the officer's decisions only (casefile/notice_items.py) and frozen when drafted; an
issued document is never changed, only voided, and a re-run of the machine review adds
new machine findings to a submission without touching a decision or a document.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, selectinload

from casefile import audit
from casefile.clocks import CaseClock, CaseFacts, case_clock
from casefile.models import AuditEntry, Case, Document, Finding, Objection, Officer, Publicity, Submission
from casefile.notice_items import DISMISS_REASONS, Point, WordingNeeded, machine_absent, notice_points
from casefile.numbering import SERIES, doc_number, next_number
from casefile.resubmission import ResubmissionDiff, diff_against_notice
from casefile.store import session_factory, shared_engine, store_url
from checklists.calendar import CalendarUnavailable, WorkCalendar, publicity_window
from checklists.quota import QuotaTable, check_candidates, load_quota
from documents.model import (
    CARRIER_TYPE_NAMES, AcceptanceContext, Applicant, CityReportContext, CorrectionContext, DistrictInfo,
    PublicityContext, RefusalContext, RoundInfo,
)
from documents.standards import StandardNotFound, bundled_standards
from documents.writers import (
    write_acceptance_notice, write_city_report, write_correction_notice, write_publicity, write_refusal_notice,
)
from kernel.models import Finding as MachineFinding
from kernel.models import Report
from kernel.settings import Settings, get_settings
from kernel.wording import MachineWordingError
from outputs.district import DistrictConfig, load_district_config
from outputs.masking import mask_id_numbers

SYSTEM = "系统"  # the actor of automatic filing
ROLES = {"reviewer": "审核人员", "approver": "审批人员"}
OUTCOMES = {"accept": "受理", "correction": "补正", "not_accepted": "不予受理", "ineligible": "不符合申报条件"}
DOCUMENT_KINDS = {
    "correction": "补正材料通知书", "acceptance": "受理通知书", "not_accepted": "不予受理告知书",
    "ineligible": "不符合申报条件告知书", "publicity": "公示", "city_report": "上报市局的书面报告",
}
DOCUMENT_FOR_OUTCOME = {"accept": "acceptance", "correction": "correction", "not_accepted": "not_accepted",
                        "ineligible": "ineligible"}
SERVICE_METHODS = ("直接送达", "邮寄送达", "电子送达", "委托送达", "留置送达", "公告送达")
# Many cases at once (board, candidates): their submissions and documents in two queries, not
# two per case, without the report.json and document content no list shows.
_CASES_AT_A_GLANCE = (selectinload(Case.submissions).defer(Submission.report),
                      selectinload(Case.documents).defer(Document.content))
DECIDING_SEVERITIES = ("error", "review")  # machine findings an officer must decide before any document


class CaseError(Exception):
    """An act refused; `message` is for the officer (Chinese), `kind` maps to an HTTP status."""

    def __init__(self, message: str, kind: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind  # invalid | not_found | forbidden | conflict


@dataclass(frozen=True)
class FilingResult:
    case_id: int
    submission_id: int
    number: int
    new_case: bool
    rerun: bool
    new_findings: int


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _fingerprint(code: str, item: str | None, pages: list[int]) -> str:
    return hashlib.sha256(json.dumps([code, item, sorted(pages)]).encode()).hexdigest()[:32]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def intake_key(credit_code: str | None, carrier_type: str | None, master_name: str, fallback_name: str) -> str:
    """What a new file is matched on: applicant + type (+ master); the unit's name when no code was read."""
    who = credit_code or f"name:{fallback_name}"
    return f"{who}|{carrier_type or '-'}|{master_name}"


def district_of(config: DistrictConfig, quota: QuotaTable, chosen: str | None) -> str:
    """The quota table's district this bureau serves: the setting, else the one its name contains."""
    if chosen:
        quota.cap(chosen)  # a clear error for a district the table does not have
        return chosen
    named = [d for d in quota.districts if d in config.authority]
    if len(named) != 1:
        raise CaseError(
            f"无法从发文机关“{config.authority}”确定所属区，请设置 DOSSIER_CASE_DISTRICT（可选：{'、'.join(quota.districts)}）"
        )
    return named[0]


class CaseService:
    def __init__(
        self, engine: Engine, settings: Settings | None = None, district_config: DistrictConfig | None = None,
        calendar: WorkCalendar | None = None, quota: QuotaTable | None = None,
    ) -> None:
        self.engine = engine
        self.settings = settings or get_settings()
        self.district_config = district_config or load_district_config(self.settings.district_config)
        self.calendar = calendar or WorkCalendar.load()
        self.quota = quota or load_quota()
        self.district = district_of(self.district_config, self.quota, self.settings.case_district)
        self.documents_dir = Path(self.settings.case_dir).expanduser() / "documents"
        self.round = RoundInfo(year=self.settings.case_report_date.year, report_by=self.settings.case_report_date)
        self._sessions = session_factory(engine)

    @classmethod
    def open(cls, settings: Settings | None = None) -> CaseService:
        """The service on the configured store (migrated on first opening in this process)."""
        settings = settings or get_settings()
        return cls(shared_engine(store_url(settings)), settings)

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    # --- officers -----------------------------------------------------------------------

    def add_officer(self, name: str, roles: list[str], actor: str) -> dict:
        """Register a member of staff. The first one may be registered by anyone; later ones
        only by a registered officer."""
        name = name.strip()
        unknown = [r for r in roles if r not in ROLES]
        if not name or not roles or unknown:
            raise CaseError(f"请给出姓名和角色（可选：{'、'.join(f'{k}（{v}）' for k, v in ROLES.items())}）")
        with self._tx() as s:
            if s.scalar(select(func.count(Officer.id))) and self._officer(s, actor) is None:
                raise CaseError(f"“{actor}”不是已登记的工作人员，不能登记他人", "forbidden")
            if s.scalar(select(Officer).where(Officer.name == name)):
                raise CaseError(f"工作人员“{name}”已登记", "conflict")
            officer = Officer(name=name, roles=",".join(sorted(set(roles))), created_at=_now())
            s.add(officer)
            audit.record(s, actor, "officer.add", f"officer:{name}", None, None, {"name": name, "roles": officer.roles})
            return {"name": name, "roles": sorted(officer.role_set)}

    def officers(self) -> list[dict]:
        with self._tx() as s:
            return [{"name": o.name, "roles": sorted(o.role_set)} for o in s.scalars(select(Officer).order_by(Officer.id))]

    def _officer(self, s: Session, name: str) -> Officer | None:
        return s.scalar(select(Officer).where(Officer.name == name))

    def _require(self, s: Session, actor: str, *roles: str) -> Officer:
        officer = self._officer(s, actor)
        if officer is None:
            raise CaseError(f"“{actor}”不是已登记的工作人员（dossier case officer add）", "forbidden")
        if not officer.role_set & set(roles):
            wanted = "或".join(ROLES[r] for r in roles)
            raise CaseError(f"“{actor}”不是{wanted}，不能进行此操作", "forbidden")
        return officer

    # --- filing the machine's reports -----------------------------------------------------

    def file_report(self, report: Report, pdf_path: Path, report_dir: Path | None = None, actor: str = SYSTEM) -> FilingResult:
        """File one machine report: a new case, the next submission of its case, or — for a
        file already filed (same SHA-256) — a re-run that only adds new machine findings."""
        pdf_path = Path(pdf_path)
        sha = report.source.sha256 or _sha256(pdf_path)
        with self._tx() as s:
            existing = s.scalar(select(Submission).where(Submission.sha256 == sha))
            if existing is not None:
                return self._rerun(s, existing, report, report_dir, actor)
            fields = {f.id: f.value for f in report.fields}
            master = str(fields.get("master_name") or "") if report.carrier_type == "master_studio" else ""
            unit = report.applicant.unit_name or Path(report.source.filename).stem
            key = intake_key(report.applicant.credit_code, report.carrier_type, master, unit)
            case = s.scalar(select(Case).where(Case.intake_key == key))
            new_case = case is None
            if case is None:
                case = Case(
                    intake_key=key, credit_code=report.applicant.credit_code, carrier_type=report.carrier_type,
                    master_name=master, unit_name=unit, status="open", status_note="", created_at=_now(),
                )
                s.add(case)
                s.flush()
                audit.record(s, actor, "case.open", f"case:{case.id}", case.id, None, _case_state(case))
            number = (s.scalar(select(func.max(Submission.number)).where(Submission.case_id == case.id)) or 0) + 1
            submission = Submission(
                case_id=case.id, number=number, filename=report.source.filename, file_path=str(pdf_path.resolve()),
                sha256=sha, report_path=str(Path(report_dir).resolve() / "report.json") if report_dir else None,
                report=report.to_json_dict(), machine_verdict=report.verdict, machine_runs=1,
                received_on=_received_on(report, pdf_path), filed_at=_now(), outcome_note="",
            )
            s.add(submission)
            s.flush()
            for finding in report.findings:
                s.add(_machine_finding(submission.id, finding))
            audit.record(
                s, actor, "submission.file", f"submission:{submission.id}", case.id, None,
                {"submission": submission.label, "file": submission.filename, "sha256": sha,
                 "machine_verdict": report.verdict, "findings": len(report.findings),
                 "received_on": submission.received_on},
            )
            return FilingResult(case.id, submission.id, number, new_case, False, len(report.findings))

    def _rerun(self, s: Session, submission: Submission, report: Report, report_dir: Path | None, actor: str) -> FilingResult:
        known = {f.fingerprint for f in submission.findings if f.fingerprint}
        added = []
        for finding in report.findings:
            row = _machine_finding(submission.id, finding)
            if row.fingerprint not in known:
                known.add(row.fingerprint)
                s.add(row)
                added.append(finding.code)
        before = {"machine_verdict": submission.machine_verdict, "machine_runs": submission.machine_runs}
        submission.report = report.to_json_dict()
        submission.machine_verdict = report.verdict
        submission.machine_runs += 1
        if report_dir:
            submission.report_path = str(Path(report_dir).resolve() / "report.json")
        audit.record(
            s, actor, "submission.rerun", f"submission:{submission.id}", submission.case_id, before,
            {"machine_verdict": report.verdict, "machine_runs": submission.machine_runs, "new_findings": added},
        )
        return FilingResult(submission.case_id, submission.id, submission.number, False, True, len(added))

    def file_report_folder(self, folder: Path, actor: str = SYSTEM) -> FilingResult:
        """File a report folder written earlier (its report.json; the original where it says)."""
        path = Path(folder) / "report.json"
        if not path.is_file():
            raise CaseError(f"{folder} 中没有 report.json，不是报告文件夹", "not_found")
        report = Report.model_validate_json(path.read_text(encoding="utf-8"))
        if not report.source.sha256:
            raise CaseError(f"{path} 未记录原文件的SHA-256，无法登记")
        return self.file_report(report, Path(folder) / report.source.filename, Path(folder), actor)

    # --- reading ----------------------------------------------------------------------------

    def list_cases(
        self, status: str | None = None, carrier_type: str | None = None, outcome: str | None = None,
        warnings_only: bool = False, query: str | None = None, today: date | None = None,
    ) -> list[dict]:
        """One row per case (the contract's `dossier case list --json` fields, plus the clock)."""
        today = today or date.today()
        rows = []
        with self._tx() as s:
            # of the findings, only how many wait for a decision (a board shows no finding):
            # `_needs_decision`'s rule, counted by the database
            undecided = dict(s.execute(
                select(Finding.submission_id, func.count())
                .where(Finding.origin == "machine", Finding.decision.is_(None),
                       Finding.severity.in_(DECIDING_SEVERITIES))
                .group_by(Finding.submission_id)).all())
            for case in s.scalars(select(Case).options(*_CASES_AT_A_GLANCE).order_by(Case.id)):
                latest = case.submissions[-1] if case.submissions else None
                clock = self._clock(case, today)
                row = {
                    "id": case.id, "credit_code": case.credit_code, "unit_name": case.unit_name,
                    "carrier_type": case.carrier_type, "master_name": case.master_name or None,
                    "status": self._status(case, clock), "submissions": len(case.submissions),
                    "machine_verdict": latest.machine_verdict if latest else None,
                    "outcome": latest.outcome if latest else None,
                    "undecided": undecided.get(latest.id, 0) if latest else 0,
                    "clock": clock.as_dict() if clock else None,
                    "warnings": clock.warnings if clock else [],
                }
                if status and row["status"] != status or carrier_type and case.carrier_type != carrier_type:
                    continue
                if outcome and row["outcome"] != outcome or warnings_only and not row["warnings"]:
                    continue
                if query and query not in case.unit_name and query != case.credit_code:
                    continue
                rows.append(row)
        return rows

    def case_detail(self, case_id: int, today: date | None = None) -> dict:
        """One case: its submissions with findings and decisions, the diff of each
        resubmission, its documents, clock and audit log."""
        today = today or date.today()
        with self._tx() as s:
            case = self._case(s, case_id)
            clock = self._clock(case, today)
            submissions = []
            for sub in case.submissions:
                diff = self._diff(s, sub)
                submissions.append({
                    "id": sub.id, "label": sub.label, "filename": sub.filename, "sha256": sub.sha256,
                    "file_path": sub.file_path, "report_path": sub.report_path, "machine_verdict": sub.machine_verdict,
                    "machine_runs": sub.machine_runs, "received_on": sub.received_on.isoformat(),
                    "received_confirmed_by": sub.received_confirmed_by, "outcome": sub.outcome,
                    "outcome_note": sub.outcome_note, "outcome_by": sub.outcome_by,
                    "findings": [_finding_view(f) for f in sub.findings],
                    "diff": diff.as_dict() if diff else None,
                })
            return {
                "id": case.id, "credit_code": case.credit_code, "unit_name": case.unit_name,
                "carrier_type": case.carrier_type, "master_name": case.master_name or None,
                "status": self._status(case, clock), "status_note": case.status_note,
                "clock": clock.as_dict() if clock else None,
                "submissions": submissions,
                "documents": [_document_view(d) for d in case.documents],
                "audit": [audit.as_dict(e) for e in audit.entries(s, case.id)],
                "dismiss_reasons": list(DISMISS_REASONS),
            }

    def document(self, document_id: int) -> dict:
        with self._tx() as s:
            return _document_view(self._document(s, document_id))

    def diff(self, submission_id: int) -> dict | None:
        with self._tx() as s:
            found = self._diff(s, self._submission(s, submission_id))
            return found.as_dict() if found else None

    def audit_log(self, case_id: int | None = None) -> list[AuditEntry]:
        with self._tx() as s:
            return audit.entries(s, case_id)

    def clocks(self, today: date | None = None) -> list[dict]:
        """Every open case with a warning on its clock, most urgent first."""
        return [r for r in self.list_cases(today=today) if r["warnings"]]

    def withdrawn(self, today: date | None = None) -> list[dict]:
        """Cases whose 补正 deadline passed without a resubmission (视为撤回), marked or not yet."""
        return [r for r in self.list_cases(today=today) if r["status"] in ("deemed_withdrawn", "withdrawn")]

    # --- the officer's decisions ------------------------------------------------------------

    def confirm_finding(self, finding_id: int, actor: str) -> dict:
        with self._tx() as s:
            self._require(s, actor, "reviewer")
            finding = self._open_finding(s, finding_id)
            before = _decision_state(finding)
            finding.decision, finding.dismiss_reason = "confirmed", None
            return self._decided(s, finding, actor, "finding.confirm", before)

    def dismiss_finding(self, finding_id: int, reason: str, actor: str) -> dict:
        reason = (reason or "").strip()
        if not reason:
            raise CaseError(f"驳回须写明理由（常用：{'；'.join(DISMISS_REASONS)}，或自行填写）")
        with self._tx() as s:
            self._require(s, actor, "reviewer")
            finding = self._open_finding(s, finding_id)
            before = _decision_state(finding)
            finding.decision, finding.dismiss_reason = "dismissed", reason
            return self._decided(s, finding, actor, "finding.dismiss", before)

    def edit_finding(
        self, finding_id: int, actor: str, material: str | None = None, problem: str | None = None,
        standard: str | None = None,
    ) -> dict:
        """Reword a finding for the applicant; an edited finding is confirmed."""
        changes = {k: v.strip() for k, v in (("material", material), ("problem", problem), ("standard", standard)) if v}
        if not changes:
            raise CaseError("请给出修改后的材料名称、问题描述或补正要求")
        with self._tx() as s:
            self._require(s, actor, "reviewer")
            finding = self._open_finding(s, finding_id)
            before = _decision_state(finding)
            for key, value in changes.items():
                setattr(finding, key, value)
            finding.decision, finding.dismiss_reason = "confirmed", None
            return self._decided(s, finding, actor, "finding.edit", before)

    def add_finding(
        self, submission_id: int, actor: str, material: str, problem: str, printed_pages: list[int] | None = None,
        standard: str | None = None, item: str | None = None, absent: bool = False,
    ) -> dict:
        """A defect the machine missed, in the officer's words, cited by printed page."""
        if not (material or "").strip() or not (problem or "").strip():
            raise CaseError("添加问题须写明所涉材料和问题描述")
        with self._tx() as s:
            self._require(s, actor, "reviewer")
            submission = self._submission(s, submission_id)
            self._not_frozen(s, submission)
            if not (standard or "").strip():
                try:
                    standard = bundled_standards().standard_for(submission.case.carrier_type or "", item)
                except StandardNotFound:
                    raise CaseError("请填写该项的补正要求，或注明所涉材料的目录项（item）以采用其标准") from None
            finding = Finding(
                submission_id=submission.id, origin="officer", fingerprint=None, code=None, severity="error", item=item,
                message=problem.strip(), pages=[], printed_pages=[int(p) for p in printed_pages or []], confidence=None,
                absent=absent, material=material.strip(), problem=problem.strip(),
                standard=(standard or "").strip() or None, decision="confirmed", created_at=_now(),
            )
            s.add(finding)
            s.flush()
            return self._decided(s, finding, actor, "finding.add", None)

    def carry_forward(self, submission_id: int, numbers: list[int], actor: str) -> list[dict]:
        """Put points of the notice the applicant answered on this resubmission again, as the
        officer worded them (for points only a person can check, or that are still open)."""
        with self._tx() as s:
            self._require(s, actor, "reviewer")
            submission = self._submission(s, submission_id)
            self._not_frozen(s, submission)
            notice = self._notice_before(s, submission)
            if notice is None:
                raise CaseError(f"{submission.label}之前没有已出具的补正材料通知书", "conflict")
            points = [Point.from_dict(p) for p in notice.content["points"]]
            wrong = [n for n in numbers if not 1 <= n <= len(points)]
            if not numbers or wrong:
                raise CaseError(f"请给出通知书{notice.doc_number}中的项号（1–{len(points)}）")
            added = []
            for n in numbers:
                p = points[n - 1]
                finding = Finding(
                    submission_id=submission.id, origin="officer", fingerprint=None, code=p.code, severity="error",
                    item=p.item, message=p.problem, pages=[], printed_pages=_page_numbers(p.printed_pages),
                    confidence=None, absent=p.absent, material=p.material, problem=p.problem, standard=p.standard,
                    decision="confirmed", created_at=_now(),
                )
                s.add(finding)
                s.flush()
                added.append(self._decided(s, finding, actor, "finding.carry_forward", {"notice": notice.doc_number, "point": n}))
            return added

    def set_outcome(self, submission_id: int, outcome: str, note: str, actor: str) -> dict:
        if outcome not in OUTCOMES:
            raise CaseError(f"处理结果须为：{'、'.join(f'{k}（{v}）' for k, v in OUTCOMES.items())}")
        with self._tx() as s:
            self._require(s, actor, "reviewer")
            submission = self._submission(s, submission_id)
            self._not_frozen(s, submission)
            before = {"outcome": submission.outcome, "note": submission.outcome_note}
            submission.outcome, submission.outcome_note, submission.outcome_by = outcome, (note or "").strip(), actor
            after = {"outcome": outcome, "note": submission.outcome_note}
            audit.record(s, actor, "submission.outcome", f"submission:{submission.id}", submission.case_id, before, after)
            return after

    def confirm_received(self, submission_id: int, received_on: date, actor: str) -> dict:
        with self._tx() as s:
            self._require(s, actor, "reviewer", "approver")
            submission = self._submission(s, submission_id)
            self._not_frozen(s, submission)
            before = {"received_on": submission.received_on, "confirmed_by": submission.received_confirmed_by}
            submission.received_on, submission.received_confirmed_by = received_on, actor
            after = {"received_on": received_on, "confirmed_by": actor}
            audit.record(s, actor, "submission.received", f"submission:{submission.id}", submission.case_id, before, after)
            return {"received_on": received_on.isoformat(), "confirmed_by": actor}

    def update_case(
        self, case_id: int, actor: str, unit_name: str | None = None, carrier_type: str | None = None,
        master_name: str | None = None,
    ) -> dict:
        """Correct what the machine read wrong about the applicant (a type it could not tell, a name)."""
        if carrier_type is not None and carrier_type not in CARRIER_TYPE_NAMES:
            raise CaseError(f"载体类型须为：{'、'.join(CARRIER_TYPE_NAMES)}")
        with self._tx() as s:
            self._require(s, actor, "reviewer")
            case = self._case(s, case_id)
            before = _case_state(case)
            case.unit_name = (unit_name or case.unit_name).strip()
            case.carrier_type = carrier_type or case.carrier_type
            case.master_name = (master_name if master_name is not None else case.master_name).strip()
            key = intake_key(case.credit_code, case.carrier_type, case.master_name, case.unit_name)
            if key != case.intake_key and s.scalar(select(Case).where(Case.intake_key == key)):
                raise CaseError("已有同一申报单位、同一载体类型（和领办人）的案卷，不能改成与之相同", "conflict")
            case.intake_key = key
            audit.record(s, actor, "case.update", f"case:{case.id}", case.id, before, _case_state(case))
            return _case_state(case)

    def mark_withdrawn(self, case_id: int, note: str, actor: str, today: date | None = None) -> dict:
        """Close a case whose 补正 deadline passed without a resubmission (视为撤回)."""
        with self._tx() as s:
            self._require(s, actor, "reviewer")
            case = self._case(s, case_id)
            clock = self._clock(case, today or date.today())
            if case.status != "open" or clock is None or not clock.deemed_withdrawn:
                raise CaseError("只有补正期限已过且未收到补正材料的案卷才能标记为视为撤回", "conflict")
            before = _case_state(case)
            case.status, case.status_note = "withdrawn", (note or "").strip()
            audit.record(s, actor, "case.withdrawn", f"case:{case.id}", case.id, before, _case_state(case))
            return _case_state(case)

    def _decided(self, s: Session, finding: Finding, actor: str, action: str, before: dict | None) -> dict:
        finding.decided_by, finding.decided_at = actor, _now()
        after = _decision_state(finding)
        case_id = self._submission(s, finding.submission_id).case_id
        audit.record(s, actor, action, f"finding:{finding.id}", case_id, before, after)
        return _finding_view(finding)

    # --- documents ----------------------------------------------------------------------------

    def draft_document(self, submission_id: int, actor: str) -> dict:
        """Freeze what the document for the submission's outcome will say, from the decisions."""
        with self._tx() as s:
            self._require(s, actor, "reviewer")
            submission = self._submission(s, submission_id)
            self._not_frozen(s, submission)
            content = self._content(submission)
            for old in s.scalars(select(Document).where(Document.submission_id == submission.id, Document.status == "draft")):
                old.status = "superseded"
            document = Document(
                case_id=submission.case_id, submission_id=submission.id, kind=content["kind"], status="draft",
                content=content, files=[], drafted_by=actor, drafted_at=_now(),
            )
            s.add(document)
            s.flush()
            audit.record(s, actor, "document.draft", f"document:{document.id}", submission.case_id, None,
                         {"kind": document.kind, "points": len(content["points"])})
            return _document_view(document)

    def issue_document(self, document_id: int, actor: str, issued_on: date | None = None) -> dict:
        """Give a draft its 文号 and write its Word file and print view. With
        `DOSSIER_CASE_ISSUE_NEEDS_APPROVAL` only an approver other than the drafter may."""
        issued_on = issued_on or date.today()
        with self._tx() as s:
            document = self._document(s, document_id)
            if document.status != "draft":
                raise CaseError(f"文书#{document.id}的状态为“{document.status}”，只能签发草稿", "conflict")
            self._check_issuer(s, actor, document.drafted_by)
            submission = self._submission(s, document.submission_id)
            if self._content(submission) != document.content:
                raise CaseError("草稿生成后审核决定或处理结果已变更，请重新生成草稿", "conflict")
            case = submission.case
            self._number(s, document, issued_on)
            applicant = self._applicant(case)
            received = submission.received_on
            points = [Point.from_dict(p).as_notice_item() for p in document.content["points"]]
            out = self._case_dir(case)
            note = document.content["note"]
            try:
                if document.kind == "correction":
                    written = write_correction_notice(applicant, self._district_info(), CorrectionContext(
                        doc_number=document.doc_number, issued_on=issued_on, received_on=received, items=tuple(points),
                        deadline=None, deadline_working_days=self.district_config.deadline_working_days, note=note,
                    ), out, self.round)
                elif document.kind == "acceptance":
                    written = write_acceptance_notice(applicant, self._district_info(), AcceptanceContext(
                        doc_number=document.doc_number, issued_on=issued_on, received_on=received, note=note,
                    ), out, self.round)
                else:
                    written = write_refusal_notice(applicant, self._district_info(), RefusalContext(
                        doc_number=document.doc_number, issued_on=issued_on, received_on=received, kind=document.kind,
                        reasons=tuple(document.content["reasons"]), note="",
                    ), out, self.round)
            except (MachineWordingError, ValueError, FileExistsError) as exc:
                raise CaseError(f"文书未出具：{exc}") from None
            self._issued(s, document, actor, issued_on, [written.docx, written.html])
            return _document_view(document)

    def issue(self, submission_id: int, actor: str, issued_on: date | None = None) -> dict:
        """Draft and issue in one step, when one person may do both."""
        if self.settings.case_issue_needs_approval:
            raise CaseError("本区设置为出具文书须经另一名审批人员签发：请先生成草稿，再由审批人员签发", "forbidden")
        draft = self.draft_document(submission_id, actor)
        return self.issue_document(draft["id"], actor, issued_on)

    def record_service(self, document_id: int, served_on: date, method: str, actor: str) -> dict:
        """送达: the date and the way the issued document reached the applicant."""
        if method not in SERVICE_METHODS:
            raise CaseError(f"送达方式须为：{'、'.join(SERVICE_METHODS)}")
        with self._tx() as s:
            self._require(s, actor, "reviewer", "approver")
            document = self._document(s, document_id)
            if document.status != "issued":
                raise CaseError("只有已出具的文书才能登记送达", "conflict")
            if served_on < document.issued_on:
                raise CaseError(f"送达日期不能早于出具日期{document.issued_on:%Y-%m-%d}")
            before = {"served_on": document.served_on, "method": document.service_method}
            document.served_on, document.service_method = served_on, method
            audit.record(s, actor, "document.served", f"document:{document.id}", document.case_id, before,
                         {"served_on": served_on, "method": method})
            return _document_view(document)

    def void_document(self, document_id: int, reason: str, actor: str) -> dict:
        """Withdraw an issued document made in error; its 文号 stays used, never given again."""
        if not (reason or "").strip():
            raise CaseError("作废文书须写明理由")
        with self._tx() as s:
            document = self._document(s, document_id)
            self._check_issuer(s, actor, None)
            if document.status != "issued":
                raise CaseError("只有已出具的文书才能作废", "conflict")
            document.status, document.void_reason = "void", reason.strip()
            audit.record(s, actor, "document.void", f"document:{document.id}", document.case_id,
                         {"status": "issued", "doc_number": document.doc_number}, {"status": "void", "reason": reason.strip()})
            return _document_view(document)

    def _content(self, submission: Submission) -> dict:
        """What the document for the submission's current outcome says, from decisions only."""
        if submission.outcome is None:
            raise CaseError(f"{submission.label}尚未确定处理结果（受理、补正、不予受理或不符合申报条件）")
        undecided = [f for f in submission.findings if _needs_decision(f)]
        if undecided:
            raise CaseError(
                f"{submission.label}尚有{len(undecided)}条机器发现未经审核（#{', #'.join(str(f.id) for f in undecided)}），"
                "请逐条确认或驳回后再出具文书"
            )
        kind = DOCUMENT_FOR_OUTCOME[submission.outcome]
        if submission.case.carrier_type is None:
            raise CaseError("案卷的载体类型未确定，请先更正案卷信息")
        try:
            points = notice_points(submission.findings, submission.case.carrier_type)
        except WordingNeeded as exc:
            raise CaseError(str(exc)) from None
        reasons: list[str] = []
        if kind == "correction" and not points:
            raise CaseError("补正材料通知书至少须有一项已确认或添加的问题")
        if kind == "acceptance" and points:
            raise CaseError(f"尚有{len(points)}项已确认的问题，不能受理；请出具补正材料通知书，或驳回这些问题")
        if kind in ("not_accepted", "ineligible"):
            reasons = [p.problem for p in points] + ([submission.outcome_note] if submission.outcome_note else [])
            if not reasons:
                raise CaseError("请在处理结果说明中写明不予受理或不符合申报条件的理由")
        content = {
            "kind": kind, "submission": submission.label, "received_on": submission.received_on.isoformat(),
            "points": [p.as_dict() for p in points] if kind == "correction" else [],
            "reasons": reasons, "note": submission.outcome_note if kind in ("correction", "acceptance") else "",
        }
        return json.loads(json.dumps(content, ensure_ascii=False))  # as the store gives it back

    def _check_issuer(self, s: Session, actor: str, drafted_by: str | None) -> None:
        if self.settings.case_issue_needs_approval:
            self._require(s, actor, "approver")
            if drafted_by is not None and actor == drafted_by:
                raise CaseError("本区设置为出具文书须经另一名审批人员签发，起草人不能自行签发", "forbidden")
        else:
            self._require(s, actor, "reviewer", "approver")

    def _number(self, s: Session, document: Document, issued_on: date) -> None:
        series = f"{self.district_config.authority_short}{SERIES[document.kind]}"
        number = next_number(s, self.district, issued_on.year, series)
        document.series, document.year, document.number = series, issued_on.year, number
        document.doc_number = doc_number(series, issued_on.year, number)

    def _issued(self, s: Session, document: Document, actor: str, issued_on: date, paths: list[Path]) -> None:
        document.status, document.issued_by, document.issued_on = "issued", actor, issued_on
        document.files = [{"path": str(p), "sha256": _sha256(p)} for p in paths]
        audit.record(s, actor, "document.issue", f"document:{document.id}", document.case_id, {"status": "draft"},
                     {"status": "issued", "kind": document.kind, "doc_number": document.doc_number,
                      "issued_on": issued_on, "files": [p.name for p in paths]})

    def _applicant(self, case: Case) -> Applicant:
        fields = {f["id"]: f["value"] for f in (case.submissions[-1].report.get("fields") or [])} if case.submissions else {}
        return Applicant(
            unit_name=case.unit_name, credit_code=case.credit_code or "", carrier_type=case.carrier_type,
            master_name=case.master_name or None, address=str(fields.get("address") or ""),
            legal_representative=str(fields.get("legal_representative") or ""),
            contact_person=str(fields.get("contact_person") or ""), contact_phone=str(fields.get("phone") or ""),
        )

    def _district_info(self) -> DistrictInfo:
        c = self.district_config
        return DistrictInfo(
            district=self.district, bureau=c.authority, address=c.address, contact_person=c.contact_person,
            contact_phone=c.contact_phone,
        )

    def _case_dir(self, case: Case | None) -> Path:
        return self.documents_dir / (f"case-{case.id}" if case else f"round-{self.round.year}")

    # --- the round's end ----------------------------------------------------------------------

    def candidates(self) -> list[dict]:
        """Cases accepted (受理通知书 issued for the latest submission), not withdrawn, not
        struck off by an upheld objection."""
        with self._tx() as s:
            return [_candidate_row(c) for c in self._candidates(s)]

    def _candidates(self, s: Session) -> list[Case]:
        upheld = set(s.scalars(select(Objection.case_id).where(Objection.resolution == "upheld")))
        found = []
        for case in s.scalars(select(Case).where(Case.status == "open").options(*_CASES_AT_A_GLANCE).order_by(Case.id)):
            latest = case.submissions[-1] if case.submissions else None
            accepted = latest is not None and any(
                d.kind == "acceptance" and d.status == "issued" and d.submission_id == latest.id for d in case.documents
            )
            if accepted and case.id not in upheld:
                found.append(case)
        return found

    def quota_check(self) -> dict:
        with self._tx() as s:
            count = len(self._candidates(s))
        check = check_candidates(self.district, count, self.quota)
        return {"district": self.district, "candidates": count, "cap": check.cap, "within": check.within,
                "message": check.message}

    def open_publicity(self, start: date, actor: str, issued_on: date | None = None) -> dict:
        """The 公示 of the candidate list: 5 working days from `start` (its first day counted)."""
        with self._tx() as s:
            self._check_issuer(s, actor, None)
            cases = self._candidates(s)
            if not cases:
                raise CaseError("没有已受理的案卷，无法公示候选名单")
            try:
                window = publicity_window(start, report_by=self.round.report_by, calendar=self.calendar)
            except CalendarUnavailable as exc:
                raise CaseError(str(exc)) from None
            context = PublicityContext(
                candidates=tuple(self._applicant(c) for c in cases), window_start=window.start,
                window_end=window.end, issued_on=issued_on or start,
            )
            document = Document(case_id=None, submission_id=None, kind="publicity", status="draft",
                                content={"case_ids": [c.id for c in cases], "start": window.start.isoformat(),
                                         "end": window.end.isoformat()},
                                files=[], drafted_by=actor, drafted_at=_now())
            s.add(document)
            s.flush()
            try:
                written = write_publicity(self._district_info(), context, self._case_dir(None), self.round)
            except (MachineWordingError, ValueError, FileExistsError) as exc:
                raise CaseError(f"公示未生成：{exc}") from None
            self._issued(s, document, actor, context.issued_on, [written.docx, written.html])
            publicity = Publicity(year=self.round.year, start=window.start, end=window.end, report_by=window.report_by,
                                  case_ids=[c.id for c in cases], document_id=document.id, created_by=actor,
                                  created_at=_now())
            s.add(publicity)
            s.flush()
            audit.record(s, actor, "round.publicity", f"publicity:{publicity.id}", None, None,
                         {"start": window.start, "end": window.end, "cases": publicity.case_ids,
                          "in_time": window.in_time})
            return {**_publicity_view(publicity), "message": window.message, "in_time": window.in_time}

    def record_objection(self, case_id: int, received_on: date, text: str, actor: str) -> dict:
        if not (text or "").strip():
            raise CaseError("请记录异议的内容")
        with self._tx() as s:
            self._require(s, actor, "reviewer")
            publicity = self._latest_publicity(s)
            if case_id not in publicity.case_ids:
                raise CaseError(f"案卷#{case_id}不在公示名单中", "conflict")
            objection = Objection(publicity_id=publicity.id, case_id=case_id, received_on=received_on, text=text.strip(),
                                  resolution="pending", resolution_note="", recorded_by=actor)
            s.add(objection)
            s.flush()
            late = not publicity.start <= received_on <= publicity.end
            audit.record(s, actor, "objection.record", f"objection:{objection.id}", case_id, None,
                         {"received_on": received_on, "text": objection.text, "outside_window": late})
            return {**_objection_view(objection), "outside_window": late}

    def resolve_objection(self, objection_id: int, upheld: bool, note: str, actor: str) -> dict:
        with self._tx() as s:
            self._require(s, actor, "reviewer")
            objection = s.get(Objection, objection_id)
            if objection is None:
                raise CaseError(f"没有异议#{objection_id}", "not_found")
            before = {"resolution": objection.resolution}
            objection.resolution = "upheld" if upheld else "rejected"
            objection.resolution_note, objection.resolved_by = (note or "").strip(), actor
            audit.record(s, actor, "objection.resolve", f"objection:{objection.id}", objection.case_id, before,
                         {"resolution": objection.resolution, "note": objection.resolution_note})
            return _objection_view(objection)

    def write_city_report(self, actor: str, issued_on: date | None = None) -> dict:
        """The written report to the city: cover letter (with 文号) and 汇总表, after the 公示."""
        issued_on = issued_on or date.today()
        with self._tx() as s:
            self._check_issuer(s, actor, None)
            publicity = self._latest_publicity(s)
            if issued_on <= publicity.end:
                raise CaseError(f"公示期至{publicity.end:%Y-%m-%d}，公示结束后才能上报")
            objections = list(s.scalars(select(Objection).where(Objection.publicity_id == publicity.id)))
            pending = [o for o in objections if o.resolution == "pending"]
            if pending:
                raise CaseError(f"尚有{len(pending)}件异议未处理，处理后才能上报")
            upheld = {o.case_id for o in objections if o.resolution == "upheld"}
            cases = [s.get(Case, i) for i in publicity.case_ids if i not in upheld]
            check = check_candidates(self.district, len(cases), self.quota)
            if not check.within:
                raise CaseError(check.message + "，请调整候选名单后再上报")
            document = Document(case_id=None, submission_id=None, kind="city_report", status="draft",
                                content={"case_ids": [c.id for c in cases], "publicity_id": publicity.id},
                                files=[], drafted_by=actor, drafted_at=_now())
            s.add(document)
            s.flush()
            self._number(s, document, issued_on)
            context = CityReportContext(
                candidates=tuple(self._applicant(c) for c in cases), quota=check.cap, district=self.district,
                issued_on=issued_on, doc_number=document.doc_number, publicity_start=publicity.start,
                publicity_end=publicity.end, objections=_objection_summary(objections),
            )
            try:
                written = write_city_report(self._district_info(), context, self._case_dir(None), self.round)
            except (MachineWordingError, ValueError, FileExistsError) as exc:
                raise CaseError(f"上报材料未生成：{exc}") from None
            self._issued(s, document, actor, issued_on, [written.letter.docx, written.letter.html, written.summary])
            late = issued_on > self.round.report_by
            return {**_document_view(document), "late": late, "report_by": self.round.report_by.isoformat()}

    def round_status(self) -> dict:
        with self._tx() as s:
            publicity = s.scalar(select(Publicity).order_by(Publicity.id.desc()))
            objections = list(s.scalars(select(Objection).order_by(Objection.id)))
            report = s.scalar(select(Document).where(Document.kind == "city_report", Document.status == "issued"))
            candidates = [_candidate_row(c) for c in self._candidates(s)]
        return {
            "year": self.round.year, "report_by": self.round.report_by.isoformat(), "district": self.district,
            "candidates": candidates, "quota": self.quota_check(),
            "publicity": _publicity_view(publicity) if publicity else None,
            "objections": [_objection_view(o) for o in objections],
            "city_report": _document_view(report) if report else None,
        }

    def _latest_publicity(self, s: Session) -> Publicity:
        publicity = s.scalar(select(Publicity).order_by(Publicity.id.desc()))
        if publicity is None:
            raise CaseError("尚未公示候选名单", "conflict")
        return publicity

    # --- helpers -----------------------------------------------------------------------------

    def _case(self, s: Session, case_id: int) -> Case:
        case = s.get(Case, case_id)
        if case is None:
            raise CaseError(f"没有案卷#{case_id}", "not_found")
        return case

    def _submission(self, s: Session, submission_id: int | None) -> Submission:
        submission = s.get(Submission, submission_id) if submission_id is not None else None
        if submission is None:
            raise CaseError(f"没有材料版本#{submission_id}", "not_found")
        return submission

    def _document(self, s: Session, document_id: int) -> Document:
        document = s.get(Document, document_id)
        if document is None:
            raise CaseError(f"没有文书#{document_id}", "not_found")
        return document

    def _open_finding(self, s: Session, finding_id: int) -> Finding:
        finding = s.get(Finding, finding_id)
        if finding is None:
            raise CaseError(f"没有问题#{finding_id}", "not_found")
        self._not_frozen(s, finding.submission)
        return finding

    def _not_frozen(self, s: Session, submission: Submission) -> None:
        issued = s.scalar(select(Document).where(Document.submission_id == submission.id, Document.status == "issued"))
        if issued is not None:
            raise CaseError(
                f"{submission.label}已出具{DOCUMENT_KINDS[issued.kind]}（{issued.doc_number}），其审核决定不能再修改；"
                "如文书有误，请先作废", "conflict",
            )

    def _diff(self, s: Session, submission: Submission) -> ResubmissionDiff | None:
        """The diff of `submission` against the 补正 notice issued on the version before it."""
        notice = self._notice_before(s, submission)
        if notice is None:
            return None
        earlier = [sub for sub in submission.case.submissions if sub.number < submission.number]
        dismissed = [(f.code, f.item) for sub in earlier for f in sub.findings if f.decision == "dismissed"]
        findings = [MachineFinding.model_validate(f) for f in submission.report.get("findings") or []]
        points = [Point.from_dict(p) for p in notice.content["points"]]
        return diff_against_notice(notice.doc_number, points, findings, dismissed)

    def _notice_before(self, s: Session, submission: Submission) -> Document | None:
        """The 补正 notice issued on the version just before `submission`, if any."""
        earlier = [sub for sub in submission.case.submissions if sub.number < submission.number]
        if not earlier:
            return None
        return s.scalar(
            select(Document).where(Document.submission_id == earlier[-1].id, Document.kind == "correction",
                                   Document.status == "issued").order_by(Document.id.desc())
        )

    def _clock(self, case: Case, today: date) -> CaseClock | None:
        if not case.submissions:
            return None
        latest = case.submissions[-1]
        issued = [d for d in case.documents if d.status == "issued" and d.submission_id is not None]
        answered = [d.issued_on for d in issued if d.submission_id == latest.id]
        corrections = [d for d in issued if d.kind == "correction"]
        notice = corrections[-1] if corrections else None
        resubmitted = None
        if notice is not None:
            number = next(sub.number for sub in case.submissions if sub.id == notice.submission_id)
            later = [sub for sub in case.submissions if sub.number > number]
            resubmitted = later[0].received_on if later else None
        facts = CaseFacts(
            received_on=latest.received_on, answered_on=min(answered) if answered else None,
            correction_served_on=notice.served_on if notice else None, resubmitted_on=resubmitted,
            decided=any(d.submission_id == latest.id and d.kind != "correction" for d in issued),
        )
        try:
            return case_clock(facts, today, self.round.report_by, self.district_config.deadline_working_days, self.calendar)
        except CalendarUnavailable:
            return None

    @staticmethod
    def _status(case: Case, clock: CaseClock | None) -> str:
        if case.status != "open":
            return case.status
        return "deemed_withdrawn" if clock and clock.deemed_withdrawn else "open"


# --- row ↔ dict -------------------------------------------------------------------------------


def _received_on(report: Report, pdf_path: Path) -> date:
    """The file's arrival, until the staff confirm the date: the report's receipt date, else the file's."""
    if report.source.received:
        return date.fromisoformat(report.source.received)
    if pdf_path.exists():
        return date.fromtimestamp(pdf_path.stat().st_mtime)
    return date.today()


def _machine_finding(submission_id: int, finding: MachineFinding) -> Finding:
    return Finding(
        submission_id=submission_id, origin="machine", fingerprint=_fingerprint(finding.code, finding.item, finding.pages),
        code=finding.code, severity=finding.severity, item=finding.item, message=finding.message,
        pages=list(finding.pages), printed_pages=list(finding.printed_pages), confidence=finding.confidence,
        absent=machine_absent(finding.code), created_at=_now(),
    )


def _page_numbers(labels: tuple[str, ...]) -> list[int]:
    """("5-7", "12") → [5, 6, 7, 12]."""
    numbers: list[int] = []
    for label in labels:
        first, _, last = label.partition("-")
        numbers += list(range(int(first), int(last or first) + 1))
    return numbers


def _needs_decision(finding: Finding) -> bool:
    return finding.origin == "machine" and finding.decision is None and finding.severity in DECIDING_SEVERITIES


def _decision_state(finding: Finding) -> dict:
    return {"decision": finding.decision, "reason": finding.dismiss_reason, "material": finding.material,
            "problem": finding.problem, "standard": finding.standard}


def _case_state(case: Case) -> dict:
    return {"unit_name": case.unit_name, "credit_code": case.credit_code, "carrier_type": case.carrier_type,
            "master_name": case.master_name, "status": case.status}


def _finding_view(f: Finding) -> dict:
    return {
        "id": f.id, "origin": f.origin, "code": f.code, "severity": f.severity, "item": f.item,
        "message": mask_id_numbers(f.message), "pages": f.pages, "printed_pages": f.printed_pages,
        "confidence": f.confidence, "absent": f.absent, "material": f.material,
        "problem": mask_id_numbers(f.problem) if f.problem else None, "standard": f.standard,
        "decision": f.decision, "dismiss_reason": f.dismiss_reason, "decided_by": f.decided_by,
        "decided_at": f.decided_at.isoformat() if f.decided_at else None,
        "needs_decision": _needs_decision(f),
    }


def _document_view(d: Document) -> dict:
    return {
        "id": d.id, "case_id": d.case_id, "submission_id": d.submission_id, "kind": d.kind,
        "title": DOCUMENT_KINDS[d.kind], "status": d.status, "doc_number": d.doc_number, "content": d.content,
        "files": d.files, "drafted_by": d.drafted_by, "issued_by": d.issued_by,
        "issued_on": d.issued_on.isoformat() if d.issued_on else None,
        "served_on": d.served_on.isoformat() if d.served_on else None, "service_method": d.service_method,
        "void_reason": d.void_reason,
    }


def _candidate_row(case: Case) -> dict:
    return {"id": case.id, "unit_name": case.unit_name, "credit_code": case.credit_code,
            "carrier_type": case.carrier_type, "master_name": case.master_name or None}


def _publicity_view(p: Publicity) -> dict:
    return {"id": p.id, "start": p.start.isoformat(), "end": p.end.isoformat(), "report_by": p.report_by.isoformat(),
            "case_ids": p.case_ids, "document_id": p.document_id}


def _objection_view(o: Objection) -> dict:
    return {"id": o.id, "case_id": o.case_id, "received_on": o.received_on.isoformat(), "text": o.text,
            "resolution": o.resolution, "resolution_note": o.resolution_note}


def _objection_summary(objections: list[Objection]) -> str:
    if not objections:
        return "公示期间未收到异议"
    upheld = sum(o.resolution == "upheld" for o in objections)
    text = f"公示期间收到异议{len(objections)}件，经核查，"
    if upheld:
        return text + f"{upheld}件异议成立，相应单位不列入候选名单，其余异议不成立"
    return text + "异议均不成立"
