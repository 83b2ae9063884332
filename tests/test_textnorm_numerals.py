"""Chinese numerals as dossiers write them: part numbers, months and days (1–99)."""

import pytest

from kernel.textnorm import chinese_number


@pytest.mark.parametrize("text, value", [
    ("一", 1), ("九", 9), ("十", 10), ("十一", 11), ("十五", 15), ("二十", 20), ("二十五", 25), ("三十一", 31), ("九十九", 99),
])
def test_numerals_up_to_ninety_nine(text, value):
    assert chinese_number(text) == value


@pytest.mark.parametrize("text", ["", "十十", "二二", "一十十", "百", "十一二", "二〇", "5"])
def test_malformed_numerals_are_none(text):
    assert chinese_number(text) is None
