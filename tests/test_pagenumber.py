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
        ("ー7ー", 7, True),  # ... or as the kana length mark
        ("一1ー", 1, True),
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
        ("12.", 12, False),  # "·12·" with one dot lost
        ("·7", 7, False),
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


@pytest.mark.parametrize(
    ("text", "number", "total", "form"),
    [
        ("(5)", 5, None, "enclosed"),
        ("（12）", 12, None, "enclosed"),  # full-width brackets
        ("·5·", 5, None, "dotted"),
        ("• 17 •", 17, None, "dotted"),
        ("·12.", 12, None, "dotted"),  # OCR reads the closing dot as a full stop
        ("- 5 -", 5, None, "dashed"),
        ("页码：5", 5, None, "labelled"),
        ("页码: 23/40", 23, 40, "labelled"),
        ("P5", 5, None, "prefixed"),
        ("p.5", 5, None, "prefixed"),
        ("Page 3 of 12", 3, 12, "prefixed"),
        ("5/32", 5, 32, "fraction"),
        ("5 / 32", 5, 32, "fraction"),
        ("第5页/共32页", 5, 32, "chinese"),
        ("第 5 页", 5, None, "chinese"),
        ("共32页 第5页", 5, 32, "chinese"),
        ("5", 5, None, "bare"),
    ],
)
def test_every_printed_form_gives_number_total_and_form(text, number, total, form):
    match = parse_page_number(text)
    assert match is not None
    assert (match.number, match.total, match.form) == (number, total, form)
    assert match.strong == (form != "bare")


@pytest.mark.parametrize(
    "text",
    [
        "(0755)",  # an area code in brackets
        "·2023·",  # a year between dots
        "页码：2023",
        "P2024",
        "0/32",
        "33/32",
        "第5页/共3页",
        "13800138000",  # a mobile number
        "(1)本单位承诺",  # a list item, not a number alone
    ],
)
def test_refuses_years_phones_and_impossible_totals_in_the_new_forms(text):
    assert parse_page_number(text) is None
