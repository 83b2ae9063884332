"""The legal clocks of one case, counted in working days on the official calendar.

- 行政许可法 第三十二条 (applied by reference in the round's notice): a 补正 notice goes out
  within 5 days of receipt, counted in working days (第八十二条); after that the application
  counts as accepted from the day it was received. The clock runs from the received date
  the staff confirmed, the day of receipt not counted.
- The 补正 deadline runs from 送达 (service on the applicant), N working days, the day of
  service not counted; N is the district's `deadline_working_days`. When it has passed and
  no new submission came in, the application counts as withdrawn (视为撤回).
- The round ends with a 5-working-day 公示 that must end by the day the district reports
  to the city; a case whose 补正 deadline falls after the last day a 公示 can start cannot
  finish in time.

Everything here is a pure function of dates, so the service, the CLI and the web pages
show the same clock, and tests pin `today`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from checklists.calendar import WorkCalendar

NOTICE_LIMIT_WORKING_DAYS = 5  # 行政许可法 第三十二条: 五日内一次告知 (第八十二条: working days)
PUBLICITY_WORKING_DAYS = 5  # 深人社函〔2023〕110号 四（五）: 公示5个工作日


@dataclass(frozen=True)
class CaseFacts:
    """The dates a case's clock is computed from (those of its latest submission)."""

    received_on: date
    answered_on: date | None = None  # a 补正 notice or a decision on acceptance was issued
    correction_served_on: date | None = None  # 送达 of the latest 补正 notice
    resubmitted_on: date | None = None  # a newer submission received after that notice
    decided: bool = False  # the latest submission has an issued acceptance or refusal


@dataclass(frozen=True)
class CaseClock:
    received_on: date
    notice_due: date  # last day to issue a 补正 notice
    correction_deadline: date | None
    latest_publicity_start: date
    deemed_withdrawn: bool
    late_for_round: bool
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "received_on": self.received_on.isoformat(),
            "notice_due": self.notice_due.isoformat(),
            "correction_deadline": self.correction_deadline.isoformat() if self.correction_deadline else None,
            "latest_publicity_start": self.latest_publicity_start.isoformat(),
            "deemed_withdrawn": self.deemed_withdrawn,
            "late_for_round": self.late_for_round,
            "warnings": list(self.warnings),
        }


def latest_publicity_start(report_by: date, calendar: WorkCalendar, days: int = PUBLICITY_WORKING_DAYS) -> date:
    """The last day a `days`-working-day 公示 (its first day counted) can start and still end
    on or before `report_by`."""
    day, counted = report_by, 0
    while True:
        if calendar.is_workday(day):
            counted += 1
            if counted == days:
                return day
        day -= timedelta(days=1)


def case_clock(facts: CaseFacts, today: date, report_by: date, deadline_days: int, calendar: WorkCalendar) -> CaseClock:
    notice_due = calendar.add_working_days(facts.received_on, NOTICE_LIMIT_WORKING_DAYS)
    deadline = (
        calendar.add_working_days(facts.correction_served_on, deadline_days) if facts.correction_served_on else None
    )
    last_start = latest_publicity_start(report_by, calendar)
    warnings: list[str] = []
    if facts.answered_on is None:
        if today > notice_due:
            warnings.append(
                f"收到材料已超过{NOTICE_LIMIT_WORKING_DAYS}个工作日（{notice_due:%Y-%m-%d}为最后一日）仍未出具补正材料通知书："
                "依《行政许可法》第三十二条，自收到申请材料之日起即为受理"
            )
        elif today >= calendar.add_working_days(facts.received_on, NOTICE_LIMIT_WORKING_DAYS - 1):
            warnings.append(f"出具补正材料通知书的期限将至：最后一日为{notice_due:%Y-%m-%d}")
    withdrawn = deadline is not None and facts.resubmitted_on is None and today > deadline
    if withdrawn:
        warnings.append(f"补正期限（{deadline:%Y-%m-%d}）已过，未收到补正材料，视为撤回申请")
    late = False
    if not facts.decided:
        if deadline is not None and facts.resubmitted_on is None and deadline >= last_start:
            late = True
            warnings.append(
                f"补正期限{deadline:%Y-%m-%d}不早于最迟公示开始日{last_start:%Y-%m-%d}，"
                f"本案无法在{report_by:%Y-%m-%d}上报市局前完成"
            )
        elif today >= last_start:
            late = True
            warnings.append(f"已到最迟公示开始日{last_start:%Y-%m-%d}，本案尚未受理，无法在{report_by:%Y-%m-%d}上报市局前完成")
    return CaseClock(
        received_on=facts.received_on, notice_due=notice_due, correction_deadline=deadline,
        latest_publicity_start=last_start, deemed_withdrawn=withdrawn, late_for_round=late, warnings=warnings,
    )
