"""Every kind of issued document renders to PDF through LibreOffice (Debian's package), and the
PDF says what the document must: the applicant, the 文号, each item with its printed pages.

LibreOffice takes seconds to start, so all six documents are converted in one run
(module-scoped fixture) and marked slow: `make test-fast` neither installs LibreOffice
nor runs them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf
import pytest
from documents_samples import (
    ACCEPTANCE, CITY_REPORT, CORRECTION, DISTRICT, INELIGIBLE, NOT_ACCEPTED, PUBLICITY, STATION, STUDIO,
)

from documents.pdf import PdfConversionError, docx_to_pdf
from documents.writers import (
    write_acceptance_notice,
    write_city_report,
    write_correction_notice,
    write_publicity,
    write_refusal_notice,
)


def _flat(text: str) -> str:
    """Text without spaces, line breaks and quotation marks: LibreOffice spaces digits from CJK
    and wraps lines, and sets “ ” in a Western font whose glyphs the PDF's text lists out of
    reading order; none of that is what these tests read for."""
    return re.sub(r"[\s“”\"]+", "", text)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, tuple[int, str]]:
    """kind → (pages, flattened text) of each document's PDF."""
    out = tmp_path_factory.mktemp("issued")
    written = {
        "correction": write_correction_notice(STUDIO, DISTRICT, CORRECTION, out).docx,
        "acceptance": write_acceptance_notice(STUDIO, DISTRICT, ACCEPTANCE, out).docx,
        "not_accepted": write_refusal_notice(STATION, DISTRICT, NOT_ACCEPTED, out).docx,
        "ineligible": write_refusal_notice(STUDIO, DISTRICT, INELIGIBLE, out).docx,
        "publicity": write_publicity(DISTRICT, PUBLICITY, out).docx,
        "city_report": write_city_report(DISTRICT, CITY_REPORT, out).letter.docx,
    }
    pdfs = docx_to_pdf(list(written.values()), out / "pdf")
    result = {}
    for kind, pdf in zip(written, pdfs):
        with pymupdf.open(pdf) as document:
            result[kind] = (document.page_count, _flat("".join(page.get_text() for page in document)))
    return result


@pytest.mark.slow
@pytest.mark.ci
@pytest.mark.parametrize(("kind", "max_pages"), [
    ("correction", 3), ("acceptance", 2), ("not_accepted", 2), ("ineligible", 2), ("publicity", 2), ("city_report", 2),
])
def test_each_document_renders_on_a_few_pages_with_its_header(rendered, kind, max_pages):
    pages, text = rendered[kind]
    assert 1 <= pages <= max_pages, pages
    assert text.startswith(DISTRICT.bureau)  # the 红头
    assert f"{DISTRICT.bureau}（盖章）" in text
    for jargon in ("PDF第", "OCR", "识别", "置信"):
        assert jargon not in text


@pytest.mark.slow
@pytest.mark.ci
def test_correction_pdf_names_the_applicant_the_number_and_every_item_with_its_pages(rendered):
    _, text = rendered["correction"]
    assert f"{STUDIO.unit_name}：" in text and CORRECTION.doc_number in text
    for item in CORRECTION.items:
        pages = f"（见第{item.printed_pages[0]}页）" if item.printed_pages else ""
        assert _flat(f"{item.material}{pages}：{item.problem.split('，')[0]}") in text, item.material
        assert _flat(item.standard) in text
    assert "深人社函〔2023〕110号" in text and "参照《中华人民共和国行政许可法》第三十二条" in text
    assert "第23、24、25页" not in text and "PDF" not in text.replace("PDF格式", "")


@pytest.mark.slow
@pytest.mark.ci
def test_decision_pdfs_name_the_applicant_the_number_and_the_reasons(rendered):
    for kind, applicant, context in (
        ("acceptance", STUDIO, ACCEPTANCE), ("not_accepted", STATION, NOT_ACCEPTED), ("ineligible", STUDIO, INELIGIBLE),
    ):
        _, text = rendered[kind]
        assert f"{applicant.unit_name}：" in text and context.doc_number in text, kind
        for reason in getattr(context, "reasons", ()):
            assert _flat(reason) in text, reason
    assert "决定予以受理" in rendered["acceptance"][1]


@pytest.mark.slow
@pytest.mark.ci
def test_round_end_pdfs_list_every_candidate(rendered):
    _, publicity = rendered["publicity"]
    assert "公示期：2023年7月31日至2023年8月4日" in publicity
    _, letter = rendered["city_report"]
    assert CITY_REPORT.doc_number in letter and "深圳市人力资源和社会保障局：" in letter
    for candidate in PUBLICITY.candidates:
        assert candidate.unit_name in publicity
    assert "周海峰技能大师工作室" in publicity


def test_without_libreoffice_the_error_says_so_in_chinese(tmp_path, monkeypatch):
    (tmp_path / "a.docx").write_bytes(b"")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(PdfConversionError, match="未找到 LibreOffice.*libreoffice-writer-nogui"):
        docx_to_pdf([tmp_path / "a.docx"], tmp_path)


def test_a_missing_document_is_named(tmp_path):
    with pytest.raises(PdfConversionError, match="不存在.*gone.docx"):
        docx_to_pdf([tmp_path / "gone.docx"], tmp_path)
    assert docx_to_pdf([], tmp_path) == []


@pytest.mark.slow
@pytest.mark.ci
def test_a_file_libreoffice_cannot_convert_is_named(tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 this is not a Word file")
    with pytest.raises(PdfConversionError, match="broken.docx"):
        docx_to_pdf([broken], tmp_path / "pdf", timeout_s=120)
    assert not (tmp_path / "pdf" / "broken.pdf").exists()
