"""Page numbers and orientation on factory dossiers (noisy, skewed, an upside-down page).

The small CI version of bench/pagenumber_accuracy.py: three short dossiers, one per
numbering style the seed picks ("第 n 页 共 N 页", "Pn", "- n -"), with an upside-down
page, unnumbered pages and a blank page among them.
"""

import json

import pytest

from pipeline.reader import PageReader
from kernel.settings import Settings
from factory.corpus import generate_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    directory = tmp_path_factory.mktemp("corpus")
    truth = generate_corpus(directory, count=3, seed=5, pages=12,
                            defects=["pages.rotated", "pages.unnumbered", "pages.blank"])
    return directory, json.loads(truth.read_text(encoding="utf-8"))


def test_real_rapidocr_reads_every_printed_number_and_invents_none(corpus, tmp_path):
    directory, truth = corpus
    wrong, invented, turned, numbered, unnumbered = [], [], [], 0, 0
    for entry in truth["files"]:
        with PageReader(directory / entry["filename"], Settings(cache_dir=tmp_path)) as reader:
            scans = reader.scan_pages()
        for page, scan in zip(entry["pages"], scans, strict=True):
            where = (entry["filename"], page["index"])
            if page["printed_number"] is None:
                unnumbered += 1
                if scan.printed_number is not None:
                    invented.append((where, scan.number_text))
            else:
                numbered += 1
                if scan.printed_number != page["printed_number"]:
                    wrong.append((where, page["number_text"], scan.number_text))
            if scan.rotation != page["rotation"]:
                turned.append((where, page["rotation"], scan.rotation))
    assert numbered > 30 and unnumbered >= 6
    assert any(page["rotation"] == 180 for entry in truth["files"] for page in entry["pages"])
    assert wrong == [] and invented == [] and turned == []
