"""End-to-end accuracy harness (`make accuracy`).

Generates a fresh factory corpus with a seed no test uses, runs `dossier batch` on it as a
district officer would, and compares every report.json with the factory's truth: verdict
accuracy, finding recall and precision per code, key-field exact-match rates and printed
page-number accuracy. Prints a table and appends it to BENCHMARKS.md.

    python bench/accuracy.py [--count 36] [--seed 9001] [--out bench-out/accuracy] [--no-append]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from benchlog import append_section  # a sibling script: bench/ is sys.path[0]
from factory import ROUND_RECEIVED
from pipeline.textnorm import unit_name_key

ROOT = Path(__file__).resolve().parent.parent
FIELDS_COMPARED = ("unit_name", "credit_code", "legal_representative", "master_id_number")
TRUTH_FIELD_FOR = {"master_id_number": "master_id"}


@dataclass
class Tally:
    verdict_ok: int = 0
    dossiers: int = 0
    expected: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)  # expected findings that were reported
    reported: Counter = field(default_factory=Counter)
    correct: Counter = field(default_factory=Counter)  # reported findings that were expected
    field_total: Counter = field(default_factory=Counter)
    field_exact: Counter = field(default_factory=Counter)
    numbers_total: int = 0
    numbers_ok: int = 0
    unnumbered_total: int = 0
    unnumbered_ok: int = 0
    misses: list[str] = field(default_factory=list)


def _matches(expected: dict, reported: dict) -> bool:
    """Same code, and the same item where the truth names one."""
    if expected["code"] != reported["code"]:
        return False
    return not expected.get("item") or expected.get("item") == reported.get("item")


def compare(truth_file: dict, report: dict, tally: Tally) -> None:
    name = truth_file["filename"]
    tally.dossiers += 1
    if report["verdict"] == truth_file["expected_verdict"]:
        tally.verdict_ok += 1
    else:
        tally.misses.append(f"{name}: verdict {report['verdict']} != {truth_file['expected_verdict']}")

    expected = truth_file.get("expected_findings", [])
    reported = report.get("findings", [])
    for exp in expected:
        tally.expected[exp["code"]] += 1
        if any(_matches(exp, rep) for rep in reported):
            tally.found[exp["code"]] += 1
        else:
            tally.misses.append(f"{name}: missed {exp['code']} {exp.get('item') or ''} {exp.get('pages') or ''}")
    for rep in reported:
        tally.reported[rep["code"]] += 1
        if any(_matches(exp, rep) for exp in expected):
            tally.correct[rep["code"]] += 1
        else:
            tally.misses.append(f"{name}: false {rep['code']} {rep.get('item') or ''}: {rep['message']}")

    if truth_file.get("kind") != "dossier":
        return
    later_part = (truth_file.get("split") or {}).get("part", 1) > 1  # its 申报表 is in the first part
    values = {f["id"]: f.get("value") for f in report.get("fields", [])}
    for field_id in FIELDS_COMPARED:
        want = (truth_file.get("fields") or {}).get(TRUTH_FIELD_FOR.get(field_id, field_id))
        if not want or later_part:
            continue
        tally.field_total[field_id] += 1
        got = values.get(field_id)
        # Bracket width and spaces are how a name is typed, not what it says (textnorm.unit_name_key).
        same = unit_name_key(got) == unit_name_key(want) if field_id == "unit_name" and got else got == want
        if same:
            tally.field_exact[field_id] += 1
        else:
            tally.misses.append(f"{name}: field {field_id} {values.get(field_id)!r} != {want!r}")

    printed = report.get("pagination", {}).get("printed", [])
    for page in truth_file.get("pages", []):
        got = printed[page["index"] - 1] if page["index"] - 1 < len(printed) else None
        if page.get("role") == "blank":
            continue
        if page.get("printed_number") is None:
            tally.unnumbered_total += 1
            tally.unnumbered_ok += got is None
        else:
            tally.numbers_total += 1
            tally.numbers_ok += got == page["printed_number"]


def _pct(num: int, den: int) -> str:
    return f"{100 * num / den:.1f}% ({num}/{den})" if den else "–"


def render_table(tally: Tally, meta: dict) -> str:
    lines = [
        f"## Accuracy — {meta['date']}",
        "",
        f"Machine: {meta['machine']}. Corpus: {meta['count']} factory dossiers, seed {meta['seed']}, "
        f"all three carrier types, with injected defects and bad files. `dossier batch` took {meta['seconds']:.0f} s.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| verdict accuracy | {_pct(tally.verdict_ok, tally.dossiers)} |",
        f"| finding recall (all codes) | {_pct(sum(tally.found.values()), sum(tally.expected.values()))} |",
        f"| finding precision (all codes) | {_pct(sum(tally.correct.values()), sum(tally.reported.values()))} |",
    ]
    for field_id in FIELDS_COMPARED:
        lines.append(f"| field `{field_id}` exact | {_pct(tally.field_exact[field_id], tally.field_total[field_id])} |")
    lines += [
        f"| printed page numbers read | {_pct(tally.numbers_ok, tally.numbers_total)} |",
        f"| unnumbered pages left unnumbered | {_pct(tally.unnumbered_ok, tally.unnumbered_total)} |",
        "",
        "| code | recall | precision |",
        "|---|---|---|",
    ]
    for code in sorted(set(tally.expected) | set(tally.reported)):
        lines.append(
            f"| `{code}` | {_pct(tally.found[code], tally.expected[code])} | {_pct(tally.correct[code], tally.reported[code])} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=36)
    parser.add_argument("--seed", type=int, default=9001)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out" / "accuracy")
    parser.add_argument("--no-append", action="store_true", help="do not append to BENCHMARKS.md")
    args = parser.parse_args()

    inbox, reports = args.out / "inbox", args.out / "reports"
    dossier = [sys.executable, "-m", "flows.cli"]
    subprocess.run(
        dossier + ["synth", "--out", str(inbox), "--count", str(args.count), "--seed", str(args.seed),
                   "--defects", "all", "--bad-files"],
        check=True,
    )
    started = time.perf_counter()
    # The factory's dossiers are of the 2023 round: judge validity on the day it closed.
    env = {**os.environ, "DOSSIER_REVIEW_DATE": ROUND_RECEIVED.isoformat()}
    subprocess.run(dossier + ["batch", str(inbox), "--out", str(reports)], check=True, env=env)
    seconds = time.perf_counter() - started

    truth = json.loads((inbox / "truth.json").read_text(encoding="utf-8"))
    tally = Tally()
    report_for = _reports_by_filename(reports)
    for truth_file in truth["files"]:
        report_path = report_for.get(truth_file["filename"])
        if report_path is None:
            tally.dossiers += 1
            tally.misses.append(f"{truth_file['filename']}: no report")
            continue
        compare(truth_file, json.loads(report_path.read_text(encoding="utf-8")), tally)

    meta = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
        "machine": f"{platform.node()} {platform.machine()}, {os.cpu_count()} cores",
        "count": len(truth["files"]),
        "seed": args.seed,
        "seconds": seconds,
    }
    table = render_table(tally, meta)
    print(table)
    print("\n".join(tally.misses[:200]))
    (args.out / "misses.txt").write_text("\n".join(tally.misses) + "\n", encoding="utf-8")
    if not args.no_append:
        append_section(table)
    return 0


def _reports_by_filename(reports: Path) -> dict[str, Path]:
    """report.json paths keyed by the input file they describe (report folders may be renamed)."""
    return {
        json.loads(path.read_text(encoding="utf-8"))["source"]["filename"]: path
        for path in reports.glob("*/report.json")
    }


if __name__ == "__main__":
    sys.exit(main())
