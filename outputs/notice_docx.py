"""notice.docx: the 补正材料通知书 as a Word file staff edit, stamp and send.

Laid out after the national format for official documents (GB/T 9704: A4, 仿宋 三号
body, 小标宋 title, 28-point lines) so that it needs no re-typing before it goes out.
Every line is an ordinary paragraph, no text boxes or fields, so staff can change any
of it; the content comes from `NoticeContent`, shared with notice.html. The page header
marks it as the machine's draft on every page.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from outputs.atomic import atomic_save
from outputs.notice import DRAFT_BANNER, NoticeContent

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
# 四号 body rather than the 三号 of a 公文: a notice with a dozen defects then fits
# on two pages instead of leaving the seal alone on a third.
BODY_PT = 14  # 四号
TITLE_PT = 22  # 二号
LINE_PT = 25
INDENT = Pt(BODY_PT * 2)  # two characters


def _run(paragraph: Paragraph, text: str, font: str = BODY_FONT, size: float = BODY_PT, bold: bool = False) -> None:
    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = Pt(size)
    run.font.bold = bold
    # Word picks the font for Chinese characters from the eastAsia attribute only.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _para(doc, text: str = "", *, indent: bool = True, align=None, font: str = BODY_FONT, size: float = BODY_PT) -> Paragraph:
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT if size >= BODY_PT else size * 1.7)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = INDENT
    if align is not None:
        p.alignment = align
    if text:
        _run(p, text, font, size)
    return p


def build_notice_docx(content: NoticeContent) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    doc.core_properties.title = f"{content.title}（{content.applicant}）"
    doc.core_properties.author = content.authority
    banner = section.header.paragraphs[0]
    banner.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(banner, DRAFT_BANNER, HEADING_FONT, 12, bold=True)
    banner.runs[0].font.color.rgb = RGBColor(0xC0, 0, 0)

    title = _para(doc, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    title.paragraph_format.line_spacing = Pt(40)
    _run(title, content.title, TITLE_FONT, TITLE_PT)
    _para(doc, content.doc_number, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, indent=False)
    _para(doc, f"{content.applicant}：", indent=False)
    _para(doc, content.intro)
    for sec in content.sections:
        _para(doc, sec.heading, font=HEADING_FONT)
        for n, item in enumerate(sec.items, start=1):
            _para(doc, f"{n}. {item.text}")
    _para(doc, content.resubmit)
    # The closing paragraphs, the seal and the receipt stay on one page: a seal on a
    # page of its own, away from the text it certifies, is not accepted.
    block = [
        _para(doc, content.consequence),
        _para(doc, f"联系人：{content.contact_person}　　联系电话：{content.contact_phone}"),
        _para(doc, f"地址：{content.address}"),
    ]
    block += [_para(doc, indent=False) for _ in range(2)]  # room for the seal
    for text in (f"{content.authority}（盖章）", content.issued_text):
        p = _para(doc, text, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        p.paragraph_format.right_indent = INDENT
        block.append(p)
    block.append(_para(doc, indent=False))
    receipt = _para(doc, "申请人签收：", indent=False)
    _top_rule(receipt)
    block.append(receipt)
    block.append(_para(doc, "签收人（签名）：", indent=False))
    block.append(_para(doc, "签收日期：　　　　年　　月　　日", indent=False))
    for p in block:
        p.paragraph_format.keep_with_next = True
    _para(doc, f"（{content.copies}）", indent=False, size=11)
    return doc


def _top_rule(paragraph: Paragraph) -> None:
    """A dashed line above the receipt, the cut-off between the bureau's and the
    applicant's part."""
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "dashed"), ("w:sz", "6"), ("w:space", "8"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().append(borders)


def write_notice_docx(content: NoticeContent, target: Path) -> Path:
    document = build_notice_docx(content)
    return atomic_save(target, lambda tmp: document.save(str(tmp)))
