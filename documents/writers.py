"""Writing an issued document: its Word file and its print view, side by side.

The case service calls one function per kind of document with the officer's decided
values (`documents.model`) and a folder; it gets back the paths it files. An issued
document is never changed afterwards, so a writer refuses to replace a file that is
already there: a second notice for the same case carries its own 文号 and so its own name.
The files appear whole or not at all (written to a temporary name, then renamed).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from documents.content import (
    DocumentContent,
    acceptance_notice,
    city_report_letter,
    correction_notice,
    publicity_notice,
    refusal_notice,
)
from documents.model import (
    ROUND_2023,
    AcceptanceContext,
    Applicant,
    CityReportContext,
    CorrectionContext,
    DistrictInfo,
    PublicityContext,
    RefusalContext,
    RoundInfo,
)
from documents.print_view import render_print_view
from documents.word import render_docx
from kernel.settings import get_settings

_UNSAFE = re.compile(r'[\\/:*?"<>|\s\x00-\x1f]+')
_BLANK_NUMBER = re.compile(r"_+")


@dataclass(frozen=True)
class WrittenDocument:
    docx: Path  # the editable Word file staff stamp and send
    html: Path  # its print view


@dataclass(frozen=True)
class WrittenCityReport:
    letter: WrittenDocument  # the cover letter
    summary: Path  # the 汇总表 (xlsx)


def file_stem(content: DocumentContent) -> str:
    """"补正材料通知书-深福人社补字〔2023〕12号-深圳市某公司": the kind, its 文号 and whom it
    is for, with characters no file system accepts replaced."""
    parts = (_BLANK_NUMBER.sub("", p).strip() for p in (content.title, content.doc_number, content.applicant_name))
    stem = "-".join(p for p in parts if p)
    return _UNSAFE.sub("_", stem)[:150]


def _write_new(target: Path, write: Callable[[Path], object]) -> Path:
    """Create `target` whole through `write(tmp)`; refuse if it already exists."""
    if target.exists():
        raise FileExistsError(f"文书 {target} 已存在；已出具的文书不得覆盖，请使用新的文号或另选文件夹")
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.link(tmp, target)  # fails if target appeared meanwhile: never replaces an issued file
    finally:
        tmp.unlink(missing_ok=True)
    return target


def write_document(content: DocumentContent, out_dir: Path, template_dir: Path | str | None = None) -> WrittenDocument:
    """`content` as `<stem>.docx` and `<stem>.html` in `out_dir` (created if needed)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = file_stem(content)
    docx_path, html_path = out_dir / f"{stem}.docx", out_dir / f"{stem}.html"
    for path in (docx_path, html_path):
        if path.exists():
            raise FileExistsError(f"文书 {path} 已存在；已出具的文书不得覆盖，请使用新的文号或另选文件夹")
    _write_new(docx_path, lambda tmp: render_docx(content, tmp, template_dir))
    html = render_print_view(content, docx_name=docx_path.name)
    _write_new(html_path, lambda tmp: tmp.write_text(html, encoding="utf-8"))
    return WrittenDocument(docx=docx_path, html=html_path)


def _templates(district: DistrictInfo, template_dir: Path | str | None) -> Path | str | None:
    """The template folder: the one given, else the district's, else the setting
    `DOSSIER_DOCUMENT_TEMPLATES`; None means the bundled templates."""
    for folder in (template_dir, district.template_dir, get_settings().document_templates):
        if folder is not None:
            return folder
    return None


def write_correction_notice(
    applicant: Applicant, district: DistrictInfo, context: CorrectionContext, out_dir: Path,
    round_info: RoundInfo = ROUND_2023, template_dir: Path | str | None = None,
) -> WrittenDocument:
    """The 补正材料通知书 listing exactly `context.items`."""
    content = correction_notice(applicant, district, context, round_info)
    return write_document(content, out_dir, _templates(district, template_dir))


def write_acceptance_notice(
    applicant: Applicant, district: DistrictInfo, context: AcceptanceContext, out_dir: Path,
    round_info: RoundInfo = ROUND_2023, template_dir: Path | str | None = None,
) -> WrittenDocument:
    """The 受理通知书."""
    content = acceptance_notice(applicant, district, context, round_info)
    return write_document(content, out_dir, _templates(district, template_dir))


def write_refusal_notice(
    applicant: Applicant, district: DistrictInfo, context: RefusalContext, out_dir: Path,
    round_info: RoundInfo = ROUND_2023, template_dir: Path | str | None = None,
) -> WrittenDocument:
    """The 不予受理告知书 (context.kind "not_accepted") or 不符合申报条件告知书 ("ineligible")."""
    content = refusal_notice(applicant, district, context, round_info)
    return write_document(content, out_dir, _templates(district, template_dir))


def write_publicity(
    district: DistrictInfo, context: PublicityContext, out_dir: Path,
    round_info: RoundInfo = ROUND_2023, template_dir: Path | str | None = None,
) -> WrittenDocument:
    """The 公示 of the candidate list."""
    content = publicity_notice(district, context, round_info)
    return write_document(content, out_dir, _templates(district, template_dir))


def write_city_report(
    district: DistrictInfo, context: CityReportContext, out_dir: Path,
    round_info: RoundInfo = ROUND_2023, template_dir: Path | str | None = None,
) -> WrittenCityReport:
    """The report to the city: the cover letter (docx + print view) and the 汇总表 (xlsx)."""
    # Imported here: pandas and openpyxl take ~0.5 s to import, and every `dossier check`
    # imports this module (through the case file) but only a yearly report writes a table.
    from documents.summary_table import write_summary_xlsx

    content = city_report_letter(district, context, round_info)
    letter = write_document(content, out_dir, _templates(district, template_dir))
    summary = letter.docx.with_name(f"{file_stem(content)}-汇总表.xlsx")
    _write_new(summary, lambda tmp: write_summary_xlsx(district, context, tmp, round_info))
    return WrittenCityReport(letter=letter, summary=summary)
