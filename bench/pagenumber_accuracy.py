"""How well the page scan reads printed page numbers, orientation and titles on factory dossiers.

    .venv/bin/python bench/pagenumber_accuracy.py [--count 10] [--seed 7] [--pages N] [--defects a,b] [--dir DIR]

Generates (or reuses, with --dir) a corpus of noisy, skewed scanned dossiers and scans
every page; prints, against the truth file: numbered pages read right, unnumbered pages
where no number was invented, upside-down pages detected, and part titles found among the
heading candidates, with every miss listed. Exits non-zero when a done-when target
(≥ 99% on numbers and on invented numbers) is missed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kernel.models import PageScan  # noqa: E402
from pipeline.reader import PageReader  # noqa: E402
from kernel.settings import Settings  # noqa: E402
from kernel.textnorm import containment, title_key  # noqa: E402

TARGET = 0.99


@dataclass
class Tally:
    numbered: int = 0
    numbered_right: int = 0
    unnumbered: int = 0
    unnumbered_clean: int = 0
    upside_down: int = 0
    upside_down_found: int = 0
    titled: int = 0
    titles_found: int = 0
    pages: int = 0
    skew_errors: list[float] = field(default_factory=list)
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)

    def add(self, name: str, truth: dict, scan: PageScan) -> None:
        self.pages += 1
        where = f"{name} p{truth['index']}"
        if truth["printed_number"] is not None:
            self.numbered += 1
            if scan.printed_number == truth["printed_number"]:
                self.numbered_right += 1
            else:
                self.misses.append(f"{where}: number {truth['number_text']!r} read as {scan.number_text!r}")
        else:
            self.unnumbered += 1
            if scan.printed_number is None:
                self.unnumbered_clean += 1
            else:
                self.misses.append(f"{where}: invented {scan.number_text!r} ({truth['role']})")
        if truth["rotation"] == 180:
            self.upside_down += 1
            self.upside_down_found += scan.rotation == 180
        if not scan.blank:  # the factory turns counter-clockwise (OpenCV); PageScan says clockwise
            self.skew_errors.append(abs(scan.skew_deg + truth["skew_deg"]))
        if scan.rotation != truth["rotation"]:
            self.misses.append(f"{where}: rotation {truth['rotation']} read as {scan.rotation}")
        if truth.get("title"):
            self.titled += 1
            key = title_key(truth["title"])
            if any(containment(key, title_key(line.text)) >= 0.8 for line in scan.heading_lines):
                self.titles_found += 1
            else:
                self.misses.append(f"{where}: title {truth['title']!r} not among {[l.text for l in scan.heading_lines]}")


def ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / whole:.1%}" if whole else "n/a"


def measure(corpus: Path, settings: Settings) -> Tally:
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    tally = Tally()
    for entry in truth["files"]:
        if entry.get("kind") != "dossier":
            continue
        started = time.perf_counter()
        with PageReader(corpus / entry["filename"], settings) as reader:
            scans = reader.scan_pages()
        tally.seconds += time.perf_counter() - started
        for page, scan in zip(entry["pages"], scans):
            tally.add(entry["filename"], page, scan)
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pages", type=int, default=None)
    parser.add_argument("--defects", default="pages.rotated,pages.unnumbered,pages.blank,pages.gap,pages.duplicate",
                        help="comma-separated defect kinds, one per dossier round-robin ('' for random)")
    parser.add_argument("--dir", type=Path, default=None, help="an existing corpus (with truth.json) or where to write one")
    args = parser.parse_args()

    corpus = args.dir or Path(tempfile.mkdtemp(prefix="pagenumber-"))
    if not (corpus / "truth.json").exists():
        from factory.corpus import generate_corpus

        defects = [d for d in args.defects.split(",") if d] or None
        generate_corpus(corpus, count=args.count, seed=args.seed, pages=args.pages, defects=defects)
    with tempfile.TemporaryDirectory() as cache:
        tally = measure(corpus, Settings(cache_dir=Path(cache)))

    print(f"corpus {corpus}: {tally.pages} pages scanned in {tally.seconds:.1f} s")
    print(f"numbered pages read right      {ratio(tally.numbered_right, tally.numbered)}")
    print(f"unnumbered, no number invented {ratio(tally.unnumbered_clean, tally.unnumbered)}")
    print(f"upside-down pages detected     {ratio(tally.upside_down_found, tally.upside_down)}")
    print(f"part titles among headings     {ratio(tally.titles_found, tally.titled)}")
    errors = sorted(tally.skew_errors)
    if errors:
        print(f"skew error (degrees)           median {errors[len(errors) // 2]:.2f}, 95th percentile "
              f"{errors[int(len(errors) * 0.95)]:.2f}, max {errors[-1]:.2f}")
    for miss in tally.misses:
        print("  miss:", miss)
    ok = (tally.numbered_right >= TARGET * tally.numbered) and (tally.unnumbered_clean >= TARGET * tally.unnumbered)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
