"""When a page's scan cannot be made out (pagescan._illegible), on band pieces as the scan
reads them: text, box in layout pixels, confidence."""

from __future__ import annotations

from dataclasses import replace

from pipeline.pagescan import _illegible, _Piece


def test_a_page_is_illegible_by_its_lines_of_text_not_by_a_photographs_specks():
    """Specks and edges of venue photographs read as lone characters at a low confidence;
    lines of text read as garbled text are what make a scan illegible."""
    photo = [_Piece(40, 100, 373, 126, "O", 0.35, "heading", False), _Piece(60, 200, 85, 211, "2", 0.6, "heading", False),
             _Piece(90, 230, 109, 237, "2", 0.1, "heading", False), _Piece(120, 260, 144, 266, "1", 0.66, "heading", False)]
    garbled = [_Piece(40, 100 + 30 * k, 300, 118 + 30 * k, "晶朗畅觅罚毋愧", 0.3, "heading", False) for k in range(4)]
    assert not _illegible(photo)
    assert _illegible(garbled)
    assert not _illegible([replace(p, confidence=0.9) for p in garbled])
