"""Stamping a dossier: how every seal and signature on its pages looks, which ones are
missing or another unit's on purpose (the seal defects), and the truth about them.

The pages are composed first, with their seals and signature fields where the paper has
them (factory/content.py, factory/wild/materials.py); stamping then decides, from the
dossier's own seal stream (`random.Random(f"{seed}-seals")`), what each looks like: a hand
stamp with uneven ink, turned and sometimes faded, an electronic seal on a born-digital
page, a riding seal (骑缝章) across the edge of a multi-page form, a signature in pen or a
name seal. Because no draw comes from the layout's stream, a seed keeps the layout it has
always drawn, whatever is decided here.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from factory.identity import BRANDS, INDUSTRIES
from factory.seals import PHOTOCOPY_INK, SealLook, box as seal_box
from factory.sheet import Sheet
from factory.signature import SignatureLook

# The parts the applicant seals and signs itself (the notice: 申报表 and 承诺书).
SEALED_PARTS = ("application_form", "commitment_letter")
RIDING_SHARE = 0.25  # multi-page forms sealed across their edge as well (骑缝章)
PHOTOCOPIED_SHARE = 0.25  # an issuer's seal on a copy made on a black-and-white copier
OTHER_UNIT_KINDS = ["企业管理咨询有限公司", "人力资源服务有限公司", "教育科技有限公司", "职业培训学校", "商务服务有限公司"]


@dataclass
class Medium:
    """How a page reached the file: scanned in colour or grey, photographed, or born digital."""

    kind: str  # "scan", "photo" or "digital"
    colour: bool = True

    @property
    def ink_colour(self) -> str:
        return "red" if self.colour or self.kind != "scan" else "grey"


@dataclass
class StampPage:
    sheet: Sheet
    item: str | None
    medium: Medium


@dataclass
class Stamped:
    """Per page (in the order given): the seals and signature fields as the truth states
    them, boxes in sheet points; and each seal defect's (code, page positions, item)."""

    seals: list[list[dict]] = field(default_factory=list)
    signatures: list[list[dict]] = field(default_factory=list)
    defects: list[tuple[str, list[int], str]] = field(default_factory=list)


def other_unit(rng: random.Random, unit: str, district: str = "") -> str:
    """A unit whose seal may wrongly end up in the dossier: an agency that prepared it, a
    branch, a sister company; never the applicant itself."""
    while True:
        roll = rng.random()
        if roll < 0.2 and unit.endswith("有限公司"):
            name = f"{unit}{district or '南山'}分公司"
        elif roll < 0.6:
            name = f"深圳市{rng.choice(BRANDS)}{rng.choice(OTHER_UNIT_KINDS)}"
        else:
            name = f"深圳市{rng.choice(BRANDS)}{rng.choice(INDUSTRIES)}有限公司"
        if name != unit and not any(brand in unit and brand in name for brand in BRANDS):
            return name


def stamp(pages: list[StampPage], unit: str, rng: random.Random, wanted: set[str], district: str = "") -> Stamped:
    """Dress every seal and signature field of `pages` (their sheets are changed in place)."""
    parts: dict[str, list[int]] = {}
    for k, page in enumerate(pages):
        if page.item:
            parts.setdefault(page.item, []).append(k)
    result = Stamped()
    for item in SEALED_PARTS:  # riding seals first: the defects below treat them like any other
        if len(parts.get(item, [])) >= 2 and rng.random() < RIDING_SHARE:
            r = rng.uniform(46, 56)
            for k in parts[item]:
                sheet = pages[k].sheet
                sheet.seal(sheet.width + r * rng.uniform(-0.3, 0.1), sheet.height * rng.uniform(0.4, 0.6), r, unit)

    def applicant_seals(item: str) -> list[tuple[int, int]]:
        return [(k, i) for k in parts.get(item, []) for i, op in enumerate(pages[k].sheet.ops)
                if op[0] == "seal" and op[4] == unit]

    sealed = [item for item in SEALED_PARTS if applicant_seals(item)]
    signed = [item for item in SEALED_PARTS if any(op[0] == "signature" for k in parts.get(item, [])
                                                    for op in pages[k].sheet.ops)]
    renamed: dict[tuple[int, int], str] = {}
    unsigned: set[int] = set()
    if "seal.missing" in wanted and sealed:
        item = rng.choice(sealed)
        gone = applicant_seals(item)
        for k, i in sorted(gone, reverse=True):
            del pages[k].sheet.ops[i]
        result.defects.append(("seal.missing", sorted({k for k, _ in gone}), item))
    if "seal.name_mismatch" in wanted and sealed:
        item = rng.choice([i for i in sealed if applicant_seals(i)] or sealed)
        other = other_unit(rng, unit, district)
        for key in applicant_seals(item):
            renamed[key] = other
        result.defects.append(("seal.name_mismatch", sorted({k for k, _ in renamed}), item))
    if "signature.missing" in wanted and signed:
        item = rng.choice(signed)
        unsigned = set(parts[item])
        result.defects.append(("signature.missing", sorted(unsigned), item))

    for k, page in enumerate(pages):
        seals, signatures = [], []
        ops = page.sheet.ops
        for i, op in enumerate(ops):
            if op[0] == "signature":
                _, x0, y0, x1, y1, signer, _ = op
                present = k not in unsigned
                look = SignatureLook.random(rng, signer, (x0, y0, x1, y1)) if present else None
                ops[i] = op[:6] + (look,)
                signatures.append({"box": [round(v, 1) for v in (x0, y0, x1, y1)], "present": present,
                                   "kind": look.kind if look else None, "signer": signer})
            elif op[0] == "seal":
                _, cx, cy, r, name, _ = op
                name = renamed.get((k, i), name)
                look = SealLook.random(rng, name, electronic=page.medium.kind == "digital")
                colour = page.medium.ink_colour
                if name != unit and page.medium.kind == "scan" and rng.random() < PHOTOCOPIED_SHARE:
                    look.ink, colour = PHOTOCOPY_INK, "grey"
                ops[i] = ("seal", cx, cy, r, name, look)
                x0, y0, x1, y1 = seal_box(cx, cy, r, look)
                w, h = page.sheet.size
                clipped = [max(0.0, x0), max(0.0, y0), min(w, x1), min(h, y1)]
                seals.append({"box": clipped, "colour": colour, "is_applicant": name == unit,
                              "edge": clipped != [x0, y0, x1, y1], **look.truth()})
        result.seals.append(seals)
        result.signatures.append(signatures)
    return result
