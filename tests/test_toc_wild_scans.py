"""The 目录 layouts real applicants use, read from scans by real OCR: a ruled table with a
remark column, a two-column list, a list headed 资料清单 with `P5` page numbers. Drawn by
the wild factory profile, whose wording is its own, not the checklists'."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factory.corpus import generate_corpus
from pipeline.reader import PageReader
from kernel.settings import Settings
from pipeline.toc import parse_toc_lines
from kernel.textnorm import similarity, title_key

# Seeds whose single wild dossier draws the layout named; the test says so if that changes.
LAYOUT_SEEDS = [("table", 13), ("two_column", 15), ("list", 11)]


@pytest.mark.parametrize("layout,seed", LAYOUT_SEEDS)
def test_wild_toc_layouts_are_read_entry_by_entry(tmp_path, layout, seed):
    truth = json.loads(generate_corpus(tmp_path, count=1, seed=seed, profile="wild").read_text(encoding="utf-8"))
    dossier = truth["files"][0]
    assert dossier["style"]["toc_layout"] == layout, f"seed {seed} no longer draws a {layout} 目录: pick another"
    toc_page = dossier["toc"]["pages"][0]
    with PageReader(tmp_path / dossier["filename"], Settings(cache_dir=tmp_path / "cache", ocr_workers=1)) as reader:
        rows = reader.read_rows(toc_page)
    entries = parse_toc_lines(rows.lines, toc_page)
    expected = [e for e in dossier["toc"]["entries"]]
    assert [e.printed_page for e in entries] == [e["printed_page"] for e in expected]
    for entry, want in zip(entries, expected):  # titles as OCR reads them: a "、" may be lost
        assert similarity(title_key(want["title"]), title_key(entry.title)) >= 0.8, (want["title"], entry.title)
