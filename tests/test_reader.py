"""`PageReader`: worker processes, text layers, upright whole-page reads, the cache."""

import pymupdf
import pytest

from pipeline.ocr import engine_name, make_engine
from pipeline.ocr.base import OcrEngine
from pipeline.ocr.recorded import RecordedEngine, RecordingEngine
from pipeline.reader import PageReader
from pipeline.settings import Settings
from test_pagescan_real import degraded_page


@pytest.fixture(scope="module")
def dossier(tmp_path_factory):
    """Three pages: a scan, an upside-down scan, a page with a real text layer."""
    doc = pymupdf.open()
    degraded_page(doc, title="一、营业执照复印件", footer="- 3 -", body=6, skew=0.9)
    degraded_page(doc, title="二、法定代表人身份证", footer="第 4 页", body=6, turn=180, seed=5)
    typed = doc.new_page(width=595, height=842)
    typed.insert_text((170, 110), "三、承诺书", fontname="china-s", fontsize=18)
    typed.insert_text((72, 160), "本单位承诺所提交的申报材料真实有效。", fontname="china-s", fontsize=11)
    typed.insert_text((290, 802), "- 5 -", fontname="china-s", fontsize=10.5)
    path = tmp_path_factory.mktemp("reader") / "dossier.pdf"
    doc.save(path)
    return path


class FakeEngineThatMustNotBeCalled(OcrEngine):
    """Carries the real engine's name, so only cached results can answer."""

    name = engine_name(Settings())

    def recognise(self, image, region=None):
        raise AssertionError("OCR ran although the cache holds the page")

    def recognise_crops(self, crops):
        raise AssertionError("OCR ran although the cache holds the page")


def test_pages_scanned_in_workers_read_upright_and_cached(dossier, tmp_path):
    settings = Settings(cache_dir=tmp_path, ocr_workers=2, ocr_threads=1)
    calls = []
    with PageReader(dossier, settings) as reader:
        scans = reader.scan_pages(progress=lambda done, total: calls.append((done, total)))
        texts = reader.read_pages([2, 3])
    assert [s.printed_number for s in scans] == [3, 4, 5]
    assert [s.rotation for s in scans] == [0, 180, 0]
    assert calls[-1] == (3, 3)

    upside_down = texts[2]
    assert upside_down.rotation == 180
    title = next(line for line in upside_down.lines if "身份证" in line.text)
    assert title.box[1] < 150  # at the top once turned upright, in points
    typed = texts[3]
    assert "承诺书" in typed.lines[0].text and all(line.confidence == 1.0 for line in typed.lines)

    with PageReader(dossier, settings, engine=FakeEngineThatMustNotBeCalled()) as warm:
        assert warm.scan_pages() == scans
        assert warm.read_page(2) == upside_down


def test_given_engine_runs_in_process_and_recordings_replay(dossier, tmp_path):
    recording = RecordingEngine(make_engine(Settings()))
    with PageReader(dossier, Settings(use_cache=False), engine=recording) as reader:
        live = reader.scan_pages()
    recording.save(tmp_path / "recorded.json")
    with PageReader(dossier, Settings(use_cache=False), engine=RecordedEngine(tmp_path / "recorded.json")) as replay:
        assert replay.scan_pages() == live
    assert live[0].printed_number == 3


def test_page_outside_the_document_is_a_clear_error(dossier, tmp_path):
    with PageReader(dossier, Settings(cache_dir=tmp_path), engine=FakeEngineThatMustNotBeCalled()) as reader:
        with pytest.raises(IndexError, match="页码超出范围"):
            reader.read_page(4)
