"""What each document says, decided once for its Word file and its print view.

Every sentence of an issued document is settled here, from the officer's decisions
(`documents.model`), and both renderings lay the same `DocumentContent` out, so the Word
file a district stamps and the page it prints can never say different things. The
district's templates choose the layout (红头, fonts, seal space), not the wording.

The legal basis of the 补正 notice follows the round's notice: recognition of a carrier is
not a 行政许可, so the notice cites the city's rules and notice (深人社函〔2023〕110号,
四（三）: 材料不齐全或者不符合法定形式的，应当出具补齐或补正材料通知书) and applies the
one-time notice of 行政许可法 第三十二条第一款第（四）项 by reference (参照).

Nothing the machine wrote about its own reading reaches these texts: each problem and note
is cleaned of machine clauses (`kernel.wording`), and a finished content that still speaks
of OCR, confidences or PDF page indices is refused.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, fields
from datetime import date

from documents.model import (
    ROUND_2023,
    AcceptanceContext,
    Applicant,
    CityReportContext,
    CorrectionContext,
    DistrictInfo,
    NoticeItem,
    PublicityContext,
    RefusalContext,
    RoundInfo,
)
from kernel.wording import MachineWordingError, clean_for_applicant, machine_terms_in

KINDS = ("correction", "acceptance", "not_accepted", "ineligible", "publicity", "city_report")
TITLES = {
    "correction": "补正材料通知书",
    "acceptance": "受理通知书",
    "not_accepted": "不予受理告知书",
    "ineligible": "不符合申报条件告知书",
}
SECTION_NUMERALS = "一二三四五六七八九十"
APPEAL = "如对本告知书有异议，可自收到本告知书之日起六十日内依法申请行政复议，或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼。"
RESUBMIT_FORM = (
    "将补正后的纸质材料（A4纸装订成册，一式两份，编制目录和页码）及电子版材料"
    "（PDF格式，扫描成一份文件，以申报单位名称命名，材料顺序与纸质版材料装订顺序一致）一并提交本机关"
)
_PAGE_LABEL = re.compile(r"^\d+(?:\s*[-–—~至]\s*\d+)?$")


@dataclass(frozen=True)
class Point:
    """One numbered point of a 补正 notice."""

    number: int
    material: str
    pages: str  # "（见第12页、第14-15页）", or "" when no page is cited
    problem: str
    standard: str
    hint: str = ""  # for the officer only ("PDF第14页"): shown on screen, never printed or in Word

    @property
    def lead(self) -> str:
        return f"{self.number}．{self.material}{self.pages}"

    @property
    def body(self) -> str:
        return f"：{self.problem}。补正要求：{self.standard}。"

    @property
    def text(self) -> str:
        return self.lead + self.body


@dataclass(frozen=True)
class Section:
    heading: str  # "一、材料不齐全"
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class DocumentContent:
    """Everything one document prints, in reading order; the templates only place it."""

    kind: str
    bureau: str  # the issuing authority, printed in the 红头
    title: str
    doc_number: str
    addressee: str  # "" for a document to the public (公示)
    opening: tuple[str, ...]
    sections: tuple[Section, ...]
    numbered: tuple[str, ...]  # reasons, already numbered ("1．……")
    table: Table | None
    closing: tuple[str, ...]
    contact: tuple[str, ...]
    attachments: tuple[str, ...]
    signer: str  # the wording over the seal
    date_text: str
    receipt: bool  # the applicant's 签收 block
    copies: str
    applicant_name: str  # for file names and the Word file's properties; "" for a list

    def texts(self) -> list[str]:
        """Every string the document prints (the officer's page hints are not printed)."""
        out = [self.bureau, self.title, self.doc_number, self.addressee, self.signer, self.date_text, self.copies]
        out += [*self.opening, *self.numbered, *self.closing, *self.contact, *self.attachments]
        for section in self.sections:
            out.append(section.heading)
            out += [p.text for p in section.points]
        if self.table:
            out += [*self.table.columns, *(cell for row in self.table.rows for cell in row)]
        return out

    def as_dict(self) -> dict:
        """The template context: the fields, each point with its lead/body/text spelled out."""
        context = {f.name: getattr(self, f.name) for f in fields(self)}
        context["sections"] = [
            {"heading": s.heading, "points": [
                {"number": p.number, "material": p.material, "pages": p.pages, "problem": p.problem,
                 "standard": p.standard, "lead": p.lead, "body": p.body, "text": p.text}
                for p in s.points]}
            for s in self.sections
        ]
        context["table"] = {"columns": list(self.table.columns), "rows": [list(r) for r in self.table.rows]} if self.table else None
        return context


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _stop(text: str) -> str:
    return text.strip().rstrip("。；;.，, ")


def page_citation(labels: tuple[str, ...]) -> str:
    """Printed page labels as the notice cites them: ("12", "14-15") → "（见第12页、第14-15页）".
    A label that is not a number ("封面") is cited as written."""
    if not labels:
        return ""
    cited = [f"第{label.replace(' ', '')}页" if _PAGE_LABEL.match(label.strip()) else label.strip() for label in labels]
    return f"（见{'、'.join(cited)}）"


def _applied_for(applicant: Applicant) -> str:
    text = applicant.applied_for
    if applicant.master_name:
        text += f"（领办人：{applicant.master_name}）"
    return text


def _contact(district: DistrictInfo) -> tuple[str, ...]:
    address = district.address + (f"（邮编：{district.postcode}）" if district.postcode else "")
    return (f"联系人：{district.contact_person}　　联系电话：{district.contact_phone}", f"地址：{address}")


def _rules(round_info: RoundInfo) -> str:
    return f"《{round_info.rules_title}》（{round_info.rules_number}）"


def _notice(round_info: RoundInfo) -> str:
    return f"《{round_info.notice_title}》（{round_info.notice_number}）"


def _for_applicant(text: str, what: str) -> str:
    return _stop(clean_for_applicant(text, what))


def _guarded(content: DocumentContent) -> DocumentContent:
    """`content`, refused if any printed text still speaks of the machine's reading."""
    for text in content.texts():
        terms = machine_terms_in(text)
        if terms:
            raise MachineWordingError(f"文书中有机器识别用语（{'、'.join(terms)}），不能出具：“{text}”")
    return content


def _points(items: tuple[NoticeItem, ...]) -> tuple[Section, ...]:
    """The items under 材料不齐全 then 不符合法定形式, numbered straight through so the
    applicant can refer to "第3项" without naming its section."""
    groups = [("材料不齐全", [i for i in items if i.absent]), ("不符合法定形式", [i for i in items if not i.absent])]
    sections: list[Section] = []
    number = 0
    for name, group in groups:
        if not group:
            continue
        points = []
        for item in group:
            number += 1
            where = f"第{number}项（{item.material}）"
            points.append(Point(
                number=number,
                material=_for_applicant(item.material, f"{where}的材料名称"),
                pages=page_citation(item.printed_pages),
                problem=_for_applicant(item.problem, f"{where}的问题描述"),
                standard=_for_applicant(item.standard, f"{where}的补正要求"),
                hint=("PDF第" + "、".join(str(p) for p in item.pdf_pages) + "页") if item.pdf_pages else "",
            ))
        sections.append(Section(f"{SECTION_NUMERALS[len(sections)]}、{name}", tuple(points)))
    return tuple(sections)


def _note(note: str) -> tuple[str, ...]:
    return (_for_applicant(note, "备注") + "。",) if note.strip() else ()


def correction_notice(
    applicant: Applicant, district: DistrictInfo, context: CorrectionContext, round_info: RoundInfo = ROUND_2023
) -> DocumentContent:
    """The 补正材料通知书: only the items given, each with its material, printed pages and standard."""
    if not context.items:
        raise ValueError("补正材料通知书至少须列明一项需要补正的内容")
    opening = (
        f"本机关于{chinese_date(context.received_on)}收到你单位提交的{_applied_for(applicant)}认定申报材料。"
        f"根据{_rules(round_info)}和{_notice(round_info)}第四部分“认定流程”第（三）项"
        "“申报材料不齐全或者不符合法定形式的，应当出具补齐或补正材料通知书”的规定，"
        "参照《中华人民共和国行政许可法》第三十二条第一款第（四）项一次告知的规定，"
        "经审查，你单位的申报材料存在下列问题，现一次性告知如下：",
    )
    if context.deadline is not None:
        resubmit = f"请你单位于{chinese_date(context.deadline)}前，按上述要求一次性补正全部材料，{RESUBMIT_FORM}。"
    else:
        resubmit = (
            f"请你单位自收到本通知书之日起{context.deadline_working_days}个工作日内，"
            f"按上述要求一次性补正全部材料，{RESUBMIT_FORM}。"
        )
    closing = (resubmit, "逾期未补正且无正当理由的，视为你单位撤回本次申请。", *_note(context.note))
    return _guarded(DocumentContent(
        kind="correction", bureau=district.bureau, title=TITLES["correction"], doc_number=context.doc_number,
        addressee=applicant.unit_name, opening=opening, sections=_points(context.items), numbered=(), table=None,
        closing=closing, contact=_contact(district), attachments=(), signer=district.seal,
        date_text=chinese_date(context.issued_on), receipt=True, copies="本通知书一式两份，一份送达申请人，一份由本机关存档。",
        applicant_name=applicant.unit_name,
    ))


def acceptance_notice(
    applicant: Applicant, district: DistrictInfo, context: AcceptanceContext, round_info: RoundInfo = ROUND_2023
) -> DocumentContent:
    """The 受理通知书 for a complete submission in the required form."""
    opening = (
        f"本机关于{chinese_date(context.received_on)}收到你单位提交的{_applied_for(applicant)}认定申报材料。"
        f"经审查，申报材料齐全，符合规定形式。根据{_notice(round_info)}第四部分“认定流程”第（三）项的规定，"
        "本机关决定予以受理。",
    )
    closing = (
        f"本机关将按照{_rules(round_info)}和上述通知的规定组织专家实地考察和评审，请你单位保持联系畅通，配合做好实地考察工作。"
        "受理不代表认定结果。",
        *_note(context.note),
    )
    return _guarded(DocumentContent(
        kind="acceptance", bureau=district.bureau, title=TITLES["acceptance"], doc_number=context.doc_number,
        addressee=applicant.unit_name, opening=opening, sections=(), numbered=(), table=None, closing=closing,
        contact=_contact(district), attachments=(), signer=district.seal, date_text=chinese_date(context.issued_on),
        receipt=True, copies="本通知书一式两份，一份送达申请人，一份由本机关存档。", applicant_name=applicant.unit_name,
    ))


def refusal_notice(
    applicant: Applicant, district: DistrictInfo, context: RefusalContext, round_info: RoundInfo = ROUND_2023
) -> DocumentContent:
    """The 不予受理告知书 or the 不符合申报条件告知书, with the officer's reasons."""
    if not context.reasons:
        raise ValueError(f"{TITLES[context.kind]}须写明理由")
    received = f"本机关于{chinese_date(context.received_on)}收到你单位提交的{_applied_for(applicant)}认定申报材料。"
    if context.kind == "not_accepted":
        opening = (received + "经审查，你单位的申请存在下列情形，本机关不予受理：",)
        decision = f"根据{_notice(round_info)}的规定，本机关决定对你单位的本次申请不予受理。"
    else:
        opening = (received + f"经审查，你单位不符合{_rules(round_info)}和{_notice(round_info)}规定的申报条件，具体如下：",)
        decision = "你单位的本次申请不进入评审环节。"
    numbered = tuple(
        f"{n}．{_for_applicant(reason, f'第{n}条理由')}。" for n, reason in enumerate(context.reasons, start=1)
    )
    return _guarded(DocumentContent(
        kind=context.kind, bureau=district.bureau, title=TITLES[context.kind], doc_number=context.doc_number,
        addressee=applicant.unit_name, opening=opening, sections=(), numbered=numbered, table=None,
        closing=(decision, *_note(context.note), APPEAL), contact=_contact(district), attachments=(),
        signer=district.seal, date_text=chinese_date(context.issued_on), receipt=True,
        copies="本告知书一式两份，一份送达申请人，一份由本机关存档。", applicant_name=applicant.unit_name,
    ))


def candidate_rows(candidates: tuple[Applicant, ...]) -> tuple[tuple[str, ...], ...]:
    """序号, 申报单位, 载体类型, 载体名称 for each candidate, in the order given."""
    return tuple(
        (str(n), a.unit_name, a.carrier_type_name, a.carrier_title) for n, a in enumerate(candidates, start=1)
    )


def _list_title(district: str, round_info: RoundInfo) -> str:
    return f"{district}{round_info.year}年度深圳市终身职业技能培训载体认定候选名单"


def publicity_notice(
    district: DistrictInfo, context: PublicityContext, round_info: RoundInfo = ROUND_2023
) -> DocumentContent:
    """The 公示 of the district's candidate list for the window given."""
    if not context.candidates:
        raise ValueError("候选名单为空，不能发布公示")
    if context.window_end < context.window_start:
        raise ValueError("公示期结束日期早于开始日期")
    listed = _list_title(district.district, round_info)
    opening = (
        f"根据{_notice(round_info)}的规定，经申报受理、专家实地考察和评审，"
        f"现将{listed}（共{len(context.candidates)}家）予以公示。",
        f"公示期：{chinese_date(context.window_start)}至{chinese_date(context.window_end)}。",
        f"公示期间，任何单位和个人对公示对象有异议的，可以书面形式向{district.bureau}反映。"
        "以单位名义反映的，须加盖单位公章；以个人名义反映的，须署真实姓名并提供联系方式。",
    )
    return _guarded(DocumentContent(
        kind="publicity", bureau=district.bureau, title=f"{listed}公示", doc_number=context.doc_number,
        addressee="", opening=opening, sections=(), numbered=(),
        table=Table(("序号", "申报单位", "载体类型", "载体名称"), candidate_rows(context.candidates)),
        closing=_note(context.note), contact=_contact(district), attachments=(), signer=district.seal,
        date_text=chinese_date(context.issued_on), receipt=False, copies="", applicant_name="",
    ))


def city_report_letter(
    district: DistrictInfo, context: CityReportContext, round_info: RoundInfo = ROUND_2023
) -> DocumentContent:
    """The cover letter reporting the candidate list to the city, within the district's quota."""
    count = len(context.candidates)
    if count == 0:
        raise ValueError("候选名单为空，无需报送")
    if count > context.quota:
        raise ValueError(f"候选名单{count}家，超过{context.district}{context.quota}家的认定名额，不能报送")
    listed = _list_title(context.district, round_info)
    by_type = "、".join(f"{name}{n}家" for name, n in Counter(a.carrier_type_name for a in context.candidates).items())
    publicity = ""
    if context.publicity_start and context.publicity_end:
        publicity = (
            f"候选名单已于{chinese_date(context.publicity_start)}至{chinese_date(context.publicity_end)}向社会公示，"
            f"{_stop(context.objections)}。"
        )
    opening = (
        f"根据{_notice(round_info)}的要求，我局组织开展了{context.district}{round_info.year}年度深圳市终身职业技能培训载体"
        f"认定的申报受理和专家评审工作，确定候选名单{count}家（其中{by_type}），未超过我区{context.quota}家的认定名额。"
        + publicity + "现将候选名单报送你局，请予审定。",
    )
    return _guarded(DocumentContent(
        kind="city_report", bureau=district.bureau, title=f"关于报送{listed}的函", doc_number=context.doc_number,
        addressee=round_info.city_bureau, opening=opening, sections=(), numbered=(), table=None,
        closing=_note(context.note), contact=_contact(district), attachments=(f"附件：{listed}汇总表",),
        signer=district.seal, date_text=chinese_date(context.issued_on), receipt=False, copies="", applicant_name="",
    ))
