"""Benchmark: our page scan against full-page OCR and OCRmyPDF, on factory dossiers.

Only the page scan, not a whole review: bench/bench_endtoend.py measures what a user waits for.

    .venv/bin/python bench/bench_pagescan.py [--pages 40 200] [--seed 11] [--no-ocrmypdf]

For each dossier size, one run measures side by side on the same file:
  scan cold   every page scanned (number, headings) + the cover read whole and the 目录 by rows, empty cache
  scan warm   the same again with the cache the cold run filled
  full OCR    every page detected and recognised whole, same engine, same worker pool
  OCRmyPDF    `ocrmypdf -l chi_sim --force-ocr --output-type pdf` (Tesseract), all cores
Each runs in its own process; peak RSS is sampled over that process and its children.
The table is printed and appended to BENCHMARKS.md with the machine and the versions.
Also measured: rendering a page against decoding its embedded JPEG.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchlog import append_section, machine  # noqa: E402  (a sibling script: bench/ is sys.path[0])


# --- the measured operations (run in a child process: `--run OPERATION`) -----------------


def run_scan(pdf: Path, cache: Path, full_pages: list[int]) -> None:
    """What the review does before it knows the type: scan every page, read the cover
    whole and the 目录 row by row (`full_pages` = cover first, then the 目录 pages)."""
    from pipeline.reader import PageReader
    from kernel.settings import Settings

    cover, *toc_pages = full_pages
    with PageReader(pdf, Settings(cache_dir=cache)) as reader:
        reader.scan_pages()
        reader.read_page(cover)
        for page in toc_pages:
            reader.read_rows(page)


def run_full(pdf: Path) -> None:
    from kernel.models import PageScan
    from pipeline.render import open_document
    from kernel.settings import Settings
    from pipeline.workers import PagePool

    pages = open_document(pdf).page_count
    pool = PagePool(Settings(use_cache=False), pages)
    futures = pool.read(pdf, {i: PageScan(index=i) for i in range(1, pages + 1)})  # no scan: OCR only
    for future in futures:
        future.result()
    pool.close()


def run_ocrmypdf(pdf: Path, out: Path) -> None:
    jobs = str(os.cpu_count() or 1)
    subprocess.run(["ocrmypdf", "-q", "-l", "chi_sim", "--force-ocr", "--output-type", "pdf", "--jobs", jobs,
                    str(pdf), str(out)], check=True)


# --- measuring -------------------------------------------------------------------------------


def measure(args: list[str]) -> tuple[float, float]:
    """Run this script with `args` in a child; (seconds, peak RSS of the process tree in MB)."""
    started = time.perf_counter()
    child = psutil.Popen([sys.executable, __file__, *args], cwd=ROOT)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                tree = [child, *child.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = child.wait()
    done.set()
    sampler.join()
    if code:
        raise SystemExit(f"基准子进程失败（{' '.join(args)}），退出码 {code}")
    return time.perf_counter() - started, peak / 2**20


def render_vs_extract(pdf: Path, pages: int = 20) -> tuple[float, float]:
    """Milliseconds per page: rasterising with PyMuPDF against decoding the embedded JPEG."""
    import numpy as np
    import pymupdf

    from kernel.scan_jpeg import embedded_scan
    from pipeline.render import open_document

    doc = open_document(pdf)
    count = min(pages, doc.page_count)
    started = time.perf_counter()
    for i in range(count):
        pix = doc[i].get_pixmap(dpi=200, colorspace=pymupdf.csGRAY)
        np.frombuffer(pix.samples, np.uint8)
    rendered = (time.perf_counter() - started) / count * 1000
    started = time.perf_counter()
    decoded = sum(embedded_scan(doc, doc[i], 200) is not None for i in range(count))
    extracted = (time.perf_counter() - started) / count * 1000
    if decoded != count:
        print(f"note: {count - decoded} of {count} pages were not single JPEGs")
    return rendered, extracted


def make_dossier(directory: Path, pages: int, seed: int) -> tuple[Path, list[int]]:
    from factory.corpus import generate_corpus

    truth = json.loads(generate_corpus(directory, count=1, seed=seed, pages=pages).read_text(encoding="utf-8"))
    entry = next(f for f in truth["files"] if f.get("kind") == "dossier")
    full_pages = sorted({1, *(entry.get("toc") or {}).get("pages", [])})
    return directory / entry["filename"], full_pages


def versions() -> str:
    names = ["rapidocr", "onnxruntime", "pymupdf", "opencv-python-headless", "numpy"]
    found = [f"{n} {metadata.version(n)}" for n in names]
    for tool, flag in (("tesseract", "--version"), ("ocrmypdf", "--version")):
        if shutil.which(tool):
            out = subprocess.run([tool, flag], capture_output=True, text=True)
            found.append(f"{tool} {(out.stdout or out.stderr).splitlines()[0].split()[-1]}")
    return f"Python {platform.python_version()}; " + "; ".join(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[40, 200])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--no-ocrmypdf", action="store_true", help="skip the OCRmyPDF baseline")
    parser.add_argument("--no-write", action="store_true", help="print only, do not append to BENCHMARKS.md")
    parser.add_argument("--run", help=argparse.SUPPRESS)
    parser.add_argument("--pdf", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--full-pages", default="1", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.run == "scan":
        run_scan(args.pdf, args.cache, [int(p) for p in args.full_pages.split(",")])
        return 0
    if args.run == "full":
        run_full(args.pdf)
        return 0
    if args.run == "ocrmypdf":
        run_ocrmypdf(args.pdf, args.out)
        return 0

    with_ocrmypdf = not args.no_ocrmypdf and shutil.which("ocrmypdf") is not None
    header = machine()
    rows: list[str] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-pagescan-") as work:
        for pages in args.pages:
            folder = Path(work) / str(pages)
            pdf, full_pages = make_dossier(folder, pages, args.seed)
            actual = __import__("pymupdf").open(pdf).page_count
            print(f"dossier: {actual} pages, full reads of pages {full_pages}", flush=True)
            cache = folder / "cache"
            common = ["--pdf", str(pdf), "--cache", str(cache), "--full-pages", ",".join(map(str, full_pages))]
            results: dict[str, tuple[float, float]] = {}
            results["page scan, cold cache"] = measure(["--run", "scan", *common])
            results["page scan, warm cache"] = measure(["--run", "scan", *common])
            results["full-page OCR, same engine"] = measure(["--run", "full", "--pdf", str(pdf)])
            if with_ocrmypdf:
                out = folder / "ocrmypdf.pdf"
                results["OCRmyPDF chi_sim"] = measure(["--run", "ocrmypdf", "--pdf", str(pdf), "--out", str(out)])
            full = results["full-page OCR, same engine"][0]
            for name, (seconds, rss) in results.items():
                rows.append(f"| {actual} | {name} | {seconds:.1f} | {actual / seconds:.2f} | {rss:.0f} | {seconds / full:.3f} |")
                print(rows[-1], flush=True)
            cold, warm = results["page scan, cold cache"][0], results["page scan, warm cache"][0]
            notes.append(f"{actual} pages: warm run {cold / warm:.1f}× faster than cold"
                         + (f"; page scan / OCRmyPDF = {cold / results['OCRmyPDF chi_sim'][0]:.3f}" if with_ocrmypdf else ""))
            rendered, extracted = render_vs_extract(pdf)
            notes.append(f"{actual} pages: render 200 dpi {rendered:.0f} ms/page, decode embedded JPEG {extracted:.0f} ms/page")

    table = "\n".join([
        "| pages | method | seconds | pages/s | peak RSS MB | × full OCR time |",
        "|---|---|---|---|---|---|",
        *rows,
    ])
    section = "\n".join([
        f"## Page scan only (not a whole review) vs full-page OCR vs OCRmyPDF — {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {header}.",
        f"Versions: {versions()}.",
        "Command: `make bench` (`bench/bench_pagescan.py`); page scan = all pages scanned + cover read whole + 目录 read by rows.",
        "",
        table,
        "",
        *[f"- {n}" for n in notes],
        "",
    ])
    print("\n" + section)
    if not args.no_write:
        append_section(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
