"""Page-number parsing: every printed style and OCR's variants, and the digits it must refuse."""

import pytest

from pipeline.pagenumber import parse_page_number


@pytest.mark.parametrize(
    ("text", "number", "strong"),
    [
        ("- 5 -", 5, True),
        ("-2-", 2, True),
        ("—12—", 12, True),
        ("一 7 一", 7, True),  # dashes read as the character 一
        ("－ 3 －", 3, True),  # full-width
        ("第5页", 5, True),
        ("第 5 页 共 40 页", 5, True),
        ("第5页，共40页", 5, True),
        ("共40页 第5页", 5, True),
        ("深圳市某某科技有限公司 第 12 页", 12, True),
        ("P5", 5, True),
        ("p.17", 17, True),
        ("Page 3", 3, True),
        ("5/40", 5, True),
        ("5", 5, False),
        ("123", 123, False),
        ("-5", 5, False),  # one dash lost
        ("- l -", 1, True),  # OCR slip l→1 inside markup
        ("第1O页", 10, True),  # O→0 inside markup
    ],
)
def test_reads_page_number_styles(text, number, strong):
    match = parse_page_number(text)
    assert match is not None
    assert (match.number, match.strong) == (number, strong)
    assert match.text == text


@pytest.mark.parametrize(
    "text",
    [
        "联系电话：0755-26661234",
        "0755-83456789",
        "2023",  # a year
        "2023年度申报材料",
        "共40页",  # the total alone is not this page's number
        "第50页共40页",  # a number beyond the total is a misreading
        "41/40",
        "0",
        "1000",
        "l",  # a lone slip character without markup is not a number
        "营业执照",
        "",
        "一、营业执照",
    ],
)
def test_refuses_digits_that_are_not_page_numbers(text):
    assert parse_page_number(text) is None
