"""Which footer piece is the printed page number (pagescan._pick_number), on band pieces as
the scan reads them: text, box in layout pixels of a 827-px-wide page, confidence."""

from __future__ import annotations

from pipeline.pagescan import SCAN, _Piece, _pick_number

WIDTH = 827
SLACK = SCAN.grid(595 / 1654).mask_px(SCAN.outermost_pt)  # layout pixels of a 200-dpi A4 page


def piece(text, x0, x1, y0=1096):
    return _Piece(x0, y0, x1, y0 + 13, text, 0.99, "bottom", False)


def test_a_bare_number_at_the_margin_beside_a_running_footer_is_the_page_number():
    match, where = _pick_number([piece("2023年度申报材料", 365, 469), piece("4", 739, 745)], WIDTH, SLACK)

    assert match.number == 4 and where.text == "4"


def test_a_bare_number_with_more_footer_beyond_it_is_not():
    match, _ = _pick_number([piece("4", 700, 710), piece("内部资料", 740, 800)], WIDTH, SLACK)

    assert match is None


def test_the_last_cell_of_a_table_row_in_the_band_is_not():
    row = [piece("15", 60, 75), piece("张三", 150, 190), piece("钳工", 400, 440), piece("12", 740, 755)]

    match, _ = _pick_number(row, WIDTH, SLACK)

    assert match is None


def test_an_unsure_number_is_kept_for_the_neighbours_to_confirm():
    from pipeline.pagescan import _unsure_number

    dash_read_apart = [piece("27", 703, 715), piece("—", 730, 734)]
    assert _unsure_number(dash_read_apart, bottom=True) == 27
    assert _unsure_number([piece("-12", 83, 110)], bottom=True) == 12
    row = [piece("15", 60, 75), piece("张三", 150, 190), piece("12", 740, 755)]
    assert _unsure_number(row, bottom=True) is None  # a table row's numbers: none of them


def test_an_unsure_number_at_the_top_is_the_topmost_lines():
    """"·8·" printed at the top's outer corner and read ".8-": the number of the line nearest
    the top edge; the title under it holds none."""
    from pipeline.pagescan import _unsure_number

    top = [_Piece(48, 40, 60, 52, ".8-", 0.7, "top", False), _Piece(300, 90, 520, 108, "申报材料真实性声明", 0.99, "top", False)]
    assert _unsure_number(top, bottom=False) == 8
    assert _unsure_number(top[1:], bottom=False) is None
    ordinal_below_title = [_Piece(300, 40, 520, 58, "申报材料真实性声明", 0.99, "top", False),
                           _Piece(60, 90, 80, 102, "12.", 0.9, "top", False)]
    assert _unsure_number(ordinal_below_title, bottom=False) is None  # a list's ordinal under the title


def test_a_speck_read_at_low_confidence_above_the_number_is_no_outer_line():
    """Shading at a photographed page's top: two specks read "2" (0.2) and "" above
    "- 185" (the closing dash lost). The number is still the band's outermost line."""
    from pipeline.pagescan import _unsure_number

    top = [_Piece(54, 10, 58, 15, "2", 0.195, "top", False), _Piece(330, 10, 332, 15, "", 0.0, "top", False),
           _Piece(697, 57, 730, 66, "- 185", 0.90, "top", True)]

    match, where = _pick_number(top, WIDTH, SLACK)

    assert match.number == 185 and where.text == "- 185"
    assert _unsure_number(top, bottom=False) == 185
    # read confidently, the same "2" is a line of the band, and the number is not outermost
    confident = [_Piece(54, 10, 58, 15, "2", 0.95, "top", False), top[2]]
    assert _pick_number(confident, WIDTH, SLACK)[0] is None


def test_a_number_alone_at_the_top_outranks_a_table_cell_ending_the_page():
    """A table running to the page's foot (固定资产清单), its page numbered "- 13 -" at the top's
    outer corner and read "13" (the dashes lost): the last row's 数量 "37" sits centred on the
    bottom band's outermost line, but beside the row's other cells; the number alone on its
    line is the page number, whichever band it is in. (Pieces as the scan read a held-out
    wild-profile page.)"""
    top = [_Piece(721, 51, 731, 59, "13", 1.0, "top", True)]
    last_row = [_Piece(145, 1041, 153, 1051, "34", 1.0, "bottom", False),
                _Piece(226, 1041, 277, 1051, "PLC实训台", 0.9996, "bottom", False),
                _Piece(342, 1041, 369, 1051, "C6411", 0.9999, "bottom", False),
                _Piece(458, 1041, 466, 1051, "37", 1.0, "bottom", False),
                _Piece(551, 1041, 579, 1051, "26000", 0.9999, "bottom", False),
                _Piece(650, 1041, 688, 1051, "2016.11", 0.9999, "bottom", False)]

    match, where = _pick_number(top + last_row, WIDTH, SLACK)

    assert match.number == 13 and where.zone == "top"
