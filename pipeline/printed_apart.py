"""Whether two readings of one name that differ by a look-alike character were printed apart.

The 申报表 names the unit 深圳市盛达…, the licence 深圳市盛通…; the licence's legal
representative is 蔡宇杰, the ID card's 蔡字杰. Read one look-alike character apart, such a
pair is as likely a misread as a real difference, and the finding goes to a person
(extractors/validate.py). The images can say more: each value's line is asked how well it
supports the other reading (pipeline/ocr/ctc.py). A misread character leaves the right one a
close second (measured on rendered names in the factory's fonts, JPEG-compressed and blurred:
the true text of a line read wrong scored −0.9 to −9.5); a character printed otherwise makes
the other one unlikely (−12 or less for three in four such lines). Only when both lines reject
the other reading that far, or one value comes from a born-digital page's exact text and the
other line rejects it, were the two printed apart and the difference is an error.

The other way round, the two lines may agree: one line's image supporting the other value
better than its own reading (the recogniser's best path through 阎 spelled 间, while 阎 fits
the line better as a whole) and the other line preferring its own value. Both images then
read as one name, and the differing reading is the misread. On 710 pairs of lines printed
with two look-alike characters and read differently (GB2312 pairs, the factory's five fonts
at 9–14 pt, scanned at 150–200 dpi; bench/lookalike_lines.py, seeds 11, 12, 21, 22), no line
preferred the other line's value (closest −0.04; 4 within −2). On the two misread names of
the 2026-12 held-out corpora, the misread line preferred the other value once (+1.46) and
fell just short of it once (−1.03, left to a person).
"""

from __future__ import annotations

from typing import Literal

from kernel.models import FieldValue
from pipeline.reader import PageReader

# How much less likely (natural log) the other reading must be, on both lines, for the two
# values to have been printed apart.
PRINTED_APART = -12.0


def compare_printed(reader: PageReader, left: FieldValue, right: FieldValue, key) -> Literal["apart", "left", "right"] | None:
    """What the images of the lines holding `left` and `right` (whose `key`s differ in one
    place, by look-alikes) say: "apart", printed with different characters there; "left" or
    "right", both lines read better as that field's value (the other's reading a misread);
    None when they do not settle it."""
    one, other = key(str(left.value)), key(str(right.value))
    differing = [(a, b) for a, b in zip(one, other) if a != b]
    if len(one) != len(other) or len(differing) != 1:
        return None
    a, b = differing[0]
    on_left, on_right = _drop(reader, left, a, b), _drop(reader, right, b, a)
    if on_left is None or on_right is None:
        return None
    if on_left <= PRINTED_APART and on_right <= PRINTED_APART:
        return "apart"
    if on_left > 0 > on_right:
        return "right"
    if on_right > 0 > on_left:
        return "left"
    return None


def _drop(reader: PageReader, field: FieldValue, own: str, others: str) -> float | None:
    """How much less the line holding `field` supports it with `others` in place of `own`
    than as read; -inf for a value from a born-digital page's text (exact); None when the
    line cannot be found or asked."""
    if field.page is None or field.evidence is None:
        return None
    lines = reader.lines_in(field.page, tuple(field.evidence))
    if not lines or lines[0].text.count(own) != 1:
        return None
    box, text = lines[0].box, lines[0].text
    support = reader.text_support(field.page, box, [text, text.replace(own, others)])
    if support == [None, None]:
        return float("-inf") if reader.is_born_digital(field.page) else None
    if None in support:
        return None
    return support[1] - support[0]

