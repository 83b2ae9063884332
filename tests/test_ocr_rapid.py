"""RapidOCR behind the engine interface, on a real rendered and degraded page."""

import numpy as np
import pymupdf
import pytest

from pipeline.ocr import engine_name, make_engine
from pipeline.ocr.rapid import _hidden_steps
from pipeline.render import render_page
from kernel.settings import Settings
from pipeline.textblocks import text_blocks
from test_pagescan_real import degraded_page


@pytest.fixture(scope="module")
def engine():
    return make_engine(Settings(ocr_threads=1))


def test_name_is_known_without_loading_models(engine):
    assert engine.name == engine_name(Settings()) == "rapidocr-3.10-ppocrv6-small-det1280-rec160"


def test_recognise_region_returns_lines_in_page_pixels(engine):
    doc = pymupdf.open()
    degraded_page(doc, title="二、法定代表人身份证复印件", body=2, skew=0.7)
    image = render_page(doc, 1, 200, 60_000_000)
    top = engine.recognise(image, region=(0, 0, image.shape[1], 700))
    title = next(line for line in top if "身份证" in line.text)
    # drawn at x=170 pt, baseline y=110 pt: 472 px and 306 px at 200 dpi
    assert 400 < title.box[0] < 520 and 240 < title.box[1] < 310 and title.box[3] > 280
    assert title.confidence > 0.8


def test_recognise_crops_answers_every_crop_in_order(engine):
    doc = pymupdf.open()
    degraded_page(doc, footer="- 38 -", body=0)
    image = render_page(doc, 1, 200, 60_000_000)
    footer = image[2180:2260, 700:960]
    results = engine.recognise_crops([footer, np.zeros((0, 5), np.uint8), footer[:, ::-1].copy()])
    assert len(results) == 3
    assert "38" in results[0][0] and results[0][1] > 0.8
    assert results[1] == ("", 0.0)


def test_detector_input_size_reaches_rapidocr_and_keys_the_cache():
    small = make_engine(Settings(ocr_threads=1, det_max_side=320))
    assert small.name != engine_name(Settings()) and "-det320-" in small.name
    assert (small._ocr.cfg.Det.limit_type, small._ocr.cfg.Det.limit_side_len) == ("max", 320)
    doc = pymupdf.open()
    degraded_page(doc, title="二、法定代表人身份证复印件", body=6, skew=0.4)
    image = render_page(doc, 1, 200, 60_000_000)
    default = make_engine(Settings(ocr_threads=1)).recognise(image)
    coarse = small.recognise(image)
    # a 2339-px page seen at 320 px: the boxes found are much looser than at the default
    assert _mean_height(coarse) > 1.2 * _mean_height(default)


def _mean_height(lines):
    return sum(line.box[3] - line.box[1] for line in lines) / len(lines)


def test_blocks_read_as_the_whole_page_reads_them(engine):
    """Title, body and footer far apart: three blocks, read at the whole page's detector
    scale, give every line of the whole page's read in the same place (boxes in page
    pixels). (The footer's block may give a line more: alone, the small "- 7 -" stands out.)"""
    doc = pymupdf.open()
    degraded_page(doc, title="二、法定代表人身份证复印件", body=4, footer="- 7 -", skew=0.3)
    image = render_page(doc, 1, 200, 60_000_000)
    blocks = text_blocks(image, 595 / image.shape[1])
    assert blocks is not None and len(blocks) == 3
    whole = engine.recognise(image)
    parts = engine.recognise_blocks(image, blocks)
    assert len(parts) >= len(whole) == 5
    for line in whole:
        twin = min(parts, key=lambda p: abs(p.box[0] - line.box[0]) + abs(p.box[1] - line.box[1]))
        assert twin.text == line.text
        assert all(abs(a - b) < 12 for a, b in zip(twin.box, line.box))
    # the detector's input size is the whole page's again afterwards
    assert engine._ocr.text_det.limit_side_len == Settings().det_max_side


def test_short_cells_reach_the_recogniser_at_their_own_width_and_read_the_same(engine):
    """A short cell is handed to the recogniser 160 pixels wide, not at RapidOCR's 320-pixel
    default (the recogniser's time grows with that width), and still reads right."""
    doc = pymupdf.open()
    degraded_page(doc, footer="- 38 -", body=0)
    image = render_page(doc, 1, 200, 60_000_000)
    short = image[2180:2260, 700:960]  # "- 38 -": ratio ≈ 3
    recogniser = engine._ocr._load_rec_model()
    widths = []
    session = recogniser.session
    recogniser.session = lambda batch: (widths.append(batch.shape[3]), session(batch))[1]
    try:
        ((text, score),) = engine.recognise_crops([short])
    finally:
        recogniser.session = session
    assert widths == [160] and "38" in text and score > 0.8


def test_columns_hidden_under_print_map_onto_the_recognisers_steps():
    """A long crop fills the recogniser's line; a short one is padded on the right, where no
    step is hidden whatever the crop's last columns are."""
    covered = np.zeros(640, bool)
    covered[320:] = True
    steps = _hidden_steps(covered, 160, (48, 640), 640 / 48)
    assert not steps[:79].any() and steps[81:].all()
    short = np.zeros(160, bool)
    short[80:] = True
    steps = _hidden_steps(short, 80, (48, 160), 320 / 48)  # 160 of 320 columns: the first 40 steps
    assert not steps[:19].any() and steps[21:40].all() and not steps[40:].any()
