"""Turning vector pages into what a scanner makes of paper: skewed, noisy JPEG images.

The pipeline must cope with scans, not with clean PDFs, so every synthetic page goes
through the defects a desk scanner adds (skew, noise, blur, uneven light, dark borders,
JPEG artefacts) and the output PDF has no text layer at all. Per-dossier constants (dpi,
colour, noise field) are set up once so a 40-page dossier stays within a few seconds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import cv2
import numpy as np
import pymupdf


@dataclass
class ScanSettings:
    """How one scanner was set up for one dossier."""

    dpi: int
    color: bool
    quality: int
    noise_sigma: float
    blur: bool

    @classmethod
    def random(cls, rng: random.Random) -> ScanSettings:
        return cls(dpi=rng.choice((150, 150, 200, 200, 175)), color=rng.random() < 0.45,
                   quality=rng.randrange(55, 86), noise_sigma=rng.uniform(3, 9), blur=rng.random() < 0.7)


@dataclass
class PageScan:
    """What happened to one page in the scanner (recorded in the truth file)."""

    skew_deg: float
    shift: tuple[float, float]  # points
    rotation: int  # 0 or 180: the sheet went in upside down
    dark_border: bool
    shadow_edge: str | None

    @classmethod
    def random(cls, rng: random.Random, rotation: int = 0) -> PageScan:
        border = rng.random() < 0.12
        return cls(skew_deg=round(rng.uniform(-1.5, 1.5), 2),
                   shift=(rng.uniform(-8, 8) * (2 if border else 1), rng.uniform(-6, 6) * (2 if border else 1)),
                   rotation=rotation, dark_border=border,
                   shadow_edge=rng.choice(["left", "right", "top", "bottom"]) if rng.random() < 0.15 else None)

    def matrix(self, width_px: int, height_px: int, dpi: int) -> np.ndarray:
        """The 2×3 affine (pixels) that skews about the centre and shifts the page."""
        m = cv2.getRotationMatrix2D((width_px / 2, height_px / 2), self.skew_deg, 1.0)
        m[:, 2] += np.array(self.shift) * dpi / 72
        return m

    def map_box(self, box: tuple[float, float, float, float], size: tuple[float, float]) -> tuple[float, ...]:
        """Where a box drawn on the upright sheet lies on the scanned (upright) page, in points."""
        m = self.matrix(round(size[0]), round(size[1]), 72)
        x0, y0, x1, y1 = box
        pts = np.array([[x0, y0, 1], [x1, y0, 1], [x0, y1, 1], [x1, y1, 1]]) @ m.T
        return tuple(round(float(v), 1) for v in (*pts.min(axis=0), *pts.max(axis=0)))


class Scanner:
    """Scans the pages of one dossier with one `ScanSettings`."""

    def __init__(self, settings: ScanSettings, rng: random.Random):
        self.settings = settings
        self.np_rng = np.random.default_rng(rng.randrange(2**32))
        self._noise: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}
        # yellowish paper, RGB multipliers
        self.tint = (1.0, rng.uniform(0.96, 1.0), rng.uniform(0.9, 0.97)) if settings.color else None

    def _noise_field(self, h: int, w: int) -> tuple[np.ndarray, np.ndarray]:
        """One oversize noise field per page size, cut at random offsets for every page."""
        if (h, w) not in self._noise:
            n = self.np_rng.normal(0, self.settings.noise_sigma, (h + 64, w + 64)).astype(np.float32)
            self._noise[(h, w)] = (np.clip(n, 0, 255).astype(np.uint8), np.clip(-n, 0, 255).astype(np.uint8))
        return self._noise[(h, w)]

    def _gain(self, h: int, w: int, page: PageScan) -> np.ndarray:
        """Uneven lighting: a smooth low-frequency field, darker towards a shadowed edge."""
        small = self.np_rng.uniform(0.93, 1.0, (4, 3)).astype(np.float32)
        gain = cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)
        if page.shadow_edge:
            band = max(8, (w if page.shadow_edge in ("left", "right") else h) // 14)
            ramp = np.linspace(0.5, 1.0, band, dtype=np.float32)
            if page.shadow_edge == "left":
                gain[:, :band] *= ramp
            elif page.shadow_edge == "right":
                gain[:, -band:] *= ramp[::-1]
            elif page.shadow_edge == "top":
                gain[:band, :] *= ramp[:, None]
            else:
                gain[-band:, :] *= ramp[::-1, None]
        return np.clip(gain * 255, 0, 255).astype(np.uint8)

    def scan(self, page: pymupdf.Page, scan: PageScan) -> bytes:
        """Render, distort and JPEG-encode one page; returns the JPEG bytes."""
        s = self.settings
        pix = page.get_pixmap(dpi=s.dpi, colorspace=pymupdf.csRGB if s.color else pymupdf.csGRAY, alpha=False)
        img = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)
        h, w = img.shape[:2]
        border = (55, 55, 55) if scan.dark_border else (250, 250, 250)
        img = cv2.warpAffine(img, scan.matrix(w, h, s.dpi), (w, h), flags=cv2.INTER_LINEAR,
                             borderMode=cv2.BORDER_CONSTANT, borderValue=border[: pix.n])
        if img.ndim == 2:
            img = img[..., None]
        gain = self._gain(h, w, scan)
        if self.tint is not None:
            img = cv2.multiply(cv2.multiply(img, cv2.merge([gain] * 3), scale=1 / 255), (*self.tint, 0))
        else:
            img = cv2.multiply(img[..., 0], gain, scale=1 / 255)
        if s.blur:
            img = cv2.GaussianBlur(img, (3, 3), 0.6)
        pos, neg = self._noise_field(h, w)
        dy, dx = self.np_rng.integers(0, 64, 2)
        npos, nneg = pos[dy:dy + h, dx:dx + w], neg[dy:dy + h, dx:dx + w]
        if img.ndim == 3:
            npos, nneg = cv2.merge([npos] * 3), cv2.merge([nneg] * 3)
        img = cv2.subtract(cv2.add(img, npos), nneg)
        if scan.rotation == 180:
            img = cv2.rotate(img, cv2.ROTATE_180)
        ok, jpeg = cv2.imencode(".jpg", img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_RGB2BGR),
                                [cv2.IMWRITE_JPEG_QUALITY, s.quality])
        if not ok:
            raise RuntimeError("JPEG encoding failed")
        return jpeg.tobytes()
