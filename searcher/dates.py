"""Dates a user writes: ``--from``/``--to`` bounds, ``--set date=``, a records file's date column.

One reading for all of them, so a value that works in one place works in the
others::

    >>> parse_day("27.01.2023"), parse_day("2023-01-27"), parse_day("27. Januar 2023")
    (datetime.date(2023, 1, 27), datetime.date(2023, 1, 27), datetime.date(2023, 1, 27))
    >>> parse_day("17.07.2014 14:32 Uhr")  # a time after the day is allowed
    datetime.date(2014, 7, 17)

A day that does not exist (``31.02.2023``) is an error, never "no date". A
year or a month alone is a range, not a day: it is a fine search bound
(:func:`parse_date_bound`) but :func:`parse_day` refuses it rather than
guessing the first of the month.
"""
from __future__ import annotations

import datetime as _dt
import re
from typing import Union

from .errors import UsageError

DATE_FORMS = "YYYY-MM-DD, DD.MM.YYYY, YYYY-MM, MM.YYYY or YYYY (e.g. 2023-01-27, 27.01.2023, 2023-01, 2023)"
DAY_FORMS = "YYYY-MM-DD, DD.MM.YYYY or DD. Monat YYYY (e.g. 2023-01-27, 27.01.2023, 27. Januar 2023)"

_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DE_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_DE_MONTH = re.compile(r"(\d{1,2})\.(\d{4})")
_YEAR = re.compile(r"(\d{4})")
# what may follow a day: a time ("14:32 Uhr", "T14:32:00+01:00")
_TIME_TAIL = re.compile(r"(?:,?\s*(?:um\s+)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*Uhr)?|T[\d:.+\-Z]*)?\.?", re.IGNORECASE)


def parse_day(value: Union[str, _dt.date], *, what: str = "date") -> _dt.date:
    """One calendar day, or :class:`UsageError` naming the value and the forms.

    ``what`` names the value in the message (``--set date``, a column).
    """
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip()
    day, impossible = _day(text)
    if day is not None:
        return day
    if impossible:
        raise UsageError(f'Invalid {what} "{text}": that day does not exist; use {DAY_FORMS}.')
    if _YEAR.fullmatch(text) or _ISO_MONTH.fullmatch(text) or _DE_MONTH.fullmatch(text):
        raise UsageError(
            f'Invalid {what} "{text}": a year or a month is not a day; write the full day, e.g. 2023-01-27.'
        )
    raise UsageError(f'Invalid {what} "{text}": use {DAY_FORMS}.')


def _day(text: str) -> tuple[Union[_dt.date, None], bool]:
    """(the day, False), or (None, True) for a well-formed day that does not
    exist, or (None, False) when ``text`` is not a day at all."""
    from .parse.fields import DATE_RE, _date_of

    m = _ISO_DAY.match(text) or _DE_DAY.match(text)
    if m and _TIME_TAIL.fullmatch(text, m.end()):
        a, b, c = (int(g) for g in m.groups())
        year, month, day = (a, b, c) if len(m[1]) == 4 else (c, b, a)
        try:
            return _dt.date(year, month, day), False
        except ValueError:
            return None, True
    m = DATE_RE.match(text)
    if m and _TIME_TAIL.fullmatch(text, m.end()):
        day = _date_of(m)
        return (day, False) if day is not None else (None, True)
    return None, False


def parse_date_bound(value: Union[str, _dt.date], *, end: bool) -> _dt.date:
    """Parse a ``--from`` (``end=False``) or ``--to`` (``end=True``) value.

    A month or a year stands for its first day as a start bound and for its
    last day as an end bound, so both ends of a range are inclusive::

        >>> parse_date_bound("27.1.2023", end=False)
        datetime.date(2023, 1, 27)
        >>> parse_date_bound("2023-02", end=True)
        datetime.date(2023, 2, 28)
        >>> parse_date_bound("2023", end=False)
        datetime.date(2023, 1, 1)

    Raises UsageError naming the value and the accepted forms.
    """
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip()
    try:
        m = _ISO_DAY.fullmatch(text)
        if m:
            return _dt.date(int(m[1]), int(m[2]), int(m[3]))
        m = _DE_DAY.fullmatch(text)
        if m:
            return _dt.date(int(m[3]), int(m[2]), int(m[1]))
        m = _ISO_MONTH.fullmatch(text) or _DE_MONTH.fullmatch(text)
        if m:
            year, month = (int(m[1]), int(m[2])) if len(m[1]) == 4 else (int(m[2]), int(m[1]))
            day = _month_days(year, month) if end and 1 <= month <= 12 else 1
            return _dt.date(year, month, day)
        m = _YEAR.fullmatch(text)
        if m:
            return _dt.date(int(m[1]), 12, 31) if end else _dt.date(int(m[1]), 1, 1)
    except ValueError:
        pass  # e.g. 2023-02-30, 2023-13: impossible, reported below
    day, _ = _day(text) if text else (None, False)  # the other day forms ("27. Januar 2023")
    if day is not None:
        return day
    raise UsageError(f'Invalid date "{text}": use {DATE_FORMS}.')


__all__ = ["DATE_FORMS", "DAY_FORMS", "parse_date_bound", "parse_day"]


def _month_days(year: int, month: int) -> int:
    import calendar  # here: most searches give no month, and calendar imports locale

    return calendar.monthrange(year, month)[1]
