"""`reread_number`: a page scanned again at a higher resolution, for a conflicting number."""

import pymupdf

from pipeline.ocr import make_engine
from kernel.settings import Settings
from pipeline.workers import reread_number
from test_pagescan_real import degraded_page


def test_real_rapidocr_rereads_a_small_page_number_at_higher_resolution():
    doc = pymupdf.open()
    degraded_page(doc, title="培训场地情况说明", footer="- 10 -", seed=2)
    settings = Settings(use_cache=False)
    scan = reread_number(doc, 1, make_engine(settings), settings)
    assert scan is not None and scan.index == 1
    assert (scan.printed_number, scan.rotation) == (10, 0)
    assert 780 < scan.number_box[3] < 815  # in points of the page, whatever the resolution
