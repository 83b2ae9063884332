"""Scanned pages with seals and signatures, made with the factory's own drawing and scanner,
for the seal tests (tests/test_seals_*.py): what a desk scanner makes of a sheet with
print, a stamped seal over it and a signed field."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import cv2
import numpy as np
import pymupdf

from factory.scan import PageScan, Scanner, ScanSettings
from factory.seals import SealLook, box as seal_box
from factory.sheet import A4, Sheet, draw
from factory.signature import SignatureLook

APPLICANT = "深圳市鹏程电子科技有限公司"
PROSE = ("本单位自愿申报深圳市终身职业技能培训载体认定，所提交的申报材料及相关证明文件均真实、合法、有效，"
         "不存在弄虚作假、隐瞒事实等情况。认定后严格按照有关规定开展培训工作，自觉接受人力资源和社会保障部门的监督管理。")


@dataclass
class ScannedPage:
    image: np.ndarray  # BGR, as decoded from the scan's JPEG (grey scans have three equal channels)
    seals: list[tuple[float, float, float, float]] = field(default_factory=list)  # truth boxes, points
    label: tuple[str, tuple[float, float, float, float]] | None = None  # the 签字 label's text and box
    signature_box: tuple[float, float, float, float] | None = None

    @property
    def points_per_pixel(self) -> float:
        return A4[0] / self.image.shape[1]


def prose_sheet(lines: int = 14, top: float = 120.0) -> Sheet:
    sheet = Sheet(font="china-s", size=A4)
    text = PROSE * 3
    per_line = 38
    for k in range(lines):
        sheet.text(72, top + k * 22, text[k * per_line:(k + 1) * per_line], 11)
    return sheet


def stamp(sheet: Sheet, cx: float, cy: float, r: float, look: SealLook) -> None:
    sheet.ops.append(("seal", cx, cy, r, look.text, look))


def scan(sheet: Sheet, *, colour: bool = True, dpi: int = 150, seed: int = 7,
         seals: list[tuple[float, float, float, SealLook]] = (), skew: float = 0.4) -> ScannedPage:
    """Draw `sheet` with `seals` (cx, cy, r, look) on it and scan it."""
    for cx, cy, r, look in seals:
        stamp(sheet, cx, cy, r, look)
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    draw(sheet, page)
    settings = ScanSettings(dpi=dpi, color=colour, quality=78, noise_sigma=4.0, blur=True)
    scanned = PageScan(skew_deg=skew, shift=(2.0, -1.5), rotation=0, dark_border=False, shadow_edge=None)
    jpeg = Scanner(settings, random.Random(seed)).scan(page, scanned)
    image = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
    boxes = [scanned.map_box(seal_box(cx, cy, r, look), A4) for cx, cy, r, look in seals]
    return ScannedPage(image, boxes)


def signature_page(*, signed: bool, colour: bool, name_seal: bool = False, seed: int = 3,
                   seal_on_field: bool = False, name_seal_strength: float = 0.9, seal_strength: float = 0.85,
                   seal_shift: float = 0.0, name_seal_font: str = "uming", printed_name: bool = True) -> ScannedPage:
    """The end of a 承诺书: the unit's line, 法定代表人（签字）：name, the date, the unit's seal
    stamped over them (`seal_on_field`: centred on the signature field, so that a name seal
    lies inside its ring), and the signature (or not) after the printed name; a name seal is
    inked at `name_seal_strength`, the unit's seal at `seal_strength` and moved `seal_shift`
    points to the right; `name_seal_font`: the name seal's typeface (factory/seals.py);
    `printed_name`: the signer's name printed after the label, or the label alone."""
    sheet = prose_sheet(lines=8)
    y = 420.0
    sheet.text(300, y, "承诺单位（盖章）：", 12)
    label_text = "法定代表人（签字）：王建国" if printed_name else "法定代表人（签字）："
    label_box = sheet.text(300, y + 26, label_text, 12)
    sheet.text(360, y + 52, "2023年6月20日", 12)
    area = (label_box.x1 + 14, y + 26 - 22, label_box.x1 + 110, y + 26 + 10)
    rng = random.Random(seed)
    if signed:
        look = SignatureLook(kind="name_seal", seal=SealLook(text="王建国", shape="square", texture_seed=5,
                                                         strength=name_seal_strength, font=name_seal_font)) \
            if name_seal else SignatureLook.random(random.Random(seed * 7 + 1), "王建国", area)
        if look.kind == "name_seal" and not name_seal:
            look = SignatureLook.random(random.Random(seed * 7 + 2), "王建国", area)
        sheet.ops.append(("signature", *area, "王建国", look))
    seal = SealLook(text=APPLICANT, rotation=rng.uniform(-10, 10), strength=seal_strength, texture_seed=11)
    centre = ((area[0] + area[2]) / 2 + seal_shift, (area[1] + area[3]) / 2) if seal_on_field \
        else (label_box.x0 + 90 + seal_shift, y + 10)
    page = scan(sheet, colour=colour, seals=[(*centre, 52, seal)], seed=seed)
    page.label = (label_text, (label_box.x0, label_box.y0, label_box.x1, label_box.y1))
    page.signature_box = area
    return page
