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
"""

from __future__ import annotations

from kernel.models import FieldValue
from pipeline.reader import PageReader

# How much less likely (natural log) the other reading must be, on both lines, for the two
# values to have been printed apart.
PRINTED_APART = -12.0


def printed_apart(reader: PageReader, left: FieldValue, right: FieldValue, key) -> bool:
    """Whether `left` and `right` (whose `key`s differ in one place, by look-alikes) were
    printed with different characters there."""
    one, other = key(str(left.value)), key(str(right.value))
    differing = [(a, b) for a, b in zip(one, other) if a != b]
    if len(one) != len(other) or len(differing) != 1:
        return False
    a, b = differing[0]
    drops = [_drop(reader, left, a, b), _drop(reader, right, b, a)]
    if None in drops:
        return False
    return all(d <= PRINTED_APART for d in drops)


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

