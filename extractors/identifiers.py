"""Is this 统一社会信用代码 (GB 32100-2015) or 居民身份证号码 (GB 11643-1999) a real one?

A check character alone catches one wrong character in 31 (or 11) and nothing else: any
18 characters whose last one fits pass it, and an OCR "repair" can land on such a string.
So both checks start from python-stdnum (`stdnum.cn.uscc`, `stdnum.cn.ric`) and add the
structure it does not test:

- credit code: the registration-authority/entity-type pair of GB 32100-2015 (and its
  amendments), a 6-digit administrative region whose province and prefecture exist, and the
  embedded 9-character organisation code with its own GB 11714 check character;
- ID number: a birth date that is not in the future and not before 1900 (stdnum tests that
  the date exists and that the region is in its table; where its region lookup crashes — a
  known province with an unknown county raises KeyError in stdnum 2.2 — the number is
  rejected as stdnum means to).

Where stdnum is stricter than real documents we follow the documents in two places only:
GB 32100 gives the registration authority letters too (A 军队编制, N 农业 for 村集体经济组织 —
the applicants of many 乡村振兴技能工作站 —, Y 其他), which stdnum rejects because it wants
eight digits first; an ID number's county may have been created after its holder's birth
(see `region_in_use_after`); and residence permits of Taiwan residents carry region 830000.
Everything else the product accepts, stdnum accepts.

Each `*_problem` function says in Chinese why a code is not valid (shown to reviewers);
`is_valid_*` is its yes/no.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from stdnum import numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError

CREDIT_ALPHABET = uscc._alphabet

# GB 32100-2015 table 1 with its amendments: registration authority → its entity types.
REGISTRATION_TYPES: dict[str, frozenset[str]] = {
    "1": frozenset("1239"),  # 机构编制: 机关, 事业单位, 中央编办管理的群众团体, 其他
    "2": frozenset("19"),  # 外交: 外国常驻新闻机构, 其他
    "3": frozenset("123459"),  # 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
    "4": frozenset("19"),  # 文化: 外国在华文化中心, 其他
    "5": frozenset("1239"),  # 民政: 社会团体, 民办非企业单位, 基金会, 其他
    "6": frozenset("129"),  # 旅游: 外国及港澳台旅游部门常驻代表机构, 其他
    "7": frozenset("129"),  # 宗教: 宗教活动场所, 宗教院校, 其他
    "8": frozenset("19"),  # 工会: 基层工会, 其他
    "9": frozenset("123"),  # 工商/市场监管: 企业, 个体工商户, 农民专业合作社
    "A": frozenset("19"),  # 中央军委改革和编制办公室: 军队事业单位, 其他
    "N": frozenset("1239"),  # 农业: 组级, 村级, 乡镇级集体经济组织, 其他
    "Y": frozenset("1"),  # 其他
}
# Organs registered at national level carry this region instead of a province's.
NATIONAL_REGION = "100000"
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
# 港澳台居民居住证 (2018-) share the ID number's structure; Hong Kong and Macau use 810000 and
# 820000, in the region table, Taiwan 830000, which is not.
TAIWAN_RESIDENCE_PERMIT_REGION = "830000"


def organisation_code_check_char(first8: str) -> str:
    """GB 11714 check character of an organisation code's first eight characters."""
    total = sum(int(c, 36) * w for c, w in zip(first8, ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


@cache
def _region_table() -> numdb.NumDB:
    return numdb.get("cn/loc")


def region_known(region: str) -> bool:
    """A 6-digit administrative region whose province exists and whose county or prefecture
    exists (in any year): registration authorities of development zones and new districts use
    codes the county table may lack, so the prefecture is enough."""
    if region == NATIONAL_REGION:
        return True
    if len(region) != 6 or not region.isdigit():
        return False
    table = _region_table()
    province, *rest = table.info(region)
    if "province" not in province[1]:
        return False
    if rest and rest[0][1]:
        return True
    prefecture = table.info(region[:4] + "00")[1:]
    return bool(prefecture and prefecture[0][1])


def credit_code_problem(code: str) -> str | None:
    """Why `code` is not a valid 统一社会信用代码 (None when it is)."""
    code = uscc.compact(code)
    if len(code) != 18:
        return "统一社会信用代码应为18位"
    if any(c not in CREDIT_ALPHABET for c in code):
        return "统一社会信用代码含有不允许的字符"
    types = REGISTRATION_TYPES.get(code[0])
    if types is None:
        return f"登记管理部门代码“{code[0]}”不存在"
    if code[1] not in types:
        return f"登记管理部门“{code[0]}”下没有机构类别“{code[1]}”"
    if not region_known(code[2:8]):
        return f"登记管理机关行政区划码“{code[2:8]}”不存在"
    organisation = code[8:17]
    if organisation_code_check_char(organisation[:8]) != organisation[8]:
        return f"内嵌的组织机构代码“{organisation}”校验位不符"
    if uscc.calc_check_digit(code[:17]) != code[17]:
        return "统一社会信用代码校验位不符"
    return None


def is_valid_credit_code(code: str) -> bool:
    return credit_code_problem(code) is None


def region_in_use_after(region: str, year: int) -> bool | None:
    """Whether a county code was still in use in or after `year` (None: no such county).

    stdnum also rejects a county created after the birth year, but a number's region is
    where it was first issued, not where its holder was born: people born before 1990 hold
    440305 (南山区, 1990-) or 440306 (宝安区, 1992-) numbers. Only a county abolished before
    the birth could not have issued the number.
    """
    if region == TAIWAN_RESIDENCE_PERMIT_REGION:
        return True
    found = _region_table().info(region)[1:]
    counties = found[0][1].get("county") if found else None
    if not counties:
        return None
    for county in counties.split(","):
        span = county[1:].split("]")[0] if county.startswith("[") else "-"
        end = span.split("-")[1]
        if not end or int(end) >= year:
            return True
    return False


def id_number_problem(number: str, today: date | None = None) -> str | None:
    """Why `number` is not a valid 居民身份证号码 (None when it is)."""
    number = ric.compact(number)
    try:
        ric.validate(number)
    except InvalidLength:
        return "居民身份证号码应为18位"
    except InvalidFormat:
        return "居民身份证号码前17位应为数字"
    except InvalidChecksum:
        return "居民身份证号码校验位不符"
    except (InvalidComponent, KeyError):  # stdnum 2.2 raises KeyError for a known province's unknown county
        try:
            born = ric.get_birth_date(number)
        except InvalidComponent:
            return f"出生日期“{number[6:14]}”不存在"
        in_use = region_in_use_after(number[:6], born.year)
        if in_use is None:
            return f"行政区划码“{number[:6]}”不存在"
        if not in_use:
            return f"行政区划码“{number[:6]}”在出生前已撤销"
    except ValidationError:
        return "居民身份证号码格式不符"
    born = ric.get_birth_date(number)
    if born.year < 1900:
        return f"出生日期“{number[6:14]}”早于1900年"
    if born > (today or date.today()):
        return f"出生日期“{number[6:14]}”晚于今天"
    return None


def is_valid_id_number(number: str) -> bool:
    return id_number_problem(number) is None
