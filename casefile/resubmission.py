"""What a resubmission changed, measured against the 补正 notice the applicant answered.

Each point of the notice is `resolved` when the machine no longer finds that defect (same
finding code, same material) in the new file, `open` when it still does, and `to_check`
when only a person can tell: a point the officer added, or a defect the machine now only
suspects (a `review` finding). Problems the new file has that the notice did not list are
`new`; those the officer had dismissed on an earlier version are listed apart, so a false
positive dismissed once is recognised when it comes back. The officer's next document is a
受理通知书, or a second notice listing what is still open.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from casefile.notice_items import Point
from kernel.models import Finding as MachineFinding

_COUNTED = ("error", "review")


@dataclass(frozen=True)
class PointStatus:
    number: int
    material: str
    problem: str
    status: str  # resolved | open | to_check
    evidence: list[str] = field(default_factory=list)  # the new file's findings that keep it open


@dataclass(frozen=True)
class ResubmissionDiff:
    notice_number: str | None
    points: list[PointStatus]
    new_problems: list[str]
    previously_dismissed: list[str]

    @property
    def resolved(self) -> int:
        return sum(p.status == "resolved" for p in self.points)

    def as_dict(self) -> dict:
        return {
            "notice_number": self.notice_number,
            "points": [p.__dict__ for p in self.points],
            "new_problems": self.new_problems,
            "previously_dismissed": self.previously_dismissed,
            "resolved": self.resolved,
        }


def _same_defect(point: Point, finding: MachineFinding) -> bool:
    return point.code is not None and finding.code == point.code and finding.item == point.item


def diff_against_notice(
    notice_number: str | None,
    points: list[Point],
    new_findings: list[MachineFinding],
    dismissed_before: list[tuple[str, str | None]],
) -> ResubmissionDiff:
    """`points`: the notice's points; `new_findings`: the machine's findings on the new file;
    `dismissed_before`: (code, item) of findings the officer dismissed on earlier versions."""
    counted = [f for f in new_findings if f.severity in _COUNTED]
    claimed: set[int] = set()
    statuses = []
    for number, point in enumerate(points, start=1):
        matches = [i for i, f in enumerate(counted) if _same_defect(point, f)]
        claimed.update(matches)
        if point.origin == "officer":
            status = "to_check"
        elif any(counted[i].severity == "error" for i in matches):
            status = "open"
        elif matches:
            status = "to_check"
        else:
            status = "resolved"
        statuses.append(PointStatus(number, point.material, point.problem, status, [counted[i].message for i in matches]))
    new, dismissed = [], []
    for i, finding in enumerate(counted):
        if i in claimed:
            continue
        (dismissed if (finding.code, finding.item) in dismissed_before else new).append(finding.message)
    return ResubmissionDiff(notice_number, statuses, new, dismissed)
