"""What a statement about a list says: is the subject on it, not on it, or can't we tell.

A credit printout answers "严重失信主体名单" in many ways: a count (`0`, `0条`, `共1条`, `零条`), a
word (`无`, `暂无`, `否`, `是`), a sentence (`未查询到相关记录`, `查询结果为空`, `该主体已被列入…`), or a
yes/no question with its answer (`是否列入严重失信主体名单：否`). The label itself says 失信 and
often 列入, so the words of a question never count as its answer. Whatever cannot be read as
one side is `None`: the caller asks a person instead of inventing a hit.
"""

from __future__ import annotations

import re

from kernel.textnorm import nfkc

# "label：answer"; a yes/no question ("是否列入…：否") is answered after its own colon.
_COLON = re.compile(r"[:：]")
_QUESTION = re.compile(r"是否(?:被)?(?:列入|纳入|存在|有)")
# Counts: "0", "0条", "共 2 条记录", "零条"; a bare number is a count only when it is the whole answer.
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_COUNTED = re.compile(r"(?:共|计|查询到|有)?\s*([0-9]+|[零〇一二两三四五六七八九十])\s*(?:条|项|个|次|起|笔)")
_BARE_COUNT = re.compile(r"^\W*([0-9]+|[零〇])\W*$")
# A table row read without its cell border: "严重失信主体名单 0" (a short number right after the label).
_TRAILING_COUNT = re.compile(r"[\u4e00-\u9fff)]\s*([0-9]{1,3})\W*$")
# Saying "not on it". Negated verbs first, so that "未被列入" is not read as "列入".
_NEGATIVE = re.compile(
    r"(?:未|没有|没|不曾|并未|尚未|从未)\s*(?:被)?\s*(?:列入|纳入|列为|查询到|查到|检索到|发现|记录|存在|认定)"
    r"|(?:不存在|无(?:严重)?(?:违法)?失信|无相关|无记录|无此|无该|无数据|无结果|无不良|暂无|查无|为空|结果空"
    r"|不在(?:名单|名录)|非严重失信|良好|正常|(?<![有])无\W*$|否\W*$)"
)
_REMARK = re.compile(r"\([^)]*\)?")
_NEGATIVE_WORD = re.compile(r"^\W*(?:无|否|没有|不是|非|未列入|未被列入|不存在|空|None|NO|No|no|N)\W*$")
# Saying "on it".
_POSITIVE = re.compile(r"(?:已|被|曾|已被)\s*(?:列入|纳入|认定|列为)|列入(?:时间|日期|原因|机关|部门)|存在(?:严重)?(?:违法)?失信|有(?:严重)?失信记录")
_POSITIVE_WORD = re.compile(r"^\W*(?:是|有|列入|已列入|存在|YES|Yes|yes|Y)(?:\W.*)?$")


def _answer(text: str) -> str:
    """The part of "label：answer" that answers: after a yes/no question's colon, else after the
    first colon (a later one belongs to a remark such as "查询时间："); the whole text when
    there is no colon."""
    question = _QUESTION.search(text)
    if question:
        rest = _COLON.split(text[question.end() :], maxsplit=1)
        return rest[-1]
    parts = _COLON.split(text, maxsplit=1)
    return parts[1] if len(parts) == 2 else text


def _counts(text: str) -> list[int]:
    found = [m.group(1) for m in _COUNTED.finditer(text)]
    bare = _BARE_COUNT.match(text) or (None if found else _TRAILING_COUNT.search(text))
    if bare:
        found.append(bare.group(1))
    return [int(n) if n.isdigit() else _CN_DIGITS[n] for n in found]


def listed(text: str | None) -> bool | None:
    """True when `text` says the subject is on the list, False when it says it is not, None
    when it cannot tell (nothing answered, both sides said, or words it does not know)."""
    if not text:
        return None
    whole = nfkc(text)
    answer = _answer(whole)
    if not answer.strip():
        return None
    word = _REMARK.sub("", answer)  # "无（查询时间：…）" answers 无
    if _NEGATIVE_WORD.match(word):
        return False
    if _POSITIVE_WORD.match(word):
        return True
    counts = _counts(answer)
    negative = bool(_NEGATIVE.search(answer))
    positive = bool(_POSITIVE.search(_NEGATIVE.sub("", answer)))
    sides = set()
    if counts:
        sides.add(any(n > 0 for n in counts))
    if negative:
        sides.add(False)
    if positive:
        sides.add(True)
    return sides.pop() if len(sides) == 1 else None
