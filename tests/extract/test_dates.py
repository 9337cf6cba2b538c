import datetime as dt

from tacitus.extract.dates import find_dates

PUBLISHED = dt.date(2024, 12, 2)  # a Monday


def first(text):
    return find_dates(text, PUBLISHED)[0]


def test_weekday_is_the_latest_one_before_publication():
    d = first("Late on Sunday, gunmen attacked the village")
    assert (d.date, d.precision) == (dt.date(2024, 12, 1), 1)


def test_same_weekday_is_the_publication_day():
    assert first("on Monday").date == PUBLISHED


def test_day_month_without_year_is_not_in_the_future():
    assert first("on 28 November").date == dt.date(2024, 11, 28)
    assert first("on 30 December").date == dt.date(2023, 12, 30)


def test_last_week_has_week_precision():
    d = first("fighting last week")
    assert d.precision == 2


def test_year_alone_marks_history():
    d = first("the war, which began in 2011,")
    assert d.date is None and d.year_only == 2011


def test_month_and_year_has_month_precision():
    d = first("in May 2023 the militia")
    assert (d.date.year, d.date.month, d.precision) == (2023, 5, 3)
