"""A real OCR engine reads on the synthetic scans what the truth file says is printed
there: page numbers inside their boxes and the 目录's titles."""

from __future__ import annotations

import re

import cv2
import numpy as np
import pymupdf
import pytest

from factory import DossierSpec, generate_dossier
from kernel.textnorm import containment, nfkc, title_key

pytestmark = pytest.mark.slow  # a real OCR engine: model load and a full 目录 read


@pytest.fixture(scope="module")
def dossier(tmp_path_factory):
    [made] = generate_dossier(DossierSpec("training_base", seed=21, pages=12, dpi=200), tmp_path_factory.mktemp("ocr"))
    return made


@pytest.fixture(scope="module")
def ocr():
    from rapidocr import RapidOCR

    return RapidOCR()


def scan(path, index: int) -> np.ndarray:
    doc = pymupdf.open(path)
    xref = doc[index - 1].get_images()[0][0]
    return cv2.imdecode(np.frombuffer(doc.extract_image(xref)["image"], np.uint8), cv2.IMREAD_COLOR)


def read(ocr, img: np.ndarray, detect: bool = True) -> str:
    result = ocr(img, use_det=detect, use_cls=False)
    return " ".join(result.txts or ())


def test_printed_numbers_are_read_inside_their_boxes(dossier, ocr):
    """Recognition alone on the truth's number box (as the page scan will do it) reads
    the printed number on every numbered page: the box is where the number really is."""
    pages = [p for p in dossier.truth["pages"] if p["number_box"]]
    assert len(pages) >= 10
    for page in pages:
        img = scan(dossier.path, page["index"])
        if page["rotation"] == 180:
            img = cv2.rotate(img, cv2.ROTATE_180)
        s = img.shape[1] / 595
        x0, y0, x1, y1 = page["number_box"]
        crop = img[int((y0 - 6) * s):int((y1 + 6) * s), int((x0 - 6) * s):int((x1 + 6) * s)]
        text = nfkc(read(ocr, crop, detect=False))
        assert str(page["printed_number"]) in re.findall(r"\d+", text), (page["number_text"], text)


def test_toc_titles_are_read(dossier, ocr):
    truth = dossier.truth
    [toc_page] = truth["toc"]["pages"]
    img = scan(dossier.path, toc_page)
    text = nfkc(read(ocr, img[: img.shape[0] // 2]))
    assert "目" in text and "录" in text
    entries = truth["toc"]["entries"][:4]
    found = [e for e in entries if containment(title_key(e["title"]), text) >= 0.8]
    assert len(found) >= 3, (text, [e["title"] for e in entries])
