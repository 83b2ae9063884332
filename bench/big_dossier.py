"""Benchmark: one long dossier reviewed end to end, cold and warm, with time and memory.

    .venv/bin/python bench/big_dossier.py [--pages 200] [--seed 77] [--no-write]

Generates one factory dossier of `--pages` scanned pages (no defects). The local Prefect
server is started first, by a check of a one-page file timed apart (a user's first command
of the day pays it once; later commands find it running). Then `dossier check` runs on the
long file twice, as a user runs it (a fresh process each time): with a cold OCR cache, then
again with the cache it filled (a re-run after, say, a changed setting). Peak RSS is the
largest sum of RSS over the check's process tree, OCR workers included, the server not
(the same sampler as bench/bench_endtoend.py). Prints wall time, pages/s, peak RSS, the
report's per-stage `timings`, the verdict and findings, and appends them to BENCHMARKS.md.
The pages are never all in memory: each worker renders one page at a time and returns only
its text. Issue 17's targets: 200 pages ≤ 60 s, peak RSS ≤ 1.5 GB, warm re-run ≥ 10× faster.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_endtoend import base_env, measure, report_timings, stop_server  # noqa: E402  (siblings: bench/ is sys.path[0])
from benchlog import append_section, machine  # noqa: E402

STAGES = ("page_scan_s", "structure_s", "fields_s", "seals_s", "total_s", "write_s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--seed", type=int, default=77)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    from factory.corpus import generate_corpus

    work = Path(tempfile.mkdtemp(prefix="bench-big-"))
    env = base_env(work)
    server_record = work / "prefect" / "dossier-server" / "server.json"
    cli = [sys.executable, "-m", "flows.cli"]
    try:
        started = time.perf_counter()
        truth = json.loads(generate_corpus(work / "in", count=1, seed=args.seed, pages=args.pages).read_text(encoding="utf-8"))
        generated_s = time.perf_counter() - started
        entry = next(f for f in truth["files"] if f.get("kind") == "dossier")
        pdf = work / "in" / entry["filename"]

        tiny = work / "one-page.pdf"
        with pymupdf.open() as doc:
            doc.new_page()
            doc.save(tiny)
        server = measure([*cli, "check", str(tiny), "--out", str(work / "tiny")], env, server_record)

        cache = {**env, "DOSSIER_CACHE_DIR": str(work / "cache")}
        cold = measure([*cli, "check", str(pdf), "--out", str(work / "cold")], cache, server_record)
        warm = measure([*cli, "check", str(pdf), "--out", str(work / "warm")], cache, server_record)
        timings = {run: next(iter(report_timings(work / run).values()), {}) for run in ("cold", "warm")}
        report = json.loads(next((work / "cold").glob("*/report.json")).read_text(encoding="utf-8"))
    finally:
        stop_server(server_record)
        shutil.rmtree(work, ignore_errors=True)

    pages = entry["page_count"]
    findings = ", ".join(sorted(f["code"] for f in report["findings"])) or "none"
    section = "\n".join([
        f"## One long dossier, end to end, cold and warm — {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine()}. Command: `bench/big_dossier.py --pages {args.pages} --seed {args.seed}` "
        f"(factory dossier generated in {generated_s:.0f} s, {entry['scan']['dpi']} dpi; `dossier check`, a fresh "
        f"process each run; the local Prefect server started before, by a one-page check: {server.seconds:.1f} s).",
        "",
        "| run | pages | wall s | pages/s | peak RSS MB (check's tree, server not) | "
        + " | ".join(s.removesuffix("_s").replace("_", " ") for s in STAGES) + " |",
        "|---|---|---|---|---|" + "---|" * len(STAGES),
        *(f"| {run} OCR cache | {pages} | {m.seconds:.1f} | {pages / m.seconds:.2f} | {m.peak_mb:.0f} | "
          + " | ".join(f"{timings[run].get(s, 0):.1f}" for s in STAGES) + " |"
          for run, m in (("cold", cold), ("warm", warm))),
        "",
        f"- cold / warm: {cold.seconds / warm.seconds:.1f}×",
        f"- verdict {report['verdict']} (expected {entry['expected_verdict']}); findings: {findings}",
        *[f"- `{f['code']}` ({f['severity']}): {f['message']}" for f in report["findings"]],
        "",
    ])
    print(section)
    if not args.no_write:
        append_section(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
