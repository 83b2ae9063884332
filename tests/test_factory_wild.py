"""The wild factory profile draws what real applicants hand in, and its truth says
exactly what the PDF holds: page count, parts and 目录, tool-stamped numbers that really
are text objects, a born-digital page with text and no image, pages stored sideways with
/Rotate, phone photos, and the ordinary defects with the contract's finding codes."""

from __future__ import annotations

import json
import re
from datetime import date

import numpy as np
import pymupdf
import pytest
from typer.testing import CliRunner

from factory import DossierSpec, ROUND_RECEIVED, generate_dossier, generate_wild_dossier, plan_corpus
from factory.wild import defects as wild_defects
from factory.wild.dossier import CATALOG, TYPES
from factory.wild.vocabulary import TITLES
from flows.cli import app

LOW_DPI = 50  # structure tests need no legible pixels


def make(tmp_path, carrier_type: str, seed: int, defects: list[str] | None = None, dpi: int = LOW_DPI):
    [made] = generate_wild_dossier(DossierSpec(carrier_type, seed, defects or [], dpi=dpi), tmp_path)
    return made, pymupdf.open(made.path)


@pytest.fixture(scope="module")
def showcase(tmp_path_factory):
    """Seed 14 draws tool-stamped numbers from the cover, separator sheets, a born-digital
    form and /Rotate pages at once (asserted where used)."""
    return make(tmp_path_factory.mktemp("wild"), "training_base", 14)


@pytest.fixture(scope="module")
def photographed(tmp_path_factory):
    """Seed 24 draws phone photos of pages and pages of site photographs (asserted)."""
    return make(tmp_path_factory.mktemp("wild-photo"), "training_base", 24)


def _words(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("carrier_type", TYPES)
def test_each_carrier_type_is_drawn_consistently(tmp_path, carrier_type):
    made, doc = make(tmp_path, carrier_type, 7)
    truth = made.truth
    assert truth["profile"] == "wild" and truth["expected_verdict"] == "accept" and truth["expected_findings"] == []
    assert len(doc) == truth["page_count"] == len(truth["pages"]) >= 18
    assert made.path.stem == truth["unit_name"]
    col = TYPES.index(carrier_type)
    present = {part["item"] for part in truth["parts"]}
    assert {item for item, marks in CATALOG.items() if marks[col] == "r"} <= present
    assert present <= {item for item, marks in CATALOG.items() if marks[col]}
    by_index = {p["index"]: p for p in truth["pages"]}
    for part in truth["parts"]:
        assert part["pages"] == list(range(part["pages"][0], part["pages"][-1] + 1))
        assert all(by_index[i]["item"] == part["item"] for i in part["pages"])
    for entry in truth["toc"]["entries"]:  # a correct 目录 points at the part's first page
        part = next(p for p in truth["parts"] if p["item"] == entry["item"])
        assert entry["actual_page"] == part["pages"][0]
        assert entry["printed_page"] == by_index[entry["actual_page"]]["printed_number"]
    numbers = [p["printed_number"] for p in truth["pages"] if p["printed_number"] is not None]
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))
    assert all(p["printed_number"] is not None for p in truth["pages"] if p["role"] not in ("cover", "toc"))


def test_truth_has_the_default_profiles_structure(tmp_path):
    """bench/accuracy.py scores both profiles with one code path."""
    [default] = generate_dossier(DossierSpec("master_studio", 3, [], pages=14, dpi=LOW_DPI), tmp_path / "d")
    wild, _ = make(tmp_path / "w", "master_studio", 3)
    assert set(wild.truth) == set(default.truth) | {"profile"}
    assert set(default.truth["pages"][0]) <= set(wild.truth["pages"][0])
    assert set(default.truth["style"]) <= set(wild.truth["style"])
    assert set(wild.truth["fields"]) == set(default.truth["fields"])
    assert set(default.truth["toc"]["entries"][0]) <= set(wild.truth["toc"]["entries"][0])
    assert set(wild.truth["parts"][0]) == set(default.truth["parts"][0])


def test_tool_stamped_numbers_are_text_objects_over_the_scan(showcase):
    made, doc = showcase
    truth = made.truth
    assert truth["style"]["number_source"] == "stamp" and truth["style"]["numbered_from_cover"]
    for page in truth["pages"]:
        pdf_page = doc[page["index"] - 1]
        assert page["number_source"] == "stamp"
        assert _words(page["number_text"]) in _words(pdf_page.get_text())
        x0, y0, x1, y1 = page["number_box"]
        assert pdf_page.rect.contains(pymupdf.Rect(x0, y0, x1, y1))
        # text positions are unrotated page space; the truth's box is the displayed page's
        hits = [h * pdf_page.rotation_matrix for h in pdf_page.search_for(page["number_text"])]
        assert any(h.intersects(pymupdf.Rect(x0 - 2, y0 - 2, x1 + 2, y1 + 2)) for h in hits), page["index"]
        if page["capture"] != "digital":  # the scanned image carries no other text
            assert _words(pdf_page.get_text()) == _words(page["number_text"])
            assert len(pdf_page.get_images()) == 1


def test_a_born_digital_form_page_has_text_and_no_image(showcase):
    made, doc = showcase
    digital = [p for p in made.truth["pages"] if p["capture"] == "digital"]
    assert digital and all(p["item"] == "application_form" for p in digital)
    for page in digital:
        pdf_page = doc[page["index"] - 1]
        assert pdf_page.get_images() == []
        text = pdf_page.get_text()
        if page["title"]:  # the heading the truth names is the one on the page
            assert _words(page["title"]) in _words(text)
        for field_id in page["fields"]:
            if field_id in ("unit_name", "credit_code", "phone"):
                assert made.truth["fields"][field_id] in text
    assert _words(made.truth["unit_name"]) in _words(doc[digital[0]["index"] - 1].get_text())


def test_sideways_pages_are_stored_with_rotate(showcase):
    made, doc = showcase
    sideways = [p for p in made.truth["pages"] if p["page_rotate"]]
    assert sideways
    for page in sideways:
        pdf_page = doc[page["index"] - 1]
        assert pdf_page.rotation == page["page_rotate"] == 90
        assert pdf_page.mediabox.width < pdf_page.mediabox.height  # stored portrait
        pix = pdf_page.get_pixmap(dpi=20)
        assert pix.width > pix.height  # shown landscape, as the truth's size says
        assert page["size"][0] > page["size"][1]


def test_phone_photos_show_a_sheet_on_a_darker_desk(photographed):
    made, doc = photographed
    photos = [p for p in made.truth["pages"] if p["capture"] == "photo"]
    assert photos
    for page in photos:
        pix = doc[page["index"] - 1].get_pixmap(dpi=30)
        img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n).astype(float)
        h, w = img.shape[:2]
        corners = np.mean([img[:4, :4].mean(), img[:4, -4:].mean(), img[-4:, :4].mean(), img[-4:, -4:].mean()])
        centre = img[h // 3: 2 * h // 3, w // 3: 2 * w // 3].mean()
        assert corners < centre - 60


def test_separator_sheets_and_photo_pages_belong_to_their_parts(showcase):
    made, _ = showcase
    truth = made.truth
    assert truth["style"]["separators"]
    separators = [p for p in truth["pages"] if p["role"] == "separator"]
    assert len(separators) == len(truth["parts"])
    for entry in truth["toc"]["entries"]:  # the 目录 points at the separator sheet
        assert next(p for p in truth["pages"] if p["index"] == entry["actual_page"])["role"] == "separator"


def test_photo_pages_hold_pictures_not_text(photographed):
    """A page of site photographs is mostly picture: its scan has large areas of mid-tone
    texture, where a text page is mostly white paper."""
    made, doc = photographed
    photo_pages = [p for p in made.truth["pages"] if p["photo"]]
    assert photo_pages and all(p["item"] in ("venue_proof", "training_records") for p in photo_pages)
    for page in photo_pages:
        pix = doc[page["index"] - 1].get_pixmap(dpi=30, colorspace=pymupdf.csGRAY)
        img = np.frombuffer(pix.samples, np.uint8)
        assert ((img > 40) & (img < 200)).mean() > 0.25
    text_page = next(p for p in made.truth["pages"] if p["item"] == "management_rules")
    pix = doc[text_page["index"] - 1].get_pixmap(dpi=30, colorspace=pymupdf.csGRAY)
    assert ((np.frombuffer(pix.samples, np.uint8) > 40) & (np.frombuffer(pix.samples, np.uint8) < 200)).mean() < 0.15


def test_generation_is_deterministic(tmp_path):
    first, doc1 = make(tmp_path / "a", "rural_station", 11)
    second, doc2 = make(tmp_path / "b", "rural_station", 11)
    assert json.dumps(first.truth) == json.dumps(second.truth)
    for k in range(4):
        assert doc1[k].get_pixmap(dpi=20).samples == doc2[k].get_pixmap(dpi=20).samples


@pytest.mark.parametrize("defect", list(wild_defects.DEFECTS))
def test_each_defect_draws_its_finding(tmp_path, defect):
    made, doc = make(tmp_path, "training_base", 30, [defect], dpi=40)
    truth = made.truth
    code, severity = wild_defects.DEFECTS[defect]
    [finding] = truth["expected_findings"]
    assert finding["code"] == code and finding["severity"] == severity
    assert truth["expected_verdict"] == {"eligibility.failed": "ineligible", "pages.rotated": "accept"}.get(
        code, "correction")
    by_index = {p["index"]: p for p in truth["pages"]}
    part_pages = {part["item"]: part["pages"] for part in truth["parts"]}
    if defect == "item.missing":
        assert finding["item"] not in part_pages
        assert finding["item"] not in {e["item"] for e in truth["toc"]["entries"]}
    elif defect == "toc.page_mismatch":
        entry = next(e for e in truth["toc"]["entries"] if e["item"] == finding["item"])
        assert finding["pages"] == [entry["actual_page"]]
        assert entry["printed_page"] != by_index[entry["actual_page"]]["printed_number"]
    elif defect == "pages.unnumbered":
        assert 2 <= len(finding["pages"]) <= 3
        assert all(by_index[i]["printed_number"] is None and by_index[i]["role"] != "toc" for i in finding["pages"])
        assert all(_words(doc[i - 1].get_text()) == "" for i in finding["pages"])
    elif defect == "file.name_mismatch":
        assert made.path.stem != truth["unit_name"]
    elif defect == "pages.rotated":
        [i] = finding["pages"]
        assert by_index[i]["rotation"] == 180 and not by_index[i]["photo"]
    elif defect == "licence.expired":
        end = re.findall(r"(\d{4})年(\d{2})月(\d{2})日", truth["fields"]["business_term"])[-1]
        assert date(*map(int, end)) < ROUND_RECEIVED
        assert finding["pages"] == part_pages["entity_certificate"][:1] and finding["field"] == "licence_valid_until"
    elif defect == "field.inconsistent":
        assert truth["fields"]["licence_name"] != truth["unit_name"]
        assert finding["pages"] == sorted([part_pages["application_form"][0], part_pages["entity_certificate"][0]])
    elif defect == "credit.serious":
        assert finding["item"] == "credit_record" and finding["pages"] == part_pages["credit_record"][:1]


def test_a_wild_corpus_is_mostly_correct():
    """"Accept everything" must score badly, and still most dossiers are correct."""
    plan = plan_corpus(count=60, seed=3, profile="wild")
    correct = sum(1 for spec in plan if not spec.defects)
    assert 30 <= correct <= 45
    assert {d for spec in plan for d in spec.defects} == set(wild_defects.DEFECTS)
    with pytest.raises(ValueError):
        plan_corpus(count=2, seed=1, profile="wild", defects=["pages.gap"])


def test_wild_titles_are_the_profiles_own():
    assert set(TITLES) == set(CATALOG)
    assert all(len(titles) >= 3 for titles in TITLES.values())


def test_synth_command_takes_the_profile(tmp_path):
    result = CliRunner().invoke(app, ["synth", "--out", str(tmp_path), "--count", "1", "--seed", "2",
                                      "--profile", "wild", "--pages", "12"])
    assert result.exit_code == 0, result.output
    truth = json.loads((tmp_path / "truth.json").read_text("utf-8"))
    assert truth["profile"] == "wild" and truth["files"][0]["profile"] == "wild"
    assert (tmp_path / truth["files"][0]["filename"]).exists()
    bad = CliRunner().invoke(app, ["synth", "--out", str(tmp_path / "x"), "--profile", "nope"])
    assert bad.exit_code != 0


@pytest.fixture(scope="module")
def readable(tmp_path_factory):
    """A full-resolution wild dossier whose numbers are printed in the scans, in mirrored
    corners, with a phone photo of its credit printout (asserted)."""
    made, doc = make(tmp_path_factory.mktemp("wild-ocr"), "rural_station", 44, dpi=200)
    assert made.truth["style"]["number_source"] == "image" and made.truth["style"]["page_number_position"] == "top_outer"
    assert any(p["capture"] == "photo" and p["item"] == "credit_record" for p in made.truth["pages"])
    return made, doc


@pytest.mark.slow
def test_real_ocr_reads_what_the_truth_says_is_printed(readable):
    """Recognition alone on each truth number box reads the printed number (the box is
    where the number really is, in mirrored corners and through a phone's perspective),
    and the photographed credit printout says "not listed" in one of the real wordings."""
    from rapidocr import RapidOCR

    from kernel.textnorm import nfkc

    ocr = RapidOCR()
    made, doc = readable
    numbered = [p for p in made.truth["pages"] if p["number_source"] == "image" and p["rotation"] == 0]
    photos = [p for p in numbered if p["capture"] == "photo"]
    pages = [p for p in numbered if p["capture"] == "scan"][:8] + photos
    assert len(pages) >= 9 and photos and {p["printed_number"] % 2 for p in pages} == {0, 1}
    for page in pages:
        x0, y0, x1, y1 = page["number_box"]
        clip = pymupdf.Rect(x0 - 6, y0 - 6, x1 + 6, y1 + 6)
        pix = doc[page["index"] - 1].get_pixmap(dpi=200, clip=clip)
        img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n).copy()
        text = nfkc(" ".join(ocr(img, use_det=False, use_cls=False).txts or ()))
        assert str(page["printed_number"]) in re.findall(r"\d+", text), (page["number_text"], text)
    credit = next(p for p in made.truth["pages"] if p["item"] == "credit_record")
    pix = doc[credit["index"] - 1].get_pixmap(dpi=200)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n)[: pix.height // 2].copy()
    text = nfkc(" ".join(ocr(img, use_det=True, use_cls=False).txts or ()))  # the flags persist per instance
    assert made.truth["credit_code"] in text.replace(" ", "")
    assert re.search(r"0条|无|未查询到相关记录|查询结果为空|暂无", text), text


def test_a_part_whose_toc_remark_asks_for_the_seal_carries_the_applicants_seal(tmp_path):
    """An applicant who writes 加盖公章 in the 目录's 备注 seals that part (its last page at
    least): the factory's 目录 does not promise a seal its pages lack."""
    remarked = 0
    for seed in range(40, 46):
        truth = make(tmp_path / str(seed), TYPES[seed % len(TYPES)], seed)[0].truth
        if "seal.missing" in truth["defects"]:
            continue
        by_index = {p["index"]: p for p in truth["pages"]}
        for entry in truth["toc"]["entries"]:
            if "盖" not in entry["remark"]:
                continue
            remarked += 1
            part = next(p for p in truth["parts"] if p["item"] == entry["item"])
            assert any(seal["is_applicant"] for i in part["pages"] for seal in by_index[i]["seals"]), entry
    assert remarked >= 2


def test_a_seal_over_a_photograph_is_stamped_on_top_of_it():
    """A unit seals the printed page, pictures and all: a seal drawn where a photograph lies
    shows its red over the picture, not hidden under it."""
    from factory.sheet import draw
    from factory.wild.pictures import PhotoSheet

    sheet = PhotoSheet(font="uming", size=(595.0, 842.0))
    sheet.picture(100, 100, 400, 400, seed=3)
    sheet.seal(250, 250, 60, "深圳市某某科技有限公司")
    page = pymupdf.open().new_page(width=595, height=842)
    draw(sheet, page)
    pix = page.get_pixmap(dpi=72)
    rgb = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, pix.n)[..., :3].astype(int)
    assert (rgb[110:160, 110:160] < 250).any(axis=2).mean() > 0.9  # the photograph is on the page
    ring = rgb[185:315, 185:315]
    assert ((ring[..., 0] - np.maximum(ring[..., 1], ring[..., 2])) > 60).mean() > 0.03  # the seal over it
