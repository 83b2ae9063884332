"""register.xlsx: the district office's register of one batch.

Staff sort, filter and annotate it in Excel or WPS and paste from it into their own
ledger, so it is a plain table per sheet (登记表: one row per file, with its counts of
errors, findings left to a person (待人工核对) and warnings; 问题清单: one row per finding,
its pages as printed and how sure the machine is) with a frozen header, a filter on every column and widths that fit Chinese
text. Cells are written as text only — an applicant's name that starts with "=" must
not become a formula — and ID numbers are masked.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from outputs.atomic import atomic_save
from outputs.batch_rows import BatchRow
from outputs.labels import SEVERITIES, cited_pages, finding_label, group_of
from outputs.masking import mask_id_numbers
from kernel.models import Report

MAX_WIDTH = 60
VERDICT_FILLS = {"受理": "DCFCE7", "待人工核对": "FEF9C3", "需补正": "FFEDD5", "不符合申报条件": "FECACA", "无法读取": "E2E8F0"}
HEADER_FILL = PatternFill("solid", fgColor="E2E8F0")
REGISTER_COLUMNS = ["文件名", "申报单位", "载体类型", "统一社会信用代码", "结论", "错误数", "待人工核对数", "警告数",
                    "缺失材料", "报告路径"]
VERDICT_COLUMN = REGISTER_COLUMNS.index("结论")
REPORT_COLUMN = REGISTER_COLUMNS.index("报告路径")


def display_width(text: str) -> int:
    """Columns a string needs: CJK and full-width characters take two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _register_frame(rows: list[BatchRow]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "文件名": r.filename,
                "申报单位": r.unit_name,
                "载体类型": r.carrier,
                "统一社会信用代码": r.credit_code,
                "结论": r.verdict_label,
                "错误数": r.errors,
                "待人工核对数": r.reviews,
                "警告数": r.warnings,
                "缺失材料": r.missing,
                "报告路径": r.report_path,
            }
            for r in rows
        ],
        columns=REGISTER_COLUMNS,
    )


def _findings_frame(entries: list[tuple[Report, BatchRow]]) -> pd.DataFrame:
    records = []
    for report, row in entries:
        titles = {it.id: it.title for it in report.items}
        for f in report.findings:
            records.append(
                {
                    "文件名": row.filename,
                    "申报单位": row.unit_name,
                    "严重程度": SEVERITIES[f.severity],
                    "类别": group_of(f.code),
                    "问题": finding_label(f.code),
                    "说明": mask_id_numbers(f.message),
                    "页码": "、".join(cited_pages(f.pages, f.printed_pages)),
                    "置信度": None if f.confidence is None else round(f.confidence, 2),
                    "涉及材料": titles.get(f.item or "", f.item or ""),
                    "代码": f.code,
                }
            )
    return pd.DataFrame(
        records, columns=["文件名", "申报单位", "严重程度", "类别", "问题", "说明", "页码", "置信度", "涉及材料", "代码"]
    )


def _format_sheet(ws: Worksheet) -> None:
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    for column in ws.iter_cols():
        widest = 0
        for cell in column:
            if cell.data_type == "f":  # text that merely looks like a formula
                cell.data_type = "s"
            if cell.value is not None:
                widest = max(widest, display_width(str(cell.value)))
        ws.column_dimensions[column[0].column_letter].width = min(widest + 2, MAX_WIDTH)


def write_register(entries: list[tuple[Report, BatchRow]], target: Path) -> Path:
    rows = [row for _, row in entries]

    def save(tmp: Path) -> None:
        with pd.ExcelWriter(tmp, engine="openpyxl") as xw:
            _register_frame(rows).to_excel(xw, sheet_name="登记表", index=False)
            _findings_frame(entries).to_excel(xw, sheet_name="问题清单", index=False)
            register, findings = xw.sheets["登记表"], xw.sheets["问题清单"]
            for ws in (register, findings):
                _format_sheet(ws)
            for row, excel_row in zip(rows, register.iter_rows(min_row=2), strict=True):
                excel_row[VERDICT_COLUMN].fill = PatternFill("solid", fgColor=VERDICT_FILLS[row.verdict_label])
                excel_row[REPORT_COLUMN].hyperlink = row.report_path  # Excel resolves it next to the workbook
                excel_row[REPORT_COLUMN].font = Font(color="1D4ED8", underline="single")

    return atomic_save(target, save)
