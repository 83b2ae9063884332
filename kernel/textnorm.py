"""Normalising OCR'd Chinese text before it is compared.

OCR mixes full- and half-width punctuation, drops or adds spaces, and titles carry
numbering ("一、", "附件3：", "（三）") and suffixes ("复印件") that vary between the 目录
and the page. Every comparison of titles or names goes through these functions so that
the 目录 check, the item recognition and the file-name rule agree on what "the same" means.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import cache

import opencc

_SPACES = re.compile(r"\s+")
_CN_NUM = "一二三四五六七八九十百零〇两"
# Leading numbering: "一、" "（三）" "(3)" "3." "3、" "附件3：" "附件三" "第三部分" "①"
_NUMBERING = re.compile(
    rf"^(?:附件\s*[0-9{_CN_NUM}]+\s*[:：、.．\-—]?\s*"
    rf"|第\s*[0-9{_CN_NUM}]+\s*(?:部分|章|节|项)\s*[:：、.．]?\s*"
    rf"|[（(]\s*[0-9{_CN_NUM}]+\s*[)）]\s*[、.．]?\s*"
    rf"|[0-9]+(?:\.[0-9]+)*\s*(?:、\s*|[.．]\s*(?![0-9]))"
    rf"|[{_CN_NUM}]+\s*[、.．]\s*"
    rf"|[①-⑳]\s*)"
)
_SUFFIXES = ("复印件", "扫描件", "影印件", "原件")
# A note at a title's end on how the part is handed in, not what it is: "（复印件加盖公章）",
# "(原件)", "（加盖公章）", "复印件并加盖公章".
_HANDED_IN_NOTE = re.compile(r"\s*(?:[(（][^()（）]*(?:复印|原件|扫描|影印|盖章|公章)[^()（）]*[)）]"
                             r"|(?:复印件|扫描件|原件)?并?加盖(?:单位)?公章)\s*$")
_PUNCT = re.compile(r"[\s\u3000,，.。:：;；、·•…\-—_~～'\"“”‘’《》<>〈〉「」『』【】\[\]()（）]")


# Katakana the recogniser sometimes returns for the Chinese character of the same shape
# ("乡村エ匠" for 乡村工匠, "ー、认定申请书" for 一、), and the Japanese forms of simplified
# characters its Japanese training data gives ("帯头人" for 带头人, "営业执照" for 营业执照):
# Chinese dossiers contain neither.
_LOOKALIKES = str.maketrans({
    "エ": "工", "ロ": "口", "カ": "力", "ニ": "二", "ハ": "八", "ト": "卜", "タ": "夕", "ー": "一",
    "帯": "带", "髙": "高", "営": "营", "証": "证", "険": "险", "単": "单", "労": "劳", "図": "图",
    "県": "县", "広": "广", "価": "价", "経": "经", "続": "续", "総": "总", "済": "济", "転": "转",
    "実": "实", "関": "关", "発": "发", "権": "权", "様": "样", "歳": "岁", "戸": "户", "圧": "压",
})


_CLAUSE_BREAK = re.compile(r"[，。；;！？!?]\s*[\u4e00-\u9fffA-Za-z0-9]")


def reads_as_sentence(text: str) -> bool:
    """Whether a line runs on past a sentence mark (依托现有实训设备和师资力量，开发具有行业…):
    body text, which a page's title or a material's name is not. A mark that ends the line
    (承诺书。) does not count."""
    return bool(_CLAUSE_BREAK.search(text))


_DIGIT_VALUES = {c: i for i, c in enumerate("一二三四五六七八九", 1)}


def chinese_number(text: str) -> int | None:
    """A number from 1 to 99 in Chinese numerals (五, 十, 十五, 二十, 二十五), as dossiers number
    their parts and write months and days; None for anything else (十十, 二二, 百)."""
    if text in _DIGIT_VALUES:
        return _DIGIT_VALUES[text]
    tens, ten, ones = text.partition("十")
    if not ten or tens not in ("", *_DIGIT_VALUES) or ones not in ("", *_DIGIT_VALUES):
        return None
    return _DIGIT_VALUES.get(tens, 1) * 10 + _DIGIT_VALUES.get(ones, 0)


def nfkc(text: str) -> str:
    """NFKC folds full-width ASCII and brackets to half-width; spaces are removed; katakana
    lookalikes become the Chinese characters they were."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).translate(_LOOKALIKES)


def strip_numbering(title: str) -> str:
    """Remove leading list numbering, repeatedly ("附件2：一、营业执照" → "营业执照")."""
    text = nfkc(title)
    while True:
        stripped = _NUMBERING.sub("", text, count=1)
        if stripped == text or not stripped:
            return text
        text = stripped


def title_key(title: str) -> str:
    """The comparable core of a part title: no numbering, punctuation, copy suffixes or a
    closing note on how it is handed in (营业执照（复印件加盖公章） is 营业执照)."""
    text = strip_numbering(title)
    shorter = _HANDED_IN_NOTE.sub("", text)
    text = shorter if shorter.strip() else text
    for suffix in _SUFFIXES:
        if text.endswith(nfkc(suffix)) and len(text) > len(nfkc(suffix)):
            text = text[: -len(nfkc(suffix))]
    return _PUNCT.sub("", text)


def written_name_key(name: str) -> str:
    """A name as written, for equality tests: width, brackets and spaces folded."""
    return _PUNCT.sub("", nfkc(name))


def unit_name_key(name: str) -> str:
    """A unit's or a person's name for equality tests between readings: as `written_name_key`,
    with traditional characters folded to simplified. The recogniser, trained on both, now and
    then returns a character's traditional form (賀福英 for 贺福英 on a licence, 粵 for 粤);
    names on mainland documents are written in simplified characters, so two readings that
    differ only so are one name."""
    return simplified(written_name_key(name))


def simplified(text: str) -> str:
    """`text` with traditional characters in their simplified form (OpenCC's table)."""
    return _to_simplified().convert(text)


@cache
def _to_simplified() -> opencc.OpenCC:
    """OpenCC's converter, built once (it loads its dictionaries)."""
    return opencc.OpenCC("t2s")


def similarity(a: str, b: str) -> float:
    """0..1 similarity of two already-normalised strings (ratio of matching characters)."""
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def containment(needle: str, haystack: str) -> float:
    """How much of `needle` appears, in order, in `haystack` (0..1); for titles inside longer lines."""
    if not needle or not haystack:
        return 0.0
    matcher = SequenceMatcher(None, needle, haystack, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(needle)
