"""ingest(): every kind of bad file becomes an error in Chinese, never an exception."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from pathlib import Path

import pymupdf
import pytest

from pipeline.ingest import ingest


def _raw_pdf(objects: list[bytes]) -> bytes:
    """A hand-built PDF (object 1 is the catalog) with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _unchanged(path: Path):
    """Snapshot of bytes and mtime, to prove ingest never touches the original."""
    stat = path.stat()
    return path.read_bytes(), stat.st_mtime_ns


def test_good_pdf_is_described(tmp_path, make_pdf):
    pdf = make_pdf(tmp_path / "深圳市某某科技有限公司.pdf", pages=3)
    doc = pymupdf.open()
    doc.new_page(width=842, height=595)  # a landscape page without text
    doc.save(tmp_path / "scan.pdf")
    before = _unchanged(pdf)

    result = ingest(pdf)

    assert result.error is None
    assert result.source.filename == "深圳市某某科技有限公司.pdf"
    assert result.source.sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert result.source.bytes == pdf.stat().st_size
    assert result.source.pages == 3
    assert [(p.index, p.width_pt, p.height_pt, p.has_text_layer) for p in result.pages] == [
        (1, 595, 842, True),
        (2, 595, 842, True),
        (3, 595, 842, True),
    ]
    assert _unchanged(pdf) == before

    scan = ingest(tmp_path / "scan.pdf")
    assert scan.error is None
    assert (scan.pages[0].width_pt, scan.pages[0].height_pt, scan.pages[0].has_text_layer) == (842, 595, False)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    result = ingest(path)
    assert result.error == "文件为空（0字节）"
    assert result.source.bytes == 0
    assert result.source.sha256 == hashlib.sha256(b"").hexdigest()


@pytest.mark.parametrize("keep", [0.5, 0.98])
def test_truncated_pdf(tmp_path, make_pdf, keep):
    data = make_pdf(tmp_path / "whole.pdf", pages=4).read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * keep)])
    before = _unchanged(path)
    assert ingest(path).error == "PDF文件已损坏或不完整"
    assert _unchanged(path) == before


def test_garbage_after_header_is_corrupt(tmp_path):
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.7\n" + os.urandom(4000) + b"\n%%EOF\n")
    assert ingest(path).error == "PDF文件已损坏或不完整"


def test_encrypted_with_user_password_is_refused(tmp_path):
    doc = pymupdf.open()
    doc.new_page()
    path = tmp_path / "locked.pdf"
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    before = _unchanged(path)
    assert ingest(path).error == "文件已加密，无法打开"
    assert _unchanged(path) == before


def test_encrypted_with_empty_user_password_is_read(tmp_path):
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "permissions only")
    path = tmp_path / "restricted.pdf"
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="", owner_pw="owner", permissions=0)
    result = ingest(path)
    assert result.error is None
    assert result.source.pages == 1
    assert result.pages[0].has_text_layer


def test_jpeg_named_pdf(tmp_path):
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 20, 20), False)
    path = tmp_path / "photo.pdf"
    path.write_bytes(pix.tobytes("jpeg"))
    assert ingest(path).error == "不是有效的PDF文件（实为JPEG图像）"


def test_word_document_named_pdf(tmp_path):
    path = tmp_path / "申请表.pdf"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as docx:
        docx.writestr("[Content_Types].xml", "<Types/>" * 200)
        docx.writestr("_rels/.rels", "<Relationships/>")
        docx.writestr("word/document.xml", "<w:document/>")
    assert ingest(path).error == "不是有效的PDF文件（实为Word文档）"


def test_text_file_named_pdf(tmp_path):
    path = tmp_path / "note.pdf"
    path.write_text("这不是PDF", encoding="utf-8")
    assert ingest(path).error == "不是有效的PDF文件（实为其他类型的文件）"


def test_pdf_without_pages(tmp_path):
    path = tmp_path / "nopages.pdf"
    path.write_bytes(_raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]))
    result = ingest(path)
    assert result.error == "PDF文件没有任何页面"
    assert result.source.pages == 0


@pytest.mark.parametrize("size", [(1, 1), (595, 20000)])
def test_absurd_page_size(tmp_path, make_pdf, size):
    path = make_pdf(tmp_path / "odd.pdf", pages=2, size=size)
    error = ingest(path).error
    assert error is not None and error.startswith("第1页尺寸异常")


def test_javascript_and_attachments_are_left_alone(tmp_path, make_pdf):
    doc = pymupdf.open(make_pdf(tmp_path / "plain.pdf", pages=1))
    doc.embfile_add("payload.exe", b"MZ" + b"\0" * 100, filename="payload.exe")
    js = doc.get_new_xref()
    doc.update_object(js, "<< /S /JavaScript /JS (app.alert('x');) >>")
    doc.xref_set_key(doc.pdf_catalog(), "OpenAction", f"{js} 0 R")
    path = tmp_path / "active.pdf"
    doc.save(path)
    before = _unchanged(path)
    listing = sorted(os.listdir(tmp_path))

    result = ingest(path)

    assert result.error is None and result.source.pages == 1
    assert sorted(os.listdir(tmp_path)) == listing  # nothing extracted
    assert _unchanged(path) == before


def test_missing_file_is_an_io_error_not_a_verdict(tmp_path):
    with pytest.raises(OSError):
        ingest(tmp_path / "gone.pdf")
