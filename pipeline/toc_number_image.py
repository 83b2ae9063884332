"""A 目录 row's page number asked of the row's image, where the reading and the part's
printed page differ by one digit more or less, or where the row may print the part's range
and the reading kept only its end.

The recogniser merges a repeated digit ("22" read as "2") and loses a thin one ("21" read as
"2"); from the text alone, a 目录 that lists 2 for a part on page 22 may be wrong or misread,
and the structure check can only send it to a person (pipeline/structure.py `_digit_slip`).
The row's image can tell (pipeline/ocr/ctc.py): asked how well it supports the row with the
part's page number in place of the number read, a row that prints that number does about as
well as the reading, and a row that prints another number (the applicant's miscount, read
right) does far worse, as a digit the recogniser saw clearly costs much. Between the two the
question stays a person's. A range's start is lost the same way: a row's long run of leader
dots squeezed to the recogniser's line height, "片）………… 7-8" read as "片)-8"; asked with
7-8 in place of the 8, such a row does better than as read.
"""

from __future__ import annotations

import re

from pipeline.reader import PageReader
from pipeline.toc import RawTocEntry

# Support of the row with the part's page number, less that of the row as read:
SHOWS_PAGE = -3.0  # at least this: the row prints the part's number (the reading lost a digit)
SHOWS_ANOTHER = -8.0  # at most this: the row prints another number (the 目录 is wrong)
_RANGE = re.compile(r"\d+-\d+")
_RANGE_START_LEFT = re.compile(r"(?:\d+\s*)?[-–—~～至]\s*$")  # what a reading kept of a range's start


def toc_row_shows(reader: PageReader, entry: RawTocEntry, printed: str) -> bool | None:
    """Whether the image of `entry`'s 目录 row prints `printed` (the part's printed page, or
    its range "7-8") where its number was read: True, False (it prints the number read, or
    another), or None when the image does not settle it (a born-digital 目录, whose text is
    exact, included). A range takes the place of the number with whatever the reading left
    of its start before it (a dash, a misread start)."""
    if entry.box is None or entry.printed_page is None:
        return None
    asked = _number_in_row(reader, entry)
    if asked is None:
        return None
    box, text, start, end = asked
    if _RANGE.fullmatch(printed):
        start = len(_RANGE_START_LEFT.sub("", text[:start]))
    read, shown = reader.text_support(entry.toc_page, box, [text, text[:start] + printed + text[end:]])
    if read is None or shown is None:
        return None
    if shown - read >= SHOWS_PAGE:
        # A number shorter than the one read is supported whatever the row prints: the
        # recogniser's last characters may stay unspelled (ctc.FREE_END_CHARACTERS).
        return True if len(printed) >= len(str(entry.printed_page)) else None
    if shown - read <= SHOWS_ANOTHER:
        return False
    return None


def _number_in_row(reader: PageReader, entry: RawTocEntry) -> tuple[tuple[float, float, float, float], str, int, int] | None:
    """The piece of the row that holds the entry's number (its box, its text, where in the text
    the number stands): the row's rightmost line whose text has that number standing alone; a
    number read as a piece of its own is asked together with the piece left of it (a question
    needs two characters)."""
    x0, y0, x1, y1 = entry.box
    row = sorted((line for line in reader.read_rows(entry.toc_page).lines
                  if min(y1, line.box[3]) - max(y0, line.box[1]) > 0.5 * (line.box[3] - line.box[1])
                  and line.box[2] > x0 and line.box[0] < x1), key=lambda line: line.box[0])
    number = re.compile(rf"(?<!\d){entry.printed_page}(?!\d)")
    for k in range(len(row) - 1, -1, -1):
        found = list(number.finditer(row[k].text))
        if not found:
            continue
        start, end = found[-1].span()
        if k > 0 and len(row[k].text.strip()) < 2:
            left = row[k - 1]
            box = (left.box[0], min(left.box[1], row[k].box[1]), row[k].box[2], max(left.box[3], row[k].box[3]))
            return box, left.text + row[k].text, len(left.text) + start, len(left.text) + end
        return row[k].box, row[k].text, start, end
    return None
