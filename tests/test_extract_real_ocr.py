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
    from factory.dossier import DossierSpec, generate_dossier

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


# The parts whose rules the catalog adds beyond the 申报表 and the licence checks.
NEW_RULE_ITEMS = {"commitment_letter", "credit_record", "master_certificate", "employment_proof",
                  "cooperation_agreement", "master_honors", "entity_certificate"}


def _read_key_pages(generated, checklist, tmp_path):
    """What the review reads whole: the first page of each part with key fields (two of the 申报表)."""
    from pipeline.reader import PageReader
    from pipeline.review import FIELD_PAGES
    from pipeline.settings import Settings

    wanted = {part["item"]: part["pages"][: FIELD_PAGES.get(part["item"], 1)]
              for part in generated.truth["parts"] if (item := checklist.item(part["item"])) and item.fields}
    with PageReader(generated.path, Settings(cache_dir=tmp_path / "c", ocr_workers=2, ocr_threads=1)) as reader:
        texts = reader.read_pages(sorted({i for pages in wanted.values() for i in pages}))
    return {item: [texts[i] for i in pages] for item, pages in wanted.items()}


@pytest.mark.slow
def test_catalog_rules_on_factory_dossiers_read_by_real_ocr(tmp_path):
    """A correct master studio and rural station, scanned and OCR'd: the commitment letter,
    credit query, certificate holder, employer and agreement term read back as drawn, and
    none of their rules fires."""
    from datetime import date, timedelta

    from extractors.validate import validate_fields
    from extractors.values import parse_term
    from factory import DossierSpec, generate_dossier
    from pipeline.textnorm import unit_name_key

    for carrier_type, seed in (("master_studio", 11), ("rural_station", 12)):
        [generated] = generate_dossier(DossierSpec(carrier_type, seed=seed, defects=[], pages=14, dpi=150), tmp_path)
        truth = generated.truth["fields"]
        checklist = load_checklist(carrier_type)
        fields = extract_fields(carrier_type, _read_key_pages(generated, checklist, tmp_path), checklist)
        got = {f.id: f.value for f in fields}
        applied = date.fromisoformat(truth["application_date"])

        assert got["commitment_date"] == truth["application_date"]  # the letter is dated the day of applying
        assert got["commitment_signer"] == truth["legal_representative"]
        queried = date.fromisoformat(got["credit_query_date"])
        assert applied - timedelta(days=9) <= queried < applied  # the factory queries 1–9 days before
        assert got["credit_result"] == "严重失信主体名单：未查询到相关记录"
        assert "深圳" in got["licence_address"]
        term = parse_term(truth["business_term"])
        assert got["licence_valid_until"] == ("长期" if term.open_ended else term.end.isoformat())
        if carrier_type == "master_studio":
            assert got["master_certificate_name"] == truth["master_name"]
            assert unit_name_key(got["employer_name"]) == unit_name_key(truth["unit_name"])
            established = date.fromisoformat(truth["established"])
            assert got["insured_months"] == (applied.year - established.year) * 12 + applied.month - established.month
        else:
            assert any(got["cooperation_counterpart"].endswith(body) for body in ("龙窝镇人民政府", "上护镇人民政府", "新田村村民委员会"))
            assert date(2024, 1, 1) <= date.fromisoformat(got["cooperation_end"]) <= date(2026, 3, 31)

        # judged as of the day the dossier was handed in, a correct dossier breaks none of these rules
        findings = validate_fields(carrier_type, fields, checklist, applied)
        assert [f for f in findings if f.item in NEW_RULE_ITEMS] == [], findings
        assert next(f for f in fields if f.id == "commitment_date").valid is True
