"""report.json: the serialised `Report` and the check that it keeps the contract.

Other tools read report.json (the register, acceptance tests, district dashboards), so
every report written is validated against `report.schema.json` first; a report that
breaks the contract is a bug in the pipeline and fails loudly instead of reaching them.
`validate_report` is public so that end-to-end tests check every report they produce.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import jsonschema

from kernel.models import Report

SCHEMA_FILE = Path(__file__).with_name("report.schema.json")


class ReportContractError(ValueError):
    """A report that does not match the report.json contract."""


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def validate_report(data: dict) -> None:
    """Raise `ReportContractError` listing every violation (path: problem)."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        lines = [f"{'/'.join(map(str, e.absolute_path)) or '(根)'}: {e.message}" for e in errors]
        raise ReportContractError("report.json 不符合约定：\n" + "\n".join(lines))


def report_json_text(report: Report) -> str:
    """The validated JSON text, UTF-8 Chinese kept readable."""
    data = report.to_json_dict()
    validate_report(data)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
