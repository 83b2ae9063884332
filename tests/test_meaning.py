"""Reading whether a statement puts the subject on a list: real phrasings of credit printouts,
both sides, the table-row form, yes/no questions, and what cannot be told."""

import pytest

from extractors.meaning import listed

NOT_LISTED = [
    "严重失信主体名单：0",
    "严重失信主体名单：0条",
    "严重失信主体名单 0条",
    "严重失信主体名单：0 条记录",
    "严重失信主体名单：共0条",
    "严重失信主体名单：零条",
    "严重失信主体名单：无",
    "严重失信主体名单：暂无",
    "严重失信主体名单：暂无数据",
    "严重失信主体名单：未查询到相关记录",
    "严重失信主体名单：查询结果为空",
    "严重失信主体名单：未列入",
    "严重失信主体名单：未被列入",
    "严重失信主体名单：无（查询时间：2023-06-10）",
    "严重失信主体名单0",
    "严重失信主体名单 无",
    "是否列入严重失信主体名单：否",
    "是否被列入严重失信主体名单 否",
    "查询结果：是否列入严重失信主体名单：否",
    "该主体未被列入严重失信主体名单。",
    "经查询，该单位未被列入严重失信主体名单",
    "无严重失信记录",
    "无严重违法失信行为",
    "未发现严重失信行为",
    "不存在严重失信行为",
    "查询结果：良好",
    "信用状况：正常",
    "查无记录",
    "严重失信主体名单：没有",
    "严重失信主体名单：否",
    "严重失信主体名单：0条。查询日期2023-06-10",
]

LISTED = [
    "严重失信主体名单：1条",
    "严重失信主体名单 1条",
    "严重失信主体名单：共2条记录",
    "严重失信主体名单：一条",
    "严重失信主体名单：1",
    "严重失信主体名单：是",
    "是否列入严重失信主体名单：是",
    "严重失信主体名单：列入（2022年3月1日，深圳市人力资源和社会保障局）",
    "严重失信主体名单：已列入",
    "该主体已被列入严重失信主体名单",
    "查询结果：该主体已被列入严重失信主体名单（2022年3月1日列入）",
    "存在严重失信行为记录",
    "严重失信主体名单：有",
    "严重失信主体名单 列入日期 2022-03-01",
]

CANNOT_TELL = [
    "",
    None,
    "严重失信主体名单",
    "严重失信主体名单：",
    "是否列入严重失信主体名单：",
    "严重失信主体名单：详见附件",
    "严重失信主体名单：—",
    "严重失信主体名单：未列入，但已列入经营异常名录另有1条",  # both sides said
    "查询日期2023-06-10",
]


@pytest.mark.parametrize("text", NOT_LISTED)
def test_statements_that_the_subject_is_not_on_the_list(text):
    assert listed(text) is False


@pytest.mark.parametrize("text", LISTED)
def test_statements_that_the_subject_is_on_the_list(text):
    assert listed(text) is True


@pytest.mark.parametrize("text", CANNOT_TELL)
def test_statements_that_say_neither_are_not_guessed(text):
    assert listed(text) is None


def test_full_width_and_spaced_text_reads_the_same():
    assert listed("严重失信主体名单：　０　条") is False
    assert listed("严重失信主体名单：１条") is True
