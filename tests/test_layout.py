"""The layout heuristics object (kernel/layout.py): immutable, fingerprinted, page-relative,
and part of the OCR cache key."""

from __future__ import annotations

import dataclasses

import pymupdf
import pytest
from test_pagescan_real import degraded_page
from test_reader import FakeEngineThatMustNotBeCalled

from kernel.layout import LAYOUT, Layout, PerColour, ScanLayout
from kernel.settings import Settings
from pipeline.ocr import make_engine
from pipeline.reader import PageReader

A4_WIDTH_PT = 595.28


def grid_at(dpi: int):
    """The grid of an A4 page rendered at `dpi`, as MuPDF sizes it (whole pixels)."""
    return LAYOUT.scan.grid(A4_WIDTH_PT / round(A4_WIDTH_PT * dpi / 72))


def test_the_layout_cannot_be_changed_in_place():
    with pytest.raises(dataclasses.FrozenInstanceError):
        LAYOUT.scan.band = 0.2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        LAYOUT.seals.rim_coverage.red = 0.1  # type: ignore[misc]


SECTIONS = ("scan", "rows", "seals", "signatures")


def test_the_fingerprint_is_stable_and_changes_with_any_heuristic_of_its_sections():
    assert Layout().fingerprint(*SECTIONS) == LAYOUT.fingerprint(*SECTIONS)
    assert LAYOUT.fingerprint("scan").startswith(LAYOUT.version + "-")
    changed = [
        dataclasses.replace(LAYOUT, scan=dataclasses.replace(LAYOUT.scan, band=0.12)),
        dataclasses.replace(LAYOUT, rows=dataclasses.replace(LAYOUT.rows, tall_share=0.5)),
        dataclasses.replace(LAYOUT, seals=dataclasses.replace(LAYOUT.seals, rim_coverage=PerColour(0.6, 0.8))),
        dataclasses.replace(LAYOUT, signatures=dataclasses.replace(LAYOUT.signatures, field_width_lines=8.0)),
        dataclasses.replace(LAYOUT, version="layout-0"),
    ]
    prints = {layout.fingerprint(*SECTIONS) for layout in changed}
    assert len(prints) == len(changed) and LAYOUT.fingerprint(*SECTIONS) not in prints


def test_a_section_the_fingerprint_does_not_name_does_not_change_it():
    rows_changed = dataclasses.replace(LAYOUT, rows=dataclasses.replace(LAYOUT.rows, tall_share=0.5))
    assert rows_changed.fingerprint("scan", "seals") == LAYOUT.fingerprint("scan", "seals")
    assert rows_changed.fingerprint("scan", "rows") != LAYOUT.fingerprint("scan", "rows")


def test_lengths_in_points_give_the_tuned_pixels_at_200_dpi_and_scale_with_the_resolution():
    scan = LAYOUT.scan
    at_200 = grid_at(200)
    assert at_200.scale == 2  # the ink mask at half the page's resolution, as tuned
    assert [at_200.mask_px(v) for v in (scan.rule_length_pt, scan.paper_window_pt, scan.speck_pt)] == [40, 31, 3]
    assert at_200.mask_area(scan.ink_min_area_pt2) == 3 and at_200.image_px(scan.sheet_step_pt) == 8
    at_300, at_150 = grid_at(300), grid_at(150)
    # the mask stays near 100 px per inch, so a rule is as long on it at 300 dpi ...
    assert at_300.scale == 3 and at_300.mask_px(scan.rule_length_pt) == 40
    # ... and three quarters as long at 150 dpi, where the mask has 75 px per inch
    assert at_150.scale == 2 and at_150.mask_px(scan.rule_length_pt) == 30
    assert at_300.image_px(scan.sheet_step_pt) == 12 and at_150.image_px(scan.sheet_step_pt) == 6
    # at the lowest resolution the settings accept nothing shrinks to nothing
    at_72 = grid_at(72)
    assert at_72.scale == 1 and min(at_72.mask_px(scan.speck_pt), at_72.mask_area(scan.ink_min_area_pt2)) >= 1


def test_the_mask_resolution_is_a_setting_not_a_fixed_factor():
    finer = ScanLayout(mask_dpi=200.0)
    assert finer.grid(A4_WIDTH_PT / 1654).scale == 1 and finer.grid(A4_WIDTH_PT / 4961).scale == 3


@pytest.fixture(scope="module")
def one_page(tmp_path_factory):
    doc = pymupdf.open()
    degraded_page(doc, title="一、营业执照复印件", footer="- 3 -", body=4)
    path = tmp_path_factory.mktemp("layout-cache") / "one.pdf"
    doc.save(path)
    return path


def test_real_ocr_scans_are_cached_under_the_layout_and_a_changed_heuristic_reads_afresh(one_page, tmp_path, monkeypatch):
    settings = Settings(cache_dir=tmp_path)
    with PageReader(one_page, settings, engine=make_engine(settings)) as cold:
        [scan] = cold.scan_pages()
    assert scan.printed_number == 3
    with PageReader(one_page, settings, engine=FakeEngineThatMustNotBeCalled()) as warm:
        assert warm.scan_pages() == [scan]  # the same layout: the cache answers
    changed = dataclasses.replace(LAYOUT, scan=dataclasses.replace(LAYOUT.scan, heading_lines=5))
    monkeypatch.setattr("pipeline.reader.LAYOUT", changed)
    with (PageReader(one_page, settings, engine=FakeEngineThatMustNotBeCalled()) as after_change,
          pytest.raises(AssertionError, match="OCR ran")):
        after_change.scan_pages()


def test_real_ocr_whole_page_reads_stay_cached_when_only_the_row_reader_changes(one_page, tmp_path, monkeypatch):
    """A 目录 row rule reads 目录 pages again, not every page the review ever read whole."""
    settings = Settings(cache_dir=tmp_path)
    with PageReader(one_page, settings, engine=make_engine(settings)) as cold:
        text = cold.read_page(1)
        cold.read_rows(1)
    rows_changed = dataclasses.replace(LAYOUT, rows=dataclasses.replace(LAYOUT.rows, min_gutter_lines=2.5))
    monkeypatch.setattr("pipeline.reader.LAYOUT", rows_changed)
    with PageReader(one_page, settings, engine=FakeEngineThatMustNotBeCalled()) as warm:
        assert warm.read_page(1) == text
        with pytest.raises(AssertionError, match="OCR ran"):
            warm.read_rows(1)
