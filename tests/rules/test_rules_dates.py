"""Dates: ISO parsing, years with 29 February, the validity period and the window."""

import datetime

import pytest
from rules_cases import one, standard

from subsidy_core.dates import add_years, parse_iso_date, policy_period, window_end

D = datetime.date
ISSUED, LAST = D(2020, 10, 9), D(2025, 10, 8)


@pytest.mark.parametrize("text,expected", [
    ("2021-01-01", D(2021, 1, 1)), ("2024-02-29", D(2024, 2, 29)), ("2023-02-29", None),
    ("2021-04-31", None), ("2021-00-10", None), ("0000-01-01", None), ("9999-12-31", D(9999, 12, 31)),
    ("20210101", None), ("2021-W01-1", None), (" 2021-01-01", None), ("2021-01-01\n", None),
    ("٢٠٢١-٠١-٠١", None), (None, None), (20210101, None),
])
def test_parse_iso_date(text, expected):
    assert parse_iso_date(text) == expected


@pytest.mark.parametrize("day,years,expected", [
    (D(2021, 1, 1), 5, D(2026, 1, 1)), (D(2024, 2, 29), 5, D(2029, 2, 28)),
    (D(2024, 2, 29), 4, D(2028, 2, 29)), (D(2023, 2, 28), 5, D(2028, 2, 28)),
    (D(9997, 6, 1), 5, D.max), (D(2020, 10, 9), 5, D(2025, 10, 9)),
])
def test_add_years(day, years, expected):
    assert add_years(day, years) == expected


@pytest.mark.parametrize("event,period", [
    (D(2020, 10, 8), "old_policy"), (D(2020, 10, 9), "in_force"), (D(2025, 10, 8), "in_force"),
    (D(2025, 10, 9), "expired"), (D(1, 1, 1), "old_policy"), (D(9999, 12, 31), "expired"),
])
def test_policy_period(event, period):
    assert policy_period(event, ISSUED, LAST) == period


def test_window_end_is_inclusive_last_day():
    assert window_end(D(2021, 1, 1), 5) == D(2026, 1, 1)


@pytest.mark.parametrize("published,applied,status", [
    ("2020-10-08", "2021-01-01", "old_policy"),
    ("2020-10-09", "2021-01-01", "eligible"),
    ("2025-10-08", "2025-10-08", "eligible"),
    ("2025-10-09", "2025-10-09", "expired"),
    ("2021-01-01", "2026-01-01", "eligible"),
    ("2021-01-01", "2026-01-02", "window_closed"),
    ("2024-02-29", "2029-02-28", "eligible"),
    ("2024-02-29", "2029-03-01", "window_closed"),
    ("2021-06-01", "2021-06-01", "eligible"),
])
def test_standard_statuses(published, applied, status):
    r = one(standard("甲:x", published=published), application_date=applied)
    assert r["status"] == status
    assert (r["subtotal"] != "0.00") == (status == "eligible")


def test_window_closed_text_names_the_closing_day():
    r = one(standard("甲:x", published="2021-01-01"), application_date="2026-01-02")
    assert "申请期限已于2026年1月1日届满" in r["status_text"]


def test_far_future_dates_do_not_overflow():
    r = one(standard("甲:x", published="9999-12-31"), application_date="9999-12-31")
    assert r["status"] == "expired"
    r = one({"type": "leader", "unit": "甲", "date": "0001-01-01"}, application_date="9999-12-31")
    assert r["status"] == "old_policy"
