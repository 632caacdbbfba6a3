# SPDX-License-Identifier: MIT
"""
Dates known to a year, a month or a day.

Sources write "2024", "July 2023" or "30 December 2019"; a record keeps exactly
what the source gave and never fills in the rest.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import TYPE_CHECKING, Any

import attrs

from ._enums import Ordered, sealed
from ._errors import (
    DATE_FORMS,
    ISO_DATE_FORMS,
    DateParseError,
    InvalidRecordError,
    InvalidTypeError,
)

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["DateLike", "PartialDate", "Precision"]

MIN_YEAR = 1
MAX_YEAR = 9999
MONTHS_IN_YEAR = 12


@sealed
class Precision(Ordered):
    """
    How much of a date is known, coarsest first (``year < month < day``);
    ``str()`` gives ``"year"``, ``"month"`` or ``"day"``.

    .. versionadded:: 0.1.0
    """

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


def _check_year(_inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidTypeError(f"PartialDate.{attr.name}", value, "an int")
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise InvalidRecordError(
            f"PartialDate.{attr.name}", value, f"a year from {MIN_YEAR} to {MAX_YEAR}"
        )


def _check_month(_inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidTypeError(f"PartialDate.{attr.name}", value, "an int or None")
    if not 1 <= value <= MONTHS_IN_YEAR:
        raise InvalidRecordError(f"PartialDate.{attr.name}", value, "a month from 1 to 12, or None")


def _check_day(inst: PartialDate, attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidTypeError(f"PartialDate.{attr.name}", value, "an int or None")
    if inst.month is None:
        raise InvalidRecordError(
            "PartialDate.day", value, "None when the month is unknown (day without month)"
        )
    last = _days_in_month(inst.year, inst.month)
    if not 1 <= value <= last:
        raise InvalidRecordError(
            "PartialDate.day",
            value,
            f"a day from 1 to {last} in {inst.year:04d}-{inst.month:02d}",
        )


_SHORT_MONTHS = frozenset({4, 6, 9, 11})
_FEBRUARY = 2


def _days_in_month(year: int, month: int) -> int:
    """``calendar.monthrange(year, month)[1]`` (PERF: ``calendar`` imports ``locale``)."""
    if month == _FEBRUARY:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in _SHORT_MONTHS else 31


class _Patterns:
    """
    The regular expressions of the date parser, each compiled on first use.

    PERF (benchmarks/): compiled at import they were a large part of
    importing this module on every cold start, where at most the ISO form is
    read.
    """

    # re.ASCII (issue 7): without it \d also matches other scripts' digits, so
    # Arabic-Indic or fullwidth digits were read as a year (U+0661 after "000" as
    # the year 1), and a data file could hold dates that do not dump back as written.

    @functools.cached_property
    def iso(self) -> re.Pattern[str]:
        # The ISO partial forms, the only ones data files use and str() writes.
        return re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?", re.ASCII)

    # Numeric forms parse() reads.  A four-digit year first means year, month, day
    # whatever the separator (2019-07-01, 2019-7-1, 2019/07/01, 2019.07.01, 2019.07);
    # only a four-digit year last means day first (27.12.2019, 27/12/2019, 12.2019),
    # the way Kazakh and Russian sources write dates.  Each form uses one separator.

    @functools.cached_property
    def year_first(self) -> re.Pattern[str]:
        return re.compile(
            r"(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?:(?P=s)(?P<d>\d{1,2}))?", re.ASCII
        )

    @functools.cached_property
    def basic(self) -> re.Pattern[str]:
        return re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})", re.ASCII)  # 20190701

    @functools.cached_property
    def day_first(self) -> re.Pattern[str]:
        return re.compile(
            r"(?:(?P<d>\d{1,2})(?P<s>[./]))?(?P<m>\d{1,2})(?(s)(?P=s)|[./])(?P<y>\d{4})", re.ASCII
        )

    @functools.cached_property
    def datetime(self) -> re.Pattern[str]:
        # An ISO date-time (str(datetime), isoformat()): the date is read as above,
        # year first; the time and the offset are checked, then dropped.
        return re.compile(
            r"(?P<date>\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2}|\d{4}\.\d{1,2}\.\d{1,2}|\d{8})"
            r"[Tt ](?P<H>\d{2})(?P<c>:)?(?P<M>\d{2})(?:(?(c):)(?P<S>\d{2})(?:[.,]\d{1,9})?)?"
            r"(?:[Zz]|[+-](?P<oH>\d{2})(?::?(?P<oM>\d{2}))?)?",
            re.ASCII,
        )

    # Numeric shapes that are refused with a reason of their own.

    @functools.cached_property
    def two_digit_year(self) -> re.Pattern[str]:
        return re.compile(r"\d{1,2}([./])\d{1,2}\1\d{2}", re.ASCII)

    @functools.cached_property
    def day_first_other_sep(self) -> re.Pattern[str]:
        return re.compile(r"\d{1,2}(?:-|\s+)\d{1,2}(?:-|\s+)\d{4}", re.ASCII)

    @functools.cached_property
    def datetime_start(self) -> re.Pattern[str]:
        return re.compile(r"\d{4}(?:(?P<s>[-/.])\d{1,2}(?P=s)\d{1,2}|\d{4})[Tt ]\d", re.ASCII)

    @functools.cached_property
    def four_digits(self) -> re.Pattern[str]:
        return re.compile(r"\d{4}", re.ASCII)

    @functools.cached_property
    def letters(self) -> re.Pattern[str]:
        return re.compile(r"[^\W\d_]+")


_RE = _Patterns()
_HOURS, _MINUTES = 23, 59
# Two defaults that differ in every part: a part is "given" by the input exactly
# when both parses agree on it.  Leap years, and months of 31 days, so that no
# given day (29 Feb, 31 Jan...) can clash with a default part.
_DEFAULT_A = dt.datetime(2000, 1, 1)  # noqa: DTZ001 - a naive placeholder, never a time
_DEFAULT_B = dt.datetime(1996, 3, 2)  # noqa: DTZ001
_MAX_INPUT = 100


@attrs.frozen(order=False)
class PartialDate:
    """
    A calendar date known to the year, the month or the day.

    Ordered by ``(earliest, latest)``: by first possible day, then by last,
    so ``2020-01-01 < 2020-01 < 2020`` (all start on 1 January; the narrower
    ends first).  The order is total and consistent with equality.
    ``str()`` gives the ISO partial form (``2024``, ``2023-07``,
    ``2019-12-30``) and :meth:`parse` reads it back.

    >>> d = PartialDate(2023, 7)
    >>> str(d), d.earliest, d.latest
    ('2023-07', datetime.date(2023, 7, 1), datetime.date(2023, 7, 31))

    .. versionadded:: 0.1.0
    """

    year: int = attrs.field(validator=_check_year)
    month: int | None = attrs.field(default=None, validator=_check_month)
    day: int | None = attrs.field(default=None, validator=_check_day)

    # -- derived ----------------------------------------------------------

    @property
    def precision(self) -> Precision:
        """How much of the date is known."""
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def earliest(self) -> dt.date:
        """The first calendar day this date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        """The last calendar day this date can mean."""
        if self.month is None:
            return dt.date(self.year, 12, 31)
        if self.day is None:
            return dt.date(self.year, self.month, _days_in_month(self.year, self.month))
        return dt.date(self.year, self.month, self.day)

    @property
    def sort_key(self) -> tuple[dt.date, dt.date]:
        """The ``(earliest, latest)`` pair that orders partial dates."""
        return (self.earliest, self.latest)

    def contains(self, day: dt.date) -> bool:
        """Whether *day* is one of the days this date can mean."""
        _days(day=day)
        return self.earliest <= day <= self.latest

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        """Whether any day of this date lies in ``[start, end]``."""
        _days(start=start, end=end)
        return self.earliest <= end and start <= self.latest

    def within(self, start: dt.date, end: dt.date) -> bool:
        """Whether every day of this date lies in ``[start, end]``."""
        _days(start=start, end=end)
        return start <= self.earliest and self.latest <= end

    # -- order --------------------------------------------------------------

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key < other.sort_key

    def __le__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key <= other.sort_key

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key > other.sort_key

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key >= other.sort_key

    # -- text ---------------------------------------------------------------

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @classmethod
    def from_date(cls, value: dt.date) -> Self:
        """A day-precision date from a :class:`datetime.date` (or datetime)."""
        _days(value=value)
        return cls(value.year, value.month, value.day)

    @classmethod
    def coerce(cls, value: DateLike, *, what: str = "date") -> PartialDate:
        """
        Turn anything date-like into a :class:`PartialDate`.

        Accepts a :class:`PartialDate`, a :class:`datetime.date` or
        :class:`datetime.datetime` (day precision) or a string that
        :meth:`parse` reads.

        Raises:
            InvalidTypeError: For any other type.
            DateParseError: For a string that is not a date.
        """
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.date):  # datetime is a date subclass
            return PartialDate(value.year, value.month, value.day)
        if isinstance(value, str):
            return PartialDate.parse(value)
        raise InvalidTypeError(
            what, value, "a datetime.date, datetime.datetime, PartialDate or str"
        )

    @classmethod
    def fromisoformat(cls, text: str) -> PartialDate:
        """
        Read an ISO partial date only (``2024``, ``2023-07``, ``2019-12-30``):
        the form data files use, and the form ``str()`` writes.

        Raises:
            DateParseError: *text* is not an ISO partial date.
            InvalidTypeError: *text* is not a ``str``.
        """
        if not isinstance(text, str):
            raise InvalidTypeError("text", text, "an ISO partial date as a str")
        m = _RE.iso.fullmatch(text)
        if m is None:
            raise DateParseError(text, "data files use ISO partial dates only", ISO_DATE_FORMS)
        return _build(text, m.group("y"), m.group("m"), m.group("d"), ISO_DATE_FORMS)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """
        Read a date as people write it, keeping only the parts it gives.

        Numeric dates with the four-digit year first are read year, month,
        day: the ISO partial forms (``2024``, ``2023-07``, ``2019-12-30``),
        ``2019-7-1``, ``2019/12/30``, ``2019.12.30``, ``2023.07``, ``20191230``
        and ISO date-times such as ``2019-12-30 10:00:00+05:00`` (the time is
        dropped).  Numeric dates with the four-digit year last are read day
        first, with ``.`` or ``/`` only (``27.12.2019``, ``27/12/2019``,
        ``12.2019``).  Dates with words are read by python-dateutil
        (``30 Dec 2019``, ``December 2019``, ``Dec. 30, 2019``); the month must
        then be a word.  Parts the input does not give stay unknown: nothing
        is filled from today or a default.  Anything else is refused, never
        guessed: two-digit years, other numeric shapes, digits other than
        ASCII ``0``-``9``, control characters.

        >>> PartialDate.parse("27.12.2019")
        PartialDate(year=2019, month=12, day=27)
        >>> PartialDate.parse("2019-07-01 00:00:00")
        PartialDate(year=2019, month=7, day=1)
        >>> str(PartialDate.parse("July 2023"))
        '2023-07'

        Raises:
            DateParseError: The text is not a date in one of these forms, has
                no four-digit year, or gives a day without a month.
            InvalidTypeError: *text* is not a ``str``.
        """
        if not isinstance(text, str):
            raise InvalidTypeError("text", text, "a str")
        s = _stripped(text)
        # PERF (benchmarks/): the ISO forms first, as the loop below would
        # (an ISO date has no time, so the date-time pattern cannot match it),
        # and without compiling the other patterns.
        m = _RE.iso.fullmatch(s)
        if m:
            return _build(text, m.group("y"), m.group("m"), m.group("d"))
        date_part = s
        m = _RE.datetime.fullmatch(s)
        if m:  # the date part is one of the year-first forms below
            _check_time(text, m)
            date_part = m.group("date")
        for pattern in (_RE.iso, _RE.year_first, _RE.basic, _RE.day_first):
            m = pattern.fullmatch(date_part)
            if m:
                return _build(text, m.group("y"), m.group("m"), m.group("d"))
        if not _RE.letters.search(s):
            raise DateParseError(text, _numeric_reason(s))
        if _RE.datetime_start.match(s):
            raise DateParseError(
                text, "the time is not an ISO time (10:00, 10:00:00Z, 10:00+05:00)"
            )
        return _parse_words(text, s)


def _stripped(text: str) -> str:
    """*text* without surrounding spaces, refused when empty, too long or not plain."""
    s = text.strip()
    if not s:
        raise DateParseError(text, "it is empty")
    if len(s) > _MAX_INPUT:
        raise DateParseError(text, f"it is too long (over {_MAX_INPUT} characters)")
    if any(ch.isnumeric() and not ("0" <= ch <= "9") for ch in s):
        raise DateParseError(text, "only the ASCII digits 0-9 are read")
    if not all(ch.isprintable() or ch.isspace() for ch in s):
        raise DateParseError(text, "it contains control or invisible characters")
    return s


def _build(
    text: str, y: str, m: str | None, d: str | None, accepted: str = DATE_FORMS
) -> PartialDate:
    try:
        return PartialDate(int(y), None if m is None else int(m), None if d is None else int(d))
    except InvalidRecordError as e:
        reason = f"{e.field.split('.')[-1]} {e.value} is out of range"
        raise DateParseError(text, reason, accepted) from None


def _check_time(text: str, m: re.Match[str]) -> None:
    """Refuse a date-time whose time or offset is impossible (both are then dropped)."""
    for group, top in (("H", _HOURS), ("M", _MINUTES), ("S", _MINUTES)):
        if m.group(group) is not None and int(m.group(group)) > top:
            raise DateParseError(text, f"the time is out of range ({m.group(group)} > {top})")
    for group, top in (("oH", _HOURS), ("oM", _MINUTES)):
        if m.group(group) is not None and int(m.group(group)) > top:
            raise DateParseError(text, f"the UTC offset is out of range ({m.group(group)} > {top})")


def _numeric_reason(s: str) -> str:
    """Why a date written with numbers only is refused."""
    if _RE.two_digit_year.fullmatch(s):
        return "a two-digit year is ambiguous; write the year with four digits (27.12.2019)"
    if _RE.datetime_start.match(s):
        return "the time is not an ISO time (10:00, 10:00:00Z, 10:00+05:00)"
    if _RE.day_first_other_sep.fullmatch(s):
        return "a numeric day-first date uses '.' or '/' (27.12.2019), not '-' or spaces"
    return "it is not one of the numeric forms accepted"


def _parse_words(text: str, s: str) -> PartialDate:
    from dateutil import parser  # noqa: PLC0415 - keep dateutil out of `import kzreforms`

    # ignoretz: a time-zone name or offset is dropped with the time, and
    # dateutil's UnknownTimezoneWarning ("ALMT") is never raised, so the
    # result is the same under `python -W error` and nothing leaks to stderr.
    # (Not warnings.catch_warnings(): it swaps the process-wide filters and is
    # not thread-safe before Python 3.14.)
    try:
        a = parser.parse(s, default=_DEFAULT_A, dayfirst=True, ignoretz=True)
        b = parser.parse(s, default=_DEFAULT_B, dayfirst=True, ignoretz=True)
    except (ValueError, OverflowError, TypeError, parser.ParserError):
        raise DateParseError(text, "it is not a date python-dateutil can read") from None
    except Exception as e:  # noqa: BLE001 - dateutil may raise anything on hostile text
        raise DateParseError(text, f"python-dateutil failed ({type(e).__name__})") from None
    if a.year != b.year:
        raise DateParseError(text, "it has no year")
    if not _RE.four_digits.search(s) or str(a.year) not in s:
        raise DateParseError(text, "the year must be written with four digits")
    month = a.month if a.month == b.month else None
    day = a.day if a.day == b.day else None
    if month is None and day is not None:
        raise DateParseError(text, "it gives a day without a month")
    if month is not None and not _has_month_name(parser.parserinfo(), s):
        raise DateParseError(
            text, "with words, the month must be a word too (30 Dec 2019); numbers only: 2019-12-30"
        )
    return PartialDate(a.year, month, day)


def _has_month_name(info: Any, s: str) -> bool:
    return any(info.month(word) is not None for word in _RE.letters.findall(s))


DateLike = PartialDate | dt.date | str
"""Anything :meth:`PartialDate.coerce` accepts."""


def _days(**values: object) -> None:
    """Round two: refuse a non-date with the library's error, not a raw TypeError."""
    for name, value in values.items():
        if not isinstance(value, dt.date):
            raise InvalidTypeError(name, value, "a datetime.date (or datetime)")
