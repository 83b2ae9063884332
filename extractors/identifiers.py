"""Check characters of Chinese identifiers: 统一社会信用代码 (GB 32100-2015) and
居民身份证号码 (GB 11643-1999).

Shared by the validators (is this code right?) and the dossier factory (make a right
one), so both agree on one implementation.
"""

from __future__ import annotations

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def credit_code_check_char(first17: str) -> str:
    """The 18th character for the first 17 of a credit code (raises on a bad character)."""
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def is_valid_credit_code(code: str) -> bool:
    code = code.strip().upper()
    if len(code) != 18 or any(c not in CREDIT_ALPHABET for c in code):
        return False
    return credit_code_check_char(code[:17]) == code[17]


def id_check_char(first17: str) -> str:
    """The 18th character of a resident ID number for its first 17 digits."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError(f"need 17 digits, got {first17!r}")
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


def is_valid_id_number(number: str) -> bool:
    number = number.strip().upper()
    if len(number) != 18 or not number[:17].isdigit():
        return False
    return id_check_char(number[:17]) == number[17]
