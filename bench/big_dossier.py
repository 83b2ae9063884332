"""Benchmark: one very long dossier reviewed end to end, to show time and memory stay bounded.

    .venv/bin/python bench/big_dossier.py [--pages 1000] [--seed 77]

Generates one factory dossier of `--pages` scanned pages (no defects), then runs
`dossier check` on it as a child with a cold OCR cache, sampling the summed RSS of the
child and its OCR workers (the same sampler as the load test). Prints wall time, pages/s,
peak RSS, the verdict and the findings, and appends them to BENCHMARKS.md. The pages are
never all in memory: each worker renders one page at a time and returns only its text.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchlog import append_section, machine  # noqa: E402  (a sibling script: bench/ is sys.path[0])
from load_watch import TreeRss  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=77)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    from factory.corpus import generate_corpus

    with tempfile.TemporaryDirectory(prefix="bench-big-") as work:
        folder = Path(work)
        started = time.perf_counter()
        truth = json.loads(generate_corpus(folder / "in", count=1, seed=args.seed, pages=args.pages).read_text(encoding="utf-8"))
        generated_s = time.perf_counter() - started
        entry = next(f for f in truth["files"] if f.get("kind") == "dossier")
        pdf = folder / "in" / entry["filename"]
        env = {**os.environ, "DOSSIER_CACHE_DIR": str(folder / "cache"), "DOSSIER_REVIEW_DATE": "2023-06-30"}
        started = time.perf_counter()
        child = subprocess.Popen([str(Path(sys.executable).parent / "dossier"), "check", str(pdf), "--out", str(folder / "out")],
                                 env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        memory = TreeRss(child.pid)
        code = child.wait()
        wall = time.perf_counter() - started
        memory.stop()
        if code:
            raise SystemExit(f"dossier check 退出码 {code}")
        report = json.loads(next((folder / "out").glob("*/report.json")).read_text(encoding="utf-8"))

    pages = entry["page_count"]
    findings = ", ".join(sorted(f["code"] for f in report["findings"])) or "none"
    section = "\n".join([
        f"## One long dossier, end to end — {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine()}. Command: `bench/big_dossier.py --pages {args.pages}` "
        f"(factory dossier generated in {generated_s:.0f} s, {entry['scan']['dpi']} dpi, cold OCR cache, `dossier check`).",
        "",
        "| pages | wall s | pages/s | peak RSS MB (process tree) | verdict | findings | expected |",
        "|---|---|---|---|---|---|---|",
        f"| {pages} | {wall:.0f} | {pages / wall:.2f} | {memory.peak_mb:.0f} | {report['verdict']} | {findings} | "
        f"{entry['expected_verdict']} |",
        "",
        *[f"- `{f['code']}` ({f['severity']}): {f['message']}" for f in report["findings"]],
        "",
    ])
    print(section)
    if not args.no_write:
        append_section(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
