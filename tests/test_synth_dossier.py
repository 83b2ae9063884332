"""The dossier factory draws what its truth file says: page roles, printed numbers, the
目录, identifiers and each injected defect, in image-only scanned PDFs."""

from __future__ import annotations

import json
import re

import cv2
import numpy as np
import pymupdf
import pytest

from extractors.identifiers import is_valid_credit_code, is_valid_id_number
from factory import DossierSpec, generate_corpus, generate_dossier, plan_corpus
from factory.content import CATALOG, TYPES
from factory.defects import DEFECTS, SEVERITY

TYPE_OF_DEFECT = {d: TYPES[i % 3] for i, d in enumerate(DEFECTS)}


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    """One realistic dossier at the scanner's own resolution, with two defects that
    touch the page images (hidden numbers, an upside-down sheet)."""
    spec = DossierSpec("master_studio", seed=11, defects=["pages.unnumbered", "pages.rotated"], pages=16)
    [made] = generate_dossier(spec, tmp_path_factory.mktemp("full"))
    return made


@pytest.fixture(scope="module")
def by_defect(tmp_path_factory):
    """One small low-resolution dossier per defect kind, plus a correct one ("")."""
    out = tmp_path_factory.mktemp("defects")
    made = {}
    for k, defect in enumerate(["", *DEFECTS]):
        kind = TYPE_OF_DEFECT.get(defect, "training_base")
        made[defect] = generate_dossier(DossierSpec(kind, seed=100 + k, defects=[defect] if defect else [],
                                                    pages=13, dpi=40), out)
    return made


def page_image(doc: pymupdf.Document, index: int) -> np.ndarray:
    """The embedded scan of a 1-based page, grey, turned back upright if needed."""
    xref = doc[index - 1].get_images()[0][0]
    return cv2.imdecode(np.frombuffer(doc.extract_image(xref)["image"], np.uint8), cv2.IMREAD_GRAYSCALE)


def ink(img: np.ndarray, box, page_size, pad: float = 1.0) -> float:
    """Share of dark pixels inside a box given in points."""
    sx, sy = img.shape[1] / page_size[0], img.shape[0] / page_size[1]
    x0, y0, x1, y1 = box
    crop = img[int((y0 - pad) * sy):int((y1 + pad) * sy), int((x0 - pad) * sx):int((x1 + pad) * sx)]
    return float((crop < 110).mean())


def printed(truth: dict) -> list[int]:
    return [p["printed_number"] for p in truth["pages"] if p["printed_number"] is not None]


def finding_codes(truth: dict) -> set[str]:
    return {f["code"] for f in truth["expected_findings"]}


def test_pdf_is_image_only_with_truths_page_count(full):
    doc = pymupdf.open(full.path)
    assert doc.page_count == full.truth["page_count"] == len(full.truth["pages"])
    for page in doc:
        assert page.get_text().strip() == ""
        assert len(page.get_images()) == 1
        assert (round(page.rect.width), round(page.rect.height)) == (595, 842)


def test_number_box_has_ink_and_the_same_box_is_clean_on_unnumbered_pages(full):
    doc = pymupdf.open(full.path)
    pages = full.truth["pages"]
    numbered = [p for p in pages if p["number_box"]]
    hidden = [p for p in pages if p["role"] == "part" and p["printed_number"] is None]
    assert 2 <= len(hidden) <= 3
    box = numbered[0]["number_box"]
    for p in numbered:
        img = page_image(doc, p["index"])
        if p["rotation"] == 180:
            img = cv2.rotate(img, cv2.ROTATE_180)
        assert ink(img, p["number_box"], (595, 842)) > 0.01, p
    for p in hidden:
        assert ink(page_image(doc, p["index"]), box, (595, 842), pad=3) < 0.002, p


def test_rotated_page_is_upside_down_in_the_image(full):
    """The rotated page has its footer ink at the top of the stored image."""
    doc = pymupdf.open(full.path)
    [page] = [p for p in full.truth["pages"] if p["rotation"] == 180]
    img = page_image(doc, page["index"])
    x0, y0, x1, y1 = page["number_box"]
    flipped = (595 - x1, 842 - y1, 595 - x0, 842 - y0)
    assert ink(img, flipped, (595, 842)) > 0.01
    assert ink(img, page["number_box"], (595, 842)) < ink(img, flipped, (595, 842))


def test_correct_dossier_numbering_toc_and_parts_agree(by_defect):
    [made] = by_defect[""]
    truth = made.truth
    assert truth["expected_findings"] == [] and truth["expected_verdict"] == "accept"
    roles = [p["role"] for p in truth["pages"]]
    assert roles[0] == "cover" and "toc" in roles
    after_toc = [p for p in truth["pages"] if p["index"] > max(truth["toc"]["pages"])]
    assert [p["printed_number"] for p in after_toc] == list(range(1, len(after_toc) + 1))
    by_index = {p["index"]: p for p in truth["pages"]}
    for entry in truth["toc"]["entries"]:
        assert by_index[entry["actual_page"]]["printed_number"] == entry["printed_page"]
        assert by_index[entry["actual_page"]]["item"] == entry["item"]
    required = [i for i, marks in CATALOG.items() if marks[TYPES.index(truth["carrier_type"])] == "r"]
    assert set(required) <= {part["item"] for part in truth["parts"]}


def test_identifiers_are_valid_by_checksum(full, by_defect):
    for truth in (full.truth, by_defect[""][0].truth):
        fields = truth["fields"]
        assert is_valid_credit_code(fields["credit_code"]) and fields["credit_code"][:2] in ("91", "52", "51", "12")
        assert fields["credit_code"][2:8] == "440300"
        assert is_valid_id_number(fields["legal_rep_id"])
    assert is_valid_id_number(full.truth["fields"]["master_id"])
    assert full.truth["fields"]["skill_level"] in ("二级/技师", "一级/高级技师")


def test_every_defect_produces_its_finding_and_verdict(by_defect):
    for defect in DEFECTS:
        for made in by_defect[defect]:
            assert defect in finding_codes(made.truth), defect
            expected = "correction" if SEVERITY[defect] == "error" else "accept"
            assert made.truth["expected_verdict"] == expected, defect


def _one(by_defect, defect):
    [made] = by_defect[defect]
    return made.truth


def test_item_missing_drops_part_and_toc_entry(by_defect):
    truth = _one(by_defect, "item.missing")
    [f] = [f for f in truth["expected_findings"] if f["code"] == "item.missing"]
    assert f["item"] not in {p["item"] for p in truth["parts"]}
    assert f["item"] not in {e["item"] for e in truth["toc"]["entries"]}


def test_toc_defects(by_defect):
    truth = _one(by_defect, "toc.page_mismatch")
    by_index = {p["index"]: p for p in truth["pages"]}
    wrong = [e for e in truth["toc"]["entries"] if by_index[e["actual_page"]]["printed_number"] != e["printed_page"]]
    assert [e["item"] for e in wrong] == [f["item"] for f in truth["expected_findings"]]

    truth = _one(by_defect, "toc.entry_not_found")
    [ghost] = [e for e in truth["toc"]["entries"] if e["actual_page"] is None]
    assert ghost["item"] not in {p["item"] for p in truth["parts"]}

    truth = _one(by_defect, "toc.missing")
    assert "toc" not in {p["role"] for p in truth["pages"]} and truth["toc"]["entries"] == []
    assert truth["pages"][1]["printed_number"] == 1


def test_pagination_defects(by_defect):
    numbers = printed(_one(by_defect, "pages.gap"))
    assert any(b - a > 1 for a, b in zip(numbers, numbers[1:]))
    assert len(set(numbers)) == len(numbers)

    numbers = printed(_one(by_defect, "pages.duplicate"))
    assert len(set(numbers)) == len(numbers) - 1

    truth = _one(by_defect, "pages.blank")
    [blank] = [p for p in truth["pages"] if p["role"] == "blank"]
    assert blank["printed_number"] is None and printed(truth) == list(range(1, len(printed(truth)) + 1))
    doc = pymupdf.open(by_defect["pages.blank"][0].path)
    img = page_image(doc, blank["index"])
    margin = img[img.shape[0] // 8: -img.shape[0] // 8, img.shape[1] // 8: -img.shape[1] // 8]
    assert (margin < 110).mean() < 0.002

    truth = _one(by_defect, "pages.unnumbered")
    assert 2 <= sum(p["role"] == "part" and p["printed_number"] is None for p in truth["pages"]) <= 3


def test_order_defect_swaps_two_parts_against_the_toc(by_defect):
    truth = _one(by_defect, "pages.order")
    toc_order = [e["item"] for e in truth["toc"]["entries"]]
    file_order = [p["item"] for p in truth["parts"]]
    moved = [a for a, b in zip(toc_order, file_order) if a != b]
    assert len(moved) == 2
    mismatched = {f["item"] for f in truth["expected_findings"] if f["code"] == "toc.page_mismatch"}
    assert mismatched == set(moved)
    assert printed(truth) == list(range(1, len(printed(truth)) + 1))


def test_file_defects(by_defect):
    truth = _one(by_defect, "file.name_mismatch")
    assert not truth["filename"].startswith(truth["unit_name"])
    truth = _one(by_defect, "file.name_extra")
    assert truth["filename"].startswith(truth["unit_name"]) and truth["filename"] != truth["unit_name"] + ".pdf"
    halves = by_defect["file.split"]
    assert len(halves) == 2
    names = [h.path.name for h in halves]
    assert re.search(r"（上）\.pdf$|-1\.pdf$", names[0]) and re.search(r"（下）\.pdf$|-2\.pdf$", names[1])
    assert all(finding_codes(h.truth) == {"file.split"} for h in halves)
    assert sum(pymupdf.open(h.path).page_count for h in halves) == sum(h.truth["page_count"] for h in halves)
    assert halves[1].truth["pages"][0]["printed_number"] > 1
    doc = pymupdf.open(by_defect["file.not_a4"][0].path)
    assert (round(doc[0].rect.width), round(doc[0].rect.height)) == (612, 792)


def test_field_defects(by_defect):
    fields = _one(by_defect, "field.invalid")["fields"]
    assert not is_valid_credit_code(fields["credit_code"]) and fields["licence_credit_code"] == fields["credit_code"]
    fields = _one(by_defect, "field.inconsistent")["fields"]
    assert len(fields["licence_name"]) == len(fields["unit_name"])
    assert sum(a != b for a, b in zip(fields["licence_name"], fields["unit_name"])) == 1
    truth = _one(by_defect, "field.below_threshold")
    low = truth["fields"]["venue_area"] < 50 or min(t["trainees"] for t in truth["fields"]["training"]) < 3000
    assert low
    assert _one(by_defect, "")["fields"]["venue_area"] >= 50


def test_plan_corpus():
    plan = plan_corpus(count=3, seed=1, defects=["all"])
    assert sorted(d for spec in plan for d in spec.defects) == sorted(DEFECTS)
    assert sum(not spec.defects for spec in plan) >= 2
    plan = plan_corpus(count=9, seed=2)
    assert sum(not spec.defects for spec in plan) == 3
    assert all(1 <= len(spec.defects) <= 2 for spec in plan if spec.defects)
    assert [spec.carrier_type for spec in plan[:3]] == list(TYPES)
    rural = plan_corpus(count=4, seed=2, carrier_type="rural_station")
    assert {spec.carrier_type for spec in rural} == {"rural_station"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    return out, json.loads(generate_corpus(out, count=1, seed=4, pages=12, bad_files=True).read_text("utf-8"))


def test_corpus_truth_and_bad_files(corpus):
    out, truth = corpus
    assert truth["seed"] == 4
    files = {f["filename"]: f for f in truth["files"]}
    assert sorted(files) == sorted(p.name for p in out.glob("*.pdf"))
    bad = {f["bad_kind"]: out / f["filename"] for f in truth["files"] if f["kind"] == "bad_file"}
    assert all(files[p.name]["expected_verdict"] == "unreadable" for p in bad.values())
    with pytest.raises(Exception):
        pymupdf.open(bad["truncated"], filetype="pdf")
    assert pymupdf.open(bad["encrypted_user_password"]).needs_pass
    restricted = [f for f in truth["files"] if f.get("encryption") == "owner_only"]
    assert len(restricted) == 1 and restricted[0]["expected_verdict"] == "accept"
    doc = pymupdf.open(out / restricted[0]["filename"])
    assert doc.metadata["encryption"] and not doc.needs_pass and doc.page_count == len(restricted[0]["pages"])
    assert bad["jpeg_renamed"].read_bytes()[:3] == b"\xff\xd8\xff"
    assert bad["empty"].stat().st_size == 0


def test_same_seed_same_dossier(tmp_path, by_defect):
    spec = DossierSpec("training_base", seed=100, defects=[], pages=13, dpi=40)
    [again] = generate_dossier(spec, tmp_path)
    [first] = by_defect[""]
    assert again.truth == first.truth
    assert page_image(pymupdf.open(again.path), 3).tobytes() == page_image(pymupdf.open(first.path), 3).tobytes()
