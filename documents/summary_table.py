"""The 汇总表 of the candidate list reported to the city (xlsx).

The city collects every district's candidates into one list, so the table carries one row
per carrier with what identifies it (unit, 统一社会信用代码, type, the master of a studio)
and whom to call about it, under a title and the district's quota line. Written with
pandas and laid out with openpyxl (column widths, wrapped text, a frozen header) so it
prints on landscape A4 without retouching.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from documents.content import chinese_date
from documents.model import ROUND_2023, CityReportContext, DistrictInfo, RoundInfo

COLUMNS = (
    "序号", "所属区", "载体类型", "申报单位名称", "统一社会信用代码", "技能大师工作室领办人",
    "法定代表人", "单位地址", "联系人", "联系电话", "备注",
)
_WIDTHS = (6, 10, 20, 32, 22, 14, 12, 36, 10, 16, 16)
_HEADER_ROW = 4  # title, quota line, blank, then the header (1-based)


def summary_frame(context: CityReportContext) -> pd.DataFrame:
    rows = [
        (n, context.district, a.carrier_type_name, a.unit_name, a.credit_code, a.master_name or "",
         a.legal_representative, a.address, a.contact_person, a.contact_phone, "")
        for n, a in enumerate(context.candidates, start=1)
    ]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def write_summary_xlsx(
    district: DistrictInfo, context: CityReportContext, target: Path, round_info: RoundInfo = ROUND_2023
) -> Path:
    """Write the 汇总表 of `context`'s candidates into `target`."""
    title = f"{context.district}{round_info.year}年度深圳市终身职业技能培训载体认定候选名单汇总表"
    frame = summary_frame(context)
    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name="候选名单", index=False, startrow=_HEADER_ROW - 1)
        sheet = writer.sheets["候选名单"]
        sheet["A1"] = title
        sheet["A1"].font = Font(bold=True, size=16)
        sheet["A1"].alignment = Alignment(horizontal="center")
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
        sheet["A2"] = (
            f"填报单位（盖章）：{district.bureau}　　本区名额：{context.quota}家　　"
            f"候选：{len(context.candidates)}家　　填报日期：{chinese_date(context.issued_on)}"
        )
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(COLUMNS))
        for i, width in enumerate(_WIDTHS, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        for row in sheet.iter_rows(min_row=_HEADER_ROW, max_row=sheet.max_row):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.freeze_panes = sheet.cell(row=_HEADER_ROW + 1, column=1)
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.print_title_rows = f"{_HEADER_ROW}:{_HEADER_ROW}"
    return target
