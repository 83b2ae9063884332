"""What one page shows of seals and signatures, in the report's terms.

The page is looked at upright and in colour: the seals on it are found (pipeline/seals.py),
each whole round or oval one is read (pipeline/sealtext.py), and the signature fields its
text labels are judged (pipeline/signatures.py); boxes go from pixels to points of the
upright page, like every other box in a report.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from kernel.models import OcrLine, PageSeals, Seal
from pipeline.ocr.base import OcrEngine
from pipeline.sealtext import read_seal
from pipeline.seals import carries_colour, find_seals
from pipeline.signatures import signature_fields

SEALS_VERSION = "seals-21"  # part of the cache key of a page's seals: bump when results would change (4: faint grey rims; 5: grey by content; 6: name seals in grey and beyond the field; 7: rings read again, an empty printed box is no name seal; 8: outlines nudged onto rims, grey ovals from voted centres; 9: print painted out of a grey ring with a narrower margin; 10: red rings read once more with a wider red margin; 11: a page of a part not to be signed is not read whole for labels; 12: rings asked how well they support the applicant's name; 13: a photographed sheet searched without the table around it; 14: a scrawl read as words is no print in a signature field; 15: name seals found by their four sides; 16: ovals between two voted centres, ovals cut by the edge; 17: a name seal in the unit seal read as the printed name; 18: a grey seal on a page kept in colour; 19: a name seal read as the legal representative's name, its rows across its columns; 20: the grey seal change of 18 taken back; 21: a grey ring read once more with print painted out wider, a faded red rim with one dry arc)


def page_seals(index: int, image: np.ndarray, points_per_pixel: float, lines: list[OcrLine],
               engine: OcrEngine, signed: bool = False, names: Sequence[str] = (),
               signers: Sequence[str] = ()) -> PageSeals:
    """Seals and signature fields of an upright page image (BGR, or grey for a grey page)
    whose text is `lines` (points); `signed`: the page's part must be signed; `names`: the
    applicant's, which a ring is asked to support where its readings do not name them;
    `signers`: its legal representative's, what a name seal in a signature field reads."""
    found = find_seals(image)
    seals = []
    for seal in found:
        reading = read_seal(image, seal, engine, names)
        seals.append(Seal(
            page=index, box=tuple(round(v * points_per_pixel, 1) for v in seal.box), shape=seal.shape,
            colour=seal.colour, confidence=seal.confidence, edge=seal.edge, text=reading.text,
            text_confidence=reading.confidence, centre_text=reading.centre, code=reading.code,
            text_again=list(reading.again), name_support=reading.support,
        ))
    return PageSeals(index=index, seals=seals, grey=not carries_colour(image),
                     signatures=signature_fields(index, image, points_per_pixel, lines, found, engine, signed,
                                                 signers))
