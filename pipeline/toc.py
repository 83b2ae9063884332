"""Finding the 目录 among the first pages and reading its entries.

Reading a page whole costs seconds, so the 目录 is located from the cheap heading band the
page scan already read, and only those pages (plus the next one while the 目录 goes on)
are read whole. The parser works on rows rebuilt from OCR boxes (pipeline/rows.py) and
tolerates what OCR does to a 目录: leaders as a few dots or nothing, the page number as a
separate box, titles wrapped over two lines, page ranges, two columns, full/half-width
mix, "- 2 -" read as "-2-", a leading "一" of "一、" dropped, and single-digit page
numbers not detected at all (filled in here only where the neighbours leave one value).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from pydantic import BaseModel

from kernel.geometry import group_rows
from kernel.models import Box, OcrLine, PageScan, PageText
from kernel.textnorm import chinese_number, nfkc, similarity, simplified, strip_numbering, title_key
from pipeline.rows import DASHES, is_numeric_box, split_columns

# The compact (no spaces/punctuation) text of a 目录 heading: "目录", "目 录", "目次",
# "申报材料目录", "目录（续）".
_HEADING = re.compile(
    r"^(?:[\u4e00-\u9fff]{0,16}?(?:材料|资料))?目[录錄次](?:续)?$"
    r"|^[\u4e00-\u9fff]{0,16}?(?:材料|资料)(?:清单|一览表?)(?:续)?$"
)
_COMPACT_DROP = re.compile(r"[\s\u3000()（）【】\[\]:：、,，.。·]")
# Table headers of a tabular 目录 ("序号 材料名称 页码").
# Table headers of a tabular 目录 ("序号 材料名称 页码 备注"): a row made only of header words,
# one of which names the page column.
_TABLE_HEADER = re.compile(
    r"^(?=.*(?:页码|页次|页数|页号))(?:序号|编号|材料|资料|文件|名称|目录|内容|起止|所在|页码|页次|页数|页号|备注|说明|份数)+$"
)
_LEADER_CHARS = " \t.·•…‥⋯_。" + DASHES
# A range's dash between two numbers may be read as the character 一 (第1一3页).
_TAIL = re.compile(
    r"(?:(?:第|[Pp]\.?)\s*)?(?<![0-9A-OQ-Za-oq-z])(?P<a>[0-9]{1,3}|(?<=[Pp.…·⋯\s第])[0-9]{4})"
    rf"(?:\s*(?:[{DASHES}~一]+|至)\s*(?P<b>[0-9]{{1,3}}))?\s*页?\s*[{DASHES}]?\s*$"
)
# A range whose start and dash OCR left at the end of the title's box ("基本情况表1−", then "4"):
# one dash (a run of them is a leader: 附件3———— 5 is attachment 3 on page 5).
_RANGE_START = re.compile(rf"(?<![0-9])(?P<a>[0-9]{{1,3}})\s?(?:[{DASHES}~]|至)$")
MAX_TOC_PAGE = 999  # a larger "page" is two joined numbers or none
# A joined number read as the range nearest its neighbours only when it is this close to them.
NEAREST_SPLIT_SLACK = 6
# A 目录 without its heading may count a few pages the file lacks (a cover left out of the scan).
TOC_PAGE_SLACK = 5
_DIGIT_SLIPS = str.maketrans({"l": "1", "I": "1", "|": "1", "O": "0", "o": "0"})
_LEADING_SEQ = re.compile(r"^[0-9]{1,2}\s+(?=[^\s0-9])")
# Numbering whose "." or "、" OCR read as a comma ("7,设备清单").
_OCR_NUMBERING = re.compile(r"^(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[,，](?=\D)")
# The 第 of a "第22-25页" whose start the reading lost ("第-25页"): left at the title's end.
_PAGE_WORD_LEFT = re.compile(r"\s*第$")
_NOTE = re.compile(r"^(?:注|说明|备注)[:：]")
# What is left of the page's own number (第2页/共30页, 共30页第2页) once its last figures are
# taken for an entry's page: the 目录 page's footer, not a material.
_OWN_NUMBER = re.compile(r"^(?:第\d{1,3}页[/,，、|-]?共?|共\d{1,3}页[/,，、|-]?第?)$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LEADER_RUN = re.compile(r"[\u4e00-\u9fff)）]\s*[.·•…‥⋯]{4,}")
# A title that runs on after a leader and a page number: two entries side by side, a
# two-column 目录's columns read as one line (法人代表身份证……511.(十一)聘用合同).
_JOINED = re.compile(r"[.·•…‥⋯]{3,}\s*\d{1,3}.{0,8}?[\u4e00-\u9fff]")
JOINED_ENTRIES = 2  # titles of one 目录 so joined: its columns could not be told apart


class RawTocEntry(BaseModel):
    title: str
    printed_page: int | None
    printed_page_end: int | None = None
    toc_page: int
    box: Box | None = None
    remark: str | None = None  # the 备注 cell right of the page number (加盖公章, 复印件…)


class TocParse(BaseModel):
    pages: list[int]
    entries: list[RawTocEntry]
    # The 目录 is there but its entries could not be told apart: a two-column 目录 whose
    # columns OCR read as one line each (its entries are then left empty).
    unread: bool = False


def _compact(text: str) -> str:
    """The text as rows are told apart by: without spaces and punctuation, simplified (a
    heading row printed or read 資料名稱 is 资料名称)."""
    return _COMPACT_DROP.sub("", simplified(unicodedata.normalize("NFKC", text)))


def is_toc_heading(text: str) -> bool:
    """True when a line (or a row of boxes joined) is the 目录's own heading."""
    return bool(_HEADING.match(_compact(text)))


def _row_text(row: list[OcrLine]) -> str:
    return " ".join(line.text for line in row)


def _heading_rows(lines: list[OcrLine]) -> list[int]:
    return [i for i, row in enumerate(group_rows(lines)) if is_toc_heading(_row_text(row))]


# --- one row ---------------------------------------------------------------------------


class _Row(BaseModel):
    """One row of a 目录 column after the page number has been split off."""

    title: str  # raw title text (NFKC, leaders stripped); "" for a bare number row
    first: int | None
    last: int | None
    box: Box
    title_right: float  # right edge of the title text, for the wrapped-title test
    leader: bool  # the title ends in a dotted leader: an entry whose number was lost
    number_box: Box | None
    remark: str | None = None


def _page_spec(text: str) -> tuple[int | None, int | None, str]:
    """Split "title …… 5-8" into (5, 8, "title"); (None, None, text) without a number."""
    norm = unicodedata.normalize("NFKC", text).rstrip()
    match = _TAIL.search(norm)
    if not match:
        return None, None, norm
    first = int(match.group("a"))
    last = int(match.group("b")) if match.group("b") else None
    if first == 0 or (last is not None and last <= first):
        last = None
    return first, last, norm[: match.start()]


def _parse_row(row: list[OcrLine]) -> _Row:
    boxes = list(row)
    # A bare sequence number in front ("1 营业执照 3" in a table) is numbering, not a page.
    if len(boxes) > 1 and re.fullmatch(r"\s*[0-9]{1,2}\s*", boxes[0].text):
        boxes = boxes[1:]
    # Cells right of the page number in a ruled 目录 are remarks (原件, 复印件, 加盖公章…).
    numeric = [k for k, box in enumerate(boxes) if k > 0 and is_numeric_box(box)]
    remark = None
    if numeric and numeric[-1] < len(boxes) - 1:
        remark = nfkc("".join(b.text for b in boxes[numeric[-1] + 1:])) or None
        boxes = boxes[: numeric[-1] + 1]
    number_box: Box | None = None
    first = last = None
    title_boxes = boxes
    if len(boxes) > 1 and is_numeric_box(boxes[-1]):
        token = unicodedata.normalize("NFKC", boxes[-1].text).translate(_DIGIT_SLIPS)
        first, last, rest = _page_spec(token)
        if first is not None and not rest.strip(_LEADER_CHARS):
            number_box = boxes[-1].box
            title_boxes = boxes[:-1]
        else:
            first = last = None
    text = unicodedata.normalize("NFKC", " ".join(b.text for b in title_boxes))
    if number_box is not None and last is None and (start := _RANGE_START.search(text)):
        if 0 < int(start.group("a")) < first:
            first, last, text = int(start.group("a")), first, text[: start.start()]
    if number_box is None:
        token = text
        if len(boxes) == 1 and is_numeric_box(boxes[0]):
            token = token.translate(_DIGIT_SLIPS)
        first, last, text = _page_spec(token)
    stripped = _PAGE_WORD_LEFT.sub("", text.rstrip(_LEADER_CHARS)).rstrip(_LEADER_CHARS)
    leader = bool(re.search(r"[.·•…‥⋯_]{2,}\s*$", text)) and number_box is None and first is None
    title = _LEADING_SEQ.sub("", stripped.strip())
    title_right = max(b.box[2] for b in title_boxes) if title_boxes else boxes[0].box[0]
    x0 = min(b.box[0] for b in row)
    y0 = min(b.box[1] for b in row)
    x1 = max(b.box[2] for b in row)
    y1 = max(b.box[3] for b in row)
    if not _CJK.search(title) and not re.search(r"[A-Za-z]{2,}", title):
        title = ""
    return _Row(title=title, first=first, last=last, box=(x0, y0, x1, y1),
                title_right=title_right, leader=leader, number_box=number_box, remark=remark)


def _starts_numbered(title: str) -> bool:
    text = nfkc(title)
    return text.startswith("、") or bool(_OCR_NUMBERING.match(text)) or strip_numbering(text) != text


def _clean_title(title: str) -> str:
    """The title as the report shows it: NFKC, no numbering, no dropped-"一" stub."""
    text = _OCR_NUMBERING.sub("", nfkc(title)).lstrip("、,，.。:：")
    return strip_numbering(text) or nfkc(title)


# --- rows → entries --------------------------------------------------------------------


def _is_skippable(row: _Row) -> bool:
    compact = _compact(row.title)
    return bool(_TABLE_HEADER.match(compact) or _NOTE.match(row.title.strip()) or _OWN_NUMBER.match(compact))


def _centre(row: _Row) -> float:
    return (row.box[1] + row.box[3]) / 2


def _entries_from_rows(rows: list[_Row], page_index: int) -> list[RawTocEntry]:
    """Assemble entries: number rows close an entry; title-only rows are wrapped first
    lines or entries whose number OCR lost, told apart by numbering, leaders and width."""
    numbered = [r for r in rows if r.first is not None and r.title]
    title_left = min((r.box[0] for r in rows if r.title), default=0.0)
    number_left = min(
        (r.number_box[0] for r in numbered if r.number_box is not None),
        default=max((r.box[2] for r in numbered), default=0.0),
    )
    usable = max(1.0, number_left - title_left)
    line_height = sorted(r.box[3] - r.box[1] for r in rows)[len(rows) // 2] if rows else 10.0

    def wrapped(prev: _Row, cur: _Row) -> bool:
        if _starts_numbered(cur.title) or prev.leader:
            return False
        if _starts_numbered(prev.title):
            return True
        return prev.title_right >= title_left + 0.7 * usable

    entries: list[RawTocEntry] = []
    # Title-only rows not yet closed by a page number, each a group of wrapped lines.
    pending: list[list[_Row]] = []

    def emit(title_rows: list[_Row], first: int | None, last: int | None) -> None:
        title = "".join(r.title.strip() for r in title_rows)
        box = (
            min(r.box[0] for r in title_rows), min(r.box[1] for r in title_rows),
            max(r.box[2] for r in title_rows), max(r.box[3] for r in title_rows),
        )
        clean = _clean_title(title)
        if len(_CJK.findall(clean)) + len(re.findall(r"[A-Za-z]", clean)) >= 2:
            remark = next((r.remark for r in reversed(title_rows) if r.remark), None)
            entries.append(RawTocEntry(title=clean, printed_page=first, printed_page_end=last,
                                       toc_page=page_index, box=box, remark=remark))

    def flush() -> None:
        for group in pending:
            emit(group, None, None)
        pending.clear()

    for row in rows:
        if _is_skippable(row):
            continue
        if not row.title:
            # A bare number: the page of a title whose number box sits a little lower than
            # the title. A row pitch away it is the number of a row OCR lost (or a footer),
            # and giving it to the title above would invent a page mismatch.
            if row.first is not None and pending and _centre(row) - _centre(pending[-1][-1]) < 0.9 * line_height:
                group = pending.pop()
                flush()
                emit(group, row.first, row.last)
            continue
        joins = bool(pending) and wrapped(pending[-1][-1], row)
        if row.first is None:
            if joins:
                pending[-1].append(row)
            else:
                pending.append([row])
            continue
        group = pending.pop() + [row] if joins else [row]
        flush()
        emit(group, row.first, row.last)
    flush()
    return entries


def parse_toc_lines(lines: list[OcrLine], page_index: int) -> list[RawTocEntry]:
    """The entries of one 目录 page, in reading order (left column before right).

    Rows above the 目录 heading (a letterhead, the applicant's name) are not entries.
    Page numbers are left `None` where OCR lost them; `infer_missing_pages` fills those
    the sequence pins down once all 目录 pages are read.
    """
    lines = [ln for ln in lines if ln.text.strip()]
    if not lines:
        return []
    rows = group_rows(lines)
    start_y = None
    for row in rows:
        if is_toc_heading(_row_text(row)):
            start_y = max(ln.box[3] for ln in row)
            break
    if start_y is not None:
        lines = [ln for ln in lines if (ln.box[1] + ln.box[3]) / 2 > start_y]
    entries: list[RawTocEntry] = []
    for column in split_columns(lines):
        parsed = [_parse_row(row) for row in group_rows(column)]
        entries.extend(_entries_from_rows(parsed, page_index))
    return entries


def infer_missing_pages(entries: list[RawTocEntry]) -> list[RawTocEntry]:
    """Fill a lost page number where the monotonic 目录 leaves exactly one value.

    Parts take at least one page, so an entry between one starting at 5 (ending at 5) and
    one at 7 starts at 6; the first entry before one at 2 starts at 1. Anything less certain
    stays `None` for the structure check to settle against the pages themselves.
    """
    result = [e.model_copy() for e in entries]
    for i, entry in enumerate(result):
        if entry.printed_page is not None or i + 1 >= len(result):
            continue
        nxt = result[i + 1].printed_page
        if nxt is None:
            continue
        if i == 0:
            if nxt == 2:
                entry.printed_page = 1
            continue
        prev = result[i - 1]
        if prev.printed_page is None:
            continue
        prev_end = prev.printed_page_end or prev.printed_page
        if nxt - prev_end == 2:
            entry.printed_page = prev_end + 1
    return result


def restore_lost_range_dashes(entries: list[RawTocEntry]) -> list[RawTocEntry]:
    """Read a page that breaks the 目录's rising order as the range OCR joined ("1-3" → "13").

    A dash between two page numbers is a thin stroke that OCR often drops. Where an entry's
    two- or three-digit page is larger than the next entry's, and splitting its digits gives
    a range that fits between its neighbours, the range is what was printed; an order break
    that no split explains is left for the structure check to report.
    """
    result = [e.model_copy() for e in entries]
    for i, entry in enumerate(result):
        page = entry.printed_page
        if page is None or entry.printed_page_end is not None or page < 10:
            continue
        following = next((e.printed_page for e in result[i + 1:] if e.printed_page is not None), None)
        before = next((e.printed_page_end or e.printed_page for e in reversed(result[:i])
                       if e.printed_page and e.printed_page <= MAX_TOC_PAGE), 0)
        for first, last in _range_splits(page):
            breaks_order = following is not None and page > following and before < first < last < following
            # Every range joined ("P1-3 … P4-5" read "P13 … P45"): the order never breaks, but a
            # split that starts right after the entry before and ends before the next one starts fits.
            contiguous = first == before + 1 and (following is None or _can_start_after(following, last))
            if breaks_order or contiguous:
                entry.printed_page, entry.printed_page_end = first, last
                break
    for i, entry in enumerate(result):  # two joined numbers that no split above explained
        if entry.printed_page is not None and entry.printed_page > MAX_TOC_PAGE:
            before = next((e.printed_page_end or e.printed_page for e in reversed(result[:i]) if e.printed_page), 0)
            following = next((e.printed_page for e in result[i + 1:] if e.printed_page is not None), None)
            entry.printed_page, entry.printed_page_end = _nearest_split(entry.printed_page, before, following)
    return result


def _nearest_split(page: int, before: int, following: int | None) -> tuple[int | None, int | None]:
    """The range a number too large for a page stands for when no split fits exactly: the one
    that leaves the fewest pages between it and its neighbours ("2122" after "P21—22" is
    the 目录 pointing at the same pages twice, a mismatch the structure check reports), if
    that is only a few pages; else no page at all."""
    starts = [] if following is None else [following] if following <= MAX_TOC_PAGE else [
        first for first, _ in _range_splits(following)]

    def distance(split: tuple[int, int]) -> int:
        first, last = split
        return abs(first - (before + 1)) + min((abs(start - (last + 1)) for start in starts), default=0)

    splits = [split for split in _range_splits(page) if distance(split) <= NEAREST_SPLIT_SLACK]
    return min(splits, key=distance) if splits else (None, None)


def _range_splits(page: int) -> list[tuple[int, int]]:
    """The ranges a joined number can be read as: "1214" → (12, 14), (121, 4) is no range."""
    digits = str(page)
    splits = [(int(digits[:cut]), int(digits[cut:])) for cut in range(1, len(digits)) if digits[cut] != "0"]
    return [(first, last) for first, last in splits if first < last]


def _can_start_after(page: int, last: int) -> bool:
    """Whether a (possibly joined) number can stand for a part starting after page `last`."""
    return any(first > last for first in [page, *(first for first, _ in _range_splits(page))])


# --- locating the 目录 -----------------------------------------------------------------


def _continues(scan: PageScan, entries: list[RawTocEntry]) -> bool:
    """The page after a 目录 page continues it when its top reads like 目录 entries: a
    "目录（续）" heading, an entry whose page number follows on, or a dotted leader (OCR
    often loses the numbers, rarely the dots). A top that carries the title of an entry
    already read is the first part, not more 目录."""
    rows = group_rows(scan.heading_lines)
    if any(_compact(_row_text(r)) in {"目录续", "目次续"} for r in rows):
        return True
    keys = [title_key(e.title) for e in entries]
    for r in rows:
        heading = title_key(_row_text(r))
        if heading and any(key and similarity(key, heading) >= 0.8 for key in keys):
            return False
    last_page = next((e.printed_page for e in reversed(entries) if e.printed_page is not None), None)
    if any(_LEADER_RUN.search(unicodedata.normalize("NFKC", _row_text(r))) for r in rows):
        return True
    listed = len(entries)
    entries = parse_toc_lines(scan.heading_lines, scan.index)
    # An entry numbered on from the 目录's own (（十五） or 附件15 after fourteen entries) continues
    # it, even where its page breaks the order or OCR lost it: the first part is numbered (一).
    ordinal = _ordinal(_row_text(rows[0])) if rows else None
    if entries and ordinal is not None and abs(ordinal - (listed + 1)) <= 1:
        return True
    paged = [e for e in entries if e.printed_page is not None]
    if not paged:
        return False
    return last_page is None or paged[0].printed_page >= last_page


_ORDINAL = re.compile(r"^\s*(?:附件\s*([一二三四五六七八九十]{1,3}|[0-9]{1,2})(?![0-9])"
                      r"|[（(]?\s*([一二三四五六七八九十]{1,3}|[0-9]{1,2})\s*[）)、.．])")
def _ordinal(text: str) -> int | None:
    """The number of a row's leading list numbering (（十五）, 十五、, 15., 附件15), or None."""
    match = _ORDINAL.match(nfkc(text))
    if not match:
        return None
    numeral = match.group(1) or match.group(2)
    return int(numeral) if numeral.isdigit() else chinese_number(numeral)


def _looks_like_toc(entries: list[RawTocEntry], page_count: int) -> bool:
    """At least three entries whose pages rise and could be pages of this file (a form's
    figures at the ends of its rows — 401 室, 193 ㎡, 1356 人 — are not)."""
    pages = [e.printed_page for e in entries if e.printed_page is not None]
    return (len(pages) >= 3 and all(p <= page_count + TOC_PAGE_SLACK for p in pages)
            and sum(b >= a for a, b in zip(pages, pages[1:])) >= len(pages) - 2)


def find_toc(read_page: Callable[[int], PageText], scans: list[PageScan], max_pages: int = 6) -> TocParse | None:
    """Locate and read the 目录; None when the first `max_pages` pages hold none.

    Candidates are pages whose heading band reads 目录/目次; only when no heading band
    does are the first two non-blank pages read whole and judged by their content (a
    heading, or at least three entries with rising page numbers), so a correct dossier
    costs one or two full-page reads.
    """
    front = [s for s in scans if s.index <= max_pages]
    by_index = {s.index: s for s in scans}
    candidates = [s.index for s in front if not s.blank and _heading_rows(s.heading_lines)]
    fallback = not candidates
    if fallback:
        candidates = [s.index for s in front if not s.blank][:2]
    for index in candidates:
        text = read_page(index)
        entries = parse_toc_lines(text.lines, index)
        if fallback and not (_heading_rows(text.lines) or _looks_like_toc(entries, len(scans))):
            continue
        if not entries and not _heading_rows(text.lines):
            continue
        pages = [index]
        following = index + 1
        while following in by_index and following <= max_pages + 1:
            if not _continues(by_index[following], entries):
                break
            more = parse_toc_lines(read_page(following).lines, following)
            if not more:
                break
            entries.extend(more)
            pages.append(following)
            following += 1
        if sum(bool(_JOINED.search(unicodedata.normalize("NFKC", e.title))) for e in entries) >= JOINED_ENTRIES:
            return TocParse(pages=pages, entries=[], unread=True)
        return TocParse(pages=pages, entries=infer_missing_pages(restore_lost_range_dashes(entries)))
    return None
