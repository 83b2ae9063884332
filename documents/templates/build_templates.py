"""Builds the bundled Word templates of the issued documents (`<kind>.docx` next to this file).

Run it after changing the default layout: `python documents/templates/build_templates.py`.
A district does not run it: it opens a template in Word, lays out its own 红头 and saves the
file into its own template folder (see README.md here for the variables a template may use).
tests/test_documents_templates.py checks that the bundled files are what this script makes.

Layout after GB/T 9704 (党政机关公文格式): A4, the issuing authority in red over a red
rule, 小标宋 title, 仿宋 body with a two-character indent, the seal space and date at the
right. Every line is a plain paragraph so staff can edit the rendered file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
KINDS = ("correction", "acceptance", "not_accepted", "ineligible", "publicity", "city_report")
RED = RGBColor(0xC0, 0x00, 0x00)
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
BODY_PT = 14  # 四号: a notice with a dozen points fits on two pages
LINE_PT = 25


def _run(paragraph, text: str, font: str = BODY_FONT, size: float = BODY_PT, bold: bool = False, color=None):
    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), font)
    # Quotes and dashes are shared by Western and Chinese text; the hint sets them full-width
    # in the Chinese font, as a Chinese document prints them.
    fonts.set(qn("w:hint"), "eastAsia")
    return run


def _para(doc, text: str = "", *, indent: bool = True, align=None, font: str = BODY_FONT, size: float = BODY_PT,
          bold: bool = False, color=None, keep: bool = False):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(max(LINE_PT, size * 1.5))
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.keep_with_next = keep
    if indent:
        fmt.first_line_indent = Pt(BODY_PT * 2)
    if align is not None:
        p.alignment = align
    if text:
        _run(p, text, font, size, bold, color)
    return p


def _tag(doc, tag: str) -> None:
    """A paragraph holding only a docxtpl block tag ({%p for … %}); docxtpl removes it."""
    _para(doc, tag, indent=False)


def _red_rule(paragraph) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "6"), ("w:color", "C00000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _table(doc) -> None:
    table = doc.add_table(rows=4, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    rows = table.rows
    for i, cell in enumerate(rows[0].cells):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(cell.paragraphs[0], f"{{{{ table.columns[{i}] }}}}", HEADING_FONT, 12)
    _run(rows[1].cells[0].paragraphs[0], "{%tr for row in table.rows %}", size=12)
    for i, cell in enumerate(rows[2].cells):
        _run(cell.paragraphs[0], f"{{{{ row[{i}] }}}}", size=12)
    _run(rows[3].cells[0].paragraphs[0], "{%tr endfor %}", size=12)


def build(kind: str):
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    doc.core_properties.title = ""
    doc.core_properties.author = ""

    _para(doc, "{{ bureau }}", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT, size=26, color=RED)
    _red_rule(_para(doc, "{{ doc_number }}", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER))
    _para(doc, indent=False)
    _para(doc, "{{ title }}", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT, size=22)
    _para(doc, indent=False)
    _tag(doc, "{%p if addressee %}")
    _para(doc, "{{ addressee }}：", indent=False)
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p for text in opening %}")
    _para(doc, "{{ text }}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p for section in sections %}")
    _para(doc, "{{ section.heading }}", font=HEADING_FONT)
    _tag(doc, "{%p for point in section.points %}")
    point = _para(doc)
    _run(point, "{{ point.lead }}", bold=True)
    _run(point, "{{ point.body }}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p for text in numbered %}")
    _para(doc, "{{ text }}")
    _tag(doc, "{%p endfor %}")
    if kind == "publicity":
        _table(doc)
    _tag(doc, "{%p for text in closing %}")
    _para(doc, "{{ text }}")
    _tag(doc, "{%p endfor %}")
    # The contact lines, the seal and the date stay on one page: a seal alone on a page,
    # away from the text it certifies, is not accepted. The receipt may start a new page.
    _tag(doc, "{%p for text in contact %}")
    _para(doc, "{{ text }}", keep=True)
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p for text in attachments %}")
    _para(doc, "{{ text }}", keep=True)
    _tag(doc, "{%p endfor %}")
    for _ in range(2):
        _para(doc, indent=False, keep=True)
    for text, keep in (("{{ signer }}（盖章）", True), ("{{ date_text }}", False)):
        p = _para(doc, text, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT, keep=keep)
        p.paragraph_format.right_indent = Pt(BODY_PT * 2)
    _tag(doc, "{%p if receipt %}")
    _para(doc, indent=False, keep=True)
    _para(doc, "申请人签收：", indent=False, keep=True)
    _para(doc, "签收人（签名）：", indent=False, keep=True)
    _para(doc, "签收日期：　　　　年　　月　　日", indent=False)
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if copies %}")
    _para(doc, "（{{ copies }}）", indent=False, size=11)
    _tag(doc, "{%p endif %}")
    return doc


def main(target: Path = HERE) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        build(kind).save(str(target / f"{kind}.docx"))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
