"""Realistic reports and a small dossier PDF for the output tests, and the report.json
contract checked on them.

The other tests/test_outputs_*.py import the builders from here so that every writer is
exercised on the same cases: accepted, needs correction (every kind of finding), for
review (only findings the machine is not sure of), ineligible, unreadable.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pymupdf
import pytest

from outputs.report_json import ReportContractError, report_json_text, validate_report
from kernel.models import (
    Applicant,
    FieldValue,
    Finding,
    ItemStatus,
    Pagination,
    Report,
    Source,
    TocEntry,
    TocInfo,
    cite_printed_pages,
)

UNIT = "深圳市鹏城精密制造有限公司"
CREDIT = "914403001922038216"
ID_NUMBER = "11010519491231002X"
NASTY = '深圳市<script>alert(1)</script>"引号"\'公司\''

PAGE_TEXT = [
    "深圳市终身职业技能培训载体认定申报材料\n技能大师工作室\n" + UNIT,
    "目  录\n一、申报表 ........ 1\n二、营业执照 ........ 3\n三、法定代表人身份证 ........ 4\n四、承诺书 ........ 5",
    "深圳市技能大师工作室申报表\n单位名称：" + UNIT + "\n统一社会信用代码：" + CREDIT,
    "申报表（续）\n联系人：王小明  电话：13800138000",
    "营业执照\n名称：" + UNIT + "\n法定代表人：张三",
    "居民身份证\n姓名：张三\n公民身份号码：" + ID_NUMBER,
]


def make_pdf(path: Path, pages: int = len(PAGE_TEXT)) -> Path:
    """An A4 dossier with Chinese text and printed page numbers from the third page."""
    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page(width=595.28, height=841.89)
        page.insert_text((72, 90), PAGE_TEXT[i % len(PAGE_TEXT)], fontname="china-s", fontsize=14)
        if i >= 2 and i != 3:  # page 4 (index 3) left unnumbered on purpose
            page.insert_text((290, 810), f"- {i - 1} -", fontname="helv", fontsize=10)
    doc.save(path)
    return path


def _source(name: str = UNIT, pages: int | None = 6) -> Source:
    return Source(filename=f"{name}.pdf", sha256="ab" * 32, pages=pages, bytes=1_234_567)


def _items(missing: bool) -> list[ItemStatus]:
    return [
        ItemStatus(id="application_form", title="申报表", required=True, status="present", pages=[3, 4]),
        ItemStatus(id="entity_certificate", title="营业执照", required=True, status="present", pages=[5]),
        ItemStatus(id="legal_rep_id", title="法定代表人身份证", required=True, status="defective", pages=[6]),
        ItemStatus(
            id="commitment_letter", title="承诺书", required=True, status="missing" if missing else "present",
            pages=[] if missing else [6],
        ),
        ItemStatus(id="master_honors", title="荣誉证书", required=False, status="missing", pages=[]),
    ]


def _fields(unit: str = UNIT) -> list[FieldValue]:
    return [
        FieldValue(id="unit_name", value=unit, page=3, confidence=0.98, valid=True, evidence=(130, 95, 400, 115)),
        FieldValue(id="credit_code", value=CREDIT, page=3, confidence=0.71, valid=True,
                   evidence=(180, 112, 380, 132), note="OCR 纠正：O→0（第9位）"),
        FieldValue(id="legal_representative", value="张三", page=5, confidence=0.93, valid=True, evidence=(150, 110, 200, 130)),
        FieldValue(id="legal_rep_id_number", value="110105194912310021", page=6, confidence=0.88, valid=False,
                   evidence=(170, 112, 390, 132)),
        FieldValue(id="phone", value=None, page=None, confidence=None, valid=None),
    ]


def accept_report() -> Report:
    return Report(
        source=_source(),
        carrier_type="master_studio",
        applicant=Applicant(unit_name=UNIT, credit_code=CREDIT),
        verdict="accept",
        fields=_fields()[:3],
        items=_items(missing=False),
        toc=TocInfo(pages=[2], entries=[TocEntry(title="申报表", printed_page=1, found_page=3, status="ok")]),
        pagination=Pagination(printed=[None, None, 1, 2, 3, 4], unnumbered=[]),
        findings=[Finding(code="file.name_extra", severity="warning", message="文件名含“申报材料”字样", pages=[])],
        timings={"total_s": 8.4},
    )


def correction_report(unit: str = UNIT) -> Report:
    """Every group of findings, errors and warnings, an ID number in a message."""
    report = Report(
        source=_source(unit),
        carrier_type="master_studio",
        applicant=Applicant(unit_name=unit, credit_code=CREDIT),
        verdict="correction",
        fields=_fields(unit),
        items=_items(missing=True),
        toc=TocInfo(
            pages=[2],
            entries=[
                TocEntry(title="一、申报表", printed_page=1, found_page=3, status="ok"),
                TocEntry(title="二、营业执照", printed_page=3, found_page=5, status="page_mismatch"),
                TocEntry(title="三、法定代表人身份证", printed_page=4, found_page=6, status="ok"),
                TocEntry(title="四、承诺书", printed_page=5, found_page=None, status="not_found"),
            ],
        ),
        pagination=Pagination(printed=[None, None, 1, None, 3, 4], unnumbered=[4]),
        findings=[
            Finding(code="file.name_mismatch", severity="error", message="文件名“扫描0001”不是申报单位名称"),
            Finding(code="toc.page_mismatch", severity="error", item="entity_certificate", pages=[5],
                    message="目录第2项“营业执照”标注第3页，实际位于印刷页码第3页之后"),
            Finding(code="toc.entry_not_found", severity="error", item="commitment_letter",
                    message="目录第4项“承诺书”在材料中未找到"),
            Finding(code="pages.unnumbered", severity="error", pages=[4], message="第4页无页码"),
            Finding(code="pages.blank", severity="warning", pages=[4], message="第4页疑似空白页"),
            Finding(code="item.missing", severity="error", item="commitment_letter", message="缺少必备材料“承诺书”"),
            Finding(code="field.invalid", severity="error", item="legal_rep_id", pages=[6],
                    message=f"法定代表人身份证号码 {ID_NUMBER[:-1]}1 校验位错误"),
            Finding(code="field.inconsistent", severity="error", item="application_form", pages=[3, 5],
                    message="申报表单位名称与营业执照不一致", confidence=0.97),
            Finding(code="field.below_threshold", severity="warning", item="venue_proof",
                    message="场地面积 40 m² 低于 50 m²"),
        ],
        timings={"total_s": 14.2},
    )
    cite_printed_pages(report.findings, report.pagination.printed)
    return report


def review_report() -> Report:
    """No error, two findings the machine is not sure of, and a warning."""
    report = accept_report()
    report.verdict = "review"
    report.findings += [
        Finding(code="field.unread", severity="review", item="commitment_letter", pages=[6], confidence=0.4,
                message="承诺书日期未能识别，请人工核对"),
        Finding(code="pages.number_conflict", severity="review", pages=[4], confidence=0.55,
                message="PDF第4页页码识别为7，与前后页不连续"),
    ]
    cite_printed_pages(report.findings, report.pagination.printed)
    return report


def ineligible_report() -> Report:
    """The master is below 技师, plus an ordinary defect that a notice could not cure."""
    report = correction_report()
    report.verdict = "ineligible"
    report.findings = [
        Finding(code="eligibility.failed", severity="error", item="master_certificate", pages=[6], confidence=0.95,
                message="领办人技能等级为高级工，低于技师，不符合技能大师工作室申报条件"),
        Finding(code="item.missing", severity="error", item="commitment_letter", message="缺少必备材料“承诺书”"),
    ]
    cite_printed_pages(report.findings, report.pagination.printed)
    return report


def unreadable_report() -> Report:
    return Report(
        source=Source(filename="损坏的文件.pdf", sha256=None, pages=None, bytes=1024),
        verdict="unreadable",
        findings=[Finding(code="file.unreadable", severity="error", message="文件不是有效的PDF，无法打开")],
        timings={"total_s": 0.1},
    )


def test_sample_reports_keep_the_contract():
    for report in (accept_report(), correction_report(), review_report(), ineligible_report(), unreadable_report(),
                   correction_report(NASTY)):
        validate_report(report.to_json_dict())


def test_report_json_keeps_every_contract_key_even_when_unknown():
    text = report_json_text(unreadable_report())
    assert '"carrier_type": null' in text and '"unit_name": null' in text and '"sha256": null' in text


@pytest.mark.parametrize(
    "mutate, where",
    [
        (lambda d: d.update(verdict="accepted"), "verdict"),
        (lambda d: d["findings"][0].update(severity="fatal"), "findings/0/severity"),
        (lambda d: d["findings"][0].update(code="pages.missing_number"), "findings/0/code"),
        (lambda d: d["items"][0].update(status="absent"), "items/0/status"),
        (lambda d: d["toc"]["entries"][0].pop("found_page"), "toc/entries/0"),
        (lambda d: d["fields"][0].update(page=0), "fields/0/page"),
        (lambda d: d["fields"][0].update(confidence=1.5), "fields/0/confidence"),
        (lambda d: d["applicant"].pop("credit_code"), "applicant"),
        (lambda d: d.update(carrier_type="studio"), "carrier_type"),
        (lambda d: d.update(schema="dossier-report/1"), "schema"),
        (lambda d: d["pagination"]["printed"].append("5"), "pagination/printed/6"),
    ],
)
def test_schema_rejects_contract_breaches(mutate, where):
    data = copy.deepcopy(correction_report().to_json_dict())
    mutate(data)
    with pytest.raises(ReportContractError, match=where):
        validate_report(data)


def test_schema_ties_verdict_to_findings():
    data = accept_report().to_json_dict()
    data["findings"].append({"code": "item.missing", "severity": "error", "message": "缺", "pages": [], "item": None})
    with pytest.raises(ReportContractError):
        validate_report(data)
    data = correction_report().to_json_dict()
    data["findings"] = [f for f in data["findings"] if f["severity"] != "error"]
    with pytest.raises(ReportContractError):
        validate_report(data)


def test_schema_allows_extra_fields():
    data = correction_report().to_json_dict()
    data["reviewer"] = {"name": "x"}
    data["findings"][0]["hint"] = "extra"
    validate_report(data)
