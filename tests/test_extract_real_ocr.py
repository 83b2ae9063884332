"""The extractors on real OCR output: the factory's 申报表 page, scanned, read by RapidOCR
with its bundled models, gives back the unit name and credit code the factory drew."""

import numpy as np
import pytest

from checklists.loader import load_checklist
from extractors.fields import extract_fields
from pipeline.classify import detect_carrier_type
from pipeline.models import OcrLine, PageText

DPI = 200


@pytest.mark.slow
def test_application_form_read_by_rapidocr(tmp_path):
    pymupdf = pytest.importorskip("pymupdf")
    rapidocr = pytest.importorskip("rapidocr")
    from pipeline.synth.dossier import DossierSpec, generate_dossier

    [generated] = generate_dossier(DossierSpec(carrier_type="master_studio", seed=7, pages=20), tmp_path)
    truth = generated.truth
    [form_part] = [part for part in truth["parts"] if part["item"] == "application_form"]
    index = form_part["pages"][0]
    with pymupdf.open(generated.path) as doc:
        pixmap = doc[index - 1].get_pixmap(dpi=DPI)
    image = np.frombuffer(pixmap.samples, dtype=np.uint8).reshape(pixmap.h, pixmap.w, pixmap.n)[:, :, :3].copy()
    result = rapidocr.RapidOCR(params={"Global.use_cls": False})(image)
    scale = 72 / DPI
    lines = [
        OcrLine(text=text, confidence=float(score),
                box=(float(box[:, 0].min() * scale), float(box[:, 1].min() * scale),
                     float(box[:, 0].max() * scale), float(box[:, 1].max() * scale)))
        for box, text, score in zip(result.boxes, result.txts, result.scores)
    ]
    page = PageText(index=index, lines=lines)

    fields = {f.id: f for f in extract_fields("master_studio", {"application_form": [page]}, load_checklist("master_studio"))}
    assert fields["unit_name"].value == truth["fields"]["unit_name"]
    assert fields["credit_code"].value == truth["fields"]["credit_code"]
    assert fields["credit_code"].page == index
    assert detect_carrier_type([page])[:2] == ("master_studio", index)
