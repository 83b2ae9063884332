"""A 目录 row's number asked of its scanned image (real OCR): where the part's page and the
number read differ by a digit, a row that prints another number keeps the mismatch, one
that prints the part's page settles it, and a shorter number (whose lost digit the image
cannot rule out) is left for a person."""

from __future__ import annotations

import pymupdf
import pytest

from kernel.settings import Settings
from pipeline.ocr import make_engine
from pipeline.reader import PageReader
from pipeline.toc import find_toc
from pipeline.toc_number_image import toc_row_shows
from test_pagescan_real import degraded_page

ROWS = [("一、申报表", "1"), ("二、营业执照复印件", "3"), ("三、诚信承诺书", "5"), ("四、设备设施清单", "22"),
        ("五、场地租赁合同", "12"), ("六、培训管理制度", "24")]


def _toc_of(rows):
    """Draws a 目录 of `rows` (title, number as printed) on a page."""
    def draw(page):
        y = 160
        for title, number in rows:
            leader = "…" * (22 - len(title))
            page.insert_text((72, y), f"{title}{leader}", fontname="china-s", fontsize=13)
            page.insert_text((72 + 22 * 13 + 4, y), number, fontname="helv", fontsize=13)
            y += 34
    return draw


@pytest.fixture(scope="module")
def toc_pdf(tmp_path_factory):
    doc = pymupdf.open()
    degraded_page(doc, title="目    录", body=0, seed=3, skew=0.3, draw=_toc_of(ROWS))
    path = tmp_path_factory.mktemp("toc") / "toc.pdf"
    doc.save(path)
    return path


def test_real_ocr_a_toc_row_image_tells_its_number_from_a_digit_slip(toc_pdf, tmp_path):
    settings = Settings(cache_dir=tmp_path)
    with PageReader(toc_pdf, settings, engine=make_engine(settings)) as reader:
        toc = find_toc(reader.read_rows, reader.scan_pages())
        by_number = {entry.printed_page: entry for entry in toc.entries}
        assert set(by_number) == {int(number) for _, number in ROWS}
        assert toc_row_shows(reader, by_number[22], "21") is False  # a row printing 22 prints no 21
        assert toc_row_shows(reader, by_number[22], "23") is False
        assert toc_row_shows(reader, by_number[12], "112") is False  # nor a digit more
        assert toc_row_shows(reader, by_number[5], "55") is False  # a lone digit too
        assert toc_row_shows(reader, by_number[22], "22") is True
        assert toc_row_shows(reader, by_number[24], "2") is None  # a digit less: the image cannot tell


RANGE_ROWS = [("一、申报表", "1-3"), ("二、营业执照复印件", "4"), ("三、场地证明材料", "5-8"), ("四、设备设施清单", "9-14"),
              ("五、培训管理制度", "15")]


def test_real_ocr_a_toc_row_image_tells_a_range_from_its_last_page_alone(tmp_path):
    """An entry taken as its part's last page alone (the range's start lost to the reading):
    a row that prints the range 5-8 shows it, another start does not fit, and a row that
    prints one number shows no range."""
    doc = pymupdf.open()
    degraded_page(doc, title="目    录", body=0, seed=5, skew=-0.4, draw=_toc_of(RANGE_ROWS))
    path = tmp_path / "toc.pdf"
    doc.save(path)
    settings = Settings(cache_dir=tmp_path)
    with PageReader(path, settings, engine=make_engine(settings)) as reader:
        toc = find_toc(reader.read_rows, reader.scan_pages())
        by_start = {entry.printed_page: entry for entry in toc.entries}
        assert (by_start[5].printed_page_end, by_start[9].printed_page_end) == (8, 14)
        end_alone = by_start[5].model_copy(update={"printed_page": 8, "printed_page_end": None})
        assert toc_row_shows(reader, end_alone, "5-8") is True
        assert toc_row_shows(reader, end_alone, "6-8") is not True
        assert toc_row_shows(reader, by_start[4], "3-4") is not True  # the row prints 4 alone
