"""The one order of a batch: review every file, then the checks across files, then write.

`check`, `batch`, `watch` and the Prefect flows all go through here, so one applicant's
dossier split over two files gets `file.split` whichever way the files arrived. Reviewing
and writing are handed in by the caller (the Prefect flows run each as a task or flow run);
the order is not: a report folder is written once, after every cross-file check has
settled its findings and verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from outputs.batch import write_batch_outputs
from outputs.report_names import batch_dir_names
from pipeline.batch_checks import apply_split_findings, find_split_files
from kernel.models import Report, verdict_for

# Review each file: a report, or the reason (Chinese) the tool could not review it.
ReviewAll = Callable[[Sequence[Path], Sequence[str]], dict[Path, "Report | str"]]
WriteOne = Callable[[Report, Path, Path], Path]


@dataclass
class Reviewed:
    pdf_path: Path
    report_dir: Path
    report: Report


@dataclass
class BatchResult:
    files: int
    reviewed: list[Reviewed] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # file name → why it could not be reviewed


def review_batch(paths: Sequence[Path], out_dir: Path, review_all: ReviewAll, write_one: WriteOne) -> BatchResult:
    """Review `paths` into `out_dir/<name>/` and write the batch's register and index."""
    names = batch_dir_names([p.name for p in paths])
    outcomes = review_all(paths, names)
    result = BatchResult(files=len(paths))
    for path, name in zip(paths, names):
        outcome = outcomes[path]
        if isinstance(outcome, Report):
            result.reviewed.append(Reviewed(path, out_dir / name, outcome))
        else:
            result.failed[path.name] = outcome
    settle_across_files([r.report for r in result.reviewed])
    for reviewed in result.reviewed:
        write_one(reviewed.report, reviewed.pdf_path, reviewed.report_dir)
    write_batch_outputs([(r.report, r.report_dir) for r in result.reviewed], out_dir)
    return result


def settle_across_files(reports: Sequence[Report]) -> list[int]:
    """Apply the checks that need more than one file (`file.split`) to `reports` in place.

    Returns the positions of the reports that changed, so a caller holding reports already
    written (the watcher) rewrites only those. Settling twice changes nothing more. A file
    that could not be opened says nothing of what it holds: it is reported unreadable on its
    own, and is no part of a split dossier (a renamed photo named like a dossier of the batch
    would otherwise put `file.split` on that dossier).
    """
    split = find_split_files([(r.source.filename, r.applicant.unit_name, r.applicant.credit_code) for r in reports
                              if r.verdict != "unreadable"])
    changed = []
    for position, report in enumerate(reports):
        extra = split.get(report.source.filename)
        if not extra or any(f.code == "file.split" and f.message == extra[0].message for f in report.findings):
            continue
        report.findings = apply_split_findings([f for f in report.findings if f.code != "file.split"], extra)
        report.verdict = verdict_for(report.findings, unreadable=report.verdict == "unreadable")
        changed.append(position)
    return changed
