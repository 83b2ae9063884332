"""What each catalog part of a dossier says and looks like.

One builder per catalog item turns the applicant's facts into pages that resemble what
applicants really scan: a bordered 申报表, a licence, ID-card copies, contracts and rules
in prose, long rosters and equipment tables, certificates and site photos. The key fields
carry exactly the labels the extractors look for; everything else is plausible filler.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

from factory.identity import (
    LEVELS_ALL, OCCUPATIONS, TYPE_NAMES, Applicant, cn_date, id_number, person_name, random_date,
)
from factory.layout import LEFT, TOP, Column, FormRow, Style, form_table, heading, prose_pages, table_pages
from factory.sheet import Sheet

# Catalog (materials.md): item → (B, M, R) with "r" required, "o" optional, "" absent.
CATALOG: dict[str, tuple[str, str, str]] = {
    "application_form": ("r", "r", "r"),
    "entity_certificate": ("r", "r", "r"),
    "legal_rep_id": ("r", "r", "r"),
    "commitment_letter": ("r", "r", "r"),
    "credit_record": ("r", "r", "r"),
    "venue_proof": ("r", "r", "r"),
    "equipment_list": ("r", "r", "o"),
    "management_rules": ("r", "r", "r"),
    "training_records": ("r", "", ""),
    "instructor_roster": ("r", "", ""),
    "partnership_agreements": ("o", "", ""),
    "master_id": ("", "r", ""),
    "master_certificate": ("", "r", ""),
    "master_honors": ("", "o", ""),
    "employment_proof": ("", "r", ""),
    "team_roster": ("", "r", ""),
    "apprenticeship_plan": ("", "r", ""),
    "cooperation_agreement": ("", "", "r"),
    "rural_training_records": ("", "", "r"),
    "work_plan": ("r", "r", "r"),
}
TYPES = ("training_base", "master_studio", "rural_station")

# Title variants per item, all within materials.md's keywords column.
TITLES: dict[str, list[str]] = {
    "application_form": ["申报表", "认定申报表", "认定申请表", "载体认定申请书"],
    "legal_rep_id": ["法定代表人身份证复印件", "法定代表人身份证", "法定代表人身份证复印件（正反面）"],
    "commitment_letter": ["诚信承诺书", "承诺书", "申报单位诚信承诺书"],
    "credit_record": ["“信用中国”查询结果", "信用查询记录", "信用中国网站信用查询截图"],
    "venue_proof": ["场地租赁合同及场地照片", "租赁合同", "场地证明材料（租赁合同、场地照片）"],
    "equipment_list": ["设备清单", "设施设备清单", "主要培训设施设备清单", "固定资产清单"],
    "management_rules": ["管理制度", "培训管理制度", "内部管理制度汇编", "规章制度"],
    "training_records": ["培训台账", "近三年培训情况统计及培训花名册", "培训统计表"],
    "instructor_roster": ["师资名册", "师资队伍情况表", "教师名单"],
    "partnership_agreements": ["校企合作协议", "合作协议"],
    "master_id": ["领办人身份证复印件", "大师身份证复印件", "领办人身份证"],
    "master_certificate": ["领办人职业资格证书", "职业技能等级证书", "领办人技师证书复印件"],
    "master_honors": ["荣誉证书", "领办人荣誉证书复印件"],
    "employment_proof": ["劳动合同及社保参保证明", "社保参保证明", "劳动合同"],
    "team_roster": ["工作室成员名单", "团队成员情况表"],
    "apprenticeship_plan": ["带徒计划", "师带徒计划及学徒名册", "带徒计划和学徒名册"],
    "cooperation_agreement": ["帮扶协议", "合作协议（与镇人民政府）", "与村委会合作协议"],
    "rural_training_records": ["涉农培训花名册", "涉农培训情况及培训花名册", "乡村工匠培训统计"],
    "work_plan": ["工作方案", "建设方案", "实施方案", "三年建设工作方案"],
}
# Minimum pages and how readily a part grows when the dossier is asked to be longer.
SIZES: dict[str, tuple[int, float]] = {
    "application_form": (2, 0), "entity_certificate": (1, 0), "legal_rep_id": (1, 0),
    "commitment_letter": (1, 0), "credit_record": (1, 0), "venue_proof": (2, 1.5),
    "equipment_list": (1, 2), "management_rules": (1, 3), "training_records": (1, 4),
    "instructor_roster": (1, 1.5), "partnership_agreements": (1, 1), "master_id": (1, 0),
    "master_certificate": (1, 0.4), "master_honors": (1, 0.4), "employment_proof": (1, 0.5),
    "team_roster": (1, 0.8), "apprenticeship_plan": (1, 1), "cooperation_agreement": (1, 1),
    "rural_training_records": (1, 4), "work_plan": (1, 3),
}
REQUIRED_DROPPABLE = ("commitment_letter", "credit_record", "management_rules", "work_plan", "venue_proof")


def catalog_items(carrier_type: str, rng: random.Random, optional: bool | None = None) -> list[str]:
    """The items this dossier contains, in catalog order: required ones always, optional
    ones with `optional` (None: a coin toss)."""
    col = TYPES.index(carrier_type)
    items = []
    for item, marks in CATALOG.items():
        if marks[col] == "r" or (marks[col] == "o" and (rng.random() < 0.5 if optional is None else optional)):
            items.append(item)
    return items


def optional_item(carrier_type: str) -> str:
    col = TYPES.index(carrier_type)
    return next(item for item, marks in CATALOG.items() if marks[col] == "o")


def item_title(item: str, app: Applicant, rng: random.Random) -> str:
    if item == "entity_certificate":
        return app.certificate_kind + rng.choice(["", "复印件", "（副本）复印件"])
    return rng.choice(TITLES[item])


@dataclass
class Part:
    """What a builder needs: the applicant, the dossier's style and chance, the title."""

    app: Applicant
    style: Style
    rng: random.Random
    title: str
    n_pages: int
    type_known: bool


def _seal_block(part: Part, sheet: Sheet, y: float, lines: list[str]) -> float:
    """Signature lines on the right, date, the red seal over the unit name; the blank after
    a 签字 label is the signature field."""
    x = sheet.width - 300
    size = part.style.body_size
    for line in lines:
        end = sheet.text(x, y, line, size).x1
        if "签字" in line:
            sheet.signature_field(end + size * 1.2, y - size * 1.9, end + size * 1.2 + 96, y + size * 0.8,
                                  part.app.legal_representative)
        y += size * 2
    sheet.text(x + 60, y, cn_date(part.app.application_date), part.style.body_size)
    sheet.seal(x + 120 + part.rng.uniform(-20, 20), y - 45, 52, part.app.unit_name)
    return y + 30


def _sentences(rng: random.Random, pool: list[str], app: Applicant) -> Iterator[str]:
    """Paragraphs of 2–4 sentences dealt from a shuffled deck, so a sentence comes back
    only after all the others have been used."""
    deck: list[str] = []
    while True:
        paragraph = []
        for _ in range(rng.randrange(2, 5)):
            if not deck:
                deck = rng.sample(pool, len(pool))
            paragraph.append(deck.pop())
        yield "".join(paragraph).format(unit=app.unit_name, district=app.district, year=2023)


PROSE_POOL = [
    "为加强{unit}技能人才培养工作的规范化管理，提高培训质量，根据国家和省市有关规定，结合本单位实际，制定本制度。",
    "培训部负责年度培训计划的制定、组织实施和效果评估，各部门应积极配合做好学员的选派和管理工作。",
    "学员应按时参加培训，不得无故缺勤、迟到或早退，因故不能参加的须提前办理请假手续。",
    "培训结束后应组织考核，考核结果记入学员培训档案，作为评先评优和岗位晋升的重要依据。",
    "实训场地和设备由专人管理，使用前应检查设备状况，使用后做好清洁和登记，确保安全运行。",
    "培训经费实行专款专用，严格执行财务管理制度，接受有关部门的监督检查。",
    "建立健全培训档案，做到一人一档，培训签到表、课程表、考核成绩等资料及时归档保存。",
    "聘请具有高级技师、技师职业资格或相应专业技术职称的人员担任兼职教师，定期开展教学研讨。",
    "积极开展岗位练兵和技能竞赛活动，营造比学赶超的良好氛围，促进高技能人才脱颖而出。",
    "安全生产是培训工作的首要任务，培训前必须进行安全教育，严格遵守操作规程。",
    "本制度自发布之日起施行，由培训部负责解释，原有规定与本制度不一致的，以本制度为准。",
    "坚持以市场需求为导向，围绕{district}重点产业发展需要，完善技能人才培养、评价和使用机制。",
    "到{year}年底，力争年培训各类技能人才不少于三千人次，其中高级工以上人员占比不低于百分之二十。",
    "依托现有实训设备和师资力量，开发具有行业特色的培训课程和教材，推广先进操作法和绝技绝活。",
    "每年组织不少于两次师资培训，选派骨干教师参加国家级、省级师资研修，提升实操教学能力。",
    "与区内重点企业建立用工对接机制，学员结业后优先推荐就业，跟踪就业质量和岗位适应情况。",
    "培训项目实行年度计划管理，计划经单位负责人审定后报区人力资源部门备案，并按计划组织实施。",
    "建立学员满意度调查制度，每期培训结束后发放调查问卷，根据反馈意见及时改进教学内容和方法。",
    "实训耗材实行领用登记，按照节约使用、规范管理的原则严格控制成本，杜绝浪费。",
    "积极承接职业技能等级认定工作，严格执行考务管理规定，确保认定结果客观公正。",
    "完善培训信息化管理平台，实现报名、签到、考核、证书查询等环节线上办理。",
    "对接{district}产业园区用工需求，开展订单式、定向式培训，提高培训的针对性和实效性。",
    "建立健全考核激励机制，将培训成效与教师绩效挂钩，对成绩突出的教师给予表彰奖励。",
    "严格落实消防安全责任制，定期开展消防演练和隐患排查，确保培训场所安全有序。",
]
SECTION_HEADS = ["一、总则", "二、组织机构", "三、培训管理", "四、师资管理", "五、学员管理", "六、经费管理",
                 "七、安全管理", "八、档案管理", "九、附则"]
PLAN_HEADS = ["一、指导思想", "二、建设目标", "三、主要任务", "四、保障措施", "五、进度安排", "六、预期成效"]
ARTICLE_NUMS = "一二三四五六七八九十"


def _prose_blocks(part: Part, heads: list[str],
                  first: list[tuple[str, str]] | None = None) -> Iterator[tuple[str, str]]:
    yield from first or []
    sentences = _sentences(part.rng, PROSE_POOL, part.app)
    article = 0
    while True:
        for head in heads:
            yield "h", head
            for _ in range(part.rng.randrange(2, 4)):
                article += 1
                num = ARTICLE_NUMS[article - 1] if article <= 10 else "十" + ARTICLE_NUMS[(article - 11) % 10]
                yield "p", f"第{num}条 " + next(sentences) if heads is SECTION_HEADS else next(sentences)


def _type_checkbox(part: Part) -> tuple[list[str], int | None]:
    options = list(TYPE_NAMES.values())
    ticked = list(TYPE_NAMES).index(part.app.carrier_type) if part.type_known else None
    return options, ticked


def application_form(part: Part) -> list[Sheet]:
    app, style, rng = part.app, part.style, part.rng
    size = style.body_size
    right = style.right
    first = style.sheet()
    y = heading(first, part.title, style)
    kind = TYPE_NAMES[app.carrier_type] if part.type_known else "终身职业技能培训载体"
    first.text_center(y + 6, f"2023年度深圳市{kind}认定申报表", size + 4, face=style.title_font, bold=True)
    y += 34
    rows = [
        FormRow(["单位名称", app.unit_name], [0.25, 0.75]),
        FormRow(["统一社会信用代码", app.credit_code], [0.25, 0.75]),
        FormRow(["申报类型", ""], [0.25, 0.75]),
        FormRow(["法定代表人", app.legal_representative, "成立日期", cn_date(app.established)], [0.25, 0.25, 0.2, 0.3]),
        FormRow(["单位地址", app.address], [0.25, 0.75]),
        FormRow(["联系人", app.contact_person, "联系电话", app.phone], [0.25, 0.25, 0.2, 0.3]),
        FormRow(["场地面积（平方米）", str(app.venue_area), "申报日期", cn_date(app.application_date)],
                [0.25, 0.25, 0.2, 0.3]),
    ]
    if app.carrier_type == "master_studio":
        rows += [
            FormRow(["领办人姓名", app.master_name, "技能等级", app.skill_level], [0.25, 0.25, 0.2, 0.3]),
            FormRow(["身份证号码", app.master_id], [0.25, 0.75]),
            FormRow(["职业（工种）", app.occupation], [0.25, 0.75]),
        ]
    else:
        t = app.training[-1]
        rows.append(FormRow(["上年度培训人数", str(t["trainees"]), "其中高级工及以上", str(t["senior"])],
                            [0.25, 0.25, 0.2, 0.3]))
    intro = "".join(next(_sentences(rng, PROSE_POOL, app)) for _ in range(2))
    rows.append(FormRow(["单位简介", intro], [0.25, 0.75], height=150))
    form_table(first, y, rows, size, right, checkbox_row=(2, *_type_checkbox(part)))
    second = style.sheet()
    reason = "".join(next(_sentences(rng, PROSE_POOL, app)) for _ in range(3))
    y2 = form_table(second, TOP, [
        FormRow(["申报理由及基本情况", reason], [0.25, 0.75], height=300),
        FormRow(["申报单位意见", ""], [0.25, 0.75], height=150),
        FormRow(["区人力资源部门意见", "（盖章）        年    月    日"], [0.25, 0.75], height=130),
    ], size, right)
    second.text(LEFT + 0.25 * (right - LEFT) + 10, TOP + 300 + size * 2, "以上信息真实有效，特此申报。", size)
    _seal_block(part, second, TOP + 300 + 70, ["法定代表人（签字）：", "申报单位（盖章）："])
    second.text(LEFT, y2 + size * 2, "填表说明：本表一式两份，须如实填写，不得涂改。", size - 1.5)
    return [first, second] + _extra_pages(part, 2)


def _extra_pages(part: Part, used: int) -> list[Sheet]:
    """Forms and certificates have fixed length; a bigger budget adds attachment pages."""
    return [] if part.n_pages <= used else prose_pages(
        part.style, part.rng, None, _prose_blocks(part, PLAN_HEADS), part.n_pages - used)


def entity_certificate(part: Part) -> list[Sheet]:
    app, style, rng = part.app, part.style, part.rng
    sheet = style.sheet()
    y = heading(sheet, part.title, style)
    x0, x1, y0 = LEFT + 5, style.right - 5, y + 5
    sheet.rect(x0, y0, x1, y0 + 560, 2.2, color=(0.55, 0.35, 0.1))
    sheet.rect(x0 + 6, y0 + 6, x1 - 6, y0 + 554, 0.8, color=(0.55, 0.35, 0.1))
    size = style.body_size
    sheet.text(x0 + 20, y0 + 34, "统一社会信用代码", size - 1)
    sheet.text(x0 + 20, y0 + 52, app.licence_credit_code, size + 1)
    sheet.rect(x1 - 80, y0 + 20, x1 - 24, y0 + 76, 0.6, fill=(0.4, 0.4, 0.4))  # QR code
    big = " ".join(app.certificate_kind)
    sheet.text_center(y0 + 100, big, 26 if len(app.certificate_kind) <= 4 else 19, face=style.title_font, bold=True,
                      cx=(x0 + x1) / 2)
    sheet.text_center(y0 + 126, "（副　本）", size + 1, cx=(x0 + x1) / 2)
    kind = {"营业执照": "有限责任公司", "民办非企业单位登记证书": "民办非企业单位",
            "社会团体法人登记证书": "社会团体", "事业单位法人证书": "事业单位"}[app.certificate_kind]
    fields = [("名称", app.licence_name), ("类型", kind), ("法定代表人", app.legal_representative),
              ("经营范围", "职业技能培训；技术开发、技术咨询、技术服务；" + rng.choice(["电子产品的研发与销售。", "企业管理咨询。", "教育信息咨询。"])),
              ("注册资本", f"人民币{rng.choice([100, 300, 500, 1000, 2000])}万元"),
              ("成立日期", f"{app.established.year}年{app.established.month:02d}月{app.established.day:02d}日"),
              ("营业期限", app.business_term), ("住所", app.address)]
    y = y0 + 165
    for label, value in fields:
        sheet.text(x0 + 30, y, label, size)
        lines = sheet.wrap(value, size, x1 - x0 - 150)
        for line in lines:
            sheet.text(x0 + 120, y, line, size)
            y += size * 1.6
        y += size * 0.8
    sheet.text(x1 - 190, y0 + 490, "登记机关", size)
    reg = random_date(rng, app.established, date(2022, 12, 31))
    sheet.text(x1 - 190, y0 + 520, cn_date(reg), size)
    sheet.seal(x1 - 110, y0 + 480, 44, f"深圳市市场监督管理局{app.district}")
    sheet.seal(x0 + 105, y0 + 540, 48, app.unit_name)  # the applicant seals its copy (复印件加盖公章)
    sheet.text_center(y0 + 545, "国家企业信用信息公示系统网址：http://www.gsxt.gov.cn", 8, cx=(x0 + x1) / 2)
    return [sheet] + _extra_pages(part, 1)


def _gender(id_no: str) -> str:
    return "男" if int(id_no[16]) % 2 else "女"


def _id_card_sheet(part: Part, name: str, id_no: str, born: date, title: str | None) -> Sheet:
    style, rng = part.style, part.rng
    sheet = style.sheet()
    y = heading(sheet, title, style) if title else TOP + 20
    w, h = 316, 199
    x0 = (sheet.width - w) / 2
    for k in range(2):
        top = y + 10 + k * (h + 40)
        sheet.rect(x0, top, x0 + w, top + h, 0.9, fill=(0.93, 0.93, 0.93))
        if k == 0:
            sheet.rect(x0 + w - 105, top + 30, x0 + w - 20, top + 135, 0.4, fill=(0.6, 0.6, 0.6))
            rows = [("姓名", name), ("性别", f"{_gender(id_no)}    民族  汉"),
                    ("出生", f"{born.year}年{born.month}月{born.day}日"),
                    ("住址", part.app.address[:14]), ("", part.app.address[14:26])]
            ty = top + 36
            for label, value in rows:
                sheet.text(x0 + 16, ty, label, 9, color=(0.2, 0.3, 0.6))
                sheet.text(x0 + 50, ty, value, 11)
                ty += 22
            sheet.text(x0 + 16, top + h - 20, "公民身份号码", 9, color=(0.2, 0.3, 0.6))
            sheet.text(x0 + 90, top + h - 20, id_no, 13)
        else:
            sheet.text(x0 + 110, top + 50, "中华人民共和国", 15, bold=True)
            sheet.text(x0 + 95, top + 90, "居 民 身 份 证", 20, bold=True)
            issued = date(2015 + rng.randrange(0, 8), born.month, min(born.day, 28))
            sheet.text(x0 + 40, top + 140, "签发机关", 9)
            sheet.text(x0 + 100, top + 140, f"深圳市公安局{part.app.district[:2]}分局", 11)
            sheet.text(x0 + 40, top + 166, "有效期限", 9)
            sheet.text(x0 + 100, top + 166, f"{issued:%Y.%m.%d}-{issued.replace(year=issued.year + 20):%Y.%m.%d}", 11)
    note_y = y + 2 * h + 100
    sheet.text_center(note_y, "此复印件与原件一致，仅供申报" + rng.choice(["技能人才培训载体认定使用", "使用，他用无效"]),
                      style.body_size, color=(0.15, 0.15, 0.15))
    sheet.seal(sheet.width / 2 + 120, note_y - 14, 46, part.app.unit_name)  # the copy is sealed
    return sheet


def legal_rep_id(part: Part) -> list[Sheet]:
    app = part.app
    return [_id_card_sheet(part, app.legal_representative, app.legal_rep_id, app.legal_rep_born, part.title)] + \
        _extra_pages(part, 1)


def master_id(part: Part) -> list[Sheet]:
    app = part.app
    return [_id_card_sheet(part, app.master_name, app.master_id, app.master_born, part.title)] + _extra_pages(part, 1)


def _certificate_sheet(part: Part, title: str | None, cert: str, name: str, id_no: str, occupation: str,
                       level: str, number: str, issued: date) -> Sheet:
    style = part.style
    sheet = style.sheet()
    y = heading(sheet, title, style) if title else TOP + 10
    x0, x1 = LEFT + 20, style.right - 20
    sheet.rect(x0, y + 10, x1, y + 470, 3, color=(0.6, 0.45, 0.15))
    sheet.text_center(y + 70, cert, 24, face=style.title_font, bold=True, color=(0.6, 0.1, 0.1))
    sheet.rect(x0 + 30, y + 110, x0 + 120, y + 230, 0.5, fill=(0.55, 0.55, 0.55))
    size = style.body_size
    rows = [("姓名", name), ("性别", _gender(id_no)), ("身份证号", id_no), ("职业（工种）", occupation),
            ("等级", level), ("证书编号", number), ("发证日期", cn_date(issued))]
    ty = y + 125
    for label, value in rows:
        sheet.text(x0 + 150, ty, label, size)
        sheet.text(x0 + 240, ty, value, size + 0.5)
        ty += size * 2.3
    sheet.text(x1 - 200, y + 430, "发证机构：深圳市人力资源和社会保障局", size - 2)
    sheet.seal(x1 - 100, y + 390, 45, "深圳市人力资源和社会保障局")
    return sheet


def master_certificate(part: Part) -> list[Sheet]:
    app, rng = part.app, part.rng
    issued = random_date(rng, date(2012, 1, 1), date(2022, 12, 31))
    cert = rng.choice(["职业资格证书", "职业技能等级证书"])
    sheets = [_certificate_sheet(part, part.title, cert, app.master_name, app.master_id, app.occupation,
                                 app.skill_level, app.certificate_no, issued)]
    for k in range(1, part.n_pages):
        lower = LEVELS_ALL[max(0, LEVELS_ALL.index(app.skill_level) - k)]
        sheets.append(_certificate_sheet(part, None, cert, app.master_name, app.master_id, app.occupation, lower,
                                         f"S{rng.randrange(10**15, 10**16)}", issued - timedelta(days=900 * k)))
    return sheets


def master_honors(part: Part) -> list[Sheet]:
    style, rng, app = part.style, part.rng, part.app
    sheets = []
    for k in range(part.n_pages):
        sheet = style.sheet()
        y = heading(sheet, part.title, style) if k == 0 else TOP + 10
        sheet.rect(LEFT + 20, y + 10, style.right - 20, y + 420, 3, color=(0.75, 0.55, 0.1))
        sheet.text_center(y + 90, "荣 誉 证 书", 30, face=style.title_font, bold=True, color=(0.7, 0.1, 0.1))
        honour = rng.choice(["深圳市技术能手", "鹏城工匠", "广东省技术能手", "深圳市技能标兵"])
        sheet.text(LEFT + 60, y + 170, f"{app.master_name}同志：", style.body_size + 3)
        for i, line in enumerate(sheet.wrap(f"在{rng.randrange(2015, 2023)}年度职业技能竞赛中成绩优异，被授予“{honour}”称号。特发此证，以资鼓励。",
                                            style.body_size + 3, 340)):
            sheet.text(LEFT + 90, y + 210 + i * 28, line, style.body_size + 3)
        sheet.seal(style.right - 130, y + 340, 48, "深圳市人力资源和社会保障局")
        sheets.append(sheet)
    return sheets


def commitment_letter(part: Part) -> list[Sheet]:
    app = part.app
    lines = [
        ("c", "诚信承诺书"),
        ("p", f"本单位{app.unit_name}自愿申报2023年度深圳市终身职业技能培训载体认定，现郑重承诺如下："),
        ("p", "一、所提交的申报材料及相关证明文件均真实、合法、有效，不存在弄虚作假、隐瞒事实等情况。"),
        ("p", "二、本单位近三年无严重违法失信行为，未被列入严重失信主体名单。"),
        ("p", "三、认定后严格按照有关规定开展培训工作，自觉接受人力资源和社会保障部门的监督管理。"),
        ("p", "如有违反上述承诺，本单位愿承担相应的法律责任，并接受取消认定资格等处理。"),
    ]
    blocks = _filler(part, lines)
    return prose_pages(part.style, part.rng, part.title, blocks, part.n_pages, keep=len(lines),
                       ending=lambda s, y: _seal_block(part, s, y, ["承诺单位（盖章）：",
                                                                    f"法定代表人（签字）：{app.legal_representative}"]))


def _filler(part: Part, first: list[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """`first` (the blocks that matter), then endless plausible paragraphs."""
    yield from first
    for sentence in _sentences(part.rng, PROSE_POOL, part.app):
        yield "p", sentence


def credit_record(part: Part) -> list[Sheet]:
    app, style, rng = part.app, part.style, part.rng
    sheet = style.sheet()
    y = heading(sheet, part.title, style)
    sheet.rect(LEFT, y, style.right, y + 40, 0, color=None, fill=(0.78, 0.84, 0.92))
    sheet.text(LEFT + 12, y + 27, "信用中国  CREDIT CHINA", 16, bold=True, color=(0.1, 0.25, 0.55))
    y += 70
    query = app.application_date - timedelta(days=rng.randrange(1, 10))
    sheet.text(LEFT, y, f"查询时间：{cn_date(query)}", style.body_size)
    rows = [FormRow(["名称", app.unit_name], [0.3, 0.7]), FormRow(["统一社会信用代码", app.credit_code], [0.3, 0.7]),
            FormRow(["行政许可", "0条"], [0.3, 0.7]), FormRow(["行政处罚", "0条"], [0.3, 0.7]),
            FormRow(["严重失信主体名单", "未查询到相关记录"], [0.3, 0.7]),
            FormRow(["经营异常名录", "未查询到相关记录"], [0.3, 0.7])]
    y = form_table(sheet, y + 20, rows, style.body_size, style.right)
    sheet.text(LEFT, y + 30, "查询结果：该主体未被列入严重失信主体名单。", style.body_size)
    return [sheet] + _extra_pages(part, 1)


def venue_proof(part: Part) -> list[Sheet]:
    app, style, rng = part.app, part.style, part.rng
    n_photos = max(1, part.n_pages // 3)
    first = [
        ("c", "房屋租赁合同"),
        ("p", f"出租方（甲方）：{app.lessor}"),
        ("p", f"承租方（乙方）：{app.unit_name}"),
        ("p", f"第一条 甲方将位于{app.address}的房屋出租给乙方使用，租赁面积 {app.venue_area}平方米，用途为办公及培训。"),
        ("p", f"第二条 租赁期限 自{cn_date(app.lease_start)}至{cn_date(app.lease_end)}，租赁期满乙方需续租的，应提前三个月书面通知甲方。"),
        ("p", f"第三条 租金为每月人民币{app.venue_area * rng.randrange(60, 140)}元，按月支付，乙方应于每月五日前支付当月租金。"),
    ]
    clauses = _filler(part, first + [("p", f"第{ARTICLE_NUMS[i % 10]}条 " + s) for i, s in enumerate([
        "租赁期间，乙方应合理使用房屋及其附属设施，不得擅自改变房屋结构和用途。",
        "甲方应保证房屋及设施的安全，对房屋主体结构的损坏负责维修。",
        "任何一方违反本合同约定的，应向守约方支付违约金，并赔偿由此造成的损失。",
        "本合同未尽事宜，双方可另行协商签订补充协议，补充协议与本合同具有同等法律效力。",
        "本合同一式两份，甲乙双方各执一份，自双方签字盖章之日起生效。",
    ], start=3)])
    sheets = prose_pages(style, rng, part.title, clauses, part.n_pages - n_photos,
                         ending=lambda s, y: _seal_block(part, s, y, ["甲方（盖章）：", "乙方（盖章）："]), keep=len(first))
    captions = ["培训教室", "实训车间", "理论教学区", "实操工位", "办公区域", "技能展示区", "会议室"]
    for k in range(n_photos):
        sheet = style.sheet()
        for j in range(2):
            top = TOP + 10 + j * 320
            sheet.photo(LEFT + 30, top, style.right - 30, top + 270, rng.randrange(2**31))
            sheet.text_center(top + 292, f"场地照片{2 * k + j + 1}：{rng.choice(captions)}", style.body_size)
        sheets.append(sheet)
    return sheets


def _roster_rows(rng: random.Random, kind: str, app: Applicant) -> Iterator[list[str]]:
    n = 0
    while True:
        n += 1
        name = person_name(rng)
        if kind == "equipment":
            thing = rng.choice(["数控车床", "加工中心", "示波器", "电焊机", "实训工作台", "投影仪", "台式计算机",
                                "万用表", "PLC实训装置", "汽车举升机", "烹饪操作台", "智能家居实训柜"])
            yield [str(n), thing, f"{rng.choice('ABCDKMX')}{rng.randrange(100, 9999)}", str(rng.randrange(1, 40)),
                   str(rng.randrange(800, 250000)), f"{rng.randrange(2015, 2023)}.{rng.randrange(1, 13)}"]
        elif kind == "instructor":
            yield [str(n), name, rng.choice("男女"), rng.choice(OCCUPATIONS),
                   rng.choice(["二级/技师", "一级/高级技师", "三级/高级工", "高级讲师", "工程师"]), str(rng.randrange(3, 25))]
        elif kind == "team":
            yield [str(n), name, rng.choice("男女"), app.occupation or rng.choice(OCCUPATIONS),
                   rng.choice(LEVELS_ALL[1:]), rng.choice(["技术攻关", "带徒传技", "课程开发", "日常管理"])]
        elif kind == "apprentice":
            now = rng.randrange(0, 3)
            yield [str(n), name, app.occupation or "", LEVELS_ALL[now], LEVELS_ALL[now + 1], "2023.7-2025.6"]
        elif kind == "social":
            month = 1 + (n - 1) % 12
            yield [f"{2023 - (n - 1) // 12 - 1}年{month:02d}月", app.unit_name[:12], "正常缴费",
                   str(rng.randrange(4000, 9000))]
        else:
            born = random_date(rng, date(1970, 1, 1), date(2003, 12, 31))
            idn = id_number(rng, born)
            masked = idn[:6] + "********" + idn[14:]
            course = rng.choice(["粤菜师傅", "南粤家政", "乡村工匠", "农业机械操作"]) if kind == "rural" \
                else rng.choice(OCCUPATIONS)
            when = f"{rng.randrange(2020, 2023)}.{rng.randrange(1, 13)}"
            yield [str(n), name, rng.choice("男女"), masked, course, when, rng.choice(LEVELS_ALL)]


def _summary_intro(part: Part):
    """The per-year statistics table (年度 / 培训人数 / 高级工及以上人数) before a roster."""
    def draw(sheet: Sheet, y: float) -> float:
        rows = [FormRow(["年度", "培训人数", "高级工及以上人数", "占比"], [0.2, 0.25, 0.3, 0.25])]
        for t in part.app.training:
            rows.append(FormRow([str(t["year"]), str(t["trainees"]), str(t["senior"]),
                                 f"{100 * t['senior'] / t['trainees']:.1f}%"], [0.2, 0.25, 0.3, 0.25]))
        y = _grid(sheet, y, rows, part.style)
        sheet.text(LEFT, y + 26, "培训花名册", part.style.body_size + 1, bold=True)
        return y + 40
    return draw


def _grid(sheet: Sheet, y: float, rows: list[FormRow], style: Style) -> float:
    """A plain grid where every cell is centred (form_table would left-align odd cells)."""
    size = style.body_size
    total = style.right - LEFT
    for row in rows:
        x = LEFT
        for text, w in zip(row.cells, row.widths):
            sheet.rect(x, y, x + w * total, y + size * 2.2, 0.9)
            sheet.text(x + w * total / 2 - sheet.measure(text, size) / 2, y + size * 1.45, text, size)
            x += w * total
        y += size * 2.2
    return y


ROSTER = [Column("序号", 0.08), Column("姓名", 0.12), Column("性别", 0.08), Column("身份证号码", 0.27),
          Column("培训项目", 0.18), Column("培训时间", 0.12), Column("鉴定等级", 0.15)]


def training_records(part: Part) -> list[Sheet]:
    return table_pages(part.style, part.title, ROSTER, _roster_rows(part.rng, "trainee", part.app), part.n_pages,
                       intro=_summary_intro(part), rng=part.rng)


def rural_training_records(part: Part) -> list[Sheet]:
    return table_pages(part.style, part.title, ROSTER, _roster_rows(part.rng, "rural", part.app), part.n_pages,
                       intro=_summary_intro(part), rng=part.rng)


def equipment_list(part: Part) -> list[Sheet]:
    cols = [Column("序号", 0.08), Column("设备名称", 0.26), Column("规格型号", 0.16), Column("数量", 0.1),
            Column("单价（元）", 0.18), Column("购置日期", 0.22)]
    return table_pages(part.style, part.title, cols, _roster_rows(part.rng, "equipment", part.app), part.n_pages,
                       rng=part.rng)


def instructor_roster(part: Part) -> list[Sheet]:
    cols = [Column("序号", 0.08), Column("姓名", 0.14), Column("性别", 0.08), Column("职业（工种）", 0.25),
            Column("技能等级/职称", 0.27), Column("教龄（年）", 0.18)]
    return table_pages(part.style, part.title, cols, _roster_rows(part.rng, "instructor", part.app), part.n_pages,
                       rng=part.rng)


def team_roster(part: Part) -> list[Sheet]:
    cols = [Column("序号", 0.08), Column("姓名", 0.14), Column("性别", 0.08), Column("职业（工种）", 0.25),
            Column("技能等级", 0.23), Column("职责", 0.22)]
    return table_pages(part.style, part.title, cols, _roster_rows(part.rng, "team", part.app), part.n_pages,
                       rng=part.rng)


def apprenticeship_plan(part: Part) -> list[Sheet]:
    app = part.app

    def intro(sheet: Sheet, y: float) -> float:
        size = part.style.body_size
        sheet.text(LEFT, y + size, f"领办人：{app.master_name}    职业（工种）：{app.occupation}", size)
        sheet.text(LEFT, y + size * 3, f"年度带徒人数：{app.apprentices_per_year}人", size)
        sheet.text(LEFT, y + size * 5, "带徒方式：师带徒、项目带教、技能竞赛集训相结合。", size)
        return y + size * 7

    cols = [Column("序号", 0.08), Column("学徒姓名", 0.15), Column("职业（工种）", 0.22), Column("现技能等级", 0.19),
            Column("目标等级", 0.18), Column("带徒期限", 0.18)]
    return table_pages(part.style, part.title, cols, _roster_rows(part.rng, "apprentice", app), part.n_pages,
                       intro=intro, rng=part.rng)


def insured_months(app: Applicant) -> int:
    """Months the master has been insured with the unit: since the unit was established."""
    return (app.application_date.year - app.established.year) * 12 + app.application_date.month - app.established.month


def employment_proof(part: Part) -> list[Sheet]:
    app = part.app

    def intro(sheet: Sheet, y: float) -> float:
        size = part.style.body_size
        sheet.text_center(y + size, "深圳市社会保险参保证明（个人）", size + 3, bold=True)
        sheet.text(LEFT, y + size * 3.5, f"姓名：{app.master_name}    公民身份号码：{app.master_id}", size)
        sheet.text(LEFT, y + size * 5.5, f"参保单位：{app.unit_name}", size)
        sheet.text(LEFT, y + size * 7.5, f"累计缴费月数：{insured_months(app)}个月", size)
        return y + size * 9

    cols = [Column("缴费年月", 0.22), Column("参保单位", 0.38), Column("缴费状态", 0.18), Column("缴费基数", 0.22)]
    return table_pages(part.style, part.title, cols, _roster_rows(part.rng, "social", app), part.n_pages,
                       intro=intro, rng=part.rng)


def _agreement(part: Part, heading_text: str, counterpart: str) -> list[Sheet]:
    app, rng = part.app, part.rng
    start = random_date(rng, date(2021, 1, 1), date(2023, 3, 31))
    first = [("c", heading_text), ("p", f"甲方：{app.unit_name}"), ("p", f"乙方：{counterpart}"),
             ("p", f"为充分发挥双方优势，共同推进技能人才培养，经友好协商，双方自{cn_date(start)}至"
                   f"{cn_date(start.replace(year=start.year + 3))}开展合作，达成如下协议：")]
    return prose_pages(part.style, rng, part.title, _filler(part, first), part.n_pages, keep=len(first),
                       ending=lambda s, y: _seal_block(part, s, y, ["甲方（盖章）：", "乙方（盖章）："]))


PARTNER_SCHOOLS = ["深圳职业技术大学", "深圳信息职业技术学院", "深圳市第一职业技术学校", "深圳市第二职业技术学校",
                   "深圳市龙岗职业技术学校", "深圳市宝安职业技术学校", "深圳技师学院", "深圳鹏城技师学院",
                   "深圳市携创高级技工学校", "广东省华立技师学院", "东莞职业技术学院", "惠州城市职业学院"]


def partnership_agreements(part: Part) -> list[Sheet]:
    """A list of partners (applicants summarise before the agreements), then the first agreement."""
    partners = part.rng.sample(PARTNER_SCHOOLS, part.rng.randint(5, 8))
    cols = [Column("序号", 0.08), Column("合作单位", 0.42), Column("合作内容", 0.28), Column("签订时间", 0.22)]
    rows = iter([str(k + 1), name, part.rng.choice(["订单培养", "共建实训基地", "师资互聘", "技能竞赛"]),
                 f"{part.rng.randint(2020, 2022)}年{part.rng.randint(1, 12)}月"] for k, name in enumerate(partners))
    listing = table_pages(part.style, part.title, cols, rows, 1)
    if part.n_pages == 1:
        return listing
    rest = replace(part, title=None, n_pages=part.n_pages - 1)
    return listing + _agreement(rest, "校企合作协议", partners[0])


def cooperation_agreement(part: Part) -> list[Sheet]:
    place = part.rng.choice(["河源市紫金县", "汕尾市陆河县", "广西百色市田阳区", "贵州毕节市大方县"])
    counterpart = f"{place}{part.rng.choice(['龙窝镇人民政府', '上护镇人民政府', '新田村村民委员会'])}"
    return _agreement(part, "乡村振兴技能帮扶合作协议", counterpart)


def management_rules(part: Part) -> list[Sheet]:
    return prose_pages(part.style, part.rng, part.title,
                       _prose_blocks(part, SECTION_HEADS, [("c", f"{part.app.unit_name[:14]}培训管理制度")]),
                       part.n_pages)


def work_plan(part: Part) -> list[Sheet]:
    kind = TYPE_NAMES[part.app.carrier_type] if part.type_known else "培训载体"
    return prose_pages(part.style, part.rng, part.title,
                       _prose_blocks(part, PLAN_HEADS, [("c", f"{kind}建设工作方案")]), part.n_pages,
                       ending=lambda s, y: _seal_block(part, s, y, ["申报单位（盖章）："]))


BUILDERS = {
    "application_form": application_form, "entity_certificate": entity_certificate, "legal_rep_id": legal_rep_id,
    "commitment_letter": commitment_letter, "credit_record": credit_record, "venue_proof": venue_proof,
    "equipment_list": equipment_list, "management_rules": management_rules, "training_records": training_records,
    "instructor_roster": instructor_roster, "partnership_agreements": partnership_agreements,
    "master_id": master_id, "master_certificate": master_certificate, "master_honors": master_honors,
    "employment_proof": employment_proof, "team_roster": team_roster, "apprenticeship_plan": apprenticeship_plan,
    "cooperation_agreement": cooperation_agreement, "rural_training_records": rural_training_records,
    "work_plan": work_plan,
}


def build_part(item: str, part: Part) -> list[Sheet]:
    sheets = BUILDERS[item](part)
    assert len(sheets) == part.n_pages, (item, len(sheets), part.n_pages)
    return sheets

