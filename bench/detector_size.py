"""Benchmark: how large an image the text detector should see, for whole-page reads.

    .venv/bin/python bench/detector_size.py [--sizes 2000 1600 1280 960] [--count 3] [--seed 4242]

A whole-page read (cover, 申报表, licence) runs the detector over the page; RapidOCR first
shrinks a page to 2000 px on its longest side, and the detector's activations at that size
are most of a worker's peak memory. This script generates factory dossiers while keeping
each page's drawn text (the truth, taken from the vector page before it is "scanned"), reads
every upright page whole with the detector limited to each size in `--sizes` (one child
process per size, one ONNX thread, run one after another), and prints per size: seconds,
peak RSS of the child, and the character error rate of the read against the drawn text.

CER: each drawn line is aligned with the best-matching OCR line, or with the best-matching
stretch of the page's OCR text when the reader split the line; edit distance over reference
characters, after NFKC and without spaces. Dotted leaders are not scored. Seals and stamps
drawn over text count as errors, so the floor is not zero. Appends the table to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchlog import append_section, machine  # noqa: E402  (a sibling script: bench/ is sys.path[0])


def generate_with_text(folder: Path, count: int, seed: int) -> list[dict]:
    """Factory dossiers without defects; returns per physical page: file, index, rotation, drawn lines."""
    import factory.scan as scan_module
    from factory.corpus import generate_corpus

    drawn: list[dict] = []
    scan = scan_module.Scanner.scan

    def recording_scan(self, page, page_scan):
        lines = ["".join(span["text"] for span in line["spans"]).strip()
                 for block in page.get_text("dict")["blocks"] for line in block.get("lines", [])]
        drawn.append({"rotation": page_scan.rotation, "lines": [line for line in lines if line]})
        return scan(self, page, page_scan)

    scan_module.Scanner.scan = recording_scan
    try:
        truth = json.loads(generate_corpus(folder, count=count, seed=seed, defects=[]).read_text(encoding="utf-8"))
    finally:
        scan_module.Scanner.scan = scan
    pages, drawn_pages = [], iter(drawn)
    for entry in truth["files"]:
        for index in range(1, entry["page_count"] + 1):
            pages.append(dict(next(drawn_pages), file=entry["filename"], index=index))
    return pages


def read_pages(folder: Path, pages_file: Path, side: int, out: Path) -> None:
    """Child process: read every upright page with text whole, detector limited to `side`."""
    from pipeline.ocr import make_engine
    from pipeline.render import open_document, render_page
    from kernel.settings import Settings

    engine = make_engine(Settings(ocr_threads=1, det_max_side=side))
    pages = json.loads(pages_file.read_text(encoding="utf-8"))
    docs: dict[str, object] = {}
    results = []
    started = time.perf_counter()
    for page in pages:
        if page["rotation"] or not page["lines"]:
            results.append(None)
            continue
        doc = docs.setdefault(page["file"], open_document(folder / page["file"]))
        image = render_page(doc, page["index"], 200, 60_000_000)
        results.append([line.text for line in engine.recognise(image)])
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.write_text(json.dumps({"seconds": seconds, "peak_mb": peak, "lines": results}, ensure_ascii=False), encoding="utf-8")


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def character_error_rate(pages: list[dict], read: list[list[str] | None]) -> tuple[float, int, int]:
    """(CER, scored pages, reference characters) of `read` against the drawn lines."""
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Levenshtein

    errors = characters = scored = 0
    for page, lines in zip(pages, read):
        if lines is None:
            continue
        scored += 1
        got = [_norm(line) for line in lines]
        joined = "".join(got)
        for line in page["lines"]:
            reference = _norm(line)
            if not reference or set(reference) <= set("._…·-—"):
                continue
            best = min((Levenshtein.distance(reference, g) for g in got), default=len(reference))
            stretch = fuzz.partial_ratio_alignment(reference, joined)
            if stretch is not None:
                best = min(best, Levenshtein.distance(reference, joined[stretch.dest_start:stretch.dest_end]))
            errors += min(best, len(reference))
            characters += len(reference)
    return errors / max(characters, 1), scored, characters


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 1600, 1280, 960])
    parser.add_argument("--count", type=int, default=3)
    parser.add_argument("--seed", type=int, default=4242)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        folder, pages_file, side, out = args.child
        read_pages(Path(folder), Path(pages_file), int(side), Path(out))
        return 0

    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-detector-") as work:
        folder = Path(work)
        pages = generate_with_text(folder, args.count, args.seed)
        pages_file = folder / "pages.json"
        pages_file.write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
        for side in args.sizes:
            out = folder / f"read-{side}.json"
            subprocess.run([sys.executable, __file__, "--child", str(folder), str(pages_file), str(side), str(out)],
                           check=True, cwd=ROOT)
            result = json.loads(out.read_text(encoding="utf-8"))
            cer, scored, characters = character_error_rate(pages, result["lines"])
            rows.append((side, result["seconds"], result["peak_mb"], cer, scored, characters))
            print(f"{side}px: {result['seconds']:.0f} s, peak {result['peak_mb']:.0f} MB, CER {cer:.2%} "
                  f"({scored} pages, {characters} characters)", flush=True)

    baseline = rows[0][1]
    section = "\n".join([
        f"## Detector input size for whole-page reads — {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine()}. Command: `bench/detector_size.py` "
        f"({args.count} factory dossiers, seed {args.seed}, {rows[0][4]} upright pages with "
        f"{rows[0][5]} drawn characters, each size in its own process, one ONNX thread).",
        "",
        "| detector longest side | seconds | × first | peak RSS MB | CER |",
        "|---|---|---|---|---|",
        *[f"| {side} | {seconds:.0f} | {seconds / baseline:.2f} | {peak:.0f} | {cer:.2%} |"
          for side, seconds, peak, cer, _, _ in rows],
        "",
    ])
    print("\n" + section)
    if not args.no_write:
        append_section(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
