"""End-to-end accuracy harness (`make accuracy`).

Generates a fresh factory corpus of either profile (`default`, or `wild`: dossiers drawn
as real applicants make them), runs `dossier batch` on it with a cold OCR cache as a
district officer would, and compares every report.json with the factory's truth:

- verdicts, with the contract's verdicts (`ineligible` where an eligibility error is expected);
- findings matched one to one by code, item (where the truth names one) and pages (they
  must overlap where the truth names pages); error precision and recall on `error` findings
  only, and recall/precision per code;
- `review` findings per dossier (the safety valve must stay rare);
- every key field the truth holds, through one explicit table of truth name → report field,
  both sides normalised (dates, numbers, names); per field the exact rate and how often
  the report lacks a value the truth holds;
- printed page numbers, and the applicant's unit name and credit code;
- the seal check on the pages it looked at: seals found (recall, precision, by overlapping
  boxes), the applicant's seals accepted as its own, other units' seals accepted (must be
  none), signature fields found signed or blank, and its seconds per page.

Prints a table and appends it to BENCHMARKS.md (not with `--no-append`); writes
`scores.json` and `misses.txt` next to the corpus.

    python bench/accuracy.py [--profile default|wild] [--count 36] [--seed 9001] [--defects all]
                             [--out bench-out/accuracy] [--no-append] [--rescore]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from benchlog import append_section, machine  # a sibling script: bench/ is sys.path[0]
from factory import ROUND_RECEIVED
from kernel.textnorm import written_name_key

ROOT = Path(__file__).resolve().parent.parent
PROFILES = ("default", "wild")
COMPARED_SEVERITIES = frozenset({"error", "warning"})  # `review` is counted apart, `info` is for the record


# --- key fields: truth name → report field -----------------------------------------------


def _latest_training(training: list[dict]) -> dict | None:
    return max(training, key=lambda row: row["year"]) if training else None


def latest_trainees(training: list[dict]) -> int | None:
    """The report's trainees_per_year is the latest year of the training table."""
    row = _latest_training(training)
    return row["trainees"] if row else None


def latest_senior_share(training: list[dict]) -> float | None:
    row = _latest_training(training)
    return round(row["senior"] / row["trainees"], 4) if row and row.get("trainees") else None


@dataclass(frozen=True)
class FieldPair:
    """One key fact: where the truth holds it, which report field should carry it, and how
    both are normalised before they are compared (`kind`, a key of NORMALISE)."""

    truth: str  # key of the truth's `fields` (the factory's names)
    report: str  # report field id; "carrier_type" is the report's top-level carrier_type
    kind: str
    derive: Callable | None = None  # truth value → the value the report holds
    carrier: str | None = None  # only for dossiers of this carrier type (its checklist names the field)


FIELD_PAIRS: tuple[FieldPair, ...] = (
    FieldPair("unit_name", "unit_name", "name"),
    FieldPair("credit_code", "credit_code", "code"),
    FieldPair("carrier_type", "carrier_type", "text"),
    FieldPair("legal_representative", "legal_representative", "text"),
    FieldPair("legal_representative", "licence_legal_representative", "text"),
    FieldPair("legal_rep_id", "legal_rep_id_number", "code"),
    FieldPair("address", "address", "text"),
    FieldPair("contact_person", "contact_person", "text"),
    FieldPair("phone", "phone", "phone"),
    FieldPair("application_date", "application_date", "date"),
    FieldPair("licence_name", "licence_name", "name"),
    FieldPair("licence_credit_code", "licence_credit_code", "code"),
    FieldPair("business_term", "licence_valid_until", "term_end"),
    FieldPair("venue_area", "venue_area", "number"),
    FieldPair("lease_end", "lease_end", "date"),
    FieldPair("master_name", "master_name", "text"),
    FieldPair("master_name", "master_certificate_name", "text"),
    FieldPair("master_id", "master_id_number", "code"),
    FieldPair("occupation", "master_occupation", "text"),
    FieldPair("skill_level", "master_skill_level", "level"),
    FieldPair("certificate_no", "master_certificate_no", "code"),
    FieldPair("training", "trainees_per_year", "number", latest_trainees, "training_base"),
    FieldPair("training", "senior_share", "share", latest_senior_share, "training_base"),
    FieldPair("training", "rural_trainees", "number", latest_trainees, "rural_station"),
    FieldPair("apprentices_per_year", "apprentices_per_year", "number"),
)
# Facts the truth holds that no report field carries (the product does not extract them).
NOT_EXTRACTED = frozenset({"established", "lessor", "lease_start"})

_DATE = re.compile(r"(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Skill levels, longest spelling first; the national grade numbers name the same levels.
_LEVELS = (("首席技师", "首席技师"), ("特级技师", "特级技师"), ("高级技师", "高级技师"), ("技师", "技师"),
           ("高级工", "高级工"), ("中级工", "中级工"), ("初级工", "初级工"), ("一级", "高级技师"),
           ("二级", "技师"), ("三级", "高级工"), ("四级", "中级工"), ("五级", "初级工"))


def _text(value) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))


def _date(value) -> str | None:
    m = _DATE.search(_text(value))
    return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}" if m else None


def _term_end(value) -> str | None:
    """"2019年06月09日至2049年06月09日" → "2049-06-09"; "…至长期" or "长期" → "长期"."""
    end = _text(value).split("至")[-1]
    return "长期" if "长期" in end else _date(end)


def _number(value) -> float | None:
    if isinstance(value, (int, float)):
        return float(value)
    m = _NUMBER.search(_text(value).replace(",", ""))
    return float(m[0]) if m else None


def _share(value) -> float | None:
    number = _number(value)
    if number is None:
        return None
    return round(number / 100 if isinstance(value, str) and "%" in value else number, 3)


def _level(value) -> str | None:
    text = _text(value)
    return next((level for spelling, level in _LEVELS if spelling in text), None)


NORMALISE: dict[str, Callable] = {
    "text": _text,
    "name": lambda v: written_name_key(str(v)),
    "code": lambda v: re.sub(r"[\s\-]", "", _text(v)).upper(),
    "phone": lambda v: re.sub(r"\D", "", str(v)),
    "date": _date,
    "term_end": _term_end,
    "number": _number,
    "share": _share,
    "level": _level,
}


def _held(value) -> bool:
    return value not in (None, "", [], {})


def _report_values(report: dict) -> dict:
    values = {f["id"]: f.get("value") for f in report.get("fields", []) if _held(f.get("value"))}
    if report.get("carrier_type"):
        values["carrier_type"] = report["carrier_type"]
    return values


def compare_fields(truth_fields: dict, report: dict) -> list[tuple[str, str, str]]:
    """(report field id, outcome, detail) for every pair the truth holds a value for;
    outcome is "exact", "wrong" or "lacking" (the report holds no value)."""
    got = _report_values(report)
    outcomes = []
    for pair in FIELD_PAIRS:
        if pair.carrier is not None and pair.carrier != truth_fields.get("carrier_type"):
            continue
        want = truth_fields.get(pair.truth)
        if pair.derive is not None and _held(want):
            want = pair.derive(want)
        if not _held(want):
            continue
        if pair.report not in got:
            outcomes.append((pair.report, "lacking", f"want {want!r}"))
            continue
        normalise = NORMALISE[pair.kind]
        same = normalise(got[pair.report]) == normalise(want)
        outcomes.append((pair.report, "exact" if same else "wrong", f"{got[pair.report]!r} != {want!r}"))
    return outcomes


def unmapped_truth_fields(truth_fields: dict) -> set[str]:
    """Truth keys with a value that the table above does not account for (a new factory fact)."""
    mapped = {pair.truth for pair in FIELD_PAIRS} | NOT_EXTRACTED
    return {name for name, value in truth_fields.items() if _held(value) and name not in mapped}


# --- findings ---------------------------------------------------------------------------


def finding_matches(expected: dict, reported: dict) -> bool:
    """Same code; the same item where the truth names one; overlapping pages where it names pages."""
    if expected["code"] != reported["code"]:
        return False
    if expected.get("item") and expected["item"] != reported.get("item"):
        return False
    return not expected.get("pages") or bool(set(expected["pages"]) & set(reported.get("pages") or []))


def pair_findings(expected: list[dict], reported: list[dict]) -> tuple[list[int], list[int]]:
    """Match one to one (each expected finding takes the first free reported one that
    matches); returns the indices of the expected findings found and of the reported ones
    that were expected."""
    taken: set[int] = set()
    found = []
    for i, exp in enumerate(expected):
        j = next((j for j, rep in enumerate(reported) if j not in taken and finding_matches(exp, rep)), None)
        if j is not None:
            taken.add(j)
            found.append(i)
    return found, sorted(taken)


def expected_verdict(truth_file: dict) -> str:
    """The truth's verdict, `ineligible` wherever an eligibility error is expected."""
    if any(f["code"].startswith("eligibility.") and f.get("severity", "error") == "error"
           for f in truth_file.get("expected_findings", [])):
        return "ineligible"
    return truth_file["expected_verdict"]


# --- the tally ----------------------------------------------------------------------------


@dataclass
class SealTally:
    """The seal check, on the pages it looked at (report.json `seals.pages`): seals matched
    to the truth's by overlapping boxes; names judged on the truth's whole seals; signature
    fields per page."""

    pages: int = 0
    seconds: float = 0.0
    truth_seals: int = 0
    found_seals: int = 0  # truth seals a reported seal overlaps
    reported_seals: int = 0
    correct_seals: int = 0  # reported seals that overlap a truth seal
    applicant_seals: int = 0  # whole applicant seals found
    applicant_accepted: int = 0
    other_seals: int = 0  # whole seals of other units found
    other_accepted: int = 0
    other_rejected: int = 0
    signed_pages: int = 0  # pages whose truth field is signed (and the report found a field)
    signed_found: int = 0
    reported_signed: int = 0
    reported_signed_right: int = 0
    unsigned_pages: int = 0
    unsigned_found: int = 0
    fields_not_found: int = 0  # pages with a truth signature field where the report found none


@dataclass
class Tally:
    files: int = 0
    dossiers: int = 0  # readable dossiers (truth kind "dossier")
    verdict_ok: int = 0
    verdicts: Counter = field(default_factory=Counter)  # (expected, reported)
    error_expected: int = 0
    error_found: int = 0
    error_reported: int = 0
    error_correct: int = 0
    expected: Counter = field(default_factory=Counter)  # per code, errors and warnings
    found: Counter = field(default_factory=Counter)
    reported: Counter = field(default_factory=Counter)
    correct: Counter = field(default_factory=Counter)
    reviews: Counter = field(default_factory=Counter)  # review findings per code
    reviews_per_file: list[int] = field(default_factory=list)
    field_exact: Counter = field(default_factory=Counter)
    field_wrong: Counter = field(default_factory=Counter)
    field_lacking: Counter = field(default_factory=Counter)
    unmapped: Counter = field(default_factory=Counter)
    numbers_total: int = 0
    numbers_ok: int = 0
    unnumbered_total: int = 0
    unnumbered_ok: int = 0
    applicants: int = 0
    unit_name_ok: int = 0
    credit_code_ok: int = 0
    seals: SealTally = field(default_factory=SealTally)
    misses: list[str] = field(default_factory=list)


def _by_severity(findings: list[dict], severities) -> list[dict]:
    return [f for f in findings if f.get("severity", "error") in severities]


def _describe(f: dict) -> str:
    return f"{f['code']} {f.get('item') or ''} {f.get('pages') or ''}".rstrip()


def compare(truth_file: dict, report: dict | None, tally: Tally) -> None:
    """Add one file's comparison to `tally`; `report` None when the file got no report."""
    name = truth_file["filename"]
    tally.files += 1
    want_verdict = expected_verdict(truth_file)
    got_verdict = report["verdict"] if report else "no report"
    tally.verdicts[(want_verdict, got_verdict)] += 1
    if got_verdict == want_verdict:
        tally.verdict_ok += 1
    else:
        tally.misses.append(f"{name}: verdict {got_verdict} != {want_verdict}")
    reported_all = report.get("findings", []) if report else []

    expected_errors = _by_severity(truth_file.get("expected_findings", []), {"error"})
    reported_errors = _by_severity(reported_all, {"error"})
    found, correct = pair_findings(expected_errors, reported_errors)
    tally.error_expected += len(expected_errors)
    tally.error_found += len(found)
    tally.error_reported += len(reported_errors)
    tally.error_correct += len(correct)
    tally.misses += [f"{name}: missed error {_describe(e)}" for i, e in enumerate(expected_errors) if i not in found]
    tally.misses += [f"{name}: false error {_describe(r)}: {r['message']}"
                     for j, r in enumerate(reported_errors) if j not in correct]

    expected = _by_severity(truth_file.get("expected_findings", []), COMPARED_SEVERITIES)
    reported = _by_severity(reported_all, COMPARED_SEVERITIES)
    found, correct = pair_findings(expected, reported)
    for i, exp in enumerate(expected):
        tally.expected[exp["code"]] += 1
        tally.found[exp["code"]] += i in found
    for j, rep in enumerate(reported):
        tally.reported[rep["code"]] += 1
        tally.correct[rep["code"]] += j in correct

    reviews = _by_severity(reported_all, {"review"})
    tally.reviews_per_file.append(len(reviews))
    for r in reviews:
        tally.reviews[r["code"]] += 1
        tally.misses.append(f"{name}: review {_describe(r)}: {r['message']}")

    if truth_file.get("kind") != "dossier" or report is None:
        return
    tally.dossiers += 1
    if (truth_file.get("split") or {}).get("part", 1) > 1:
        return  # a later part of a split dossier: its 申报表 and applicant are in the first part
    _compare_applicant(truth_file, report, tally)
    for field_id, outcome, detail in compare_fields(truth_file.get("fields") or {}, report):
        getattr(tally, f"field_{outcome}")[field_id] += 1
        if outcome != "exact":
            tally.misses.append(f"{name}: field {field_id} {outcome}: {detail}")
    for unmapped in unmapped_truth_fields(truth_file.get("fields") or {}):
        tally.unmapped[unmapped] += 1
    _compare_page_numbers(truth_file, report, tally)
    compare_seals(truth_file, report, tally.seals, tally.misses)


def _compare_applicant(truth_file: dict, report: dict, tally: Tally) -> None:
    applicant = report.get("applicant") or {}
    tally.applicants += 1
    name_ok = bool(applicant.get("unit_name")) and written_name_key(applicant["unit_name"]) == written_name_key(
        truth_file["unit_name"])
    code_ok = NORMALISE["code"](applicant.get("credit_code") or "") == NORMALISE["code"](truth_file["credit_code"] or "")
    tally.unit_name_ok += name_ok
    tally.credit_code_ok += code_ok
    if not name_ok or not code_ok:
        tally.misses.append(f"{truth_file['filename']}: applicant {applicant.get('unit_name')!r} "
                            f"{applicant.get('credit_code')!r} != {truth_file['unit_name']!r} {truth_file['credit_code']!r}")


def _compare_page_numbers(truth_file: dict, report: dict, tally: Tally) -> None:
    printed = (report.get("pagination") or {}).get("printed", [])
    for page in truth_file.get("pages", []):
        if page.get("role") == "blank":
            continue
        got = printed[page["index"] - 1] if page["index"] - 1 < len(printed) else None
        if page.get("printed_number") is None:
            tally.unnumbered_total += 1
            tally.unnumbered_ok += got is None
        else:
            tally.numbers_total += 1
            ok = got == page["printed_number"]
            tally.numbers_ok += ok
            if not ok:
                tally.misses.append(f"{truth_file['filename']}: page {page['index']} number {got} != {page['printed_number']}")


def _overlap(a: list[float], b: list[float]) -> float:
    """How much two boxes overlap, as a share of the smaller one; 0 under a third."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    share = w * h / smaller if w > 0 and h > 0 and smaller > 0 else 0.0
    return share if share >= 1 / 3 else 0.0


def _pair_seals(want: list[dict], got: list[dict]) -> dict[int, int]:
    """Truth seal → reported seal, the most overlapping pairs first: two seals stamped over
    each other both overlap the larger one's report, which belongs to the one it covers most."""
    pairs = sorted(((_overlap(seal["box"], s["box"]), i, k) for i, seal in enumerate(want) for k, s in enumerate(got)),
                   reverse=True)
    paired: dict[int, int] = {}
    for share, i, k in pairs:
        if share and i not in paired and k not in paired.values():
            paired[i] = k
    return paired


def compare_seals(truth_file: dict, report: dict, tally: SealTally, misses: list[str]) -> None:
    """Seals and signature fields on the pages the report's seal check looked at."""
    checked = report.get("seals") or {}
    pages = set(checked.get("pages") or [])
    if not pages:
        return
    name = truth_file["filename"]
    tally.pages += len(pages)
    tally.seconds += (report.get("timings") or {}).get("seals_s", 0.0)
    by_page = {p["index"]: p for p in truth_file.get("pages", [])}
    reported = [s for s in checked.get("seals", []) if s["shape"] != "square"]  # name seals stand for signatures
    for page in sorted(pages):
        truth = by_page.get(page, {})
        want = truth.get("seals", [])
        got = [s for s in reported if s["page"] == page]
        paired = _pair_seals(want, got)
        taken = set(paired.values())
        for i, seal in enumerate(want):
            k = paired.get(i)
            tally.truth_seals += 1
            if k is None:
                misses.append(f"{name}: page {page} seal not found: {seal['text']} ({seal['colour']}, {seal['shape']})")
                continue
            tally.found_seals += 1
            if seal.get("edge"):
                continue
            accepted = got[k].get("matches_applicant") is True
            if seal["is_applicant"]:
                tally.applicant_seals += 1
                tally.applicant_accepted += accepted
                if not accepted:
                    misses.append(f"{name}: page {page} applicant seal not accepted: read {got[k].get('text')!r}")
            else:
                tally.other_seals += 1
                tally.other_accepted += accepted
                tally.other_rejected += got[k].get("matches_applicant") is False
                if accepted:
                    misses.append(f"{name}: page {page} other unit's seal accepted: {seal['text']} read {got[k].get('text')!r}")
        tally.reported_seals += len(got)
        tally.correct_seals += len(taken)
        misses += [f"{name}: page {page} false seal at {s['box']}" for k, s in enumerate(got) if k not in taken]
        fields = [f for f in checked.get("signatures", []) if f["page"] == page]
        if not truth.get("signatures"):
            continue
        if not fields:
            tally.fields_not_found += 1
            misses.append(f"{name}: page {page} signature field not found")
            continue
        signed = any(f["present"] for f in truth["signatures"])
        said = any(f["present"] for f in fields)
        if signed:
            tally.signed_pages += 1
            tally.signed_found += said
        else:
            tally.unsigned_pages += 1
            tally.unsigned_found += not said
        tally.reported_signed += said
        tally.reported_signed_right += said and signed
        if said != signed:
            misses.append(f"{name}: page {page} signature {'present' if signed else 'absent'}, reported otherwise")


# --- the table ----------------------------------------------------------------------------


def _pct(num: int, den: int) -> str:
    return f"{100 * num / den:.1f}% ({num}/{den})" if den else "–"


def _rate(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def scores(tally: Tally) -> dict:
    """The headline numbers, for scores.json and the issue's targets."""
    reviews = sum(tally.reviews_per_file)
    return {
        "files": tally.files,
        "dossiers": tally.dossiers,
        "verdict_accuracy": _rate(tally.verdict_ok, tally.files),
        "error_precision": _rate(tally.error_correct, tally.error_reported),
        "error_recall": _rate(tally.error_found, tally.error_expected),
        "review_findings": reviews,
        "review_per_3_files": round(3 * reviews / tally.files, 3) if tally.files else None,
        "printed_page_numbers": _rate(tally.numbers_ok, tally.numbers_total),
        "unit_name": _rate(tally.unit_name_ok, tally.applicants),
        "credit_code": _rate(tally.credit_code_ok, tally.applicants),
        "fields": {f: _rate(tally.field_exact[f], tally.field_exact[f] + tally.field_wrong[f] + tally.field_lacking[f])
                   for f in _field_ids(tally)},
        "fields_lacking": sum(tally.field_lacking.values()),
        "seal_recall": _rate(tally.seals.found_seals, tally.seals.truth_seals),
        "seal_precision": _rate(tally.seals.correct_seals, tally.seals.reported_seals),
        "seal_name_accepted": _rate(tally.seals.applicant_accepted, tally.seals.applicant_seals),
        "other_seals_accepted": tally.seals.other_accepted,
        "signature_recall": _rate(tally.seals.signed_found, tally.seals.signed_pages),
        "signature_precision": _rate(tally.seals.reported_signed_right, tally.seals.reported_signed),
        "seal_seconds_per_page": round(tally.seals.seconds / tally.seals.pages, 3) if tally.seals.pages else None,
    }


def _field_ids(tally: Tally) -> list[str]:
    held = set(tally.field_exact) | set(tally.field_wrong) | set(tally.field_lacking)
    return list(dict.fromkeys(pair.report for pair in FIELD_PAIRS if pair.report in held))


def render_table(tally: Tally, meta: dict) -> str:
    reviews = sum(tally.reviews_per_file)
    lines = [
        f"## Accuracy — {meta['profile']} profile, {meta['date']}",
        "",
        f"Machine: {meta['machine']}. Corpus: `dossier synth --profile {meta['profile']}`, {meta['count']} files "
        f"({tally.dossiers} readable dossiers), seed {meta['seed']}, defects {meta['defects']}, with bad files; "
        f"{meta.get('cache', 'cold')} OCR cache. `dossier batch` took {meta['seconds']:.0f} s. Findings match by code, item and pages."
        if meta["seconds"] == meta["seconds"] else "rescored from an earlier run's reports (batch not timed).",
        "",
        "| measure | value |",
        "|---|---|",
        f"| verdict accuracy | {_pct(tally.verdict_ok, tally.files)} |",
        f"| error precision (severity error) | {_pct(tally.error_correct, tally.error_reported)} |",
        f"| error recall (severity error) | {_pct(tally.error_found, tally.error_expected)} |",
        f"| `review` findings | {reviews} in {tally.files} files: "
        f"{3 * reviews / tally.files if tally.files else 0:.2f} per 3 files; "
        f"{sum(1 for n in tally.reviews_per_file if n)} files with any, at most {max(tally.reviews_per_file, default=0)} in one |",
        f"| printed page numbers read | {_pct(tally.numbers_ok, tally.numbers_total)} |",
        f"| unnumbered pages left unnumbered | {_pct(tally.unnumbered_ok, tally.unnumbered_total)} |",
        f"| unit name (applicant) | {_pct(tally.unit_name_ok, tally.applicants)} |",
        f"| credit code (applicant) | {_pct(tally.credit_code_ok, tally.applicants)} |",
        f"| key fields exact (all) | {_pct(sum(tally.field_exact.values()), sum(tally.field_exact.values()) + sum(tally.field_wrong.values()) + sum(tally.field_lacking.values()))} |",
        f"| key fields the truth holds and the report lacks | {sum(tally.field_lacking.values())} |",
        "",
        "| verdict expected → reported | files |",
        "|---|---|",
    ]
    for (want, got), n in sorted(tally.verdicts.items()):
        lines.append(f"| {want} → {got} | {n} |")
    lines += ["", "| report field | exact | wrong | lacking |", "|---|---|---|---|"]
    for field_id in _field_ids(tally):
        total = tally.field_exact[field_id] + tally.field_wrong[field_id] + tally.field_lacking[field_id]
        lines.append(f"| `{field_id}` | {_pct(tally.field_exact[field_id], total)} | {tally.field_wrong[field_id]} "
                     f"| {tally.field_lacking[field_id]} |")
    if tally.unmapped:
        lines.append(f"\nTruth fields with no report field in the harness's table: "
                     f"{', '.join(f'`{k}` ({n})' for k, n in sorted(tally.unmapped.items()))}.")
    lines += ["", "| code (error and warning) | recall | precision |", "|---|---|---|"]
    for code in sorted(set(tally.expected) | set(tally.reported)):
        lines.append(f"| `{code}` | {_pct(tally.found[code], tally.expected[code])} "
                     f"| {_pct(tally.correct[code], tally.reported[code])} |")
    if tally.reviews:
        lines += ["", "| `review` finding | count |", "|---|---|"]
        lines += [f"| `{code}` | {n} |" for code, n in sorted(tally.reviews.items())]
    lines += seal_table(tally.seals)
    return "\n".join(lines) + "\n"


def seal_table(seals: SealTally) -> list[str]:
    if not seals.pages:
        return []
    per_page = f"{seals.seconds / seals.pages:.2f} s" if seals.pages else "–"
    return [
        "", f"Seal check, on the {seals.pages} pages it looked at ({per_page} a page, `timings.seals_s`):", "",
        "| seals and signatures | value |", "|---|---|",
        f"| seals found (recall) | {_pct(seals.found_seals, seals.truth_seals)} |",
        f"| reported seals that are seals (precision) | {_pct(seals.correct_seals, seals.reported_seals)} |",
        f"| applicant's whole seals accepted as the applicant's | {_pct(seals.applicant_accepted, seals.applicant_seals)} |",
        f"| other units' whole seals accepted as the applicant's (must be 0) | {seals.other_accepted} of {seals.other_seals} "
        f"({seals.other_rejected} called another unit's) |",
        f"| signed fields found signed (recall) | {_pct(seals.signed_found, seals.signed_pages)} |",
        f"| fields reported signed that are (precision) | {_pct(seals.reported_signed_right, seals.reported_signed)} |",
        f"| unsigned fields found unsigned | {_pct(seals.unsigned_found, seals.unsigned_pages)} |",
        f"| pages with a signature field the check did not find | {seals.fields_not_found} |",
    ]


# --- the run ------------------------------------------------------------------------------


def _reports_by_filename(reports: Path) -> dict[str, dict]:
    """Reports keyed by the input file they describe (report folders may be renamed)."""
    by_name = {}
    for path in reports.glob("*/report.json"):
        report = json.loads(path.read_text(encoding="utf-8"))
        by_name[report["source"]["filename"]] = report
    return by_name


def _generate_and_review(args: argparse.Namespace, run_dir: Path) -> tuple[str, float, str]:
    """`dossier synth` then `dossier batch`; the machine line, the batch's seconds and how
    cold the OCR cache was.

    The OCR cache is cold and thrown away, unless `--cache` names one to keep for a development
    loop (review the same corpus again after a code change, `--reuse-corpus`). A kept cache that
    held nothing when the batch started still makes a cold measurement; one that held readings
    does not, and the table says so."""
    inbox, reports = run_dir / "inbox", run_dir / "reports"
    dossier = [sys.executable, "-m", "flows.cli"]
    if args.reuse_corpus and (inbox / "truth.json").exists():
        shutil.rmtree(reports, ignore_errors=True)
    else:
        shutil.rmtree(run_dir, ignore_errors=True)  # this run's own folder: a stale corpus would mix in
        synth = dossier + ["synth", "--profile", args.profile, "--out", str(inbox), "--count", str(args.count),
                           "--seed", str(args.seed), "--bad-files"]
        subprocess.run(synth + (["--defects", args.defects] if args.defects else []), check=True)

    busy = machine()  # how loaded the machine is as the timed part starts
    kept = args.cache is not None
    cache = args.cache if kept else Path(tempfile.mkdtemp(prefix="dossier-accuracy-cache-"))
    was_empty = not cache.exists() or not any(cache.iterdir())
    label = ("cold" if not kept else "cold (kept afterwards for a development loop)" if was_empty
             else "kept (development loop)")
    # The factory's dossiers are of the 2023 round: judge validity on the day it closed.
    env = {**os.environ, "DOSSIER_REVIEW_DATE": ROUND_RECEIVED.isoformat(), "DOSSIER_CACHE_DIR": str(cache)}
    started = time.perf_counter()
    try:
        subprocess.run(dossier + ["batch", str(inbox), "--out", str(reports)], check=True, env=env)
    finally:
        if not kept:
            shutil.rmtree(cache, ignore_errors=True)
    return busy, time.perf_counter() - started, label


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=PROFILES, default="default")
    parser.add_argument("--count", type=int, default=36)
    parser.add_argument("--seed", type=int, default=9001)
    parser.add_argument("--defects", default=None,
                        help="passed to `dossier synth --defects` (e.g. all); default: the factory's own mix")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out" / "accuracy")
    parser.add_argument("--no-append", action="store_true", help="do not append to BENCHMARKS.md")
    parser.add_argument("--rescore", action="store_true",
                        help="score the reports already in the run's folder again, without generating or reviewing")
    parser.add_argument("--cache", type=Path, default=None,
                        help="keep the OCR cache in this folder (development loop; not a cold-cache measurement)")
    parser.add_argument("--reuse-corpus", action="store_true",
                        help="review the corpus already in the run's folder again instead of generating it")
    args = parser.parse_args()

    run_dir = args.out / f"{args.profile}-seed{args.seed}-n{args.count}"
    if args.rescore:
        busy, seconds, cache_label = machine(), float("nan"), "as when the reports were made"
    else:
        busy, seconds, cache_label = _generate_and_review(args, run_dir)

    truth = json.loads((run_dir / "inbox" / "truth.json").read_text(encoding="utf-8"))
    tally = Tally()
    report_for = _reports_by_filename(run_dir / "reports")
    for truth_file in truth["files"]:
        report = report_for.get(truth_file["filename"])
        if report is None:
            tally.misses.append(f"{truth_file['filename']}: no report")
        compare(truth_file, report, tally)

    meta = {
        "profile": args.profile,
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
        "machine": busy,
        "count": len(truth["files"]),
        "seed": args.seed,
        "defects": args.defects or "the factory's mix",
        "seconds": seconds,
        "cache": cache_label,
    }
    table = render_table(tally, meta)
    print(table)
    print("\n".join(tally.misses[:200]))
    (run_dir / "misses.txt").write_text("\n".join(tally.misses) + "\n", encoding="utf-8")
    (run_dir / "scores.json").write_text(json.dumps({**meta, **scores(tally)}, ensure_ascii=False, indent=1),
                                         encoding="utf-8")
    if not args.no_append:
        append_section(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
