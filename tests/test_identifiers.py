"""The identifier checks against python-stdnum: the product never accepts what stdnum rejects
(except credit codes whose registration authority is a letter, which GB 32100 allows, ID
numbers whose county was created after the holder's birth, which real cards carry, and Taiwan
residents' residence permits, region 830000), and it rejects the structurally impossible codes
stdnum lets through."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from stdnum import numdb
from stdnum.cn import ric, uscc

from extractors.identifiers import (
    CREDIT_ALPHABET, credit_code_problem, id_number_problem, is_valid_credit_code, is_valid_id_number,
    organisation_code_check_char,
)

SAMPLE = 20_000


def _stdnum_accepts_id(number: str) -> bool:
    try:
        return ric.is_valid(number)
    except KeyError:  # stdnum 2.2 crashes on a known province with an unknown county
        return False


def _county_created_after_birth(number: str) -> bool:
    """stdnum's one objection we overrule: every county of this code starts after the birth year."""
    found = numdb.get("cn/loc").info(number[:6])[1:]
    counties = found[0][1].get("county", "") if found else ""
    starts = [county[1:].split("-")[0] for county in counties.split(",") if county.startswith("[")]
    born = ric.get_birth_date(number)
    return bool(starts) and all(start and born.year < int(start) for start in starts)


def _with_check(body: str) -> str:
    return body + ric.calc_check_digit(body + "0")


def _random_digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


def test_random_credit_codes_accepted_only_where_stdnum_accepts():
    rng = random.Random(32100)
    codes = ["".join(rng.choice(CREDIT_ALPHABET) for _ in range(18)) for _ in range(SAMPLE)]
    codes += [body + uscc.calc_check_digit(body) for body in (_random_digits(rng, 17) for _ in range(SAMPLE))]

    accepted = [code for code in codes if is_valid_credit_code(code)]
    stdnum_accepted = [code for code in codes if uscc.is_valid(code)]

    for code in accepted:
        assert uscc.is_valid(code) or code[0] in "ANY", code
    # stdnum accepts every digit string with a right check character; the structure does not
    assert len(stdnum_accepted) >= SAMPLE
    assert len(accepted) < len(stdnum_accepted) / 100


def test_random_id_numbers_accepted_only_where_stdnum_accepts():
    rng = random.Random(11643)
    numbers = [_random_digits(rng, 17) + rng.choice("0123456789X") for _ in range(SAMPLE)]
    numbers += [_with_check(_random_digits(rng, 17)) for _ in range(SAMPLE)]

    for number in numbers:
        if is_valid_id_number(number):
            assert _stdnum_accepts_id(number) or _county_created_after_birth(number) or number[:6] == "830000", number


def test_plausible_id_numbers_agree_with_stdnum_except_the_future():
    """Real regions and real dates: the product says what stdnum says, but for birth dates
    after today or before 1900, which stdnum accepts and the product rejects, and counties
    created after the birth, which stdnum rejects and the product accepts."""
    rng = random.Random(7)
    regions = ["110105", "440304", "440306", "360426", "510104", "650102", "440300", "429004"]
    today = date(2026, 1, 1)
    for _ in range(2_000):
        born = date(1880, 1, 1) + timedelta(days=rng.randrange(0, 160 * 365))
        body = rng.choice(regions) + born.strftime("%Y%m%d") + _random_digits(rng, 3)
        number = _with_check(body)
        ours = id_number_problem(number, today=today) is None
        if 1900 <= born.year and born <= today:
            assert ours == (_stdnum_accepts_id(number) or _county_created_after_birth(number)), number
        else:
            assert not ours, number


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("110105199913400011", "出生日期“19991340”不存在"),
        (_with_check("11010518991231001"), "早于1900年"),
        ("110105194912310021", "校验位不符"),
        ("11010519491231002", "应为18位"),
        (_with_check("99010519491231002"), "行政区划码“990105”不存在"),
        (_with_check("44039919491231002"), "行政区划码“440399”不存在"),
    ],
)
def test_impossible_id_numbers_say_why(number, problem):
    assert problem in id_number_problem(number)


def test_county_created_after_the_birth_is_accepted_though_stdnum_rejects_it():
    # 南山区 (440305) dates from 1990; a Shenzhen card issued there to someone born in 1980
    number = _with_check("44030519800101001")
    assert is_valid_id_number(number)
    assert not ric.is_valid(number)


def test_county_abolished_before_the_birth_is_rejected():
    # 宝安县 (440321) became 宝安区 in 1992: it issued no numbers to children born in 2010
    assert "出生前已撤销" in id_number_problem(_with_check("44032120100101001"))


def test_impossible_birth_date_has_a_right_check_character():
    # the case the issue names: only the birth date is wrong, so a checksum alone passes it
    assert ric.calc_check_digit("110105199913400011") == "1"
    assert not is_valid_id_number("110105199913400011")


def test_birth_date_in_the_future_is_rejected():
    body = "440304" + (date.today() + timedelta(days=400)).strftime("%Y%m%d") + "123"
    number = _with_check(body)
    assert "晚于今天" in id_number_problem(number)


def _credit(head: str, organisation8: str) -> str:
    body = head + organisation8 + organisation_code_check_char(organisation8)
    return body + uscc.calc_check_digit(body)


@pytest.mark.parametrize(
    ("head", "kind"),
    [("91440300", "企业"), ("92440300", "个体工商户"), ("93440300", "农民专业合作社"), ("12440300", "事业单位"),
     ("51440300", "社会团体"), ("52440300", "民办非企业单位"), ("53440300", "基金会"), ("11100000", "国家机关"),
     ("31440300", "律师事务所"), ("81440300", "基层工会")],
)
def test_well_formed_credit_codes_pass(head, kind):
    code = _credit(head, "MA5F3K0X")
    assert credit_code_problem(code) is None, kind
    assert uscc.is_valid(code)


def test_letter_registration_authority_is_accepted_though_stdnum_rejects_it():
    # N2: 村级集体经济组织, registered by the agriculture authority — applicants of rural stations
    code = _credit("N2440307", "MF1234A5")
    assert is_valid_credit_code(code)
    assert not uscc.is_valid(code)


@pytest.mark.parametrize(
    ("head", "problem"),
    [("94440300", "机构类别“4”"), ("54440300", "机构类别“4”"), ("B1440300", "登记管理部门代码“B”"),
     ("91990300", "行政区划码“990300”"), ("91449900", "行政区划码“449900”")],
)
def test_credit_code_structure_is_checked_beyond_the_check_character(head, problem):
    code = _credit(head, "MA5F3K0X")
    assert uscc.calc_check_digit(code[:17]) == code[17]
    assert problem in credit_code_problem(code)


def test_embedded_organisation_code_has_its_own_check_character():
    body = "914403001922038" + "20"  # organisation code 192203820: its check should be 6
    code = body + uscc.calc_check_digit(body)
    assert uscc.is_valid(code)
    assert "组织机构代码" in credit_code_problem(code)


@pytest.mark.parametrize(("first8", "check"), [("19220382", "1"), ("60003734", "1"), ("M000100Y", "4")])
def test_organisation_check_character_gb11714(first8, check):
    # the organisation codes inside 914403001922038216, 91110000600037341L, 91350100M000100Y43
    assert organisation_code_check_char(first8) == check


@pytest.mark.parametrize(
    "code",
    # codes published online (a public institution, companies, individual businesses with
    # MA organisation codes, one with a letter in the organisation code's first place)
    ["121200004013590816", "91440300568520498A", "9144030071526726XG", "91310115MA1K3BTP2B",
     "92340603MA2PBMD304", "91620105L015101280", "91442000696462712R"],
)
def test_real_credit_codes_pass_the_full_check(code):
    assert credit_code_problem(code) is None


@pytest.mark.parametrize("region", ["810000", "820000", "830000"])
def test_residence_permits_of_hong_kong_macau_and_taiwan_residents_pass(region):
    # 港澳台居民居住证 numbers: the ID structure with the region of the holder's home
    assert is_valid_id_number(_with_check(region + "19800101001"))
