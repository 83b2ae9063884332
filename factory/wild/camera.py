"""Phone photos of paper pages: the sheet lies on a desk, shot at an angle, with the
phone's shadow over part of it and a darker desk around it.

Applicants who lack a scanner photograph single pages (a licence, a signed letter) and
drop the photos into the PDF; the reader then sees a quadrilateral sheet with a border of
desk, a brightness gradient and a colour cast instead of a flat scan.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import cv2
import numpy as np
import pymupdf


@dataclass
class Shot:
    """Where the sheet's corners land in the photo (fractions of width/height, clockwise
    from top-left), the shadow and the desk colour."""

    corners: list[tuple[float, float]]
    shadow: tuple[float, float, float]  # centre x, centre y (fractions), radius (fraction of width)
    desk: tuple[int, int, int]
    quality: int

    @classmethod
    def random(cls, rng: random.Random) -> Shot:
        m = rng.uniform(0.04, 0.1)
        corners = [(m + rng.uniform(0, 0.05), m + rng.uniform(0, 0.04)),
                   (1 - m - rng.uniform(0, 0.05), m + rng.uniform(0, 0.04)),
                   (1 - m + rng.uniform(-0.02, 0.03), 1 - m - rng.uniform(0, 0.03)),
                   (m + rng.uniform(-0.03, 0.02), 1 - m - rng.uniform(0, 0.03))]
        shadow = (rng.uniform(0.1, 0.9), rng.uniform(0.5, 1.0), rng.uniform(0.35, 0.6))
        desk = (rng.randrange(60, 120), rng.randrange(45, 95), rng.randrange(30, 75))
        return cls(corners, shadow, desk, rng.randrange(60, 85))

    def _homography(self, w: int, h: int) -> np.ndarray:
        src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
        dst = np.float32([[x * w, y * h] for x, y in self.corners])
        return cv2.getPerspectiveTransform(src, dst)

    def map_box(self, box: tuple[float, float, float, float], size: tuple[float, float]) -> tuple[float, ...]:
        """Where a box drawn on the sheet lies in the photo, in points."""
        x0, y0, x1, y1 = box
        pts = np.float32([[[x0, y0]], [[x1, y0]], [[x0, y1]], [[x1, y1]]])
        out = cv2.perspectiveTransform(pts, self._homography(round(size[0]), round(size[1])))[:, 0, :]
        return tuple(round(float(v), 1) for v in (*out.min(axis=0), *out.max(axis=0)))

    def take(self, page: pymupdf.Page, dpi: int, seed: int) -> bytes:
        """Photograph the rendered page; returns JPEG bytes of a page-sized colour image."""
        pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csRGB, alpha=False)
        sheet = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 3)
        h, w = sheet.shape[:2]
        rng = np.random.default_rng(seed)
        desk = np.empty((h, w, 3), np.float32)
        desk[:] = self.desk
        desk += cv2.GaussianBlur(rng.normal(0, 14, (h, w)).astype(np.float32), (0, 0), 3)[..., None]
        homography = self._homography(w, h)
        warped = cv2.warpPerspective(sheet, homography, (w, h), flags=cv2.INTER_LINEAR).astype(np.float32)
        mask = cv2.warpPerspective(np.ones((h, w), np.float32), homography, (w, h), flags=cv2.INTER_LINEAR)
        img = warped * mask[..., None] + desk * (1 - mask[..., None])
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        sx, sy, sr = self.shadow
        dist = np.sqrt((xx / w - sx) ** 2 + (yy / h - sy) ** 2 * (h / w) ** 2) / sr
        shade = 1 - 0.38 * np.clip(1.2 - dist, 0, 1)
        vignette = 1 - 0.18 * ((xx / w - 0.5) ** 2 + (yy / h - 0.5) ** 2) * 2
        img *= (shade * vignette)[..., None] * np.float32([1.0, 0.97, 0.9])
        img += rng.normal(0, 4, img.shape).astype(np.float32)
        img = cv2.GaussianBlur(img, (0, 0), 0.7)
        ok, jpeg = cv2.imencode(".jpg", cv2.cvtColor(np.clip(img, 0, 255).astype(np.uint8), cv2.COLOR_RGB2BGR),
                                [cv2.IMWRITE_JPEG_QUALITY, self.quality])
        if not ok:
            raise RuntimeError("JPEG encoding failed")
        return jpeg.tobytes()
