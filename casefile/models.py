"""The case file's tables (SQLAlchemy 2), one class per thing an officer keeps on record.

A case is one application: an applicant (统一社会信用代码) for one carrier type, and for a
技能大师工作室 one master (an enterprise may file two studios). It holds its submissions
(v1, v2, … each a file with its SHA-256 and the machine's report), the findings on each
submission with the officer's decision on them, the documents issued from those decisions,
and the legal dates (received, issued, 送达). The audit log is append-only: the migration
puts triggers on it that refuse UPDATE and DELETE, on SQLite and PostgreSQL alike.

The schema itself is created by the Alembic migrations (casefile/migrations), never by
`create_all`, so a district's store is upgraded in place when the program is.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Officer(Base):
    """A member of staff who may act on cases; `roles` is a comma list (reviewer, approver)."""

    __tablename__ = "officers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    roles: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    @property
    def role_set(self) -> set[str]:
        return {r for r in self.roles.split(",") if r}


class Case(Base):
    """One application. `intake_key` is what a new file is matched on (credit code, type, master)."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    intake_key: Mapped[str] = mapped_column(String(300), unique=True)
    credit_code: Mapped[str | None] = mapped_column(String(18))
    carrier_type: Mapped[str | None] = mapped_column(String(32))
    master_name: Mapped[str] = mapped_column(String(64), default="")
    unit_name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | withdrawn
    status_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    submissions: Mapped[list[Submission]] = relationship(
        back_populates="case", order_by="Submission.number", cascade="all, delete-orphan"
    )
    documents: Mapped[list[Document]] = relationship(back_populates="case", order_by="Document.id")


class Submission(Base):
    """One file handed in for a case (v1, v2, …) and the machine's report on it."""

    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("case_id", "number"), UniqueConstraint("sha256"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    number: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(300))
    file_path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    report_path: Mapped[str | None] = mapped_column(Text)
    report: Mapped[dict] = mapped_column(JSON)  # the machine's latest report.json on this file
    machine_verdict: Mapped[str] = mapped_column(String(16))
    machine_runs: Mapped[int] = mapped_column(Integer, default=1)
    received_on: Mapped[date] = mapped_column(Date)
    received_confirmed_by: Mapped[str | None] = mapped_column(String(64))
    filed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str | None] = mapped_column(String(16))  # accept | correction | not_accepted | ineligible
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    outcome_by: Mapped[str | None] = mapped_column(String(64))

    case: Mapped[Case] = relationship(back_populates="submissions")
    findings: Mapped[list[Finding]] = relationship(
        back_populates="submission", order_by="Finding.id", cascade="all, delete-orphan"
    )

    @property
    def label(self) -> str:
        return f"v{self.number}"


class Finding(Base):
    """A machine finding or one an officer added, with the officer's decision on it.

    `message` is what the machine said (or what the officer wrote); `material`, `problem`
    and `standard` are the officer's wording when edited (None: derived for the applicant
    from the machine's finding). `decision` is None until decided; an added finding is
    `confirmed` from the start.
    """

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"))
    origin: Mapped[str] = mapped_column(String(16))  # machine | officer
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    code: Mapped[str | None] = mapped_column(String(64))
    severity: Mapped[str] = mapped_column(String(16))
    item: Mapped[str | None] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)
    pages: Mapped[list] = mapped_column(JSON, default=list)
    printed_pages: Mapped[list] = mapped_column(JSON, default=list)
    confidence: Mapped[float | None] = mapped_column(Float)
    absent: Mapped[bool] = mapped_column(Boolean, default=False)
    material: Mapped[str | None] = mapped_column(Text)
    problem: Mapped[str | None] = mapped_column(Text)
    standard: Mapped[str | None] = mapped_column(Text)
    decision: Mapped[str | None] = mapped_column(String(16))  # confirmed | dismissed
    dismiss_reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    submission: Mapped[Submission] = relationship(back_populates="findings")


class Document(Base):
    """A document made from decisions: drafted (content frozen), then issued with a 文号."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"))
    kind: Mapped[str] = mapped_column(String(16))  # correction | acceptance | not_accepted | ineligible | publicity | city_report
    status: Mapped[str] = mapped_column(String(16))  # draft | superseded | issued | void
    content: Mapped[dict] = mapped_column(JSON)  # what the document says, frozen when drafted
    doc_number: Mapped[str | None] = mapped_column(String(80), unique=True)
    series: Mapped[str | None] = mapped_column(String(40))
    year: Mapped[int | None] = mapped_column(Integer)
    number: Mapped[int | None] = mapped_column(Integer)
    files: Mapped[list] = mapped_column(JSON, default=list)  # [{"path": …, "sha256": …}]
    drafted_by: Mapped[str] = mapped_column(String(64))
    drafted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    issued_by: Mapped[str | None] = mapped_column(String(64))
    issued_on: Mapped[date | None] = mapped_column(Date)
    served_on: Mapped[date | None] = mapped_column(Date)
    service_method: Mapped[str | None] = mapped_column(String(32))
    void_reason: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case | None] = relationship(back_populates="documents")


class DocSequence(Base):
    """The last 文号 number given in one series (e.g. 深福人社补字) of one district and year."""

    __tablename__ = "doc_sequences"

    district: Mapped[str] = mapped_column(String(40), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    series: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Publicity(Base):
    """The 公示 of the round's candidate list: its window and the cases on it."""

    __tablename__ = "publicities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    report_by: Mapped[date] = mapped_column(Date)
    case_ids: Mapped[list] = mapped_column(JSON)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Objection(Base):
    """An objection raised during the 公示 against one candidate, and how it was settled."""

    __tablename__ = "objections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    publicity_id: Mapped[int] = mapped_column(ForeignKey("publicities.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    received_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    resolution: Mapped[str] = mapped_column(String(16), default="pending")  # pending | upheld | rejected
    resolution_note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(64))
    resolved_by: Mapped[str | None] = mapped_column(String(64))


class AuditEntry(Base):
    """Who did what, when, and the state before → after (JSON text, ID numbers masked)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[int | None] = mapped_column(Integer)
    subject: Mapped[str] = mapped_column(String(80))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
