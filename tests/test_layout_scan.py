"""The page scan's layout heuristics (kernel/layout.py) at work, with real RapidOCR on
factory scans.

At the default 200 dpi the page scan must read exactly what it read before the heuristics
were gathered into one settings object: `tests/data/layout_scans_200dpi.json` holds the
printed numbers, heading lines and skews the code before that change read on a factory
dossier, and the scan today must give the same. At 150 and 300 dpi the same pages' printed
numbers must still be read: the heuristics are page-relative, not pixels at one dpi.

When a heuristic is changed on purpose, record the snapshot again with
`PYTHONPATH=. python tests/test_layout_scan.py` (and bump `Layout.version`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pymupdf
import pytest

from factory.corpus import generate_corpus
from kernel.settings import Settings
from pipeline.ocr import make_engine
from pipeline.pagescan import scan_image
from pipeline.render import render_page

SNAPSHOT = Path(__file__).parent / "data" / "layout_scans_200dpi.json"
SEED, PAGES = 11, 8


def factory_dossier(directory: Path) -> tuple[Path, list[dict]]:
    """One factory dossier (noisy, skewed scans, one page upside down) and its pages' truth."""
    truth = json.loads(generate_corpus(directory, count=1, seed=SEED, pages=PAGES,
                                       defects=["pages.rotated"]).read_text(encoding="utf-8"))
    [entry] = truth["files"]
    return directory / entry["filename"], entry["pages"]


def scans_at(path: Path, dpi: int, engine) -> list[dict]:
    """What the page scan reads on every page of `path` rendered at `dpi`."""
    found = []
    with pymupdf.open(path) as doc:
        for index in range(1, doc.page_count + 1):
            gray = render_page(doc, index, dpi, 60_000_000)
            scan = scan_image(index, gray, engine, doc[index - 1].rect.width)
            found.append({
                "index": index,
                "printed_number": scan.printed_number,
                "number_text": scan.number_text,
                "number_box": [round(v, 1) for v in scan.number_box] if scan.number_box else None,
                "rotation": scan.rotation,
                "skew_deg": scan.skew_deg,
                "blank": scan.blank,
                "headings": [[line.text, [round(v, 1) for v in line.box]] for line in scan.heading_lines],
            })
    return found


@pytest.fixture(scope="module")
def engine():
    return make_engine(Settings())


@pytest.fixture(scope="module")
def dossier(tmp_path_factory):
    return factory_dossier(tmp_path_factory.mktemp("layout"))


@pytest.mark.slow
def test_real_rapidocr_at_200_dpi_reads_what_the_scan_read_before_the_layout_settings(engine, dossier):
    path, _ = dossier
    before = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert scans_at(path, 200, engine) == before["scans"]


@pytest.mark.slow
@pytest.mark.parametrize("dpi", [150, 300])
def test_real_rapidocr_reads_the_printed_numbers_at_other_resolutions(engine, dossier, dpi):
    path, pages = dossier
    numbered = [(page["index"], page["printed_number"]) for page in pages if page["printed_number"] is not None]
    read = {scan["index"]: scan["printed_number"] for scan in scans_at(path, dpi, engine)}
    assert len(numbered) >= PAGES - 2
    assert [(index, read[index]) for index, _ in numbered] == numbered


if __name__ == "__main__":  # record the snapshot (see the module's docstring)
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        recorded_path, _ = factory_dossier(Path(folder))
        recorded = scans_at(recorded_path, 200, make_engine(Settings()))
    SNAPSHOT.write_text(json.dumps({"seed": SEED, "pages": PAGES, "dpi": 200, "scans": recorded},
                                   ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    sys.exit(0)
