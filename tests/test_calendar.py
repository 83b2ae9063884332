from datetime import date

import pytest

from checklists.calendar import CalendarUnavailable, WorkCalendar, publicity_window


@pytest.fixture(scope="module")
def cal():
    return WorkCalendar.load()


def test_publicity_from_monday_ends_friday_in_time_for_reporting(cal):
    window = publicity_window(date(2023, 7, 31), calendar=cal)
    assert window.end == date(2023, 8, 4)
    assert window.in_time
    assert "2023-08-04" in window.message


def test_publicity_start_day_not_counted_is_a_setting(cal):
    assert publicity_window(date(2023, 7, 31), count_start=False, calendar=cal).end == date(2023, 8, 7)


def test_publicity_too_late_is_flagged(cal):
    window = publicity_window(date(2023, 8, 2), calendar=cal)
    assert window.end == date(2023, 8, 8)
    assert not window.in_time
    assert "晚于" in window.message


def test_deadline_skips_national_day_and_counts_make_up_weekend(cal):
    # 09-28 (1), 09-29..10-06 off, Sat 10-07 (2) and Sun 10-08 (3) are make-up days, 10-09 (4), 10-10 (5)
    assert cal.add_working_days(date(2023, 9, 27), 5) == date(2023, 10, 10)
    assert cal.add_working_days(date(2023, 9, 27), 3) == date(2023, 10, 8)


@pytest.mark.parametrize(
    "day, workday",
    [
        (date(2023, 1, 2), False), (date(2023, 1, 28), True), (date(2023, 4, 5), False),
        (date(2023, 4, 23), True), (date(2023, 5, 3), False), (date(2023, 5, 6), True),
        (date(2023, 6, 23), False), (date(2023, 6, 25), True), (date(2023, 10, 6), False),
        (date(2023, 10, 7), True), (date(2023, 7, 29), False), (date(2023, 7, 31), True),
    ],
)
def test_2023_schedule_matches_state_council_notice(cal, day, workday):
    assert cal.is_workday(day) is workday


def test_unknown_year_is_refused_not_guessed(cal):
    # chinesecalendar 1.11 knows 2004–2026; a deadline running into 2027 needs holidays.yaml
    with pytest.raises(CalendarUnavailable, match="2027"):
        cal.add_working_days(date(2026, 12, 28), 5)


def test_holidays_file_extends_a_year(tmp_path):
    path = tmp_path / "holidays.yaml"
    path.write_text(
        "years:\n  2027:\n    holidays: [2027-01-01]\n    workdays: [2027-01-02]\n", encoding="utf-8"
    )
    cal = WorkCalendar.load(path)
    # from Thu 2026-12-31: Fri 01-01 off, Sat 01-02 make-up (1), Sun off, Mon 01-04 (2)
    assert cal.add_working_days(date(2026, 12, 31), 2) == date(2027, 1, 4)


def test_holidays_file_rejects_a_date_in_the_wrong_year(tmp_path):
    path = tmp_path / "holidays.yaml"
    path.write_text("years:\n  2031:\n    holidays: [2030-01-01]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="2031"):
        WorkCalendar.load(path)
