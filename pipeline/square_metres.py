"""An area whose ㎡ was read as its last digit: "面积为2209㎡。" read as "22092。".

The recogniser has no ㎡, and the raised ² of m² is small: a lease's area often comes out with
the m lost and the ² taken for a 2, ten times the area and a digit more. The text alone
cannot tell that from an area that ends in 2; the line's image can. Asked how well it
supports the number without its last 2 (pipeline/ocr/ctc.py), a line whose 2 was a
superscript does about as well as with it: measured 2026-12-02, two leases of the wild
corpus printing "2209m²", "3090m²" +3.6 and +0.6 (better without), a half-size raised 2
drawn and scanned −4.1. A line whose 2 is a digit of full height drops far: "2212。" (two
scans), "452。", "3092平方米" and "45㎡，" (its 5) drawn and scanned, −8.1 and −10.5, −7.5, −9.5, −8.3
— unless the number ends the line: a wild lease's "…面积为2412" (its m² on the next line)
lost its last digit for nothing, as the last character at a line's very end is weakly
supported whatever it is. Only a number with something after it on its line is asked.
"""

from __future__ import annotations

import re

from kernel.models import FieldValue
from pipeline.reader import PageReader

SUPERSCRIPT_DROP = -5.0  # the number without its last 2 at most this much less likely: the 2 was ²
_UNIT_AFTER = re.compile(r"\s*(?:平方米|平米|[mM㎡²])")


def area_as_printed(reader: PageReader, field: FieldValue) -> FieldValue:
    """`field` (the venue area) with a last 2 that its line shows to be the ² of m² dropped;
    else `field` as it is."""
    value = field.value
    if field.id != "venue_area" or field.page is None or field.evidence is None or not isinstance(value, float):
        return field
    digits = f"{value:.0f}"
    if value != int(value) or len(digits) < 3 or not digits.endswith("2") or reader.is_born_digital(field.page):
        return field
    for line in reader.lines_in(field.page, tuple(field.evidence)):
        found = list(re.finditer(rf"(?<![\d.,]){digits}(?![\d.,])", line.text))
        if len(found) != 1 or found[0].end() == len(line.text) or _UNIT_AFTER.match(line.text, found[0].end()):
            continue  # a unit follows the number (its last 2 is a digit), or nothing does: a
            # last character at the line's very end is weakly supported whatever it is
        start, end = found[0].span()
        read, dropped = reader.text_support(field.page, line.box, [line.text, line.text[:start] + digits[:-1] + line.text[end:]])
        if read is None or dropped is None or dropped - read < SUPERSCRIPT_DROP:
            return field
        area = float(digits[:-1])
        return field.model_copy(update={"value": area, "note": f"面积后的“㎡”读作数字“2”，按{area:g}平方米读取（原读作{digits}）"})
    return field
