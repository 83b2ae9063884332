"""Hostile input: huge page counts, image bombs, active content, file names that try to escape."""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path

import pymupdf
import pytest
from rich.console import Console

from outputs.writer import write_report_folder
from pipeline.ingest import ingest
from pipeline.ocr.base import OcrEngine
from checklists.loader import load_all_checklists
from orchestrator.review import review_ingested
from kernel.settings import Settings

PAYLOAD = b"EMBEDDED-PAYLOAD-7f3a"


class FakeEngineThatMustNotBeCalled(OcrEngine):
    """The pages under test either carry text or must be refused before any OCR."""

    name = "fake-never-called"

    def recognise(self, image, region=None):
        raise AssertionError("OCR ran on a page that should not have been decoded")

    def recognise_crops(self, crops):
        raise AssertionError("OCR ran on a page that should not have been decoded")


def _typed_page(doc: pymupdf.Document, text: str = "营业执照复印件 本页为正文内容") -> None:
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 100), text, fontname="china-s", fontsize=12)


def _image_bomb_page(doc: pymupdf.Document, width: int, height: int) -> None:
    """A page drawing one grey image that declares `width`×`height` pixels from a stream
    a few KB long: MuPDF would allocate and decode the declared size."""
    page = doc.new_page(width=595, height=842)
    image = doc.get_new_xref()
    doc.update_object(
        image,
        f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} "
        "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode >>",
    )
    doc.update_stream(image, zlib.compress(b"\x80" * (width * 16), 9), compress=False)
    contents = doc.get_new_xref()
    doc.update_object(contents, "<< >>")
    doc.update_stream(contents, b"q 595 0 0 842 0 0 cm /Im1 Do Q")
    doc.xref_set_key(page.xref, "Resources", f"<< /XObject << /Im1 {image} 0 R >> >>")
    doc.xref_set_key(page.xref, "Contents", f"{contents} 0 R")


def _rendered_pages(monkeypatch) -> list[int]:
    """The pages (1-based) MuPDF is asked to render from now on, recorded as it renders them."""
    rendered: list[int] = []
    render = pymupdf.Page.get_pixmap

    def recording(page, *args, **kwargs):
        rendered.append(page.number + 1)
        return render(page, *args, **kwargs)

    monkeypatch.setattr(pymupdf.Page, "get_pixmap", recording)
    return rendered


def test_thousand_page_pdf_ingests_without_rendering_a_page(tmp_path, monkeypatch):
    """Ingest reads page trees only (0.09 s for 1000 pages when measured; a unit test times nothing)."""
    doc = pymupdf.open()
    for i in range(1000):
        doc.new_page(width=595, height=842).insert_text((72, 72), f"p{i}")
    path = tmp_path / "千页.pdf"
    doc.save(path, garbage=3, deflate=True)
    rendered = _rendered_pages(monkeypatch)

    result = ingest(path)

    assert result.error is None and result.source.pages == 1000 and len(result.pages) == 1000
    assert rendered == []


def test_image_bomb_page_is_reported_illegible_without_being_decoded(tmp_path, monkeypatch):
    doc = pymupdf.open()
    _typed_page(doc)
    _image_bomb_page(doc, 20000, 20000)  # 400 M pixels: 4 s and 930 MB to render if decoded
    pdf = tmp_path / "炸弹.pdf"
    doc.save(pdf)
    assert pdf.stat().st_size < 100_000

    rendered = _rendered_pages(monkeypatch)
    report = review_ingested(ingest(pdf), Settings(cache_dir=tmp_path / "cache"), load_all_checklists(), engine=FakeEngineThatMustNotBeCalled())
    folder = write_report_folder(report, pdf, tmp_path / "out" / "炸弹")

    illegible = [f for f in report.findings if f.code == "pages.illegible"]
    assert [f.pages for f in illegible] == [[2]]
    assert illegible[0].severity == "warning" and "无法辨认" in illegible[0].message
    assert json.loads((folder / "report.json").read_text(encoding="utf-8"))["source"]["pages"] == 2
    assert rendered and 2 not in rendered  # page 1 is rendered (its thumbnail); the bomb never is


def test_javascript_and_embedded_files_are_neither_run_nor_extracted(tmp_path, monkeypatch):
    doc = pymupdf.open()
    _typed_page(doc)
    _typed_page(doc, "法定代表人身份证 本页为正文内容")
    doc.embfile_add("payload.exe", PAYLOAD, filename="payload.exe")
    doc.embfile_add("readme.txt", PAYLOAD, filename="../../escape.txt")
    doc[0].add_file_annot((300, 300), PAYLOAD, "annot.bin")
    action = doc.get_new_xref()
    doc.update_object(
        action, "<< /Type /Action /S /JavaScript /JS (app.alert('x'); this.exportDataObject({cName:'payload.exe', nLaunch:2});) >>"
    )
    doc.xref_set_key(doc.pdf_catalog(), "OpenAction", f"{action} 0 R")
    pdf = tmp_path / "inbox" / "主动内容.pdf"
    pdf.parent.mkdir()
    doc.save(pdf)
    monkeypatch.chdir(tmp_path)  # anything written relative to the working directory lands here

    before = {p for p in tmp_path.rglob("*")}
    report = review_ingested(ingest(pdf), Settings(cache_dir=tmp_path / "cache"), load_all_checklists(), engine=FakeEngineThatMustNotBeCalled())
    write_report_folder(report, pdf, tmp_path / "out" / "主动内容")
    new_files = {p for p in tmp_path.rglob("*") if p.is_file()} - before

    assert report.source.pages == 2
    outside = [p for p in new_files if tmp_path / "out" not in p.parents and tmp_path / "cache" not in p.parents]
    assert outside == []
    assert all(PAYLOAD not in p.read_bytes() for p in new_files)
    assert {p.name for p in new_files if tmp_path / "out" in p.parents} <= {
        "report.json", "report.html", "notice.docx", "notice.html"
    }


TEXT_LAYER = "application form page"  # a text layer: no OCR, no worker processes
# Each name goes through one of the two commands (a flow run per file costs a second or two).
CHECKED_NAMES = [
    "深圳市（某某）科技有限公司.pdf",  # full-width brackets
    "😀申报材料🚀.pdf",  # emoji (4-byte UTF-8)
    "..\\..\\逃逸.pdf",  # a Windows path in a Linux file name
]
BATCHED_NAMES = [
    "深圳市 某某 科技.pdf",  # spaces
    "...pdf",  # nothing but dots once the suffix goes
    "深" * 80 + ".pdf",  # 244 bytes: legal, too long once suffixed
]


@pytest.mark.usefixtures("prefect_harness")
def test_hostile_file_names_get_report_folders_inside_out_only(tmp_path, make_pdf):
    from flows.commands import run_batch, run_check

    quiet = Console(file=open(os.devnull, "w"), width=120)
    checked = [make_pdf(tmp_path / "files" / name, pages=1, text=TEXT_LAYER) for name in CHECKED_NAMES]
    (tmp_path / "files" / "sub").mkdir()
    checked[1] = tmp_path / "files" / "sub" / ".." / checked[1].name  # `../` in the argument itself
    inbox = tmp_path / "inbox"
    for name in BATCHED_NAMES:
        make_pdf(inbox / name, pages=1, text=TEXT_LAYER)
    before = set(tmp_path.rglob("*"))

    assert run_check(checked, tmp_path / "check", quiet) == 0
    assert run_batch(inbox, tmp_path / "batch", quiet) == 0

    for out, names in ((tmp_path / "check", CHECKED_NAMES), (tmp_path / "batch", BATCHED_NAMES)):
        folders = [p for p in out.iterdir() if p.is_dir()]
        reported = sorted(json.loads((f / "report.json").read_text(encoding="utf-8"))["source"]["filename"] for f in folders)
        assert reported == sorted(names)  # one complete report folder per file, directly in `out`
        assert all(len(f.name.encode()) <= 200 and not f.name.startswith(".") for f in folders)
    created = set(tmp_path.rglob("*")) - before
    strays = [p for p in created if not {tmp_path / "check", tmp_path / "batch"} & (set(p.parents) | {p})]
    assert strays == []
    assert sorted(p.name for p in inbox.iterdir()) == sorted(BATCHED_NAMES)  # originals untouched
