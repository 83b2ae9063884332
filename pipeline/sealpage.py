"""What one page shows of seals and signatures, in the report's terms.

The page is looked at upright and in colour: the seals on it are found (pipeline/seals.py),
each whole round or oval one is read (pipeline/sealtext.py), and the signature fields its
text labels are judged (pipeline/signatures.py); boxes go from pixels to points of the
upright page, like every other box in a report.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from kernel.geometry import boxes_overlap
from kernel.models import OcrLine, PageSeals, Seal
from pipeline.ocr.base import OcrEngine
from pipeline.sealtext import read_seal
from pipeline.pagescan import deskew, deskew_matrix, needs_deskew
from pipeline.seals import FoundSeal, carries_colour, find_seals, turned
from pipeline.signatures import signature_fields

SEALS_VERSION = "seals-35"  # part of the cache key of a page's seals: bump when results would change (4: faint grey rims; 5: grey by content; 6: name seals in grey and beyond the field; 7: rings read again, an empty printed box is no name seal; 8: outlines nudged onto rims, grey ovals from voted centres; 9: print painted out of a grey ring with a narrower margin; 10: red rings read once more with a wider red margin; 11: a page of a part not to be signed is not read whole for labels; 12: rings asked how well they support the applicant's name; 13: a photographed sheet searched without the table around it; 14: a scrawl read as words is no print in a signature field; 15: name seals found by their four sides; 16: ovals between two voted centres, ovals cut by the edge; 17: a name seal in the unit seal read as the printed name; 18: a grey seal on a page kept in colour; 19: a name seal read as the legal representative's name, its rows across its columns; 20: the grey seal change of 18 taken back; 21: a grey ring read once more with print painted out wider, a faded red rim with one dry arc; 22: seals found on the page before it is deskewed, a rim exactly as thick as allowed; 23: the print under each seal kept; 24: a rim's faded pink joined to its red; 25: a seal joined to red print beside it fitted by its arc; 26: a name seal its characters fill, told by the clear paper outside its frame; 27: a signature label whose 字 was misread in its brackets; 28: what print hides of a ring showing the 字号 is no evidence; 29: rings read on the page as scanned, not deskewed; 30: an oval read once more along its own rim; 31: what print hides is no evidence of another unit; 32: a ring named with its 字号 read otherwise asked its support; 33: an unsure ring print crosses asked its support beside the print; 34: a ring named with its 字号 read otherwise asked about its reading with the 字号 put back; 35: the rows around a seal read with two touching lines as two)


def page_seals(index: int, image: np.ndarray, points_per_pixel: float, lines: list[OcrLine],
               engine: OcrEngine, signed: bool = False, names: Sequence[str] = (),
               signers: Sequence[str] = (), skew_deg: float = 0.0) -> PageSeals:
    """Seals and signature fields of a page image turned upright by quarter turns (BGR, or
    grey for a grey page) but still `skew_deg` askew, whose text is `lines` (points, on the
    page deskewed); `signed`: the page's part must be signed; `names`: the applicant's, which
    a ring is asked to support where its readings do not name them; `signers`: its legal
    representative's, what a name seal in a signature field reads.

    Seals are found and read on the page as scanned, and turned with it to where the
    deskewed page shows them: deskewing moves the cut of a seal stamped across the page's edge
    (骑缝章) off the image's border, next to a corner filled in, where it looks like a break
    in the rim, and blurs a faint rim; a ring is unrolled from the pixels as scanned, which
    turning the page would resample once more. Measured 2026-12-03 on the rings of 14 report
    folders of both profiles: of 33 of the applicant's rings the deskewed page left unsure,
    8 read as the applicant's as scanned; of 34 rings of other units, none changed its
    judgement (their support for the applicant's name stayed at -49 and below)."""
    found = find_seals(image)
    deskewed, placed = deskewed_seals(image, found, skew_deg)
    seals = []
    for seal, there in zip(found, placed):
        reading = read_seal(image, seal, engine, names)
        seals.append(Seal(
            page=index, box=tuple(round(v * points_per_pixel, 1) for v in there.box), shape=there.shape,
            colour=there.colour, confidence=there.confidence, edge=there.edge, text=reading.text,
            text_confidence=reading.confidence, centre_text=reading.centre, code=reading.code,
            text_again=list(reading.again), name_support=reading.support,
            name_support_beside_print=reading.support_beside_print,
            print_under="".join(line.text for line in lines if _overlaps(line.box, there.box, points_per_pixel)),
        ))
    return PageSeals(index=index, seals=seals, grey=not carries_colour(deskewed),
                     signatures=signature_fields(index, deskewed, points_per_pixel, lines, placed, engine, signed,
                                                 signers))


def deskewed_seals(image: np.ndarray, found: list[FoundSeal], skew_deg: float
                   ) -> tuple[np.ndarray, list[FoundSeal]]:
    """The page image turned back by `skew_deg`, and the seals `found` on it before it was
    (`page_seals`), where they lie on the turned image."""
    if not needs_deskew(skew_deg):
        return image, found
    matrix = deskew_matrix(image.shape, skew_deg)
    return deskew(image, skew_deg), [turned(seal, matrix, skew_deg, image.shape) for seal in found]


def _overlaps(box: tuple[float, float, float, float], seal_box: tuple[int, int, int, int], points_per_pixel: float) -> bool:
    """Whether a text line's box (points) and a seal's box (pixels) overlap."""
    return boxes_overlap(box, tuple(v * points_per_pixel for v in seal_box))
