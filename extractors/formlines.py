"""Pair labels with their values in OCR lines: bordered forms, "标签：值" lines and tables.

OCR returns a bordered form's label cell and value cell as separate boxes on one row, a long
value sometimes as two boxes, and a label and its value merged into one box when the cell
border is faint. So rows are rebuilt from box geometry, a box is recognised as a label by
its normalised text (with one slipped character tolerated), and a value runs from the label
to the next label on the row. Label vocabularies are passed in by the caller, who also lists
the labels of neighbouring cells so that they stop a value instead of joining it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kernel.geometry import group_rows, union
from kernel.models import Box, OcrLine, PageText
from kernel.textnorm import nfkc, similarity, unit_name_key

Labels = Mapping[str, Sequence[str]]

_FUZZY_LABEL = 0.8
STRAY_GAP = 8.0  # label heights between a label and a line on its row too far off to be its value
# A line far right of its label is its value after all when this many other lines in the rows
# around start where it starts: the value column of a two-column table drawn without rules (a
# credit printout's 严重失信主体名单 | 列入（…）), not a riding seal's words at the page's edge.
COLUMN_OF_VALUES = 2
# A label merged with its value without a colon is only trusted when the label is long
# enough not to be the first word of a title ("职业资格证书" is not 职业 = "资格证书").
_MERGED_MIN = 3
# OCR fills the gap between a label and its value with a stray mark ("姓名☑侯强"); such a
# mark also shows that a short label really ends there.
_LEADING_JUNK = re.compile(r"^\W+")
_COLON = re.compile(r"[:：]")
_WORD = re.compile(r"\w")
_NOT_WORD = re.compile(r"\W")
# A label's parenthetical wrapped onto the cell's second line ("法定代表人" / "(负责人)",
# "联系电话" / "(手机)") lands on the value's row and is read before the value: it is the
# label's, never the value's.
_WRAPPED_LABEL_END = re.compile(r"^[(（]?[\u4e00-\u9fff]{1,6}[)）]\s*(?=\S)")
# The same note's first line: a bracket opened after the label and not closed on its line.
_LEADING_NOTE = re.compile(r"^\s*[(（][^()（）]{1,10}[)）]")  # a label's note in brackets, before its value
_OPEN_NOTE = re.compile(r"^\s*[(（][\u4e00-\u9fff]{0,5}\s*$")


@dataclass(frozen=True)
class Cell:
    """A value read from a page, with where it was read and the OCR's confidence."""

    text: str
    page: int
    box: Box
    confidence: float


def row_text(row: Sequence[OcrLine]) -> str:
    return "".join(line.text for line in row)


def _strip_prefix(text: str, key: str) -> str | None:
    """`text` after a leading `key` (compared without punctuation or stray marks: a label
    spaced out across its cell, 名　　称, is read with a mark in the gap, 名☑称), or None
    if it does not lead."""
    consumed = 0
    for index, char in enumerate(text):
        if consumed == len(key):
            return text[index:]
        if char == key[consumed]:
            consumed += 1
        elif _WORD.match(char):
            return None
    return "" if consumed == len(key) else None


# Where a seal goes after a label ("申请单位（盖章）"): not a value. A signature slot
# ("法定代表人（签字）：赵某") is kept: the name written there is the signer.
_SEAL_SLOT = re.compile(r"^[(（]?\s*(?:加盖)?(?:盖章|签章|公章|印章)")
_SLOT_ENDING = re.compile(r"(?:[(（]\s*)?(?:加盖)?(?:盖章|签章|公章|印章)\s*[)）]?\s*$")
_SLOT_CLOSE = re.compile(r"^\s*[)）]?\s*[:：]?\s*")
SEAL_SLOT = "\0seal:"  # + the label's name: "申请单位（盖章）" is a seal slot of unit_name
# What a seal slot may hold as a value: an organisation's name, never a sentence or a date.
_ORGANISATION = re.compile(
    r"^[\u4e00-\u9fff()（）·]{4,40}(?:公司|集团|协会|商会|学会|学校|学院|大学|中心|研究院|研究所|事务所|医院|"
    r"合作社|基金会|委员会|站|厂|店|院|社|部|局|所)$"
)
_BRACKETED_NOTE = re.compile(r"\([^()]{1,10}\)")
# "其中高级工及以上", "其中：农村劳动力": a sub-count's label says it is one of the row above.
_OF_WHICH = re.compile(r"^其中[:：]?")


def _label_key(text: str) -> str:
    """A label for comparison: its letters only, without punctuation or the stray marks OCR
    puts in the gaps of a label spaced out across its cell (名☑称 for 名　　称)."""
    return _NOT_WORD.sub("", unit_name_key(text))


class LabelVocabulary:
    """Recognises label boxes: exact, merged with their value, or with one character slipped."""

    def __init__(self, labels: Labels):
        pairs = {(_label_key(variant), key) for key, variants in labels.items() for variant in variants}
        # longest first, so "法定代表人身份证号码" is tried before "法定代表人"
        self._variants = sorted(pairs, key=lambda pair: (-len(pair[0]), pair[1]))

    def _whole(self, text: str) -> str | None:
        key = _label_key(text)
        if not key:
            return None
        # "联系电话（手机）", "法定代表人（负责人）", "场地面积（㎡）": the note in brackets is not the label
        bare = _label_key(_OF_WHICH.sub("", _BRACKETED_NOTE.sub("", nfkc(text))))
        for variant, name in self._variants:
            if key == variant or bare == variant:
                return name
        # One slipped character, not a shorter word: "单位名称" (a table head) is not "用人单位名称".
        # Compared without a note in brackets: "法定代表人（负责人） 曹刚" is a label, its note and
        # a value, not "法定代表人或负责人" with a character slipped.
        near = [pair for pair in self._variants if abs(len(pair[0]) - len(bare)) <= 1]
        if not near:
            return None
        best = max(near, key=lambda pair: similarity(bare, pair[0]))
        if len(best[0]) >= 4 and similarity(bare, best[0]) >= _FUZZY_LABEL:
            return best[1]
        return None

    def begins_a_label(self, text: str) -> bool:
        """Whether `text` is the first part of a longer label, wrapped over two lines of its
        cell ("统一社会信用" / "代码"): the label's, never a value."""
        key = _label_key(text)
        return len(key) >= _MERGED_MIN and any(variant.startswith(key) and variant != key for variant, _ in self._variants)

    def parse(self, text: str) -> tuple[str, str] | None:
        """(label name, value text that followed it in the same box) or None if not a label.

        A label followed by （盖章） is the place a seal goes ("申请单位（盖章）：" under a form or a
        letter): it ends the value before it, and holds a value only when an organisation's
        name is written there (`all_pairs`)."""
        found = self._parse(text)
        if found is None:
            return None
        label_text = _COLON.split(nfkc(text), maxsplit=1)[0] if _COLON.search(text) else nfkc(text)
        slot = _SEAL_SLOT.match(found[1])
        if slot:  # "申请单位（盖章） 深圳市某学校" read as one box: what follows the slot is written in it
            return SEAL_SLOT + found[0], _SLOT_CLOSE.sub("", found[1][slot.end():])
        if _SLOT_ENDING.search(label_text):
            return SEAL_SLOT + found[0], found[1]
        return found

    def _parse(self, text: str) -> tuple[str, str] | None:
        normal = nfkc(text)
        parts = _COLON.split(normal, maxsplit=1)
        if len(parts) == 2:
            name = self._whole(parts[0])
            if name:
                return name, parts[1].strip()
        name = self._whole(normal)
        if name:
            return name, ""
        for variant, label_name in self._variants:
            rest = _strip_prefix(normal, variant)
            if rest is None:
                continue
            if _OPEN_NOTE.match(rest):
                return label_name, ""  # "法定代表人（负责" / "人）": the label's note, cut by the cell's wrap
            value = _LEADING_JUNK.sub("", _LEADING_NOTE.sub("", rest))  # "（负责人） 曹刚": the label's note, then the value
            if len(variant) >= _MERGED_MIN or value != rest:
                return label_name, value
        return None

def all_pairs(page: PageText, labels: Labels, stop_labels: Sequence[str] = ()) -> list[tuple[str, Cell]]:
    """Every (label name, value) on `page`, top to bottom; `stop_labels` only end values."""
    vocabulary = LabelVocabulary({**labels, "\0stop": list(stop_labels)} if stop_labels else labels)
    rows = group_rows(page.lines)
    found: list[tuple[str, Cell]] = []
    for row_index, row in enumerate(rows):
        index = 0
        while index < len(row):
            parsed = vocabulary.parse(row[index].text)
            if parsed is None:
                index += 1
                continue
            name, inline = parsed
            parts: list[tuple[str, OcrLine]] = [(inline, row[index])] if inline else []
            label_line = row[index]
            index += 1
            while (index < len(row) and vocabulary.parse(row[index].text) is None
                   and not _wrapped_label_between(parts[-1][1] if parts else label_line, row[index],
                                                  rows[max(0, row_index - 1):row_index + 2], vocabulary)):
                parts.append((row[index].text, row[index]))
                index += 1
            # A part that begins another label, or holds no word at all (a seal's star, a mark
            # read at the page's edge on the label's row), is not this label's value.
            parts = [(part, line) for part, line in parts
                     if not vocabulary.begins_a_label(part) and _WORD.search(part)]
            if parts and _stray_beside(label_line, parts[0][1], rows, row_index, vocabulary):
                parts = []
            if not parts:
                beside = _value_beside_wrapped(label_line, rows[row_index + 1 :], vocabulary)
                if beside is not None and _stray_beside(label_line, beside, rows, row_index, vocabulary):
                    beside = None
                below = beside or _value_below(label_line, rows[row_index + 1 :], vocabulary)
                parts = [(below.text, below)] if below else []
            text = _WRAPPED_LABEL_END.sub("", "".join(part for part, _ in parts).strip())
            if name.startswith(SEAL_SLOT):
                # "申请单位（盖章）：深圳市某协会" heads a form: the name written where the seal goes
                name = name[len(SEAL_SLOT):] if _ORGANISATION.match(nfkc(text)) else SEAL_SLOT
            if text and name in labels:
                cell = Cell(
                    text=text,
                    page=page.index,
                    box=union([line.box for _, line in parts]),
                    confidence=min(line.confidence for _, line in parts),
                )
                found.append((name, cell))
    return found


def read_pairs(page: PageText, labels: Labels, stop_labels: Sequence[str] = ()) -> dict[str, Cell]:
    """The first value of each label on `page`."""
    found: dict[str, Cell] = {}
    for name, cell in all_pairs(page, labels, stop_labels):
        found.setdefault(name, cell)
    return found


def _wrapped_label_between(left: OcrLine, right: OcrLine, rows: Sequence[Sequence[OcrLine]],
                           vocabulary: LabelVocabulary) -> bool:
    """Whether another cell's label, wrapped over the lines above and below this row (场地总面积
    （平方 / 米）), stands in the gap between `left` and `right`: `right` is that label's value,
    not more of the value `left` belongs to."""
    height = left.box[3] - left.box[1]
    return any(
        line.box[0] >= left.box[2] - 0.5 * height and line.box[2] <= right.box[0] + 0.5 * height
        and abs(line.box[1] - left.box[1]) <= 2 * height
        and (vocabulary.parse(line.text) is not None or vocabulary.begins_a_label(line.text))
        for row in rows for line in row
    )


def _value_beside_wrapped(label: OcrLine, rows: Sequence[Sequence[OcrLine]], vocabulary: LabelVocabulary) -> OcrLine | None:
    """The value of a label wrapped over two lines of its cell ("组织机构代码（统一社会信用" /
    "代码）"): centred in its own cell, it stands right of the label between its two lines,
    a row of its own with no label before it."""
    if not rows:
        return None
    height = label.box[3] - label.box[1]
    row = rows[0]
    beside = sorted((line for line in row if line.box[0] >= label.box[2] and line.box[1] < label.box[3] + 0.5 * height),
                    key=lambda line: line.box[0])
    if not beside or any(line.box[0] < beside[0].box[0] for line in row):
        return None
    # Alone on its row, or followed by the next cell's label ("任德 | 项目联系人 方怡杰").
    if len(beside) > 1 and vocabulary.parse(beside[1].text) is None:
        return None
    return beside[0] if vocabulary.parse(beside[0].text) is None else None


def _stray_beside(label: OcrLine, first: OcrLine, rows: Sequence[Sequence[OcrLine]], row_index: int,
                  vocabulary: LabelVocabulary) -> bool:
    """Whether `first`, the first line right of `label` on its row (or just under it), is a
    stray mark far off the form (a riding seal's text at the page's edge: "发票卡", "深圳市电子")
    while the label's value stands under it: far beyond the label, with no line of the rows
    around reaching across its left edge (a value centred in a wide cell has others in its
    column) nor lined up with it (a left-aligned column of values), and a line under the label,
    starting where it starts."""
    height = label.box[3] - label.box[1]
    if first.box[0] - label.box[2] < STRAY_GAP * height:
        return False
    below = _value_below(label, rows[row_index + 1:], vocabulary)
    if below is None or abs(below.box[0] - label.box[0]) > height:
        return False
    around = [line for row in rows[max(0, row_index - 3):row_index + 4] for line in row]
    lined_up = sum(line is not first and abs(line.box[0] - first.box[0]) <= 0.5 * height for line in around)
    if lined_up >= COLUMN_OF_VALUES:
        return False  # a column of values, left-aligned, in a table drawn without rules
    return not any(line.box[0] < first.box[0] - 0.5 * height and line.box[2] > first.box[0] for line in around)


def _value_below(label: OcrLine, rows: Sequence[Sequence[OcrLine]], vocabulary: LabelVocabulary) -> OcrLine | None:
    """A value printed under its label (certificates do this), if the next row has one there
    (or the row after, where a stray mark beside the label, taller than a line, made a row of
    its own between them)."""
    height = label.box[3] - label.box[1]
    for line in [line for row in rows[:2] for line in row]:
        overlaps = line.box[0] < label.box[2] and line.box[2] > label.box[0]
        close = line.box[1] - label.box[3] <= 1.5 * height
        if overlaps and close and vocabulary.parse(line.text) is None:
            return line
    return None


def read_pairs_in(pages: Sequence[PageText], labels: Labels, stop_labels: Sequence[str] = ()) -> dict[str, Cell]:
    """The first value of each label over several pages, earlier pages first."""
    found: dict[str, Cell] = {}
    for page in pages:
        for name, cell in read_pairs(page, labels, stop_labels).items():
            found.setdefault(name, cell)
    return found


def read_pairs_each(pages: Sequence[PageText], labels: Labels, stop_labels: Sequence[str] = ()) -> dict[str, list[Cell]]:
    """Each label's first value on every page that has one, in page order: the readings a
    caller weighs against each other (a licence's 正本 and 副本, a lease's two pages)."""
    found: dict[str, list[Cell]] = {}
    for page in pages:
        for name, cell in read_pairs(page, labels, stop_labels).items():
            found.setdefault(name, []).append(cell)
    return found


def search(pages: Sequence[PageText], pattern: re.Pattern[str], row_break: str = "") -> tuple[re.Match[str], Cell] | None:
    """The first match of `pattern` in a page's NFKC text, rows joined (by `row_break`) so
    that prose wrapped over two lines ("租赁期限自2022年1月1日至2025年" / "12月31日") still
    matches; the cell spans the rows the match touches. A pattern that must know where a row
    ends (a number that ends its clause) asks for a break it can see ("\n")."""
    for page in pages:
        rows = group_rows(page.lines)
        texts = [nfkc(row_text(row)) for row in rows]
        match = pattern.search(row_break.join(texts))
        if not match:
            continue
        touched, offset = [], 0
        for row, text in zip(rows, texts):
            if offset < match.end() and offset + len(text) > match.start():
                touched.extend(row)
            offset += len(text) + len(row_break)
        cell = Cell(
            text=match.group(),
            page=page.index,
            box=union([line.box for line in touched]),
            confidence=min(line.confidence for line in touched),
        )
        return match, cell
    return None


def read_table(page: PageText, headers: Labels) -> list[dict[str, Cell]]:
    """Rows under the first row that holds at least two of `headers`, as {header name: cell}.

    Every box of the header row is a column, named or not, so that a cell under a column
    the caller did not ask for is dropped instead of joining its neighbour's."""
    vocabulary = LabelVocabulary(headers)
    rows = group_rows(page.lines)
    for header_index, row in enumerate(rows):
        columns = [(_column_name(vocabulary, line.text), line.box) for line in row]
        if len({name for name, _ in columns if name}) < 2:
            continue
        table = []
        for body_row in rows[header_index + 1 :]:
            record: dict[str, list[OcrLine]] = {}
            for line in body_row:
                name = _column_of(line.box, columns)
                if name:
                    record.setdefault(name, []).append(line)
            if record:
                table.append(
                    {
                        name: Cell(
                            text="".join(line.text for line in lines),
                            page=page.index,
                            box=union([line.box for line in lines]),
                            confidence=min(line.confidence for line in lines),
                        )
                        for name, lines in record.items()
                    }
                )
        return table
    return []


# A column head may name two things at once ("职称/技能等级", "职务、职称"): either names it.
_HEAD_ALTERNATIVES = re.compile(r"[/／、\\|]")


def _column_name(vocabulary: LabelVocabulary, text: str) -> str | None:
    """The header a table's column head names: the whole head, or else one of its alternatives."""
    for piece in [text, *_HEAD_ALTERNATIVES.split(text)]:
        parsed = vocabulary.parse(piece) if piece.strip() else None
        if parsed and not parsed[1]:
            return parsed[0]
    return None


def _column_of(box: Box, columns: Sequence[tuple[str | None, Box]]) -> str | None:
    """The header whose horizontal span overlaps the cell most, or else is nearest to it."""
    centre = (box[0] + box[2]) / 2

    def overlap(header: Box) -> float:
        return min(box[2], header[2]) - max(box[0], header[0])

    def distance(header: Box) -> float:
        return abs(centre - (header[0] + header[2]) / 2)

    best = max(columns, key=lambda column: (overlap(column[1]), -distance(column[1])))
    if overlap(best[1]) > 0:
        return best[0]
    return min(columns, key=lambda column: distance(column[1]))[0]
