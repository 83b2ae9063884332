"""A 目录 whose first title wraps onto a second line set tight under the first, read row by
row from a skewed, noisy JPEG scan by real OCR: the two lines are two rows, so the wrapped
line keeps its range (1-3) and the title its last character, instead of one crop reading
the two lines' characters interleaved ("1表1、终身…申请-3": the range's start lost)."""

from __future__ import annotations

import pymupdf
import pytest

from kernel.settings import Settings
from pipeline.ocr import make_engine
from pipeline.reader import PageReader
from pipeline.toc import find_toc
from test_pagescan_real import degraded_page

ENTRIES = [("2. 营业执照（复印件加盖公章）", "4"), ("3. 法人代表身份证", "5"), ("4. 守信承诺书", "6-7"),
           ("5. 信用中国查询截图", "8"), ("6. 房产证明及场地照片", "9-12")]


def _toc_with_a_wrapped_title(leading):
    def draw(page):
        size, number_x = 11, 60 + 21 * 11 + 4  # titles and leaders fill 21 characters' width
        page.insert_text((60, 150), "1. 终身职业技能培训载体认定申请", fontname="china-s", fontsize=size)
        page.insert_text((60, 150 + leading), "表" + "…" * 20, fontname="china-s", fontsize=size)
        page.insert_text((number_x, 150 + leading), "1-3", fontname="helv", fontsize=size)
        for k, (title, number) in enumerate(ENTRIES):
            y = 150 + leading + 26 * (k + 1)
            page.insert_text((60, y), title + "…" * (21 - len(title)), fontname="china-s", fontsize=size)
            page.insert_text((number_x, y), number, fontname="helv", fontsize=size)
    return draw


@pytest.mark.parametrize("leading", [10.5, 11, 12])
def test_real_ocr_a_wrapped_title_set_tight_keeps_its_range(tmp_path, leading):
    doc = pymupdf.open()
    degraded_page(doc, title="申报材料目录", body=0, seed=5, skew=0.7, draw=_toc_with_a_wrapped_title(leading))
    path = tmp_path / "toc.pdf"
    doc.save(path)
    settings = Settings(cache_dir=tmp_path / "cache")
    with PageReader(path, settings, engine=make_engine(settings)) as reader:
        toc = find_toc(reader.read_rows, reader.scan_pages())
    first = toc.entries[0]
    assert (first.printed_page, first.printed_page_end) == (1, 3), first
    assert first.title.endswith("申请表"), first.title
    assert [e.printed_page for e in toc.entries[1:]] == [4, 5, 6, 8, 9]
