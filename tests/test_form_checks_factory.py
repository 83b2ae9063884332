"""Form checks end to end on factory dossiers: real scans, real OCR, compared with truth.json.

The factory injects one form defect per dossier and records the finding it must provoke
(code and physical pages); correct dossiers must come out without any form error. The
score per code is printed (`pytest -s`) so the benchmark numbers can be quoted.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

FORM_CODES = ["toc.page_mismatch", "toc.entry_not_found", "toc.missing", "pages.unnumbered", "pages.gap",
              "pages.duplicate", "pages.order", "pages.blank", "pages.rotated", "file.not_a4",
              "file.name_mismatch", "file.name_extra"]
TARGET = 0.95


def form_findings(pdf: Path, unit_name: str | None, settings):
    """What the form checks report for one file (the unit name as the extractor would give it)."""
    from pipeline.filename import check_file_name
    from pipeline.ingest import ingest
    from pipeline.reader import PageReader
    from pipeline.structure import check_structure
    from pipeline.toc import find_toc

    geometry = ingest(pdf).pages
    with PageReader(pdf, settings) as reader:
        scans = reader.scan_pages()
        toc = find_toc(reader.read_rows, scans)
    result = check_structure(scans, toc, geometry)
    return result.findings + check_file_name(pdf.name, unit_name)


def matches(expected: dict, got) -> bool:
    """Same code, and every page the truth names is among the finding's pages."""
    return got.code == expected["code"] and set(expected["pages"]) <= set(got.pages)


def score(truth: dict, results: dict[str, list]) -> tuple[dict[str, list[bool]], list[str]]:
    hits: dict[str, list[bool]] = defaultdict(list)
    false_errors: list[str] = []
    for entry in truth["files"]:
        got = results[entry["filename"]]
        expected = [e for e in entry["expected_findings"] if e["code"] in FORM_CODES]
        for e in expected:
            hits[e["code"]].append(any(matches(e, g) for g in got))
        wanted = {e["code"] for e in entry["expected_findings"]}
        # Errors of a code the dossier was not given (a swap's page mismatches are in the truth).
        extra = [g for g in got if g.severity == "error" and g.code not in wanted]
        false_errors += [f"{entry['filename']}: {g.code} {g.pages} {g.message}" for g in extra]
    return hits, false_errors


@pytest.mark.slow
def test_form_defects_found_and_correct_dossiers_clean(tmp_path):
    from kernel.settings import get_settings
    from factory.corpus import generate_corpus

    codes = FORM_CODES + [None, None]
    settings = get_settings()
    truth: dict = {"files": []}
    results: dict[str, list] = {}
    for k, code in enumerate(codes):
        # One corpus per defect (None: a correct dossier), so each code is certainly drawn.
        path = generate_corpus(tmp_path / f"c{k}", count=1, seed=40 + k, defects=[code] if code else [], pages=14)
        part = json.loads(path.read_text(encoding="utf-8"))
        truth["files"] += part["files"]
        for entry in part["files"]:
            results[entry["filename"]] = form_findings(path.parent / entry["filename"], entry["unit_name"], settings)
    hits, false_errors = score(truth, results)
    for code, found in sorted(hits.items()):
        print(f"{code:22} {sum(found)}/{len(found)}")
    print("\n".join(false_errors))
    assert all(sum(found) / len(found) >= TARGET for found in hits.values()), dict(hits)
    assert false_errors == []
