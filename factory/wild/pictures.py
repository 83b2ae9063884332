"""Photographs on photo pages (venue, activity): textured colour images, not drawn text.

A photo page must look like one to an orientation or text detector: sky, walls, floor,
people-sized blobs, fine texture and sensor noise, so that nothing in it resembles a line
of print. A sheet that carries photographs keeps them beside its drawing operations and draws them
with its pictures: after its lines, before its seals and text (a seal is stamped on the
printed page, over a photograph as over anything else).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np
import pymupdf

from factory.sheet import Sheet


@dataclass
class PhotoSheet(Sheet):
    """A sheet with photographs: (x0, y0, x1, y1, seed) boxes in points."""

    pictures: list[tuple[float, float, float, float, int]] = field(default_factory=list)

    def picture(self, x0: float, y0: float, x1: float, y1: float, seed: int) -> None:
        self.pictures.append((x0, y0, x1, y1, seed))

    def draw_pictures(self, page: pymupdf.Page) -> None:
        super().draw_pictures(page)
        for x0, y0, x1, y1, seed in self.pictures:
            w, h = 320, max(40, round(320 * (y1 - y0) / max(1.0, x1 - x0)))
            rgb = photograph(seed, w, h)
            page.insert_image(pymupdf.Rect(x0, y0, x1, y1), pixmap=pymupdf.Pixmap(pymupdf.csRGB, w, h, rgb.tobytes(), 0))


def photograph(seed: int, w: int, h: int) -> np.ndarray:
    """An RGB "snapshot" of a room: a lit back wall over a floor, a window, furniture and
    people as soft coloured blobs, texture and noise."""
    rng = np.random.default_rng(seed)
    horizon = int(h * rng.uniform(0.45, 0.7))
    wall = rng.uniform(150, 225, 3)
    floor = rng.uniform(70, 150, 3)
    img = np.empty((h, w, 3), np.float32)
    img[:horizon] = wall
    img[horizon:] = floor
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = 1.0 + 0.25 * np.exp(-(((xx - w * rng.uniform(0.2, 0.8)) / (w * 0.5)) ** 2 + ((yy - h * 0.2) / h) ** 2))
    img *= light[..., None]
    if rng.random() < 0.7:  # a window with daylight
        wx, wy = int(rng.uniform(0.05, 0.6) * w), int(h * 0.08)
        img[wy:wy + int(horizon * 0.55), wx:wx + int(w * 0.25)] = rng.uniform(215, 250, 3)
    for _ in range(int(rng.integers(5, 14))):  # furniture, machines, people
        cx, cy = int(rng.integers(0, w)), int(rng.integers(horizon - h // 6, h))
        ax, ay = int(rng.integers(w // 30, w // 8)), int(rng.integers(h // 14, h // 4))
        colour = tuple(float(c) for c in rng.uniform(25, 200, 3))
        cv2.ellipse(img, (cx, cy), (ax, ay), 0, 0, 360, colour, -1)
        if rng.random() < 0.5:
            cv2.circle(img, (cx, cy - ay - ax // 2), max(2, ax // 2), tuple(float(c) for c in rng.uniform(120, 210, 3)), -1)
    texture = cv2.GaussianBlur(rng.normal(0, 18, (h, w)).astype(np.float32), (0, 0), 1.5)
    img += texture[..., None] + rng.normal(0, 6, (h, w, 3)).astype(np.float32)
    img = cv2.GaussianBlur(img, (0, 0), 0.8)
    return np.clip(img, 0, 255).astype(np.uint8)
