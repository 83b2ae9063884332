"""The extractors on real OCR output: the factory's 申报表 page, scanned, read by RapidOCR
with its bundled models, gives back the unit name and credit code the factory drew."""

import numpy as np
import pytest

from checklists.loader import load_checklist
from extractors.fields import extract_fields
from extractors.carrier_type import detect_carrier_type
from kernel.models import OcrLine, PageText

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
    """What the review reads whole: the pages of each part with key fields, up to its bound."""
    from pipeline.reader import PageReader
    from kernel.settings import Settings

    wanted = {part["item"]: part["pages"][: item.pages_to_read]
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
    from kernel.textnorm import unit_name_key

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


def _scanned(pdf_page, index, rapidocr_engine, angle):
    """A vector page rendered at 150 dpi, turned a little and speckled like a scan, read by RapidOCR."""
    from PIL import Image, ImageFilter

    pixmap = pdf_page.get_pixmap(dpi=150)
    image = Image.frombytes("RGB", (pixmap.w, pixmap.h), pixmap.samples)
    image = image.rotate(angle, resample=Image.BICUBIC, fillcolor=(255, 255, 255)).filter(ImageFilter.GaussianBlur(0.6))
    pixels = np.asarray(image).astype(np.int16)
    noise = np.random.default_rng(index).integers(-18, 18, pixels.shape)
    pixels = np.clip(pixels + noise, 0, 255).astype(np.uint8)
    result = rapidocr_engine(pixels)
    scale = 72 / 150
    lines = [
        OcrLine(text=text, confidence=float(score),
                box=(float(box[:, 0].min() * scale), float(box[:, 1].min() * scale),
                     float(box[:, 0].max() * scale), float(box[:, 1].max() * scale)))
        for box, text, score in zip(result.boxes, result.txts, result.scores)
    ]
    return PageText(index=index, lines=lines)


@pytest.mark.slow
def test_later_pages_and_a_zero_count_read_by_real_ocr():
    """A 承诺书 signed and dated on its second page and a credit printout whose 严重失信 row is a
    count of 0 in its own cell, drawn in other words than the factory's, scanned and OCR'd: the
    date and signer come from page 2, and the zero count reads as not listed."""
    from datetime import date

    pymupdf = pytest.importorskip("pymupdf")
    rapidocr = pytest.importorskip("rapidocr")
    from extractors.validate import validate_fields

    doc = pymupdf.open()
    texts = [
        [(200, 90, "信用承诺书", 18), (60, 140, "我单位自愿参加本年度培训载体评定，并作出如下承诺：", 12),
         (60, 170, "一、所报送的全部材料真实、准确、完整。", 12), (60, 200, "二、严格遵守有关法律法规。", 12)],
        [(60, 90, "三、如有虚假，愿承担相应责任。", 12), (330, 300, "承诺人：王建国", 12), (330, 330, "2023年6月12日", 12)],
        [(180, 90, "信用信息查询结果", 18), (60, 140, "查询日期：2023年6月9日", 12),
         (60, 180, "严重失信主体名单", 12), (300, 180, "0条", 12), (60, 210, "失信被执行人", 12), (300, 210, "0条", 12)],
    ]
    for rows in texts:
        sheet = doc.new_page(width=595, height=842)
        for x, y, text, size in rows:
            sheet.insert_text((x, y), text, fontname="china-s", fontsize=size)
    engine = rapidocr.RapidOCR(params={"Global.use_cls": False})
    pages = [_scanned(doc[i], i + 7, engine, angle) for i, angle in enumerate((0.6, -0.8, 0.4))]
    checklist = load_checklist("training_base")
    fields = {f.id: f for f in extract_fields("training_base", {"commitment_letter": pages[:2], "credit_record": pages[2:]},
                                               checklist)}

    assert (fields["commitment_date"].value, fields["commitment_date"].page) == ("2023-06-12", 8)
    assert (fields["commitment_signer"].value, fields["commitment_signer"].page) == ("王建国", 8)
    assert fields["credit_result"].value.replace(" ", "") == "严重失信主体名单：0条"
    findings = validate_fields("training_base", list(fields.values()), checklist, date(2023, 6, 30))
    assert [f for f in findings if f.item in ("commitment_letter", "credit_record")] == []
    assert fields["credit_result"].valid is True
