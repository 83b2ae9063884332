"""RapidOCR behind the engine interface, on a real rendered and degraded page."""

import numpy as np
import pymupdf
import pytest

from pipeline.ocr import engine_name, make_engine
from pipeline.render import render_page
from kernel.settings import Settings
from test_pagescan_real import degraded_page


@pytest.fixture(scope="module")
def engine():
    return make_engine(Settings(ocr_threads=1))


def test_name_is_known_without_loading_models(engine):
    assert engine.name == engine_name(Settings()) == "rapidocr-3.10-ppocrv6-small-det1280"


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
    assert small.name != engine_name(Settings()) and small.name.endswith("-det320")
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
