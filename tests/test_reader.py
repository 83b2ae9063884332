"""`PageReader`: worker processes, text layers, upright whole-page reads, the cache."""

import pymupdf
import pytest

from pipeline.ocr import engine_name, make_engine
from pipeline.ocr.base import OcrEngine
from pipeline.ocr.recorded import RecordedEngine, RecordingEngine
from pipeline.reader import PageReader
from kernel.settings import Settings
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


def test_the_reference_read_of_a_page_is_its_own_cache_entry_and_stands_for_the_page_after(dossier, tmp_path):
    """`read_pages_at_once`: the detector over the whole page in one pass (not only over its
    stretches of ink), in the workers, cached apart from the usual read; a born-digital page
    stays its text layer."""
    settings = Settings(cache_dir=tmp_path, ocr_workers=2, ocr_threads=1)
    with PageReader(dossier, settings) as reader:
        reader.scan_pages()
        usual = reader.read_pages([1])[1]
        again = reader.read_pages_at_once([1, 3])
        assert reader.read_page(1) == again[1]
    assert any("营业执照" in line.text for line in again[1].lines)
    assert again[3].lines and all(line.confidence == 1.0 for line in again[3].lines)
    with PageReader(dossier, settings, engine=FakeEngineThatMustNotBeCalled()) as warm:
        warm.scan_pages()
        assert warm.read_page(1) == usual
        assert warm.read_pages_at_once([1])[1] == again[1]


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


# --- the text layer: born-digital pages, numbers stamped on scans --------------------------


def born_digital_form(doc):
    """A 申报表 page printed from Word: vector text, no scanned image."""
    page = doc.new_page(width=595, height=842)
    page.insert_text((190, 90), "技能大师工作室申报表", fontname="china-s", fontsize=16)
    for i, (label, value) in enumerate([("申报单位", "深圳市某某精密制造有限公司"), ("联系人", "王某某"), ("联系电话", "0755-26661234")]):
        page.insert_text((72, 150 + 30 * i), label, fontname="china-s", fontsize=11)
        page.insert_text((250, 150 + 30 * i), value, fontname="china-s", fontsize=11)
    page.insert_text((290, 810), "- 6 -", fontname="china-s", fontsize=10.5)
    return page


class CountingFakeEngine(FakeEngineThatMustNotBeCalled):
    """Fails on any OCR call: a page it is asked about was OCRed."""

    name = "fake-counting"

    def line_directions(self, crops):
        raise AssertionError("OCR ran on a born-digital page")


def test_born_digital_pages_are_read_from_the_text_layer_without_ocr_fake_engine(tmp_path):
    doc = pymupdf.open()
    born_digital_form(doc)
    landscape = doc.new_page(width=595, height=842)  # a wide table stored sideways with /Rotate
    landscape.set_rotation(90)
    landscape.insert_text((300, 760), "主要设备设施清单（共12台套）", fontname="china-s", fontsize=14, rotate=90)
    path = tmp_path / "born_digital.pdf"
    doc.save(path)
    with PageReader(path, Settings(cache_dir=tmp_path / "cache"), engine=CountingFakeEngine()) as reader:
        scans = reader.scan_pages()
        form = reader.read_page(1)
        rows = reader.read_rows(2)
    assert (scans[0].printed_number, scans[0].number_source, scans[0].text_number) == (6, "text", 6)
    assert any("申报表" in line.text for line in scans[0].heading_lines)
    assert [line.text for line in form.lines[:3]] == ["技能大师工作室申报表", "申报单位", "深圳市某某精密制造有限公司"]
    unit = form.lines[2]
    assert unit.box[0] == pytest.approx(250, abs=0.5) and 139 < unit.box[1] < unit.box[3] < 153
    (title,) = rows.lines
    assert title.text == "主要设备设施清单（共12台套）"
    assert title.box[2] <= 842 and title.box[3] <= 595 and title.box[2] - title.box[0] > 5 * (title.box[3] - title.box[1])


def stamped(page, text, corner):
    """Stamp a page number on a scanned page as a PDF tool does: a text object over the image."""
    width = 6 * len(text)
    x = {"bottom": 297 - width / 2, "bottom right": 530 - width, "top right": 530 - width, "top left": 50}[corner]
    page.insert_text((x, 30 if corner.startswith("top") else 822), text, fontname="china-s", fontsize=10)


@pytest.fixture(scope="module")
def stamped_dossier(tmp_path_factory):
    """Scans numbered by a PDF tool afterwards (every form, every corner), one with a number
    printed on the paper that disagrees with the stamp, one turned upside down."""
    doc = pymupdf.open()
    stamped(degraded_page(doc, title="一、营业执照复印件", body=6), "- 5 -", "bottom")
    stamped(degraded_page(doc, title="二、场地租赁合同", body=6, seed=2), "第6页/共32页", "bottom right")
    stamped(degraded_page(doc, title="三、师资力量一览表", body=6, seed=3), "7/32", "top right")
    stamped(degraded_page(doc, title="四、培训管理制度", body=6, seed=4), "8", "top left")
    stamped(degraded_page(doc, title="五、设备清单", footer="- 3 -", body=6, seed=6), "- 9 -", "bottom right")
    stamped(degraded_page(doc, title="六、校企合作协议", body=6, turn=180, seed=7), "- 10 -", "bottom")
    mixed = degraded_page(doc, title="七、承诺书", body=6, seed=8)
    mixed.insert_text((72, 700), "填报日期：2024年3月18日", fontname="china-s", fontsize=12)  # typed over the scan
    stamped(mixed, "- 11 -", "bottom")
    path = tmp_path_factory.mktemp("stamped") / "stamped.pdf"
    doc.save(path)
    return path


@pytest.fixture(scope="module")
def stamped_read(stamped_dossier, tmp_path_factory):
    settings = Settings(cache_dir=tmp_path_factory.mktemp("cache"))
    with PageReader(stamped_dossier, settings, engine=make_engine(Settings())) as reader:
        scans = reader.scan_pages()
        texts = reader.read_pages([6, 7])
    return scans, texts, settings


def test_real_ocr_takes_page_numbers_stamped_by_a_pdf_tool_from_the_text_layer(stamped_read):
    scans, _, _ = stamped_read
    assert [s.printed_number for s in scans[:4]] == [5, 6, 7, 8]
    assert [s.number_source for s in scans[:4]] == ["text"] * 4
    assert not any(s.number_conflict for s in scans[:4])
    assert scans[1].number_box[0] > 450 and scans[1].number_box[1] > 800  # bottom right, in points
    assert scans[2].number_box[0] > 450 and scans[2].number_box[3] < 40  # top right
    assert any("营业执照" in line.text for line in scans[0].heading_lines)  # the image still read


def test_real_ocr_keeps_the_printed_number_when_the_stamp_disagrees(stamped_read):
    scans, _, _ = stamped_read
    disagreeing = scans[4]
    assert (disagreeing.printed_number, disagreeing.number_source, disagreeing.text_number) == (3, "image", 9)
    assert disagreeing.number_conflict


def test_real_ocr_reads_the_image_of_a_page_with_a_text_layer_and_adds_what_it_lacks(stamped_read, stamped_dossier):
    scans, texts, settings = stamped_read
    upside_down, mixed = texts[6], texts[7]
    assert scans[5].rotation == 180 and scans[5].printed_number == 10
    assert any("合作协议" in line.text for line in upside_down.lines)  # the scan itself, read upright
    assert any("承诺书" in line.text and line.confidence < 1.0 for line in mixed.lines)  # OCR of the image
    typed = [line for line in mixed.lines if line.confidence == 1.0]
    assert any("填报日期" in line.text and 690 < line.box[3] < 705 for line in typed)
    # the cache holds the image's reading only; a warm reader joins the text layer in again
    with PageReader(stamped_dossier, settings, engine=FakeEngineThatMustNotBeCalled()) as warm:
        assert warm.read_page(7) == mixed
        (stored,) = warm._cache.get_many([warm._key(7, "read")]).values()
    assert not any("填报日期" in line["text"] for line in stored["lines"])


def test_a_disagreeing_number_is_read_again_from_the_stamp_without_ocr_fake_engine(stamped_dossier, tmp_path):
    """The second reading structure asks for (pages.number_conflict) takes a PDF tool's
    stamp when the page has one: exact, and no OCR needed."""
    with PageReader(stamped_dossier, Settings(cache_dir=tmp_path), engine=FakeEngineThatMustNotBeCalled()) as reader:
        again = reader.reread_number(5)
    assert (again.printed_number, again.number_source) == (9, "text")


def test_a_disagreeing_number_without_a_stamp_is_scanned_again_in_a_worker(dossier, tmp_path):
    with PageReader(dossier, Settings(cache_dir=tmp_path, ocr_workers=1)) as reader:
        first = reader.scan_pages()[2]
        again = reader.reread_number(3)
    assert first.printed_number is not None and again is not None and again.printed_number == first.printed_number


def test_the_seal_check_reads_whole_only_the_pages_of_parts_that_must_be_signed(dossier):
    """A copy that must only be sealed (a licence) is not read whole for the seal check: its
    seals need no text. A page of a part that must be signed is: its text labels the 签字 field."""
    with PageReader(dossier, Settings(use_cache=False), engine=make_engine(Settings())) as reader:
        reader.scan_pages()
        seals = reader.read_seals([1, 2], signed={2})
        assert set(seals) == {1, 2} and not any(page.unread for page in seals.values())
        assert set(reader._texts) == {2}
