"""Checking the dossier's form against its own 目录: part starts, pagination, order, scan quality.

Everything here works from the cheap page scan (printed number and heading band per page)
and the parsed 目录, so no page is read twice. Two principles keep the findings useful to
an officer:

- OCR slips are not defects, and neither are they hidden. A single page number that
  contradicts two neighbours which agree with each other is taken as its neighbours say
  for the printed↔physical map, and reported as `pages.number_conflict` (review): it may
  be a misread ("10" read as "1") or a stray page bound in place of another, and only a
  person looking at the page can tell. A gap or duplicate resting on one unsure read is
  likewise a `review`, not an error. A heading is matched fuzzily.
- One defect, one finding. A swapped part yields `pages.order` plus the page mismatches of
  the entries concerned, not also gaps or backward page numbers at its borders; a number
  printed twice in place of the next one yields `pages.duplicate`, not also a gap.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pydantic import BaseModel

from kernel.geometry import group_rows
from kernel.models import Finding, OcrLine, PageGeometry, PageScan, Pagination, TocEntry, TocInfo
from kernel.textnorm import containment, nfkc, reads_as_sentence, similarity, title_key
from pipeline.pagenumber import parse_page_number
from pipeline.separators import SeparatorSheets
from pipeline.toc import RawTocEntry, TocParse

A4_SHORT_PT = 595.28
A4_LONG_PT = 841.89
A4_TOLERANCE = 0.03
# A printed number read this confidently stands on its own; below, it needs a neighbour
# whose number agrees with it before a gap or a duplicate built on it is an error.
SURE_NUMBER = 0.85

# Fuzzy title ↔ heading scores: the page the 目录 points to needs less evidence than a page
# found elsewhere, where a title word inside body text must not pass for the part's start.
NEAR_THRESHOLD = 0.62
FAR_THRESHOLD = 0.8
NEAR_WINDOW = 3
# A page is left to another entry whose title its heading carries better by this much.
CLAIM_MARGIN = 0.1
LABELS_AGREEING = 2  # labelled sheets the 目录 points at, numbered as its entries, before labels place parts
# Entries pointing at their separator sheets that make it the 目录's way of counting.
SHEETS_SET_THE_WAY = 2
# Pages with no number that may stand between an unsure number and the sure one it counts on from.
UNNUMBERED_BETWEEN = 1
HEADING_TITLE_LINES = 2  # a page's title is among its first lines (a separator or a number line may precede it)
_SENTENCE = re.compile(r"[，。；;]")


class StructureResult(BaseModel):
    toc: TocInfo
    pagination: Pagination
    part_pages: dict[int, list[int]]  # toc entry index → physical pages of that part
    findings: list[Finding]


def page_list(pages: list[int]) -> str:
    """"12、13、15至18": physical pages for a message, runs of three or more shortened."""
    pages = sorted(set(pages))
    parts: list[str] = []
    i = 0
    while i < len(pages):
        j = i
        while j + 1 < len(pages) and pages[j + 1] == pages[j] + 1:
            j += 1
        if j - i >= 2:
            parts.append(f"{pages[i]}至{pages[j]}")
        else:
            parts.extend(str(p) for p in pages[i: j + 1])
        i = j + 1
    return "、".join(parts)


# --- scan quality and paper size -------------------------------------------------------


def check_scan_quality(scans: list[PageScan]) -> list[Finding]:
    """Blank, upside-down and illegible pages: one warning per kind, listing the pages."""
    findings = []
    kinds = [
        ("pages.blank", [s.index for s in scans if s.blank], "为空白页"),
        ("pages.rotated", [s.index for s in scans if not s.blank and s.rotation % 360 == 180], "页面倒置"),
        ("pages.illegible", [s.index for s in scans if not s.blank and s.illegible], "扫描不清晰，无法辨认"),
    ]
    for code, pages, what in kinds:
        if pages:
            findings.append(Finding(code=code, severity="warning", confidence=_orientation_confidence(code, pages, scans),
                                    message=f"第{page_list(pages)}页（PDF页）{what}", pages=pages))
    return findings


def _orientation_confidence(code: str, pages: list[int], scans: list[PageScan]) -> float | None:
    """For `pages.rotated`: the least sure of the pages' orientation decisions."""
    if code != "pages.rotated":
        return None
    sure = [s.orientation_confidence for s in scans if s.index in pages and s.orientation_confidence is not None]
    return round(min(sure), 2) if sure else None


def _is_a4(page: PageGeometry) -> bool:
    short, long_ = sorted((page.width_pt, page.height_pt))
    return (abs(short - A4_SHORT_PT) <= A4_TOLERANCE * A4_SHORT_PT
            and abs(long_ - A4_LONG_PT) <= A4_TOLERANCE * A4_LONG_PT)


def check_page_sizes(geometry: list[PageGeometry]) -> list[Finding]:
    """Pages that are not A4 (±3 %, portrait or landscape): one warning listing them."""
    pages = [g.index for g in geometry if not _is_a4(g)]
    if not pages:
        return []
    sizes = sorted({f"{round(g.width_pt * 25.4 / 72)}×{round(g.height_pt * 25.4 / 72)}毫米"
                    for g in geometry if g.index in pages})
    return [Finding(code="file.not_a4", severity="warning",
                    message=f"第{page_list(pages)}页（PDF页）不是A4纸张（{'、'.join(sizes[:3])}）", pages=pages)]


# --- printed numbers -------------------------------------------------------------------


def corrected_numbers(scans: list[PageScan], first_page: int) -> dict[int, int]:
    """Physical page → printed number from `first_page` on, isolated misreads corrected.

    Inside the sequence a number is a misread when the numbered pages on both sides agree
    with each other and with the physical distance and the page's own number does not fit
    them; a number equal to a neighbour's is kept (a number printed twice, which the
    duplicate check reports). At the ends only a number that would run backwards is
    corrected, so a real gap after the first page is not explained away.
    """
    read = {s.index: s.printed_number for s in scans
            if s.index >= first_page and s.printed_number is not None and not s.blank}
    order = sorted(read)
    fixed = dict(read)
    last = len(order) - 1
    for k, page in enumerate(order):
        number = read[page]
        if 0 < k < last:
            a, b = order[k - 1], order[k + 1]
            backwards = False
        elif k == 0 and last >= 2:
            a, b = order[1], order[2]
            backwards = number >= read[a]
        elif k == last and last >= 2:
            a, b = order[k - 2], order[k - 1]
            backwards = number <= read[b]
        else:
            continue
        if read[b] - read[a] != b - a:
            continue
        expected = read[a] + (page - a)
        neighbours = {read[order[j]] for j in (k - 1, k + 1) if 0 <= j <= last}
        if number == expected or number in neighbours:
            continue
        if 0 < k < last or backwards:
            fixed[page] = expected
    return fixed


def confirm_unsure_numbers(scans: list[PageScan]) -> list[PageScan]:
    """Page numbers read too unsurely to stand alone are the pages' numbers when the pages
    around them were read surely as the numbers just before and after them (11, "12"?, 13):
    independent reads confirm them. A run of such pages is confirmed whole when its numbers
    follow one another and the sure pages on both sides continue them (10, "11"?, "12"?, 13).
    The file's last page has one side only: the sure page before the run confirms it alone
    (29, "30"?, end); so has the numbering's first page, "1"? after unnumbered pages (the
    cover, the 目录), which the sure pages after it confirm alone. A page left unnumbered
    just before the run is counted (28, unnumbered, "30"?, 31). Anywhere else an unsure
    number is not taken."""
    ordered = sorted(scans, key=lambda s: s.index)
    numbers = {s.index: s.printed_number for s in ordered}
    last = ordered[-1].index if ordered else 0
    confirmed = {s.index: s for s in ordered}
    k = 0
    while k < len(ordered):
        run = _unsure_run(ordered, k)
        if not run:
            k += 1
            continue
        first, end = run[0], run[-1]
        before = numbers.get(first.index - 1)
        follows = (_counted_on_from(numbers, first.index) == first.unsure_number
                   or (first.unsure_number == 1 and before is None))
        leads = numbers.get(end.index + 1) == end.unsure_number + 1 if end.index < last else True
        if follows and leads:
            for scan in run:
                confirmed[scan.index] = scan.model_copy(
                    update={"printed_number": scan.unsure_number, "number_text": str(scan.unsure_number)})
        k += len(run)
    return [confirmed[s.index] for s in scans]


def _counted_on_from(numbers: dict[int, int | None], index: int) -> int | None:
    """The number page `index` has when counted on from the last numbered page before it,
    across at most `UNNUMBERED_BETWEEN` pages with no number (None when there is none)."""
    for back in range(1, UNNUMBERED_BETWEEN + 2):
        if (number := numbers.get(index - back)) is not None:
            return number + back
    return None


def _unsure_run(ordered: list[PageScan], k: int) -> list[PageScan]:
    """The pages from `k` on that have only an unsure number, each one more than the last."""
    run: list[PageScan] = []
    for scan in ordered[k:]:
        if scan.printed_number is not None or scan.unsure_number is None:
            break
        if run and (scan.index != run[-1].index + 1 or scan.unsure_number != run[-1].unsure_number + 1):
            break
        run.append(scan)
    return run


def settle_conflicts(scans: list[PageScan], numbers: dict[int, int],
                     reread: Callable[..., PageScan | None]) -> list[PageScan]:
    """The scans with each conflicting number read once more (`reread(index)`: the page
    scanned again at a higher resolution); a second reading that gives the number the
    neighbours expect settles the conflict and replaces the first. A page of too little text
    to tell which way is up (a separator sheet) is also read turned over (`reread(index,
    turned_over=True)`): its number read that way as the neighbours expect, and telling
    which way is up ("— 17 —" upside down reads "一1-"), makes it the page bound upside
    down. Any other answer leaves the conflict open."""
    expected = {**numbers, **_read_as_duplicates(scans)}
    settled = []
    for scan in scans:
        wanted = expected.get(scan.index)
        if scan.printed_number is not None and wanted is not None and scan.printed_number != wanted:
            again = reread(scan.index)
            if again is not None and again.printed_number == wanted:
                scan = _number_read_again(scan, again, wanted)
            elif scan.orientation_confidence is None and scan.rotation == 0:
                over = reread(scan.index, turned_over=True)
                if over is not None and over.printed_number == wanted and over.orientation_confidence is not None:
                    scan = over
        settled.append(scan)
    return settled


def settle_glimpses(scans: list[PageScan], numbers: dict[int, int], reread: Callable[[int], PageScan | None],
                    read_text: Callable[[int], list[str]] | None = None) -> list[PageScan]:
    """The scans with each number glimpsed but not read ("1" seen where "— 12 —" stands,
    too unsure to take) read once more where the pages on both sides give the number it must
    have (11 and 13): scanned again (`reread`), else read whole (`read_text`, a line in a
    page number's markup, "-12", not a bare figure of the page). A second reading that gives
    that number is two reads agreeing with the run and replaces the first; any other answer
    leaves the page for a person."""
    settled = []
    for scan in scans:
        before, after = numbers.get(scan.index - 1), numbers.get(scan.index + 1)
        if (scan.printed_number is None and scan.unsure_number is not None and before is not None
                and after == before + 2):
            wanted = before + 1
            again = reread(scan.index)
            if again is not None and wanted in (again.printed_number, again.unsure_number):
                scan = _number_read_again(scan, again, wanted)
            elif read_text is not None and (text := _marked_number(read_text(scan.index), wanted)):
                scan = scan.model_copy(update={"printed_number": wanted, "number_text": text, "unsure_number": None})
        settled.append(scan)
    return settled


def _number_read_again(scan: PageScan, again: PageScan, number: int) -> PageScan:
    """`scan` with its printed number as a second reading (`again`) gave it."""
    return scan.model_copy(update={
        "printed_number": number, "number_text": again.number_text or str(number), "number_box": again.number_box,
        "number_total": again.number_total, "number_confidence": again.number_confidence, "unsure_number": None})


def _marked_number(lines: list[str], wanted: int) -> str | None:
    """The first of `lines` that is `wanted` in a page number's markup (not a bare number)."""
    for text in lines:
        read = parse_page_number(text)
        if read is not None and read.number == wanted and read.form != "bare":
            return read.text
    return None


def _read_as_duplicates(scans: list[PageScan]) -> dict[int, int]:
    """Pages read with their predecessor's number while the next page carries the number
    after theirs (16, 16, 18): a number printed twice in place of the next, or the next one
    misread (17 read as 16). The number the run expects, for a second reading to confirm."""
    ordered = sorted(scans, key=lambda s: s.index)
    expected = {}
    for before, page, after in zip(ordered, ordered[1:], ordered[2:]):
        numbers = (before.printed_number, page.printed_number, after.printed_number)
        if None not in numbers and page.index == before.index + 1 and after.index == page.index + 1 \
                and numbers[1] == numbers[0] and numbers[2] == numbers[0] + 2:
            expected[page.index] = numbers[0] + 1
    return expected


def number_conflicts(scans: list[PageScan], numbers: dict[int, int]) -> list[Finding]:
    """`pages.number_conflict` (review) for each page whose read number `corrected_numbers`
    replaced: the message cites the physical page, the number read and the number its
    neighbours give."""
    by_index = {s.index: s for s in scans}
    findings = []
    for page in sorted(numbers):
        scan = by_index.get(page)
        if scan is None or scan.printed_number is None or scan.printed_number == numbers[page]:
            continue
        neighbours = [p for p in sorted(numbers) if p != page]
        before = [p for p in neighbours if p < page][-1:]
        after = [p for p in neighbours if p > page][:1]
        context = "、".join(f"第{p}页为{by_index[p].printed_number}" for p in before + after
                           if by_index[p].printed_number is not None)
        findings.append(Finding(
            code="pages.number_conflict", severity="review", pages=[page],
            confidence=round(scan.number_confidence if scan.number_confidence is not None else 0.5, 2),
            message=(f"第{page}页（PDF页）页码识别为{scan.printed_number}，按前后页（PDF{context}）推算应为"
                     f"{numbers[page]}，请人工核对该页是否错装或页码识别有误")))
    return findings


def _confirmed(page: int, numbers: dict[int, int], scans: dict[int, PageScan]) -> bool:
    """The number on `page` stands as evidence: read confidently, or agreeing with the
    number of the nearest numbered page on either side by their physical distance."""
    scan = scans.get(page)
    if scan is None or scan.number_confidence is None or scan.number_confidence >= SURE_NUMBER:
        return True
    order = sorted(numbers)
    k = order.index(page)
    sides = [order[j] for j in (k - 1, k + 1) if 0 <= j < len(order)]
    return any(numbers[q] - numbers[page] == q - page for q in sides)


def _evidence_severity(pages: list[int], numbers: dict[int, int], scans: dict[int, PageScan]) -> tuple[str, float]:
    """`error` when every page a finding rests on has a confirmed number, else `review`;
    with the lowest read confidence among them."""
    confidences = [scans[p].number_confidence for p in pages if p in scans and scans[p].number_confidence is not None]
    confidence = round(min(confidences), 2) if confidences else 0.95
    sure = all(_confirmed(p, numbers, scans) for p in pages)
    return ("error", confidence) if sure else ("review", confidence)


def _digit_slip(listed: int, actual: int) -> bool:
    """The 目录's number and the page's differ by one digit more or less (33 listed, read as
    3; 12 read as 112): what a misread makes of a number. An applicant's miscount moves a
    page by a few (34 for 31), which keeps the digits' count in all but a few cases."""
    short, long = sorted((str(listed), str(actual)), key=len)
    return len(long) == len(short) + 1 and any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def _slip_the_toc_explains(entries: list[RawTocEntry], k: int, actual: int) -> bool:
    """Entry `k`'s listed start is a misread of `actual` (33 read as 3: the recogniser
    merges a repeated digit) that the 目录 itself settles: the entry before it ends on the
    page before `actual` (31–32, then 33–35), so the 目录 and the page agree."""
    before = entries[k - 1].printed_page_end if k > 0 else None
    return before is not None and before + 1 == actual and _digit_slip(entries[k].printed_page, actual)


def _range_start_lost(entries: list[RawTocEntry], k: int, actual: int, last_printed: int | None) -> bool:
    """Entry `k` lists one number, the page before the next entry's start (the file's last
    printed page for the last entry), while its part starts at `actual`, after the entry
    before it ends: a range (22–25) whose start the recogniser lost (read as P25) as likely
    as a wrong 目录 — in a 目录 that prints ranges: one that prints none elsewhere prints
    none here either."""
    entry = entries[k]
    if entry.printed_page_end is not None or not any(other.printed_page_end for other in entries):
        return False
    if k + 1 < len(entries):
        if entries[k + 1].printed_page is None:
            return False
        ends_where_the_next_starts = entry.printed_page == entries[k + 1].printed_page - 1
    else:
        ends_where_the_next_starts = entry.printed_page == last_printed
    before = (entries[k - 1].printed_page_end or entries[k - 1].printed_page) if k > 0 else None
    return ends_where_the_next_starts and entry.printed_page > actual and (before is None or before < actual)


_TRAILING_NUMBER = re.compile(r"[\s.…·]*(\d+)\s*[-–—~～〜至]?\s*$")


def _range_start_in_title(entries: list[RawTocEntry], k: int, actual: int) -> RawTocEntry | None:
    """Entry `k` read with its range's start at the end of its title and only the range's end
    as its page ("申报材料真实性声明8" on page 9, where a table's 页码 cell holds 8-9): the
    entry as the row prints it, when the title's number is the part's own page and the page
    read is after it and before the next entry's start. None otherwise."""
    entry = entries[k]
    match = _TRAILING_NUMBER.search(entry.title)
    if entry.printed_page_end is not None or match is None or int(match.group(1)) != actual:
        return None
    following = entries[k + 1].printed_page if k + 1 < len(entries) else None
    if not (actual < entry.printed_page and (following is None or entry.printed_page < following)):
        return None
    return entry.model_copy(update={"title": entry.title[:match.start()].rstrip(), "printed_page": actual,
                                    "printed_page_end": entry.printed_page})


def _effective_number(page: int, numbers: dict[int, int]) -> tuple[int | None, bool]:
    """The printed number of `page`, or one inferred from the nearest numbered page
    (second value False when inferred)."""
    if page in numbers:
        return numbers[page], True
    if not numbers:
        return None, False
    nearest = min(numbers, key=lambda p: (abs(p - page), p))
    return numbers[nearest] + (page - nearest), False


def _physical_for(printed: int, numbers: dict[int, int], fallback_offset: int) -> int:
    """Where printed number `printed` should be: the page carrying it, else the offset of
    the page whose number is closest. A local offset rather than one fitted to the whole
    file: after a gap or a duplicate the offset changes, and the 目录 was written against
    the numbers as printed. Misreads are already corrected in `numbers`."""
    carrying = sorted(p for p, n in numbers.items() if n == printed)
    if carrying:
        return carrying[0]
    if not numbers:
        return printed + fallback_offset
    nearest = min(numbers, key=lambda p: (abs(numbers[p] - printed), p))
    return nearest + (printed - numbers[nearest])


# --- finding part starts ---------------------------------------------------------------


def _heading_keys(lines: list[OcrLine]) -> list[tuple[str, int, bool]]:
    """Comparable heading texts of a page's top band: each row, and each two rows joined
    (a heading split over two lines), with the row rank and whether it reads as a sentence."""
    rows = [" ".join(ln.text for ln in row) for row in group_rows(lines)]
    keys = []
    for rank, text in enumerate(rows):
        keys.append((title_key(text), rank, bool(_SENTENCE.search(text))))
        if rank + 1 < len(rows):
            joined = text + rows[rank + 1]
            keys.append((title_key(joined), rank, bool(_SENTENCE.search(joined))))
    return [k for k in keys if k[0]]


def title_score(title: str, lines: list[OcrLine]) -> float:
    """How well a page's heading band carries `title` (0..1).

    Similarity covers OCR slips; containment covers headings that add words ("（副本）",
    the unit's name before "申报表"), discounted as the heading grows beyond the title and
    when the line reads as a sentence, so a title word in body text scores low.
    """
    key = title_key(title)
    if not key:
        return 0.0
    best = 0.0
    for heading, rank, sentence in _heading_keys(lines):
        extra = max(0, len(heading) - len(key))
        contained = containment(key, heading) * (1.0 - min(0.35, 0.02 * extra))
        score = max(similarity(key, heading), contained)
        if sentence:
            score -= 0.25
        best = max(best, score - 0.02 * rank)
    return best


def _locate_parts(entries: list[RawTocEntry], scans: list[PageScan], toc_pages: list[int],
                  numbers: dict[int, int], offset: int, names: Callable[[int, str], bool],
                  read_text: Callable[[int], list[str]] | None = None) -> list[int | None]:
    """The physical start page of each entry's part, None where the part is absent.

    By title first: near the page the entry's printed number points to (the earliest of
    equally good pages, so a part repeating its title on every page starts at its first),
    then anywhere after the 目录 on a stricter match; a page taken by an earlier entry is
    not given to a later one, and no page, near or far, is taken from an entry whose title
    its heading carries better (负责人身份证明 does not take the page headed
    工作室负责人身份证复印件 that a later entry names exactly, nor 领衔人身份证 — an ID card's
    page has no heading — the page three on headed 领衔人职业资格证书). Then, for entries whose title
    no heading band shows, the room the located neighbours leave decides (`_place_unmatched`).
    """
    last_toc = max(toc_pages) if toc_pages else 0
    # The cover and the 目录 are not parts (a 目录 entry for the 目录 itself aside).
    searchable = {s.index: s for s in scans if not s.blank and s.index > last_toc}
    sheets = SeparatorSheets(searchable, read_text)
    scores = [{p: title_score(entry.title, s.heading_lines) for p, s in searchable.items()} for entry in entries]
    found: list[int | None] = []
    taken: set[int] = set()
    at_sheet: list[int] = []  # entries whose number points at their part's separator sheet
    past_sheet: list[int] = []  # entries whose number points at the titled page after theirs

    def claimed(k: int, page: int) -> bool:
        """Another entry's title is carried clearly better by the page's heading."""
        return any(other[page] > scores[k][page] + CLAIM_MARGIN for j, other in enumerate(scores) if j != k)

    # The pages the 目录's numbers point to: an entry whose number was lost ("4四、法定代表人居民
    # 身份证复印" read with none) does not take one of them from afar on its heading's resemblance
    # (the untitled credit record after the ID copy, its heading naming the 法定代表人).
    pointed = {_physical_for(e.printed_page, numbers, offset) for e in entries if e.printed_page is not None}
    for k, entry in enumerate(entries):
        if title_key(entry.title) in {"目录", "目次"} and toc_pages:
            found.append(toc_pages[0])
            continue
        row = scores[k]
        choice = expected = None
        if entry.printed_page is not None:
            expected = _physical_for(entry.printed_page, numbers, offset)
            near = [p for p in row if abs(p - expected) <= NEAR_WINDOW and p not in taken
                    and row[p] >= NEAR_THRESHOLD and not claimed(k, p)]
            if near:
                top = max(row[p] for p in near)
                good = {p for p in near if row[p] >= top - 0.08}
                choice = min(good, key=lambda p: (abs(p - expected), p))
                # A title repeated on the pages before the choice: the part starts earlier.
                while choice - 1 in good:
                    choice -= 1
                # The 目录 points at a separator sheet ("附件3" alone) just before the titled
                # page: the part starts with its separator.
                if choice == expected + 1 and expected not in taken and sheets.is_sheet(expected):
                    choice = expected
                    at_sheet.append(k)
                elif choice == expected and choice - 1 not in taken and sheets.announces_part(choice - 1):
                    past_sheet.append(k)
        if choice is None:
            far = [p for p in row if p > last_toc and p not in taken and row[p] >= FAR_THRESHOLD and not claimed(k, p)
                   and (entry.printed_page is not None or p not in pointed)]
            if far:
                top = max(row[p] for p in far)
                good = sorted(p for p in far if row[p] >= top - 0.05)
                previous = next((f for f in reversed(found) if f is not None), last_toc)
                after = [p for p in good if p > previous]
                choice = (after or good)[0]
        # Pointed elsewhere (a wrong number, or none), the part still starts with the sheet
        # that announces it ("材料11" alone on the page before its title).
        if (choice is not None and choice != expected and choice - 1 not in taken
                and sheets.announces_part(choice - 1)):
            choice -= 1
        if choice is not None:
            taken.add(choice)
        found.append(choice)
    # A 目录 that points at its parts' separator sheets, save a few entries that point at the
    # titled page after theirs, lists those a page late: their parts start with their sheets.
    # One that points past its sheets throughout keeps its own way of counting.
    if len(at_sheet) >= SHEETS_SET_THE_WAY and len(past_sheet) < len(at_sheet):
        for k in past_sheet:
            if found[k] - 1 not in found:
                found[k] -= 1
    return _place_unmatched(entries, found, searchable, numbers, offset, last_toc, names, sheets)


def _labels_follow_toc(entries: list[RawTocEntry], labels: dict[int, int], numbers: dict[int, int],
                       offset: int) -> bool:
    """Whether the separator sheets are numbered in the 目录's order (附件3 for its third entry):
    of the labelled sheets its page numbers point to, at least `LABELS_AGREEING` carry their
    entry's place and more agree than not. A dossier whose attachments are counted otherwise
    (the 申报表 first, 附件1 its second entry) has its sheets placed by number only."""
    votes = [labels[page] == i + 1 for i, entry in enumerate(entries) if entry.printed_page is not None
             and (page := _physical_for(entry.printed_page, numbers, offset)) in labels]
    return sum(votes) >= LABELS_AGREEING and sum(votes) > len(votes) - sum(votes)


def _place_unmatched(entries: list[RawTocEntry], found: list[int | None], searchable: dict[int, PageScan],
                     numbers: dict[int, int], offset: int, last_toc: int,
                     names: Callable[[int, str, set[str]], bool], sheets: SeparatorSheets) -> list[int | None]:
    """Give an entry no heading matched the page its neighbours leave room for.

    Heading bands miss titles (a title in a stamp, a photocopy, a line OCR did not
    separate), and calling such a part absent would be a false error. An entry is placed
    on the page its printed number points to when that page lies strictly between the
    parts located before and after it in the 目录 and is not another part's start. A part
    the 目录 lists but the file lacks leaves no room: its number points at the next part's
    start.

    When the page its number points to is not free (the 目录 is wrong), or the entry has no
    number, a free page in that room whose own heading names the same material as the entry
    (`names(page, title, placed_titles)`: a credit printout headed 公共信用信息查询结果 for an entry
    企业信用报告), or whose content shows it (an ID card's copy: 姓名, 出生, 住址 under no title;
    a master's, where the legal representative's is placed already), is the
    part's start; with no number and no such page, the best-scoring free page in that room.

    Before either: a separator sheet in that room labelled with the entry's own place in the
    目录 (附件3 for the third entry) is where its part starts, wherever the number points.
    """
    result = list(found)
    taken = {p for p in found if p is not None}
    last_page = max(searchable, default=last_toc)
    labels = sheets.labels() if None in found else {}
    if not _labels_follow_toc(entries, labels, numbers, offset):
        labels = {}
    for i, entry in enumerate(entries):
        if result[i] is not None:
            continue
        before = next((p for p in reversed(result[:i]) if p is not None), last_toc)
        after = next((p for p in result[i + 1:] if p is not None), last_page + 1)
        free = [p for p in range(before + 1, after) if p in searchable and p not in taken]
        page = next((p for p in free if labels.get(p) == i + 1), None)  # its own 附件N sheet
        if page is None and entry.printed_page is not None:
            page = next((p for p in [_physical_for(entry.printed_page, numbers, offset)] if p in free), None)
        if page is None:  # a page whose content shows the part (pages read whole only until one does)
            placed = {other.title for other, start in zip(entries, result) if start is not None}
            page = next((p for p in free if names(p, entry.title, placed)), None)
        if page is None and entry.printed_page is None and free:  # else the best heading
            page = min(free, key=lambda p: (-title_score(entry.title, searchable[p].heading_lines), p))
        if page is not None:
            result[i] = page
            taken.add(page)
    return result


def _out_of_order(found: list[int | None]) -> list[int]:
    """Entry indices outside the longest run of parts in rising physical order."""
    located = [(i, p) for i, p in enumerate(found) if p is not None]
    if not located:
        return []
    best: list[list[int]] = []
    for k, (_, page) in enumerate(located):
        chain = [k]
        for j in range(k):
            if located[j][1] < page and len(best[j]) + 1 > len(chain):
                chain = best[j] + [k]
        best.append(chain)
    keep = {located[k][0] for k in max(best, key=len)}
    return [i for i, _ in located if i not in keep]


# --- the check -------------------------------------------------------------------------


def _pagination_findings(numbers: dict[int, int], unstamped: list[int], quiet: set[int],
                         scans: dict[int, PageScan] | None = None) -> list[Finding]:
    """Gaps, duplicates and backward numbers along the physical order of numbered pages.

    A jump is a gap only when the skipped numbers are printed nowhere and outnumber the
    unstamped pages in between (unnumbered, blank or illegible pages may hold the missing
    numbers unprinted or unread, and are reported as such) plus a duplicate just before
    it (a number printed twice in place of the next one is one defect, reported as the
    duplicate). Pages in `quiet` border a misplaced part, which `pages.order` covers. A gap
    or a duplicate resting on an unconfirmed read (`_confirmed`) is a `review`.
    """
    scans = scans or {}
    findings: list[Finding] = []
    order = sorted(numbers)
    present = set(numbers.values())
    first_seen: dict[int, int] = {}
    dup_pages: list[int] = []
    dup_notes: list[str] = []
    for page in order:
        number = numbers[page]
        if number in first_seen and page not in quiet:
            dup_pages += [first_seen[number], page]
            dup_notes.append(f"第{page}页（PDF页）与第{first_seen[number]}页（PDF页）页码均为{number}")
        first_seen.setdefault(number, page)
    repeats = {p for p in order if first_seen[numbers[p]] != p}
    for a, b in zip(order, order[1:]):
        na, nb = numbers[a], numbers[b]
        if b in quiet:
            continue
        if nb < na:
            if first_seen[nb] == b:
                findings.append(Finding(
                    code="pages.order", severity="error", pages=[b],
                    message=f"第{b}页（PDF页）页码{nb}排在页码{na}之后，页面顺序与页码不一致"))
            continue
        missing = [n for n in range(na + 1, nb) if n not in present]
        allowance = sum(1 for p in unstamped if a < p < b) + (1 if a in repeats else 0)
        if len(missing) > allowance:
            severity, confidence = _evidence_severity([a, b], numbers, scans)
            findings.append(Finding(code="pages.gap", severity=severity, pages=[b], confidence=confidence,
                                    message=f"第{b}页（PDF页）页码由{na}跳至{nb}，缺少页码{page_list(missing)}"))
    if dup_pages:
        severity, confidence = _evidence_severity(sorted(set(dup_pages)), numbers, scans)
        findings.insert(0, Finding(code="pages.duplicate", severity=severity, confidence=confidence,
                                   message="页码重复：" + "；".join(dup_notes), pages=sorted(set(dup_pages))))
    return findings


def check_structure(scans: list[PageScan], toc: TocParse | None, geometry: list[PageGeometry],
                    item_for_title: Callable[[str], str | None] | None = None,
                    reread: Callable[..., PageScan | None] | None = None,
                    read_text: Callable[[int], list[str]] | None = None,
                    items_shown: Callable[[list[str]], list[str]] | None = None,
                    row_shows: Callable[[RawTocEntry, str], bool | None] | None = None) -> StructureResult:
    """All form checks that need the page scan and the 目录 (not the file name).

    `reread(index)`, when given, scans a page again more carefully (pipeline/workers.py
    `reread_number`); it is called once for each page whose number conflicts with its
    neighbours, before the conflict is reported for review, and for each page whose number
    was only glimpsed between two that fix it. `read_text(index)` reads a page
    whole: a quiet page the 目录 points at, to tell a separator sheet by its label.
    `items_shown(lines)` is the material that a page's lines clearly show by their content
    (an ID card's 出生 and 住址 under no title), or the materials it cannot tell apart (a legal
    representative's ID card or a master's), for a part no heading names: the page the parts
    around it leave room for is read whole when its heading band shows too little.
    `row_shows(entry, printed)` asks a 目录 row's image whether it prints `printed` (a page
    number or a range; True, False, None when unsure; pipeline/toc_number_image.py): where the
    row's number as read and the part's printed page differ by a digit, a misread (no finding)
    from a wrong 目录 (the mismatch stands); where the row may print the part's range with its
    start lost to the reading (7-8 read as 8), whether it does (no finding); unasked or unsure,
    the mismatch is for a person.
    """
    findings: list[Finding] = []
    findings += check_page_sizes(geometry)
    scans = confirm_unsure_numbers(scans)
    toc_pages = list(toc.pages) if toc else []
    first_numbered = (max(toc_pages) + 1) if toc_pages else 2
    numbers = corrected_numbers(scans, first_numbered)
    if reread is not None:
        scans = settle_glimpses(settle_conflicts(scans, numbers, reread), numbers, reread, read_text)
        numbers = corrected_numbers(scans, first_numbered)  # a settled duplicate changes the run
    findings += check_scan_quality(scans)  # a page settled as bound upside down is one
    findings += number_conflicts(scans, numbers)
    read = {s.index: s.printed_number for s in scans if s.printed_number is not None}
    required = [s.index for s in scans if s.index >= first_numbered and not s.blank and not s.illegible]
    unnumbered = [p for p in required if read.get(p) is None]
    pagination = Pagination(printed=[s.printed_number for s in sorted(scans, key=lambda s: s.index)],
                            unnumbered=unnumbered)
    # A page whose corners hold a number read too unsurely to take (大 2 where 33 stands) may
    # well be numbered: a question for a person, not an error.
    glimpsed = [s.index for s in scans if s.index in unnumbered and s.unsure_number is not None]
    bare = [p for p in unnumbered if p not in glimpsed]
    if bare:
        findings.append(Finding(code="pages.unnumbered", severity="error",
                                message=f"第{page_list(bare)}页（PDF页）未标注页码", pages=bare))
    if glimpsed:
        findings.append(Finding(code="pages.unnumbered", severity="review", confidence=0.5, pages=glimpsed,
                                message=f"第{page_list(glimpsed)}页（PDF页）的页码未能识别清楚（也可能未标注），请人工核对"))

    entries = toc.entries if toc else []
    if toc is not None and toc.unread:
        findings.append(Finding(code="toc.unread", severity="review", pages=toc_pages,
                                message=f"第{page_list(toc_pages)}页（PDF页）的目录未能逐项识别（多栏内容连成一行），"
                                        "已按各页标题核对材料，请人工核对目录"))
    elif toc is None or not entries:
        message = ("未找到目录" if toc is None
                   else f"第{page_list(toc_pages)}页（PDF页）有目录标题，但未能识别出目录条目")
        findings.append(Finding(code="toc.missing", severity="error", message=message, pages=toc_pages))
    items = [item_for_title(e.title) if item_for_title else None for e in entries]
    by_index = {s.index: s for s in scans}

    def names(page: int, title: str, placed_titles: set[str]) -> bool:
        """The page's heading names the material the 目录 title names (a line of running text
        that mentions it does not), or its content shows that material: its heading band's
        lines, or else the page read whole (an ID card's copy, whose short 姓名 and 住址 lines
        the heading band passes over for its widest). Content that two materials share shows
        the one of them the 目录 has not placed elsewhere already (`placed_titles`)."""
        wanted = item_for_title(title) if item_for_title else None
        heading = by_index[page].heading_lines
        if wanted is None:
            return False
        if any(item_for_title(line.text) == wanted for line in heading[:HEADING_TITLE_LINES]
               if not reads_as_sentence(line.text)):
            return True
        if items_shown is None:
            return False
        placed = {item_for_title(other) for other in placed_titles} - {wanted}

        def shows(lines: list[str]) -> bool:
            return set(items_shown(lines)) - placed == {wanted}

        return shows([line.text for line in heading]) or (read_text is not None and shows(read_text(page)))

    found = _locate_parts(entries, scans, toc_pages, numbers, first_numbered - 1, names, read_text)
    items = [item or _headed_as(by_index.get(page), item_for_title, items) for item, page in zip(items, found)]

    last_printed = max(numbers.values(), default=None)
    toc_entries: list[TocEntry] = []
    for k, (entry, page) in enumerate(zip(entries, found)):
        label = f"目录第{k + 1}项“{entry.title}”"
        status = "ok"
        if page is None:
            status = "not_found"
            findings.append(Finding(code="toc.entry_not_found", severity="error",
                                    message=f"{label}在文件中未找到对应材料", pages=[entry.toc_page],
                                    item=items[k]))
        elif entry.printed_page is not None and page not in toc_pages:
            actual, printed_on_page = _effective_number(page, numbers)
            slip = actual is not None and _digit_slip(entry.printed_page, actual)
            start_lost = actual is not None and not slip and _range_start_lost(entries, k, actual, last_printed)
            asked = str(actual) if slip else f"{actual}-{entry.printed_page}" if start_lost else None
            shown = row_shows(entry, asked) if asked and printed_on_page and row_shows is not None else None
            if actual is not None and (range_read := _range_start_in_title(entries, k, actual)) is not None:
                entry = range_read
            elif shown:  # the 目录 prints the part's page (or range); the reading lost or gained a digit (or the start)
                end = entry.printed_page if start_lost else entry.printed_page_end
                entry = entry.model_copy(update={"printed_page": actual, "printed_page_end": end})
            elif actual is not None and actual != entry.printed_page and not _slip_the_toc_explains(entries, k, actual):
                status = "page_mismatch"
                where = f"第{actual}页（PDF第{page}页）" if printed_on_page else f"PDF第{page}页"
                message = f"{label}标注第{entry.printed_page}页，实际位于{where}"
                severity, confidence = _evidence_severity([page], numbers, by_index)
                # A row the image says prints no range is still no proof: a range is asked with
                # the dash the recogniser reads, where the 目录 may print another (至, ~).
                if (slip and shown is None) or start_lost:
                    severity, confidence = "review", min(confidence, 0.5)
                    message += "（目录中的页码可能识别不全，请人工核对）"
                findings.append(Finding(code="toc.page_mismatch", severity=severity, confidence=confidence,
                                        message=message, pages=[page], item=items[k]))
        toc_entries.append(TocEntry(title=entry.title, printed_page=entry.printed_page, found_page=page,
                                    status=status, printed_page_end=entry.printed_page_end, item=items[k],
                                    remark=entry.remark))

    part_pages = _part_pages(found, len(scans))
    order, quiet = _order_finding(entries, found, part_pages, items)
    findings += order
    unread = [s.index for s in scans if s.blank or (s.illegible and s.printed_number is None)]
    findings += _pagination_findings(numbers, unnumbered + unread, quiet, {s.index: s for s in scans})
    return StructureResult(toc=TocInfo(pages=toc_pages, entries=toc_entries), pagination=pagination,
                           part_pages=part_pages, findings=findings)


def _headed_as(scan: PageScan | None, item_for_title: Callable[[str], str | None] | None,
               named: list[str | None]) -> str | None:
    """The material a part's first page is headed with, for a 目录 entry whose title names
    none (cut short: 法定代表人身份), unless another entry names it."""
    if scan is None or item_for_title is None:
        return None
    heading = (item_for_title(line.text) for line in scan.heading_lines[:HEADING_TITLE_LINES])
    item = next((i for i in heading if i), None)
    return item if item not in named else None


def _order_finding(entries: list[RawTocEntry], found: list[int | None], part_pages: dict[int, list[int]],
                   items: list[str | None]) -> tuple[list[Finding], set[int]]:
    """`pages.order` naming the parts bound out of the 目录's order (its `item`: the first
    misplaced one), and the pages whose page-number jumps that misplacement explains (so
    they are not also reported)."""
    misplaced = _out_of_order(found)
    if not misplaced:
        return [], set()
    notes = []
    involved: set[int] = set()
    for i in misplaced:
        # Entries listed after this one but bound before it, and the reverse.
        overtaken = [j for j, p in enumerate(found) if p is not None and j > i and p < found[i]]
        overtaking = [j for j, p in enumerate(found) if p is not None and j < i and p > found[i]]
        involved.update([found[i]] + [found[j] for j in overtaken + overtaking])
        if overtaken:
            notes.append(f"“{entries[i].title}”（PDF第{found[i]}页）应排在“{entries[overtaken[0]].title}”之前")
        elif overtaking:
            notes.append(f"“{entries[i].title}”（PDF第{found[i]}页）应排在“{entries[overtaking[-1]].title}”之后")
    quiet: set[int] = set()
    for i, start in enumerate(found):
        if start in involved:
            quiet.update(part_pages[i])
            quiet.add(max(part_pages[i]) + 1)
    finding = Finding(code="pages.order", severity="error", item=items[misplaced[0]],
                      message="材料顺序与目录不一致：" + "；".join(notes), pages=sorted(involved))
    return [finding], quiet


def _part_pages(found: list[int | None], page_count: int) -> dict[int, list[int]]:
    """Each located part runs from its start to the page before the next start in the file."""
    starts = sorted((p, i) for i, p in enumerate(found) if p is not None)
    result: dict[int, list[int]] = {i: [] for i in range(len(found))}
    for k, (page, i) in enumerate(starts):
        end = starts[k + 1][0] - 1 if k + 1 < len(starts) else page_count
        result[i] = list(range(page, max(page, end) + 1))
    return result
