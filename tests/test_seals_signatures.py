"""Signature presence in the 法定代表人（签字） field of scanned pages the factory draws: a pen
signature or a name seal is there, or the field is blank, with the unit's seal stamped over
the field either way; in colour and on black-and-white scans. The label lines come from the
page's own layout (what the OCR would return) in the fast tests, and from the real engine
in one."""

from __future__ import annotations

import pytest

from kernel.models import OcrLine
from kernel.settings import Settings
from pipeline.ocr import make_engine
from pipeline.pagescan import upright
from pipeline.seals import find_seals
from pipeline.signatures import signature_fields, signature_labels
from seal_pages import signature_page


@pytest.fixture(scope="module")
def engine():
    return make_engine(Settings())


def layout_lines(page) -> list[OcrLine]:
    text, box = page.label
    return [OcrLine(text=text, box=box, confidence=0.99)]


@pytest.mark.parametrize("colour", [True, False])
@pytest.mark.parametrize("signed", [True, False])
def test_signed_or_blank_under_the_units_seal_with_lines_from_the_layout(engine, colour, signed):
    page = signature_page(signed=signed, colour=colour)
    [field] = signature_fields(4, page.image, page.points_per_pixel, layout_lines(page), find_seals(page.image), engine)
    assert field.present is signed
    assert field.page == 4 and field.label == "法定代表人（签字）"
    # the field looked at lies after the printed name, where the signature was drawn
    assert field.box[0] >= page.label[1][2] - 2 and field.box[0] < page.signature_box[0] + 20


def test_a_name_seal_in_the_field_counts_as_signed_with_lines_from_the_layout(engine):
    page = signature_page(signed=True, colour=True, name_seal=True)
    [field] = signature_fields(4, page.image, page.points_per_pixel, layout_lines(page), find_seals(page.image), engine)
    assert field.present


@pytest.mark.parametrize("colour", [True, False])
@pytest.mark.parametrize("name_seal", [True, False])
def test_a_name_seal_inside_the_units_seal_counts_as_signed_with_lines_from_the_layout(engine, name_seal, colour):
    page = signature_page(signed=name_seal, colour=colour, name_seal=name_seal, seal_on_field=True)
    [field] = signature_fields(4, page.image, page.points_per_pixel, layout_lines(page), find_seals(page.image), engine)
    assert field.present is name_seal
    if not name_seal:
        assert field.confidence < 0.7  # a blank field under the unit's seal is only for review


@pytest.mark.parametrize("seed", [3, 5])
@pytest.mark.parametrize("name_seal", [True, False])
def test_a_name_seal_as_faint_as_the_units_seal_on_a_grey_scan_counts_as_signed_with_lines_from_the_layout(
        engine, seed, name_seal):
    """A black-and-white scan: the name seal's grey is the unit seal's (the same faded ink),
    so no pen's ink is there and only the name seal's square frame tells it apart; without
    one, the unit seal's own ring characters and star are no name seal."""
    page = signature_page(signed=name_seal, colour=False, name_seal=name_seal, seal_on_field=True,
                          name_seal_strength=0.6, seal_strength=0.6, seal_shift=-25, seed=seed)
    [field] = signature_fields(4, page.image, page.points_per_pixel, layout_lines(page), find_seals(page.image), engine)
    assert field.present is name_seal


def test_signature_presence_with_the_real_engines_reading(engine):
    for signed in (True, False):
        page = signature_page(signed=signed, colour=True, seed=8)
        image = upright(page.image, 0, 0.0)
        k = page.points_per_pixel
        lines = [line.model_copy(update={"box": tuple(v * k for v in line.box)}) for line in engine.recognise(image)]
        fields = signature_fields(4, image, k, lines, find_seals(image), engine)
        assert [f.present for f in fields] == [signed], [line.text for line in lines]


def test_labels_are_signature_fields_and_clauses_are_not():
    def line(text: str) -> OcrLine:
        return OcrLine(text=text, box=(100, 400, 100 + 12 * len(text), 414), confidence=0.98)

    found = [label for _, label, _, _ in signature_labels([
        line("法定代表人（签字）："), line("负责人签名：李明"), line("法定代表人签章："), line("承诺人(签字)"),
        line("本合同自双方签字盖章之日起生效。"), line("注：请用黑色签字笔填写，不得涂改。"), line("签发机关 深圳市公安局"),
        line("法定代表人 张三"), line("法定代表人（签亭）：秦芳"), line("法定代表人签："), line("负责人签发：张三"),
        line("合同（签订版）"),
    ])]
    assert found == ["法定代表人（签字）", "负责人签名", "法定代表人签章", "承诺人（签字）", "法定代表人（签字）",
                     "法定代表人（签字）"]


def test_the_field_starts_after_a_printed_name():
    text = "法定代表人（签字）：王建国"
    [(_, _, start, name)] = signature_labels([OcrLine(text=text, box=(300, 440, 300 + 12 * len(text), 454), confidence=0.99)])
    assert start == pytest.approx(300 + 12 * len(text))
    assert name == "王建国"


@pytest.mark.parametrize("colour", [True, False])
def test_a_signature_read_as_words_still_counts_as_signed_with_lines_from_the_layout(engine, colour):
    """The recogniser reads a scrawl as a word or two, confidently (a signature as "AA"):
    taller than the page's print, it is no printed line to leave out of the field."""
    page = signature_page(signed=True, colour=colour, seal_on_field=True)
    x0, y0, x1, y1 = page.signature_box
    label = layout_lines(page)[0]
    height = label.box[3] - label.box[1]
    scrawl = OcrLine(text="AA", box=(x0, min(y0, label.box[1] - 0.3 * height), x1, max(y1, label.box[3] + 0.3 * height)),
                     confidence=0.9)
    [field] = signature_fields(4, page.image, page.points_per_pixel, [label, scrawl], find_seals(page.image), engine)
    assert field.present


@pytest.mark.parametrize(("colour", "strength", "shift"), [(True, 0.9, 15), (False, 0.6, -45), (False, 0.6, 5),
                                                         (False, 0.6, 45)])
@pytest.mark.parametrize("name_seal", [True, False])
def test_a_name_seal_whose_frame_touches_the_units_ring_counts_as_signed_with_lines_from_the_layout(
        engine, colour, strength, shift, name_seal):
    """The unit's seal stamped where its ring or its characters run into the name seal's
    frame: the frame is one outline with theirs, and is found by its four straight sides."""
    page = signature_page(signed=name_seal, colour=colour, name_seal=name_seal, seal_on_field=True, seal_shift=shift,
                          name_seal_strength=strength, seal_strength=0.85 if strength > 0.8 else 0.6)
    [field] = signature_fields(4, page.image, page.points_per_pixel, layout_lines(page), find_seals(page.image), engine)
    assert field.present is name_seal


def test_a_bold_name_seal_whose_frame_is_lost_in_the_units_seal_is_read_as_the_printed_name_with_lines_from_the_layout(
        engine):
    """A bold name seal stamped where the unit's star and ring run into its frame on every
    side: no frame is told apart, but its characters read as the name printed after the
    label (王建国印, read as its rows)."""
    page = signature_page(signed=True, colour=True, name_seal=True, seal_on_field=True, seal_shift=8,
                          name_seal_strength=1.0, seal_strength=0.9, name_seal_font="wqy-zenhei")
    [field] = signature_fields(4, page.image, page.points_per_pixel, layout_lines(page), find_seals(page.image), engine)
    assert field.present


@pytest.mark.parametrize("colour", [True, False])
def test_the_printed_name_in_the_middle_of_the_units_seal_is_no_name_seal_with_lines_from_the_layout(engine, colour):
    """The unit's seal stamped over the printed name itself: the name reads there, but it is
    the page's own line of print, not a name seal."""
    page = signature_page(signed=False, colour=colour, seal_on_field=True, seal_shift=-48, seal_strength=0.9)
    [field] = signature_fields(4, page.image, page.points_per_pixel, layout_lines(page), find_seals(page.image), engine)
    assert not field.present


@pytest.mark.parametrize(("colour", "shift", "signed"), [(True, 4, True), (True, -4, True), (False, 4, True),
                                                         (True, 4, False), (True, -4, False)])
def test_a_name_seal_after_a_bare_label_is_read_as_the_legal_representatives_name_with_lines_from_the_layout(
        engine, colour, shift, signed):
    """No name printed after 法定代表人（签字）：, the name seal's frame lost in the unit's seal:
    its characters read as the legal representative's name the dossier gives elsewhere (its
    form, licence, ID card); a blank field under the seal reads no such name. (A blank field
    under a dark grey seal on a black-and-white scan counts the seal's own ink as a pen's:
    known, BENCHMARKS.md 2026-12-01.)"""
    page = signature_page(signed=signed, colour=colour, name_seal=signed, seal_on_field=True, seal_shift=shift,
                          name_seal_strength=1.0, seal_strength=0.9, name_seal_font="wqy-zenhei", printed_name=False)
    [field] = signature_fields(4, page.image, page.points_per_pixel, layout_lines(page), find_seals(page.image), engine,
                               signers=["王建国"])
    assert field.present is signed


@pytest.mark.parametrize("seed", [3, 8])
@pytest.mark.parametrize("name_seal", [True, False])
def test_a_name_seal_its_characters_fill_stamped_across_the_units_ring_counts_as_signed_with_lines_from_the_layout(
        engine, seed, name_seal):
    """The name seal stamped on the unit's ring, after a bare label: its characters fill it to
    its frame, so just inside its sides is as inked as the sides are, and only its outside
    shows them as lines (the unit seal's own ring characters and star are still no name seal)."""
    page = signature_page(signed=name_seal, colour=True, name_seal=name_seal, seal_on_field=True, seal_shift=-50,
                          seed=seed, printed_name=False)
    [field] = signature_fields(4, page.image, page.points_per_pixel, layout_lines(page), find_seals(page.image), engine)
    assert field.present is name_seal
