"""The case file: officers, cases, submissions, findings, documents, 文号 sequences, 公示,
objections and the append-only audit log.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)

# The audit log refuses to be changed: one trigger per statement kind and dialect.
_SQLITE_GUARDS = [
    f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
    for verb in ("UPDATE", "DELETE")
]
_PG_GUARDS = [
    "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
]


def upgrade() -> None:
    op.create_table(
        "officers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("roles", sa.String(200), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("intake_key", sa.String(300), nullable=False, unique=True),
        sa.Column("credit_code", sa.String(18)),
        sa.Column("carrier_type", sa.String(32)),
        sa.Column("master_name", sa.String(64), nullable=False),
        sa.Column("unit_name", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("status_note", sa.Text, nullable=False),
        sa.Column("created_at", _TS, nullable=False),
    )
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("filename", sa.String(300), nullable=False),
        sa.Column("file_path", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("report_path", sa.Text),
        sa.Column("report", sa.JSON, nullable=False),
        sa.Column("machine_verdict", sa.String(16), nullable=False),
        sa.Column("machine_runs", sa.Integer, nullable=False),
        sa.Column("received_on", sa.Date, nullable=False),
        sa.Column("received_confirmed_by", sa.String(64)),
        sa.Column("filed_at", _TS, nullable=False),
        sa.Column("outcome", sa.String(16)),
        sa.Column("outcome_note", sa.Text, nullable=False),
        sa.Column("outcome_by", sa.String(64)),
        sa.UniqueConstraint("case_id", "number"),
        sa.UniqueConstraint("sha256"),
    )
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False, index=True),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("fingerprint", sa.String(64)),
        sa.Column("code", sa.String(64)),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("item", sa.String(64)),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("pages", sa.JSON, nullable=False),
        sa.Column("printed_pages", sa.JSON, nullable=False),
        sa.Column("confidence", sa.Float),
        sa.Column("absent", sa.Boolean, nullable=False),
        sa.Column("material", sa.Text),
        sa.Column("problem", sa.Text),
        sa.Column("standard", sa.Text),
        sa.Column("decision", sa.String(16)),
        sa.Column("dismiss_reason", sa.Text),
        sa.Column("decided_by", sa.String(64)),
        sa.Column("decided_at", _TS),
        sa.Column("created_at", _TS, nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id")),
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id")),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("content", sa.JSON, nullable=False),
        sa.Column("doc_number", sa.String(80), unique=True),
        sa.Column("series", sa.String(40)),
        sa.Column("year", sa.Integer),
        sa.Column("number", sa.Integer),
        sa.Column("files", sa.JSON, nullable=False),
        sa.Column("drafted_by", sa.String(64), nullable=False),
        sa.Column("drafted_at", _TS, nullable=False),
        sa.Column("issued_by", sa.String(64)),
        sa.Column("issued_on", sa.Date),
        sa.Column("served_on", sa.Date),
        sa.Column("service_method", sa.String(32)),
        sa.Column("void_reason", sa.Text),
    )
    op.create_table(
        "doc_sequences",
        sa.Column("district", sa.String(40), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("series", sa.String(40), primary_key=True),
        sa.Column("last_number", sa.Integer, nullable=False),
    )
    op.create_table(
        "publicities",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("start", sa.Date, nullable=False),
        sa.Column("end", sa.Date, nullable=False),
        sa.Column("report_by", sa.Date, nullable=False),
        sa.Column("case_ids", sa.JSON, nullable=False),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id")),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
    )
    op.create_table(
        "objections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("publicity_id", sa.Integer, sa.ForeignKey("publicities.id"), nullable=False),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("received_on", sa.Date, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("resolution", sa.String(16), nullable=False),
        sa.Column("resolution_note", sa.Text, nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("resolved_by", sa.String(64)),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", _TS, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("case_id", sa.Integer, index=True),
        sa.Column("subject", sa.String(80), nullable=False),
        sa.Column("before", sa.Text),
        sa.Column("after", sa.Text),
    )
    guards = _PG_GUARDS if op.get_bind().dialect.name == "postgresql" else _SQLITE_GUARDS
    for statement in guards:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION audit_log_append_only()")
    for table in ("audit_log", "objections", "publicities", "doc_sequences", "documents", "findings", "submissions",
                  "cases", "officers"):
        op.drop_table(table)
