"""Verifying a known text against a CTC recogniser's output (pipeline/ocr/ctc.py), on
hand-made probability matrices: what the recogniser read exactly costs nothing, a character
it saw as a close second costs little, one it saw clearly as another costs much, and a name
with more characters around it than a seal's star or code is not taken as read."""

from __future__ import annotations

import numpy as np

from pipeline.ocr.ctc import support

ALPHABET = {ch: i for i, ch in enumerate("_深圳市华强家政分公司南山星")}  # "_": the blank, index 0


def steps(*columns: dict[str, float]) -> np.ndarray:
    """One row per step: the characters given their probabilities, the rest of each row on
    the blank."""
    rows = np.full((len(columns), len(ALPHABET)), 1e-6)
    for row, column in zip(rows, columns):
        for ch, p in column.items():
            row[ALPHABET[ch]] = p
        row[0] = max(1e-6, 1 - sum(column.values()))
    return rows / rows.sum(axis=1, keepdims=True)


def spelled(text: str, second: dict[int, tuple[str, float]] | None = None) -> np.ndarray:
    """The recogniser's output for a line that reads `text`, a blank between characters;
    `second`: at position k, another character it saw with that probability. A clear
    character takes nearly all of its step, as PP-OCR's do."""
    columns = []
    for k, ch in enumerate(text):
        column = {ch: 0.999}
        if second and k in second:
            other, p = second[k]
            column = {ch: 0.999 - p, other: p}
        columns += [column, {}]
    return steps(*columns)


def test_what_was_read_is_fully_supported():
    assert support(spelled("深圳市华强家政"), "深圳市华强家政", ALPHABET) == 0.0


def test_a_character_seen_as_a_close_second_costs_little_one_seen_as_another_much():
    read_wrong = spelled("深圳市华星家政", second={4: ("强", 0.3)})  # 星 read, 强 a close second
    assert -2.0 < support(read_wrong, "深圳市华强家政", ALPHABET) < 0
    assert support(spelled("深圳市华星家政"), "深圳市华强家政", ALPHABET) < -10


def test_a_character_or_two_read_at_the_ends_is_free_more_is_not():
    assert support(spelled("星深圳市华强家政"), "深圳市华强家政", ALPHABET) == 0.0
    assert support(spelled("深圳市华强家政南山分公司"), "深圳市华强家政", ALPHABET) < -10  # a branch's seal


def test_a_longer_name_is_not_supported_by_a_shorter_reading():
    assert support(spelled("深圳市华强家政"), "深圳市华强家政南山分公司", ALPHABET) < -10


def test_a_text_of_unknown_characters_cannot_be_judged():
    assert support(spelled("深圳市"), "ABC", ALPHABET) is None


def test_steps_hidden_by_print_are_no_evidence_either_way():
    """家政 read clearly as 南山 where print lay over the ring: hidden, those steps cost nothing;
    the steps read clearly beside them still count."""
    read = spelled("深圳市华强南山")
    hidden = np.zeros(len(read), bool)
    hidden[10:] = True  # 南, its blank, 山, its blank
    assert support(read, "深圳市华强家政", ALPHABET) < -10
    assert support(read, "深圳市华强家政", ALPHABET, hidden=hidden) == 0.0
    assert support(read, "深圳市星星家政", ALPHABET, hidden=hidden) < -10  # the 字号 was in plain sight


def test_what_was_read_under_print_does_not_count_against_the_free_ends():
    """Three characters read at the ring's start (a printed date's) are more than a seal's star
    or code would add; hidden under print, they are not the ring's."""
    read = spelled("南山星深圳市华强家政")
    hidden = np.zeros(len(read), bool)
    hidden[:6] = True  # 南, 山, 星 and their blanks
    assert support(read, "深圳市华强家政", ALPHABET) < -5  # the third left to a blank
    assert support(read, "深圳市华强家政", ALPHABET, hidden=hidden) == 0.0
