"""Working-day arithmetic on the official Chinese calendar.

Deadlines in the procedure are counted in working days (公示 5 working days, the
correction deadline N working days), and the State Council moves working days around
public holidays (make-up Saturdays and Sundays). Counting weekdays would print wrong
dates around 国庆 and 春节, so the official schedule is used: `chinesecalendar` for the
years it knows, `holidays.yaml` for later ones; an unknown year is an error, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import chinese_calendar
import yaml

HOLIDAYS_FILE = Path(__file__).with_name("holidays.yaml")
REPORTING_DEADLINE_2023 = date(2023, 8, 7)  # candidates reported to the city bureau by this day


class CalendarUnavailable(ValueError):
    """The official schedule for a year is not known."""


@dataclass(frozen=True)
class YearSchedule:
    holidays: frozenset[date]
    workdays: frozenset[date]


class WorkCalendar:
    """Is a day a working day? Package data, overridden per year by `holidays.yaml`."""

    def __init__(self, extra_years: dict[int, YearSchedule] | None = None):
        self.extra_years = extra_years or {}

    @classmethod
    def load(cls, path: Path | None = None) -> WorkCalendar:
        raw = yaml.safe_load((path or HOLIDAYS_FILE).read_text(encoding="utf-8")) or {}
        years: dict[int, YearSchedule] = {}
        for year, entry in (raw.get("years") or {}).items():
            entry = entry or {}
            schedule = YearSchedule(
                holidays=frozenset(entry.get("holidays") or []),
                workdays=frozenset(entry.get("workdays") or []),
            )
            wrong = [d for d in schedule.holidays | schedule.workdays if not isinstance(d, date) or d.year != int(year)]
            if wrong:
                raise ValueError(f"节假日表 {path or HOLIDAYS_FILE} 中 {year} 年的日期有误：{wrong}")
            years[int(year)] = schedule
        return cls(years)

    def is_workday(self, day: date) -> bool:
        schedule = self.extra_years.get(day.year)
        if schedule is not None:
            if day in schedule.workdays:
                return True
            return day.weekday() < 5 and day not in schedule.holidays
        try:
            return _official_workday(day)
        except NotImplementedError as exc:
            raise CalendarUnavailable(
                f"尚未载入{day.year}年的法定节假日安排，请在 checklists/holidays.yaml 中补充"
            ) from exc

    def add_working_days(self, start: date, days: int, count_start: bool = False) -> date:
        """The day on which a period of `days` working days beginning at `start` ends.

        `count_start=False` follows the legal rule that the day of an act does not count
        (期间开始的当日不计入): 5 working days from Wed 2023-09-27 end on 2023-10-10.
        `count_start=True` counts `start` itself when it is a working day, as a 公示
        "from Monday for 5 working days" ending on Friday does.
        """
        if days < 1:
            raise ValueError("工作日数须为正整数")
        day = start if count_start else start + timedelta(days=1)
        counted = 0
        while True:
            if self.is_workday(day):
                counted += 1
                if counted == days:
                    return day
            day += timedelta(days=1)


@lru_cache(maxsize=4096)
def _official_workday(day: date) -> bool:
    """`chinesecalendar`'s answer, remembered: it checks the day against its whole table on
    every call (0.2 ms), and a board of 200 cases asks about thousands of days."""
    return chinese_calendar.is_workday(day)


@dataclass(frozen=True)
class PublicityWindow:
    """A 公示 period and whether it ends in time for the report to the city bureau."""

    start: date
    end: date
    report_by: date

    @property
    def in_time(self) -> bool:
        return self.end <= self.report_by

    @property
    def message(self) -> str:
        text = f"公示期 {self.start:%Y-%m-%d} 至 {self.end:%Y-%m-%d}"
        if self.in_time:
            return f"{text}，不晚于上报截止日 {self.report_by:%Y-%m-%d}"
        return f"{text}，结束日晚于上报截止日 {self.report_by:%Y-%m-%d}，请提前公示"


def publicity_window(
    start: date,
    days: int = 5,
    count_start: bool = True,
    report_by: date = REPORTING_DEADLINE_2023,
    calendar: WorkCalendar | None = None,
) -> PublicityWindow:
    """The 公示 of the candidate list: `days` working days from `start`.

    The candidates are reported "于2023年8月7日前", read as on or before that day (the
    usual reading of "X日前" in official notices), so the window may end on `report_by`.
    """
    cal = calendar or WorkCalendar.load()
    return PublicityWindow(start, cal.add_working_days(start, days, count_start), report_by)
