"""Random applicants with identifiers that pass (or, on request, fail) their checksums.

The checks downstream validate credit codes and ID numbers by checksum, so a synthetic
dossier is only a fair test when its "good" identifiers are really valid; the check
characters come from python-stdnum, an implementation independent of the product's own
validators (the factory never imports the product's checklists or extractors).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from stdnum.cn import ric, uscc

CREDIT_ALPHABET = uscc._alphabet

# The factory's dossiers belong to the 2023 round: applications are in by this day, and a
# review of them judges licence and lease validity on it (DOSSIER_REVIEW_DATE).
ROUND_RECEIVED = date(2023, 6, 30)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程苏魏吕丁沈任姚卢钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃洪"
GIVEN = "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华建国志文斌辉鹏宇浩俊峰晨雪琳婷欣怡佳嘉子涵梓轩博思远海波红梅玉兰春燕金凤德荣永健林凯亮成德福振兴晓东"
BRANDS = [
    "华鹏", "创新", "盛达", "鹏程", "中科", "前海", "南山", "粤港", "智汇", "宏图", "海川", "博远",
    "启航", "龙腾", "新锐", "卓越", "汇丰达", "联创", "嘉信", "恒通", "万和", "鼎盛", "金桥", "深蓝",
    "优才", "匠心", "德技", "天工", "安信达", "百川", "华强", "科达", "星河", "云帆", "鹏城", "东方明",
]
INDUSTRIES = [
    "电子科技", "智能制造", "精密机械", "信息技术", "汽车服务", "建筑工程", "电气设备", "物流",
    "餐饮管理", "家政服务", "新能源", "医疗器械", "模具", "通信技术", "数控技术", "环境工程",
]
DISTRICTS = {
    "福田区": ("440304", ["福田街道", "华富街道", "莲花街道", "香蜜湖街道", "梅林街道"]),
    "罗湖区": ("440303", ["桂园街道", "黄贝街道", "东门街道", "笋岗街道", "清水河街道"]),
    "南山区": ("440305", ["粤海街道", "南头街道", "西丽街道", "蛇口街道", "桃源街道"]),
    "宝安区": ("440306", ["新安街道", "西乡街道", "福永街道", "沙井街道", "石岩街道"]),
    "龙岗区": ("440307", ["布吉街道", "坂田街道", "横岗街道", "龙城街道", "平湖街道"]),
    "盐田区": ("440308", ["沙头角街道", "海山街道", "盐田街道", "梅沙街道"]),
    "龙华区": ("440309", ["观澜街道", "民治街道", "大浪街道", "龙华街道", "福城街道"]),
    "坪山区": ("440310", ["坪山街道", "坑梓街道", "龙田街道", "马峦街道"]),
    "光明区": ("440311", ["光明街道", "公明街道", "凤凰街道", "玉塘街道"]),
}
ROADS = ["深南大道", "滨海大道", "科技南路", "高新中一道", "宝安大道", "龙岗大道", "民治大道",
         "沙河西路", "留仙大道", "布龙路", "新湖路", "光明大道", "坪山大道", "梅林路", "东门中路"]
OTHER_REGIONS = ["440103", "440106", "440111", "440402", "440604", "441302", "441900", "445102", "440882"]
OCCUPATIONS = ["电工", "钳工", "数控车工", "焊工", "汽车维修工", "中式烹调师", "育婴员", "美容师",
               "电子设备装接工", "工具钳工", "眼镜验光员", "计算机程序设计员", "家政服务员", "茶艺师"]
LEVELS_HIGH = ["二级/技师", "一级/高级技师"]
LEVELS_ALL = ["五级/初级工", "四级/中级工", "三级/高级工", "二级/技师", "一级/高级技师"]
TYPE_NAMES = {
    "training_base": "高技能人才培训基地",
    "master_studio": "技能大师工作室",
    "rural_station": "乡村振兴技能工作站",
}


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


CODE_PREFIX = {"营业执照": "91", "民办非企业单位登记证书": "52", "社会团体法人登记证书": "51", "事业单位法人证书": "12"}


def credit_code(rng: random.Random, certificate_kind: str = "营业执照") -> str:
    """A valid 统一社会信用代码 registered in Shenzhen: the registering authority and
    entity kind (91 company, 52 private non-enterprise, 51 association, 12 public
    institution), 440300, then a random organisation code and the check character."""
    head = CODE_PREFIX[certificate_kind] + "440300"
    body = organisation_code(rng)
    return head + body + uscc.calc_check_digit(head + body)


ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def organisation_code(rng: random.Random) -> str:
    """A 组织机构代码 (GB 11714): eight characters and their own check character, as embedded
    in positions 9–17 of a credit code. Letters are drawn from the credit-code alphabet."""
    base = "".join(rng.choice("0123456789" if k else "0123456789MA") for k in range(8))
    total = sum(int(c, 36) * w for c, w in zip(base, ORG_WEIGHTS))
    check = 11 - total % 11
    return base + {10: "X", 11: "0"}.get(check, str(check))


def broken_credit_code(code: str) -> str:
    """The same code with a wrong check character (the "bad checksum" defect)."""
    wrong = [c for c in CREDIT_ALPHABET if c != code[17]]
    return code[:17] + wrong[sum(map(ord, code)) % len(wrong)]


def id_number(rng: random.Random, born: date, region: str | None = None) -> str:
    region = region or rng.choice([code for code, _ in DISTRICTS.values()] + OTHER_REGIONS)
    seq = f"{rng.randrange(1, 999):03d}"
    first17 = region + born.strftime("%Y%m%d") + seq
    return first17 + ric.calc_check_digit(first17 + "0")  # it takes the number with a check slot


def random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def years_after(d: date, years: int) -> date:
    """The same day `years` later; a 29 February falls on the 28th in a common year."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def cn_date_padded(d: date) -> str:
    return f"{d.year}年{d.month:02d}月{d.day:02d}日"


def phone(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))
    return "0755-" + rng.choice("23678") + "".join(rng.choice("0123456789") for _ in range(7))


def unit_name(rng: random.Random) -> tuple[str, str]:
    """A unit name and the kind of entity certificate such a unit holds."""
    brand = rng.choice(BRANDS)
    roll = rng.random()
    if roll < 0.55:
        industry = rng.choice(INDUSTRIES)
        if rng.random() < 0.15:
            return f"深圳市{brand}{industry}（集团）有限公司", "营业执照"
        if rng.random() < 0.1:
            return f"{brand}{industry}(深圳)有限公司", "营业执照"
        return f"深圳市{brand}{industry}有限公司", "营业执照"
    if roll < 0.75:
        return f"深圳市{brand}职业技能培训学校", "民办非企业单位登记证书"
    if roll < 0.9:
        return f"深圳市{rng.choice(INDUSTRIES)}行业协会", "社会团体法人登记证书"
    return f"深圳市{brand}技工学校", "事业单位法人证书"


def near_miss_name(rng: random.Random, name: str) -> str:
    """The name with one character changed (a typo between licence and form)."""
    positions = [i for i, c in enumerate(name) if i >= 3 and c not in "（）()有限公司深圳市"]
    i = rng.choice(positions)
    swaps = [c for c in "华创达鹏盛通信海科新明" if c != name[i]]
    return name[:i] + rng.choice(swaps) + name[i + 1:]


@dataclass
class Applicant:
    """Every fact about one applicant that some page of the dossier prints."""

    carrier_type: str
    unit_name: str
    certificate_kind: str
    credit_code: str
    legal_representative: str
    legal_rep_id: str
    legal_rep_born: date
    address: str
    district: str
    contact_person: str
    phone: str
    application_date: date
    established: date
    business_term: str
    venue_area: int
    lessor: str
    lease_start: date
    lease_end: date
    master_name: str | None = None
    master_id: str | None = None
    master_born: date | None = None
    occupation: str | None = None
    skill_level: str | None = None
    certificate_no: str | None = None
    training: list[dict] = field(default_factory=list)
    apprentices_per_year: int | None = None
    licence_name: str = ""
    licence_credit_code: str = ""

    def fields(self) -> dict:
        """The key fields as the truth file records them (what the extractors should read)."""
        return {
            "unit_name": self.unit_name,
            "credit_code": self.credit_code,
            "carrier_type": self.carrier_type,
            "legal_representative": self.legal_representative,
            "legal_rep_id": self.legal_rep_id,
            "address": self.address,
            "contact_person": self.contact_person,
            "phone": self.phone,
            "application_date": self.application_date.isoformat(),
            "licence_name": self.licence_name,
            "licence_credit_code": self.licence_credit_code,
            "established": self.established.isoformat(),
            "business_term": self.business_term,
            "venue_area": self.venue_area,
            "lessor": self.lessor,
            "lease_start": self.lease_start.isoformat(),
            "lease_end": self.lease_end.isoformat(),
            "master_name": self.master_name,
            "master_id": self.master_id,
            "occupation": self.occupation,
            "skill_level": self.skill_level,
            "certificate_no": self.certificate_no,
            "training": self.training,
            "apprentices_per_year": self.apprentices_per_year,
        }


def make_applicant(rng: random.Random, carrier_type: str, *, below_threshold: bool = False) -> Applicant:
    """A plausible applicant; `below_threshold` makes one eligibility figure too small
    (venue area under 50 m², or for a training base fewer than 3000 trainees a year)."""
    name, cert_kind = unit_name(rng)
    district = rng.choice(list(DISTRICTS))
    region, streets = DISTRICTS[district]
    building = rng.choice(["", f"{rng.choice(BRANDS)}大厦{rng.randrange(2, 30)}楼",
                           f"{rng.randrange(1, 9)}栋{rng.randrange(1, 19)}0{rng.randrange(1, 9)}"])
    address = f"深圳市{district}{rng.choice(streets)}{rng.choice(ROADS)}{rng.randrange(1, 3999)}号{building}"
    rep_born = random_date(rng, date(1962, 1, 1), date(1990, 12, 31))
    established = random_date(rng, date(2003, 1, 1), date(2019, 12, 31))
    term = "长期" if rng.random() < 0.6 else cn_date_padded(years_after(established, 30))
    lease_start = random_date(rng, date(2019, 1, 1), date(2022, 12, 31))
    lease_end = years_after(lease_start, rng.choice((3, 5, 5, 10))) - timedelta(days=1)
    while lease_end <= ROUND_RECEIVED + timedelta(days=365):  # a correct dossier's lease runs on
        lease_end = years_after(lease_end, 3)
    area = rng.randrange(20, 46) if below_threshold and carrier_type != "training_base" else rng.randrange(120, 3200)
    app = Applicant(
        carrier_type=carrier_type,
        unit_name=name,
        certificate_kind=cert_kind,
        credit_code=credit_code(rng, cert_kind),
        legal_representative=person_name(rng),
        legal_rep_id=id_number(rng, rep_born, region if rng.random() < 0.5 else None),
        legal_rep_born=rep_born,
        address=address,
        district=district,
        contact_person=person_name(rng),
        phone=phone(rng),
        application_date=random_date(rng, date(2023, 6, 1), ROUND_RECEIVED - timedelta(days=2)),
        established=established,
        business_term=f"{cn_date_padded(established)}至{term}",
        venue_area=area,
        lessor=f"深圳市{rng.choice(BRANDS)}物业管理有限公司" if rng.random() < 0.7 else person_name(rng),
        lease_start=lease_start,
        lease_end=lease_end,
    )
    app.licence_name, app.licence_credit_code = app.unit_name, app.credit_code
    low = below_threshold and carrier_type == "training_base"
    for year in (2020, 2021, 2022) if carrier_type != "master_studio" else ():  # studios print no training figures
        trainees = rng.randrange(800, 2600) if low else rng.randrange(3200, 9000)
        app.training.append({"year": year, "trainees": trainees,
                             "senior": int(trainees * rng.uniform(0.24, 0.45))})
    if carrier_type == "master_studio":
        app.master_born = random_date(rng, date(1965, 1, 1), date(1988, 12, 31))
        app.master_name = person_name(rng)
        app.master_id = id_number(rng, app.master_born)
        app.occupation = rng.choice(OCCUPATIONS)
        app.skill_level = rng.choice(LEVELS_HIGH)
        app.certificate_no = f"S{rng.randrange(10**15, 10**16)}"
        app.apprentices_per_year = rng.randrange(6, 25)
    return app
