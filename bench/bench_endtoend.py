"""Benchmark: a whole review, as users run it, against full-page OCR and OCRmyPDF.

    .venv/bin/python bench/bench_endtoend.py [--count 3] [--pages 16] [--seed 17] [--no-ocrmypdf] [--no-write]
                                             [--baseline CHECKOUT]

A factory corpus of both profiles (`dossier synth --profile default` and `--profile wild`,
`--count` dossiers each, no defects) is measured in one run, side by side, on the same files:
  check     `dossier check FILE --out DIR` per file: a fresh process, a cold OCR cache each
  batch     `dossier batch INBOX --out DIR` over the whole corpus, cold OCR cache
  full OCR  every page detected and recognised whole by the product's engine (RapidOCR, same
            resolution and settings), one fresh process per file: the reference (× full OCR)
  RapidOCR  every page through RapidOCR as installed (its bundled models, its own default
            settings: line classifier on, recogniser batches of 6 padded to 320 px, threads
            on every core), rendered at the same resolution, one fresh process per file: the
            reference issue 17 measured (× RapidOCR)
  OCRmyPDF  `ocrmypdf -l chi_sim --force-ocr --output-type pdf --jobs 2`, one run per file
With `--baseline`, an earlier checkout's `check` (alternating with this one's, file by file)
and `batch` run on the same files in the same run: a before/after ratio on one machine state.
All dossier commands of the run share one fresh PREFECT_HOME: the first `check` starts the
local Prefect server (as a user's first command does) and the others find it running; its
start is in the first file's time, or, with `--baseline`, in an extra check of the first file
run before the pairs and reported apart (a pair must not carry it on one side only). Peak RSS is the largest sum of RSS over a command's
process tree (OCR workers included, the local Prefect server not), sampled every 0.2 s.
Per-stage times are the reports' `timings` (report.json); "outside the review" is the wall
time a `check` took beyond its review and its writing (start-up, imports, Prefect, models).
The tables are printed and appended to BENCHMARKS.md with the machine and the date.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchlog import append_section, machine  # noqa: E402  (a sibling script: bench/ is sys.path[0])

PROFILES = ("default", "wild")
STAGES = ("page_scan_s", "structure_s", "fields_s", "seals_s", "total_s", "write_s")
TIMEOUT_S = 3600


# --- the reference, run in a child process: `--run full --pdf FILE` --------------------------


def run_full(pdf: Path) -> None:
    """Every page of `pdf` read whole (detection + recognition), no page scan, no cache."""
    from kernel.models import PageScan
    from kernel.settings import Settings
    from pipeline.render import open_document
    from pipeline.workers import PagePool

    with open_document(pdf) as doc:
        pages = doc.page_count
    settings = Settings(use_cache=False)
    pool = PagePool(settings, pages)
    try:
        for future in pool.read(pdf, {i: PageScan(index=i) for i in range(1, pages + 1)}):
            future.result()
    finally:
        pool.close()


def run_stock(pdf: Path) -> None:
    """Every page of `pdf` through RapidOCR with its own defaults (only its log quietened)."""
    import cv2
    from rapidocr import RapidOCR

    from kernel.settings import Settings
    from pipeline.render import open_document, render_page

    settings = Settings(use_cache=False)
    engine = RapidOCR(params={"Global.log_level": "error"})
    with open_document(pdf) as doc:
        for index in range(1, doc.page_count + 1):
            gray = render_page(doc, index, settings.scan_dpi, settings.max_page_pixels)
            engine(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR))


# --- measuring -------------------------------------------------------------------------------


@dataclass
class Measured:
    seconds: float
    peak_mb: float


@dataclass
class Dossier:
    path: Path
    profile: str
    pages: int
    results: dict[str, Measured] = field(default_factory=dict)
    timings: dict[str, dict[str, float]] = field(default_factory=dict)  # method → report.json timings


def measure(command: list[str], env: dict[str, str], not_counted: Path, root: Path = ROOT) -> Measured:
    """Run `command` in the checkout `root`; its wall time and the peak RSS of its process
    tree, without the process recorded in `not_counted` (the local Prefect server, once it runs)."""
    started = time.perf_counter()
    child = psutil.Popen(command, cwd=root, env={**env, "PYTHONPATH": str(root)}, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            skip = _server_tree(not_counted)
            try:
                tree = [child, *child.children(recursive=True)]
            except psutil.Error:
                tree = [child]
            total = 0
            for process in tree:
                if process.pid in skip:
                    continue
                try:
                    total += process.memory_info().rss
                except psutil.Error:
                    pass
            peak = max(peak, total)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        _, stderr = child.communicate(timeout=TIMEOUT_S)
    finally:
        done.set()
        sampler.join()
    if child.returncode:
        tail = stderr.decode("utf-8", "replace")[-2000:]
        raise SystemExit(f"基准子进程失败（{' '.join(command)}），退出码 {child.returncode}\n{tail}")
    return Measured(time.perf_counter() - started, peak / 2**20)


def _server_tree(record: Path) -> set[int]:
    try:
        server = psutil.Process(json.loads(record.read_text(encoding="utf-8"))["pid"])
        return {server.pid, *(p.pid for p in server.children(recursive=True))}
    except (OSError, ValueError, KeyError, psutil.Error):
        return set()


def stop_server(record: Path) -> None:
    """End the local Prefect server this run started (its own PREFECT_HOME: nobody else's)."""
    pids = _server_tree(record)
    processes = []
    for pid in pids:
        try:
            process = psutil.Process(pid)
            process.send_signal(signal.SIGTERM)
            processes.append(process)
        except psutil.Error:
            pass
    _, alive = psutil.wait_procs(processes, timeout=20)
    for process in alive:
        process.kill()


def report_timings(out: Path) -> dict[str, dict[str, float]]:
    """Each report folder's `timings`, by the file name it reviewed."""
    found = {}
    for report_json in out.glob("*/report.json"):
        report = json.loads(report_json.read_text(encoding="utf-8"))
        found[report["source"]["filename"]] = report["timings"]
    return found


# --- the corpus ----------------------------------------------------------------------------


def make_corpus(work: Path, count: int, pages: int, seed: int, env: dict[str, str]) -> list[Dossier]:
    """`dossier synth` for each profile, then every PDF in one inbox (renamed on a clash)."""
    import pymupdf

    inbox = work / "inbox"
    inbox.mkdir(parents=True)
    dossiers = []
    for offset, profile in enumerate(PROFILES):
        folder = work / f"synth-{profile}"
        subprocess.run([sys.executable, "-m", "flows.cli", "synth", "--out", str(folder), "--count", str(count),
                        "--seed", str(seed + offset), "--pages", str(pages), "--profile", profile],
                       cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for pdf in sorted(folder.glob("*.pdf")):
            target = inbox / pdf.name
            if target.exists():
                target = inbox / f"{pdf.stem}-{profile}.pdf"
            shutil.copy2(pdf, target)
            with pymupdf.open(target) as doc:
                dossiers.append(Dossier(target, profile, doc.page_count))
    return dossiers


def ocrmypdf_problem() -> str | None:
    """Why OCRmyPDF cannot run here (None: it can)."""
    try:
        metadata.version("ocrmypdf")
    except metadata.PackageNotFoundError:
        return "ocrmypdf not installed (pip install -e '.[bench]')"
    if not shutil.which("tesseract"):
        return "tesseract not installed (BENCH_TOOLS=1 bash bench/system-deps.sh)"
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
    if "chi_sim" not in langs:
        return "tesseract has no chi_sim (Debian tesseract-ocr-chi-sim)"
    return None


def versions() -> str:
    names = ["rapidocr", "onnxruntime", "pymupdf", "prefect", "ocrmypdf"]
    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    if shutil.which("tesseract"):
        out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True)
        found.append(f"tesseract {(out.stdout or out.stderr).splitlines()[0].split()[-1]}")
    return f"Python {platform.python_version()}; " + "; ".join(found)


def base_env(work: Path) -> dict[str, str]:
    """The dossier commands' environment: this checkout's code, nothing of the user's state."""
    from factory import ROUND_RECEIVED

    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    env.update(
        PYTHONPATH=str(ROOT),
        PREFECT_HOME=str(work / "prefect"),
        DOSSIER_CASE_DIR=str(work / "cases"),
        DOSSIER_STATE_DIR=str(work / "state"),
        DOSSIER_REVIEW_DATE=ROUND_RECEIVED.isoformat(),  # the factory's round: dates judged as intended
        DOSSIER_PREFECT_KEEP_MINUTES="30",
        PYTHONUNBUFFERED="1",
    )
    return env


# --- the run -------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> str:
    header = machine()
    load_before = os.getloadavg()
    problem = None if args.no_ocrmypdf else ocrmypdf_problem()
    if args.no_ocrmypdf:
        problem = "skipped (--no-ocrmypdf)"
    work = Path(tempfile.mkdtemp(prefix="bench-endtoend-"))
    env = base_env(work)
    server_record = work / "prefect" / "dossier-server" / "server.json"
    cli = [sys.executable, "-m", "flows.cli"]
    try:
        dossiers = make_corpus(work, args.count, args.pages, args.seed, env)
        total_pages = sum(d.pages for d in dossiers)
        print(f"corpus: {len(dossiers)} dossiers, {total_pages} pages", flush=True)

        # With a baseline checkout, each file is checked by both, in alternating order (drift in
        # the machine's load then falls on both alike), and the corpus is batched by both. The
        # run's first command starts the local Prefect server (as a user's first one does): with
        # a baseline it is a check of the first file timed apart, so that no pair carries it.
        starting = None
        if args.baseline:
            cold = {**env, "DOSSIER_CACHE_DIR": str(work / "cache-starting")}
            starting = measure([*cli, "check", str(dossiers[0].path), "--out", str(work / "starting")], cold,
                               server_record, ROOT)
            print(f"first check (starts the Prefect server) {dossiers[0].path.name}: {starting.seconds:.1f} s", flush=True)
        roots = {"check": ROOT, **({"baseline check": args.baseline} if args.baseline else {})}
        for i, dossier in enumerate(dossiers):
            for method in (list(roots) if i % 2 == 0 else list(roots)[::-1]):
                out = work / method / str(i)
                cold = {**env, "DOSSIER_CACHE_DIR": str(work / f"cache-{method}" / str(i))}
                dossier.results[method] = measure([*cli, "check", str(dossier.path), "--out", str(out)], cold,
                                                  server_record, roots[method])
                dossier.timings[method] = next(iter(report_timings(out).values()), {})
                print(f"{method} {dossier.path.name}: {dossier.results[method].seconds:.1f} s", flush=True)

        batches: dict[str, Measured] = {}
        for method, root in (("batch", ROOT), *((("baseline batch", args.baseline),) if args.baseline else ())):
            batch_out = work / method
            cold = {**env, "DOSSIER_CACHE_DIR": str(work / f"cache-{method}")}
            batches[method] = measure([*cli, "batch", str(work / "inbox"), "--out", str(batch_out)], cold,
                                      server_record, root)
            batch_timings = report_timings(batch_out)
            for dossier in dossiers:
                dossier.timings[method] = batch_timings.get(dossier.path.name, {})
            print(f"{method}: {batches[method].seconds:.1f} s", flush=True)

        for dossier in dossiers:
            dossier.results["full"] = measure([sys.executable, __file__, "--run", "full", "--pdf", str(dossier.path)],
                                              {**env, "DOSSIER_CACHE_DIR": str(work / "cache-unused")}, server_record)
            print(f"full OCR {dossier.path.name}: {dossier.results['full'].seconds:.1f} s", flush=True)
            dossier.results["stock"] = measure([sys.executable, __file__, "--run", "stock", "--pdf", str(dossier.path)],
                                               env, server_record)
            print(f"RapidOCR as installed {dossier.path.name}: {dossier.results['stock'].seconds:.1f} s", flush=True)

        if problem is None:
            for i, dossier in enumerate(dossiers):
                command = [sys.executable, "-m", "ocrmypdf", "-q", "-l", "chi_sim", "--force-ocr", "--output-type",
                           "pdf", "--jobs", "2", str(dossier.path), str(work / f"ocrmypdf-{i}.pdf")]
                dossier.results["ocrmypdf"] = measure(command, env, server_record)
                print(f"OCRmyPDF {dossier.path.name}: {dossier.results['ocrmypdf'].seconds:.1f} s", flush=True)
        load_after = os.getloadavg()
    finally:
        stop_server(server_record)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return section(args, header, dossiers, batches, problem, load_before, load_after, starting)


def section(args, header: str, dossiers: list[Dossier], batches: dict[str, Measured], problem: str | None,
            load_before: tuple, load_after: tuple, starting: Measured | None) -> str:
    batch = batches["batch"]
    files, pages = len(dossiers), sum(d.pages for d in dossiers)
    full = sum(d.results["full"].seconds for d in dossiers)

    stock = sum(d.results["stock"].seconds for d in dossiers)

    def row(what: str, seconds: float, peak_mb: float) -> str:
        return (f"| {what} | {files} | {pages} | {seconds:.1f} | {seconds / files:.1f} | {seconds / pages:.2f} | "
                f"{pages / seconds:.2f} | {peak_mb:.0f} | {seconds / full:.3f} | {seconds / stock:.3f} |")

    def summed(method: str) -> tuple[float, float]:
        return (sum(d.results[method].seconds for d in dossiers), max(d.results[method].peak_mb for d in dossiers))

    rows = [
        row("`dossier check` per file (fresh process, cold cache)", *summed("check")),
        row("`dossier batch` over the corpus (cold cache)", batch.seconds, batch.peak_mb),
    ]
    if args.baseline:
        rows += [
            row(f"baseline `{args.baseline_name}`: `dossier check` per file", *summed("baseline check")),
            row(f"baseline `{args.baseline_name}`: `dossier batch`", batches["baseline batch"].seconds,
                batches["baseline batch"].peak_mb),
        ]
    rows.append(row("full-page OCR, product's engine (RapidOCR, same dpi)", *summed("full")))
    rows.append(row("full-page OCR, RapidOCR as installed (its defaults, same dpi)", *summed("stock")))
    if problem is None:
        rows.append(row("OCRmyPDF + Tesseract chi_sim, `--jobs 2`", *summed("ocrmypdf")))
    else:
        rows.append(f"| OCRmyPDF + Tesseract chi_sim | {files} | {pages} | not run: {problem} | | | | | | |")
    main_table = [
        "| what | files | pages | seconds | s/file | s/page | pages/s | peak RSS MB | × full OCR | × RapidOCR |",
        "|---|---|---|---|---|---|---|---|---|---|",
        *rows,
    ]

    per_file = [
        "| file | profile | pages | check s | full OCR s | RapidOCR s | OCRmyPDF s | check / full OCR | check / RapidOCR "
        "| check / OCRmyPDF |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for d in dossiers:
        check, ref, plain = d.results["check"].seconds, d.results["full"].seconds, d.results["stock"].seconds
        ocr = d.results.get("ocrmypdf")
        per_file.append(f"| {d.path.name} | {d.profile} | {d.pages} | {check:.1f} | {ref:.1f} | {plain:.1f} | "
                        f"{f'{ocr.seconds:.1f}' if ocr else '—'} | {check / ref:.2f} | {check / plain:.2f} | "
                        f"{f'{check / ocr.seconds:.2f}' if ocr else '—'} |")

    stage_table = [
        "| method | " + " | ".join(s.removesuffix("_s").replace("_", " ") for s in STAGES) + " | outside the review |",
        "|---|" + "---|" * (len(STAGES) + 1),
    ]
    methods = ("check", "batch", *(("baseline check", "baseline batch") if args.baseline else ()))
    for method in methods:
        means = {s: sum(d.timings[method].get(s, 0.0) for d in dossiers) / files for s in STAGES}
        if method.endswith("check"):
            outside = sum(d.results[method].seconds - d.timings[method].get("total_s", 0.0)
                          - d.timings[method].get("write_s", 0.0) for d in dossiers) / files
        else:  # two files are reviewed at once: the sum of their reviews may exceed the wall time
            outside = (batches[method].seconds - sum(d.timings[method].get("total_s", 0.0)
                                                     + d.timings[method].get("write_s", 0.0) for d in dossiers)) / files
        stage_table.append(f"| {method} (mean per file) | " + " | ".join(f"{means[s]:.1f}" for s in STAGES)
                           + f" | {outside:.1f} |")

    notes = []
    for profile in PROFILES:
        mine = [d for d in dossiers if d.profile == profile]
        check = sum(d.results["check"].seconds for d in mine)
        ref = sum(d.results["full"].seconds for d in mine)
        plain = sum(d.results["stock"].seconds for d in mine)
        ocr = sum(d.results["ocrmypdf"].seconds for d in mine) if problem is None else None
        notes.append(f"profile {profile}: {len(mine)} files, {sum(d.pages for d in mine)} pages; check / full OCR "
                     f"{check / ref:.2f}, check / RapidOCR as installed {check / plain:.2f}"
                     + (f", check / OCRmyPDF {check / ocr:.2f}" if ocr else ""))
    first = dossiers[0].results["check"].seconds
    rest = [d.results["check"].seconds for d in dossiers[1:]]
    if starting is not None:
        notes.append(f"the run's first command, a `check` of the first file, started the local Prefect server: "
                     f"{starting.seconds:.1f} s; the checks in the tables ran with it up (that file: {first:.1f} s)")
    elif rest:
        notes.append(f"the first `check` started the local Prefect server: {first:.1f} s, the others "
                     f"{sum(rest) / len(rest):.1f} s on average")
    notes.append(f"batch / full OCR {batch.seconds / full:.3f}; batch / sum of checks "
                 f"{batch.seconds / summed('check')[0]:.2f}")
    if args.baseline:
        notes.append(f"this code / baseline `{args.baseline_name}`: check {summed('check')[0] / summed('baseline check')[0]:.3f}, "
                     f"batch {batch.seconds / batches['baseline batch'].seconds:.3f} (same files, same run)")
    notes.append(f"load average at start {', '.join(f'{x:.1f}' for x in load_before)}, at the end "
                 f"{', '.join(f'{x:.1f}' for x in load_after)} (2 cores shared with other jobs: times are pessimistic)")

    return "\n".join([
        f"## Whole review end to end vs full-page OCR vs OCRmyPDF — {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {header}.",
        f"Versions: {versions()}.",
        f"Command: `bench/bench_endtoend.py --count {args.count} --pages {args.pages} --seed {args.seed}"
        f"{f' --baseline <checkout of {args.baseline_name}>' if args.baseline else ''}` "
        f"(`dossier synth` of both profiles, no defects).",
        "",
        *main_table,
        "",
        "Per file (× ratios are on the same file):",
        "",
        *per_file,
        "",
        "Seconds per stage (report.json `timings`; outside the review = wall time minus review and writing):",
        "",
        *stage_table,
        "",
        *[f"- {n}" for n in notes],
        "",
    ])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3, help="dossiers per profile")
    parser.add_argument("--pages", type=int, default=16, help="approximate pages per dossier (12–300)")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--no-ocrmypdf", action="store_true", help="skip the OCRmyPDF baseline")
    parser.add_argument("--no-write", action="store_true", help="print only, do not append to BENCHMARKS.md")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (corpus, reports)")
    parser.add_argument("--baseline", type=Path,
                        help="another checkout (e.g. a git worktree of an earlier commit) whose check and batch "
                             "run on the same files in the same run, for a before/after ratio")
    parser.add_argument("--run", help=argparse.SUPPRESS)
    parser.add_argument("--pdf", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline:
        args.baseline = args.baseline.resolve()
        args.baseline_name = subprocess.run(["git", "-C", str(args.baseline), "log", "-1", "--format=%h"],
                                            capture_output=True, text=True).stdout.strip() or args.baseline.name
    if args.run in ("full", "stock"):
        (run_full if args.run == "full" else run_stock)(args.pdf)
        return 0
    text = run(args)
    print("\n" + text)
    if not args.no_write:
        append_section(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
