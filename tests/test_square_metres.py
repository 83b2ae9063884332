"""A lease's area whose ㎡ was read as a last digit: the line's image asked (real OCR on
scanned pages)."""

import pymupdf
import pytest

from kernel.models import FieldValue
from kernel.settings import Settings
from pipeline.ocr import make_engine
from pipeline.reader import PageReader
from pipeline.square_metres import area_as_printed
from test_pagescan_real import degraded_page


def _area_line(number: str, superscript: bool, stop: bool = True):
    """A lease clause ending in the area: `number`, a small raised 2 (the ² of an m² whose m
    is too faint to read) when `superscript`, and a full stop when `stop`."""
    def draw(page):
        text = f"第二条 租赁房屋建筑面积为{number}"
        page.insert_text((72, 120), text, fontname="china-s", fontsize=16)
        end = 72 + pymupdf.get_text_length(text, fontname="china-s", fontsize=16)
        if superscript:
            page.insert_text((end + 1, 112), "2", fontname="china-s", fontsize=8)
            end += 6
        if stop:
            page.insert_text((end + 1, 120), "。", fontname="china-s", fontsize=16)
    return draw


@pytest.fixture(scope="module")
def lease(tmp_path_factory):
    doc = pymupdf.open()
    degraded_page(doc, footer="- 1 -", body=3, draw=_area_line("2209", superscript=True))
    degraded_page(doc, footer="- 2 -", body=3, seed=5, draw=_area_line("2212", superscript=False))
    degraded_page(doc, footer="- 3 -", body=3, seed=7, draw=_area_line("1862", superscript=False, stop=False))
    path = tmp_path_factory.mktemp("lease") / "lease.pdf"
    doc.save(path)
    return path


def _as_extracted(reader: PageReader, page: int) -> FieldValue:
    """The area as the extractor takes it from the clause: the number the reading gives."""
    line = next(line for line in reader.read_page(page).lines if "面积" in line.text)
    digits = line.text.split("面积为")[1].rstrip("。.")
    return FieldValue(id="venue_area", value=float(digits), page=page, confidence=line.confidence,
                      evidence=list(line.box))


def test_real_ocr_a_raised_two_read_as_a_digit_is_the_square_metres_sign(lease, tmp_path):
    settings = Settings(cache_dir=tmp_path)
    with PageReader(lease, settings, engine=make_engine(settings)) as reader:
        reader.scan_pages()
        read = _as_extracted(reader, 1)
        assert read.value == 22092.0  # what the recogniser makes of it
        assert area_as_printed(reader, read).value == 2209.0
        printed = _as_extracted(reader, 2)  # an area that ends in a 2 of full height
        assert printed.value == 2212.0
        assert area_as_printed(reader, printed) == printed
        at_the_end = _as_extracted(reader, 3)  # the number ends its line: its last 2 is not asked
        assert at_the_end.value == 1862.0
        assert area_as_printed(reader, at_the_end) == at_the_end
