"""Two values one look-alike character apart: the lines' images asked whether they were
printed so (real OCR on scanned pages; a typed page's text is exact)."""

import pymupdf
import pytest

from kernel.models import FieldValue
from kernel.settings import Settings
from kernel.textnorm import unit_name_key
from pipeline.ocr import make_engine
from pipeline.printed_apart import compare_printed
from pipeline.reader import PageReader
from test_pagescan_real import degraded_page


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Scanned: the form's name (盛达), the licence's (盛通), the licence's printed 盛达; typed: 盛通."""
    doc = pymupdf.open()
    degraded_page(doc, title="单位名称：深圳市盛达智能制造有限公司", footer="- 1 -", body=4)
    degraded_page(doc, title="名称：深圳市盛通智能制造有限公司", footer="- 2 -", body=4, seed=3)
    degraded_page(doc, title="名称：深圳市盛达智能制造有限公司", footer="- 3 -", body=4, seed=4)
    typed = doc.new_page(width=595, height=842)
    typed.insert_text((120, 110), "名称：深圳市盛通智能制造有限公司", fontname="china-s", fontsize=14)
    path = tmp_path_factory.mktemp("apart") / "dossier.pdf"
    doc.save(path)
    return path


def _value(reader: PageReader, page: int, field_id: str, value: str) -> FieldValue:
    """The field as the extractor gives it: the value, its page and the box of its line."""
    line = next(line for line in reader.read_page(page).lines if "智能制造" in line.text)
    return FieldValue(id=field_id, value=value, page=page, confidence=line.confidence, evidence=list(line.box))


def test_real_ocr_a_name_printed_with_a_look_alike_character_is_told_from_a_misread(pages, tmp_path):
    settings = Settings(cache_dir=tmp_path)
    with PageReader(pages, settings, engine=make_engine(settings)) as reader:
        reader.scan_pages()
        form = _value(reader, 1, "unit_name", "深圳市盛达智能制造有限公司")
        licence = _value(reader, 2, "licence_name", "深圳市盛通智能制造有限公司")
        assert compare_printed(reader, form, licence, unit_name_key) == "apart"
        # the licence printed 盛达 but its value claimed 盛通 (a misread): its line does not hold 通
        same = _value(reader, 3, "licence_name", "深圳市盛通智能制造有限公司")
        assert compare_printed(reader, form, same, unit_name_key) != "apart"
        # a typed page's text is exact; the scanned form's line rejects 通 on its own
        typed = _value(reader, 4, "licence_name", "深圳市盛通智能制造有限公司")
        assert compare_printed(reader, form, typed, unit_name_key) == "apart"
