"""Benchmark: how large an image the text detector should see, and where, for whole-page reads.

    .venv/bin/python bench/detector_size.py [--variants 1280 1280+blocks 960] [--count 3] [--seed 4242] [--profile default|wild]

A whole-page read (cover, 申报表, licence) runs the detector over the page; RapidOCR first
shrinks a page to 2000 px on its longest side, and the detector's activations at that size
are most of a worker's peak memory. This script generates factory dossiers while keeping
each scanned page's image and drawn text (the truth, taken from the vector page before it
is "scanned"), reads every upright page whole as each variant says — the detector limited to
a size, over the whole page or ("+blocks") over its stretches of ink only
(pipeline/textblocks.py) — one child process per variant, one ONNX thread, run one after
another, and prints per variant: seconds, peak RSS of the child, and the character error
rate of the read against the drawn text.

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


def generate_with_text(folder: Path, count: int, seed: int, profile: str = "default") -> list[dict]:
    """Factory dossiers of `profile` without defects; returns per scanned page: its image (a
    JPEG written into `folder`), the page's width in points, rotation and drawn lines.
    Photographed and born-digital pages of the wild profile are not scanned and not scored."""
    import factory.scan as scan_module
    from factory.corpus import generate_corpus

    pages: list[dict] = []
    scan = scan_module.Scanner.scan

    def recording_scan(self, page, page_scan):
        lines = ["".join(span["text"] for span in line["spans"]).strip()
                 for block in page.get_text("dict")["blocks"] for line in block.get("lines", [])]
        jpeg = scan(self, page, page_scan)
        image = folder / f"page-{len(pages) + 1:04d}.jpg"
        image.write_bytes(jpeg)
        pages.append({"image": image.name, "width_pt": page.rect.width, "rotation": page_scan.rotation,
                      "lines": [line for line in lines if line]})
        return jpeg

    scan_module.Scanner.scan = recording_scan
    try:
        generate_corpus(folder / "corpus", count=count, seed=seed, defects=[], profile=profile)
    finally:
        scan_module.Scanner.scan = scan
    return pages


def read_pages(folder: Path, pages_file: Path, variant: str, out: Path) -> None:
    """Child process: read every upright scanned page with text whole, as `variant` says:
    "SIZE" (the detector over the whole page, limited to SIZE px) or "SIZE+blocks" (the
    detector only over the page's stretches of ink, pipeline/textblocks.py)."""
    import cv2

    from kernel.settings import Settings
    from pipeline.ocr import make_engine
    from pipeline.textblocks import text_blocks

    side, _, mode = variant.partition("+")
    engine = make_engine(Settings(ocr_threads=1, det_max_side=int(side)))
    pages = json.loads(pages_file.read_text(encoding="utf-8"))
    results = []
    started = time.perf_counter()
    for page in pages:
        if page["rotation"] or not page["lines"]:
            results.append(None)
            continue
        scanned = cv2.imread(str(folder / page["image"]), cv2.IMREAD_GRAYSCALE)
        width = round(page["width_pt"] / 72 * 200)  # as the product renders a page: 200 dpi
        image = cv2.resize(scanned, (width, round(scanned.shape[0] * width / scanned.shape[1])), interpolation=cv2.INTER_AREA)
        blocks = text_blocks(image, page["width_pt"] / width) if mode == "blocks" else None
        lines = engine.recognise(image) if blocks is None else engine.recognise_blocks(image, blocks)
        results.append([line.text for line in lines])
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
    parser.add_argument("--variants", nargs="+", default=["2000", "1600", "1280", "960"],
                        help='detector input sizes, each alone ("1280") or over the ink only ("1280+blocks")')
    parser.add_argument("--count", type=int, default=3)
    parser.add_argument("--seed", type=int, default=4242)
    parser.add_argument("--profile", choices=["default", "wild"], default="default")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        folder, pages_file, variant, out = args.child
        read_pages(Path(folder), Path(pages_file), variant, Path(out))
        return 0

    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-detector-") as work:
        folder = Path(work)
        pages = generate_with_text(folder, args.count, args.seed, args.profile)
        pages_file = folder / "pages.json"
        pages_file.write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
        for side in args.variants:
            out = folder / f"read-{side}.json"
            subprocess.run([sys.executable, __file__, "--child", str(folder), str(pages_file), side, str(out)],
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
        f"({args.count} factory dossiers of the {args.profile} profile, seed {args.seed}, {rows[0][4]} upright pages with "
        f"{rows[0][5]} drawn characters, each size in its own process, one ONNX thread).",
        "",
        "| detector longest side (+blocks: over the ink only) | seconds | × first | peak RSS MB | CER |",
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
