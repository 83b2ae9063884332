"""Handwritten signatures in the 法定代表人（签字） field, and the name seal (签名章) some
representatives stamp instead.

A signature is drawn as pen strokes: one cluster of quick curved strokes per character of
the signer's name, written larger than the print, leaning, joined by the pen's run from
one character to the next, in black or blue-black ballpoint. Its look is drawn from the
dossier's seal-and-signature stream, so adding or removing a signature never moves
anything the page layout drew.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import pymupdf

from factory.seals import SealLook, draw_seal

INKS = [(0.05, 0.05, 0.08), (0.08, 0.1, 0.35), (0.12, 0.12, 0.2)]


@dataclass
class SignatureLook:
    """How the field was signed: pen strokes (points, sheet coordinates), or a name seal."""

    kind: str = "handwriting"  # or "name_seal"
    strokes: list[list[tuple[float, float]]] = field(default_factory=list)
    width: float = 1.1
    ink: tuple[float, float, float] = INKS[0]
    seal: SealLook | None = None

    @classmethod
    def random(cls, rng: random.Random, signer: str, box: tuple[float, float, float, float]) -> SignatureLook:
        if rng.random() < 0.12:
            return cls(kind="name_seal", seal=SealLook.random(rng, signer or "印", personal=True))
        return cls(strokes=_handwriting(rng, len(signer) or 2, box), width=rng.uniform(0.9, 1.5),
                   ink=rng.choice(INKS))

    def truth(self) -> dict:
        return {"kind": self.kind}


def _curve(points: list[tuple[float, float]], steps: int = 8) -> list[tuple[float, float]]:
    """A Catmull-Rom spline through `points`: the smooth path of a pen."""
    if len(points) < 3:
        return points
    pts = [points[0], *points, points[-1]]
    out = []
    for k in range(1, len(pts) - 2):
        p0, p1, p2, p3 = pts[k - 1], pts[k], pts[k + 1], pts[k + 2]
        for s in range(steps):
            t = s / steps
            t2, t3 = t * t, t * t * t
            out.append(tuple(0.5 * (2 * p1[i] + (-p0[i] + p2[i]) * t + (2 * p0[i] - 5 * p1[i] + 4 * p2[i] - p3[i]) * t2
                                    + (-p0[i] + 3 * p1[i] - 3 * p2[i] + p3[i]) * t3) for i in range(2)))
    out.append(points[-1])
    return out


def _handwriting(rng: random.Random, n_chars: int, box: tuple[float, float, float, float]) -> list[list[tuple[float, float]]]:
    """Pen strokes for `n_chars` characters written left to right across `box`."""
    x0, y0, x1, y1 = box
    height = (y1 - y0) * rng.uniform(0.7, 0.95)
    cell = min((x1 - x0) * 0.9 / n_chars, height * rng.uniform(0.8, 1.1))
    lean = rng.uniform(0.1, 0.35)  # x shift per unit of height: a right-leaning hand
    top = y0 + ((y1 - y0) - height) / 2
    x = x0 + rng.uniform(0.0, 0.1) * (x1 - x0)
    strokes = []
    for c in range(n_chars):
        for _ in range(rng.randint(2, 4)):
            points = []
            for _ in range(rng.randint(3, 6)):
                py = top + rng.uniform(0.0, 1.0) * height
                px = x + rng.uniform(0.0, 1.0) * cell + lean * (top + height - py)
                points.append((px, py))
            strokes.append(_curve(points))
        if c < n_chars - 1 and rng.random() < 0.6:  # the pen runs on into the next character
            last = strokes[-1][-1]
            strokes.append(_curve([last, (x + cell * 1.1, top + height * rng.uniform(0.3, 0.8)),
                                   (x + cell * 1.3, top + height * rng.uniform(0.1, 0.5))]))
        x += cell * rng.uniform(0.85, 1.05)
    if rng.random() < 0.5:  # a closing flourish under the name
        y = top + height * rng.uniform(0.85, 1.05)
        strokes.append(_curve([(x0 + cell * 0.3, y), ((x0 + x) / 2, y + height * 0.12), (x, y - height * 0.1)]))
    return strokes


def draw_signature(page: pymupdf.Page, box: tuple[float, float, float, float], look: SignatureLook) -> None:
    if look.kind == "name_seal" and look.seal is not None:
        x0, y0, x1, y1 = box
        side = min(y1 - y0, (x1 - x0) * 0.5)
        draw_seal(page, x0 + side * 0.8, (y0 + y1) / 2, side / 1.64 * 0.95, look.seal)
        return
    shape = page.new_shape()
    for stroke in look.strokes:
        shape.draw_polyline(stroke)
        shape.finish(color=look.ink, width=look.width, closePath=False, lineCap=1, lineJoin=1)
    shape.commit()


def bounds(look: SignatureLook, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """Where the ink of the signature lies (points, sheet coordinates)."""
    if look.kind == "name_seal":
        x0, y0, x1, y1 = box
        side = min(y1 - y0, (x1 - x0) * 0.5)
        half = side / 1.64 * 0.95 * 0.82
        cx, cy = x0 + side * 0.8, (y0 + y1) / 2
        return (round(cx - half, 1), round(cy - half, 1), round(cx + half, 1), round(cy + half, 1))
    xs = [p[0] for s in look.strokes for p in s]
    ys = [p[1] for s in look.strokes for p in s]
    return (round(min(xs), 1), round(min(ys), 1), round(max(xs), 1), round(max(ys), 1))
