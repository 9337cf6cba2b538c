"""Event dates resolved against the report's publication date.

"on Tuesday" is the latest Tuesday on or before publication; "last week" is a
date of precision 2 (week), "earlier this month" of precision 3 (month).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
_MON = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"

DATE_EXPR = re.compile(
    r"\b(?:(?:early|late)\s+(?:on\s+)?)?(?:"
    r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\s+(?:night|morning|evening|afternoon))?"
    r"|(?P<dm>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>" + _MON + r")(?:,?\s+(?P<y1>\d{4}))?"
    r"|(?P<m3>" + _MON + r")\s+(?P<y3>(?:19|20)\d{2})\b"
    r"|(?P<m2>" + _MON + r")\s+(?P<md>\d{1,2})(?!\d)(?:st|nd|rd|th)?(?:,?\s+(?P<y2>\d{4}))?"
    r"|(?P<iso>\d{4}-\d{2}-\d{2})"
    r"|(?P<rel>yesterday|today|this morning|this evening|tonight|last night|overnight|last week|this week|"
    r"earlier this week|earlier this month|last month|this month|last weekend|this weekend)"
    r"|(?:in\s+)(?P<yr>(?:19|20)\d{2})\b"
    r")",
    re.I,
)


@dataclass(frozen=True)
class DateMention:
    date: dt.date | None
    precision: int
    start: int
    end: int
    text: str
    year_only: int | None = None


def _month(name: str) -> int:
    key = name.lower().rstrip(".")[:3]
    return [m[:3] for m in MONTHS].index(key) + 1


def _latest(month: int, day: int, year: int | None, published: dt.date) -> dt.date | None:
    try:
        if year:
            return dt.date(year, month, day)
        guess = dt.date(published.year, month, day)
    except ValueError:
        return None
    # A day-month without a year is the latest one not after the report (a week's grace for previews).
    if guess > published + dt.timedelta(days=7):
        guess = guess.replace(year=published.year - 1)
    return guess


def _resolve(m: re.Match, published: dt.date) -> tuple[dt.date | None, int, int | None]:
    g = m.groupdict()
    if g["wd"]:
        back = (published.weekday() - WEEKDAYS.index(g["wd"].lower())) % 7
        return published - dt.timedelta(days=back), 1, None
    if g["dm"]:
        return _latest(_month(g["m1"]), int(g["dm"]), int(g["y1"]) if g["y1"] else None, published), 1, None
    if g["m2"]:
        return _latest(_month(g["m2"]), int(g["md"]), int(g["y2"]) if g["y2"] else None, published), 1, None
    if g["m3"]:
        return dt.date(int(g["y3"]), _month(g["m3"]), 15), 3, None
    if g["iso"]:
        try:
            return dt.date.fromisoformat(g["iso"]), 1, None
        except ValueError:
            return None, 1, None
    if g["yr"]:
        return None, 3, int(g["yr"])
    rel = g["rel"].lower()
    if rel in ("yesterday", "last night", "overnight"):
        return published - dt.timedelta(days=1), 1, None
    if rel in ("today", "this morning", "this evening", "tonight"):
        return published, 1, None
    if rel in ("last week", "last weekend"):
        return published - dt.timedelta(days=7), 2, None
    if rel in ("this week", "earlier this week", "this weekend"):
        return published, 2, None
    if rel == "last month":
        first = published.replace(day=1) - dt.timedelta(days=1)
        return first.replace(day=15), 3, None
    return published, 3, None  # "this month", "earlier this month"


def find_dates(text: str, published: dt.date, offset: int = 0) -> list[DateMention]:
    out = []
    for m in DATE_EXPR.finditer(text):
        date, precision, year = _resolve(m, published)
        out.append(DateMention(date, precision, offset + m.start(), offset + m.end(), m.group(0), year))
    return out
