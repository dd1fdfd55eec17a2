"""Dates: strict ISO parsing, whole years later, which period of a policy an event falls in, Chinese dates."""

import datetime
import functools
import re

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

OLD_POLICY = "old_policy"
EXPIRED = "expired"
IN_FORCE = "in_force"


def parse_iso_date(text):
    """'2021-01-01' -> date; None for anything else, impossible dates included."""
    if not isinstance(text, str) or not _ISO_DATE.fullmatch(text):
        return None
    try:
        return datetime.date(int(text[0:4]), int(text[5:7]), int(text[8:10]))
    except ValueError:
        return None


def add_years(day, years):
    """Same month and day ``years`` later; 29 February becomes 28 February.

    Past the calendar's end (year 9999) the result is date.max, so a window
    that would end later simply never closes.
    """
    year = day.year + years
    if year > datetime.MAXYEAR:
        return datetime.date.max
    if day.month == 2 and day.day == 29:
        try:
            return datetime.date(year, 2, 29)
        except ValueError:
            return datetime.date(year, 2, 28)
    return datetime.date(year, day.month, day.day)


def policy_period(event, issued, last_day):
    """OLD_POLICY before the day of issue, EXPIRED after the last day, else IN_FORCE."""
    if event < issued:
        return OLD_POLICY
    if event > last_day:
        return EXPIRED
    return IN_FORCE


def window_end(start, years):
    """Last day (inclusive) of a window of ``years`` years from ``start`` (e.g. to apply)."""
    return add_years(start, years)


@functools.lru_cache(maxsize=1024)  # explanations name the same few dates over and over
def cn_date(day):
    """date -> '2021年1月1日'."""
    return f"{day.year}年{day.month}月{day.day}日"
