"""Hide resident ID numbers in outputs that circulate beyond the reviewer.

The register and the batch index are shared within the district office and often
e-mailed; the ID numbers of legal representatives and skills masters in them (in
finding messages, field values) are personal data that nobody reading a register
needs. Only the per-dossier report shows them whole. A number is recognised by its
shape — 6-digit region, a plausible birth date, 3 digits and a check character — so
that 18-character credit codes, which never carry a date there, stay readable.
"""

from __future__ import annotations

import re

_ID_NUMBER = re.compile(
    r"(?<![0-9A-Za-z])"
    r"([1-9]\d{5})"
    r"((?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))"
    r"(\d{3}[\dXx])"
    r"(?![0-9A-Za-z])"
)


def mask_id_numbers(text: str) -> str:
    """440301199001011234 → 440301********1234 wherever it occurs in `text`."""
    return _ID_NUMBER.sub(lambda m: f"{m.group(1)}{'*' * 8}{m.group(3)}", text)


def mask_value(value: object) -> object:
    """Mask strings, leave numbers and None alone (for table cells)."""
    return mask_id_numbers(value) if isinstance(value, str) else value
