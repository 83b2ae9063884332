"""How well a line recogniser's output supports a given text: verification, not reading.

A CTC recogniser (PP-OCR's) gives, for every step along the line, a probability for every
character and for "nothing here" (blank). Reading takes the likeliest character at each step.
Asking whether the line says a *known* text is another question, and an easier one: the
best way the steps can spell that text (one character after another, each over one or more
steps, blanks between) is compared with the best reading. Where the text and the reading
agree, the two are equal; a character the recogniser read wrong but saw as a close second
costs a little; a character it saw clearly as another costs a lot. A worn seal whose 字号
was misread by a stroke is thus told from another unit's seal, whose 字号 is clearly other
characters, without guessing from the reading's letters alone.

The text may sit anywhere along the line: the steps before and after it are free, as long as
the reading has at most `FREE_END_CHARACTERS` characters there (a seal's star or code read
as a character or two), so a longer name (a branch's) is not taken as its parent's.
"""

from __future__ import annotations

import unicodedata

import numpy as np

FREE_END_CHARACTERS = 2
_FLOOR = 1e-12  # the probability given to a character the recogniser gave none
_IMPOSSIBLE = -1e9


def support(probabilities: np.ndarray, text: str, alphabet: dict[str, int], blank: int = 0,
            hidden: np.ndarray | None = None) -> float | None:
    """The log-probability of the best alignment of `text` with the recogniser's output
    (`probabilities`: steps × characters, each row summing to 1), minus that of the best
    reading: 0 when the recogniser read exactly `text`, more negative the less likely it
    finds it. None when `text` has fewer than two characters the recogniser knows.
    `hidden`: per step, whether the line is covered there (its cost and reading left out)."""
    codes = [alphabet[c] for ch in text for c in _as_known(ch, alphabet) if c in alphabet]
    steps = probabilities.shape[0]
    if len(codes) < 2 or steps == 0:
        return None
    log = np.log(np.maximum(probabilities, _FLOOR))
    best = log.argmax(axis=1)
    cost = log - log.max(axis=1, keepdims=True)  # ≤ 0: what each choice loses against the reading
    if hidden is not None:
        cost[hidden] = 0.0
    labels = np.array([blank] + [c for code in codes for c in (code, blank)])
    n = len(labels)
    # A skip from state s-2 to s is allowed onto a character unlike the one two states back.
    can_skip = np.zeros(n, bool)
    can_skip[2:] = (labels[2:] != blank) & (labels[2:] != labels[:-2])
    read = _characters_read(best, blank)
    if hidden is not None:
        read[hidden] = 0
    before = np.concatenate([[0], np.cumsum(read)])  # characters read before step t
    after = before[-1] - before  # characters read from step t on

    state = np.full(n, _IMPOSSIBLE)
    state[:2] = cost[0, labels[:2]]
    free_before = 0.0  # the text not started yet (steps so far left to the reading)
    finished = _IMPOSSIBLE  # the text spelled out; the rest left to the reading
    for t in range(1, steps):
        stay = state
        step = np.concatenate([[_IMPOSSIBLE], state[:-1]])
        skip = np.where(can_skip, np.concatenate([[_IMPOSSIBLE] * 2, state[:-2]]), _IMPOSSIBLE)
        moved = np.maximum(np.maximum(stay, step), skip)
        if before[t] <= FREE_END_CHARACTERS:  # the text may start here
            moved[:2] = np.maximum(moved[:2], free_before)
        if after[t] <= FREE_END_CHARACTERS:
            finished = max(finished, state[-1], state[-2])
        state = moved + cost[t, labels]
    return float(max(finished, state[-1], state[-2]))


def _as_known(ch: str, alphabet: dict[str, int]) -> str:
    """A character asked as its NFKC form (a full-width digit or bracket as the plain one),
    except one the recogniser knows whose form is several characters: NFKC would make each
    "…" of a 目录's leader three dots, more characters than the leader's steps can spell."""
    form = unicodedata.normalize("NFKC", ch)
    return ch if len(form) > 1 and ch in alphabet else form


def _characters_read(best: np.ndarray, blank: int) -> np.ndarray:
    """1 at each step where the best reading starts a character, else 0."""
    starts = best != blank
    starts[1:] &= best[1:] != best[:-1]
    return starts.astype(int)
