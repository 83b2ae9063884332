"""Batch outputs: register.xlsx and index.html."""

from __future__ import annotations

import re
from datetime import date

import openpyxl
import pytest
from test_outputs_samples import (
    CREDIT,
    ID_NUMBER,
    NASTY,
    UNIT,
    accept_report,
    correction_report,
    ineligible_report,
    make_pdf,
    review_report,
    unreadable_report,
)

from outputs.batch import write_batch_outputs
from outputs.register import display_width
from outputs.writer import write_report_folder

MASKED = ID_NUMBER[:6] + "********" + ID_NUMBER[14:-1] + "1"  # the message carries a wrong check digit


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    out = tmp_path_factory.mktemp("batch")
    pdf = make_pdf(out / "in.pdf")
    formula = correction_report("=HYPERLINK(\"http://x\",\"y\")")
    cases = [
        ("甲", accept_report()), ("乙", correction_report()), ("丙", unreadable_report()),
        ("丁", correction_report(NASTY)), ("戊", formula), ("己", review_report()), ("庚", ineligible_report()),
    ]
    entries = [(r, write_report_folder(r, pdf, out / "reports" / name, issued_on=date(2023, 9, 27))) for name, r in cases]
    write_batch_outputs(entries, out)
    return out


@pytest.fixture(scope="module")
def book(batch):
    return openpyxl.load_workbook(batch / "register.xlsx")


def test_register_one_row_per_file(book):
    ws = book["登记表"]
    header = [c.value for c in ws[1]]
    assert header == ["文件名", "申报单位", "载体类型", "统一社会信用代码", "结论", "错误数", "待人工核对数", "警告数",
                      "缺失材料", "报告路径"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert len(rows) == 7
    by_path = {r[9]: r for r in rows}
    assert by_path["reports/甲/report.html"][:9] == [f"{UNIT}.pdf", UNIT, "技能大师工作室", CREDIT, "受理", 0, 0, 1, None]
    assert by_path["reports/乙/report.html"][4:9] == ["需补正", 7, 0, 2, "承诺书"]
    assert by_path["reports/丙/report.html"][:5] == ["损坏的文件.pdf", None, None, None, "无法读取"]
    assert by_path["reports/己/report.html"][4:8] == ["待人工核对", 0, 2, 1]
    assert by_path["reports/庚/report.html"][4:8] == ["不符合申报条件", 2, 0, 0]


def test_register_findings_sheet_masks_id_numbers(book):
    ws = book["问题清单"]
    values = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    # accept: one warning; unreadable: one; three corrections: nine each; review: three; ineligible: two
    assert len(values) == 1 + 1 + 9 * 3 + 3 + 2
    messages = "\n".join(str(v[5]) for v in values)
    assert MASKED in messages and ID_NUMBER[:-1] not in messages
    assert {v[3] for v in values} == {"文件", "目录", "页码", "材料", "字段", "申报条件"}
    unread = next(v for v in values if "承诺书日期未能识别" in str(v[5]))
    assert unread[2] == "待人工核对" and unread[6] == "第4页（PDF第6页）" and unread[7] == 0.4


def test_register_layout(book):
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == ws.dimensions
    ws = book["登记表"]
    assert ws.column_dimensions["B"].width >= display_width(NASTY) + 2 - 1
    assert display_width("深圳市A") == 7


def test_register_keeps_hostile_text_literal(book):
    units = [c.value for c in book["登记表"]["B"][1:]]
    assert NASTY in units
    cell = [c for c in book["登记表"]["B"][1:] if str(c.value).startswith("=")][0]
    assert cell.data_type == "s" and cell.value == "=HYPERLINK(\"http://x\",\"y\")"


def test_index_counts_links_and_order(batch):
    html = (batch / "index.html").read_text(encoding="utf-8")
    counts = dict(re.findall(r'<div class="card v-(\w+)"><span>[^<]+</span><b>(\d+)</b>', html))
    assert counts == {"correction": "3", "ineligible": "1", "review": "1", "unreadable": "1", "accept": "1"}
    links = re.findall(r'<a href="(reports/[^"]+/report.html)">', html)
    assert len(links) == 7 and "reports/%E4%B9%99/report.html" in links
    for link in links:
        from urllib.parse import unquote

        assert (batch / unquote(link)).exists()
    verdicts = re.findall(r'<span class="badge v-(\w+)">', html)
    assert verdicts == ["correction"] * 3 + ["ineligible", "review", "unreadable", "accept"]
    assert html.count('>查看</a>') == 3  # a notice for corrections only
    review_row = re.search(r'<tr>\s*<td data-sort="\d+"><span class="badge v-review">.*?</tr>', html, re.S).group(0)
    assert '<td class="num rev" data-sort="2">2</td>' in review_row


def test_index_escapes_and_masks(batch):
    html = (batch / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not re.search(r"(?:src|href)\s*=\s*\"(?:https?:)?//", html)
