# SPDX-License-Identifier: MIT
"""
Dates known to a year, a month or a day.

Sources write "2024", "July 2023" or "30 December 2019"; a record keeps exactly
what the source gave and never fills in the rest.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import TYPE_CHECKING, Any

import attrs

from ._enums import Ordered, sealed
from ._errors import DateParseError, InvalidRecordError, InvalidTypeError

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
    last = calendar.monthrange(inst.year, inst.month)[1]
    if not 1 <= value <= last:
        raise InvalidRecordError(
            "PartialDate.day",
            value,
            f"a day from 1 to {last} in {inst.year:04d}-{inst.month:02d}",
        )


# re.ASCII (issue 7): without it \d also matches other scripts' digits, so
# Arabic-Indic or fullwidth digits were read as a year (U+0661 after "000" as
# the year 1), and a data file could hold dates that do not dump back as written.
_ISO = re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?", re.ASCII)
# Kazakh and Russian sources write numeric dates day first: 27.12.2019, 12.2019.
_DOTTED = re.compile(r"(?:(?P<d>\d{1,2})[./])?(?P<m>\d{1,2})[./](?P<y>\d{4})", re.ASCII)
_FOUR_DIGITS = re.compile(r"\d{4}", re.ASCII)
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
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
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
        m = _ISO.fullmatch(text)
        if m is None:
            raise DateParseError(text, "data files use ISO partial dates only")
        return _build(text, m.group("y"), m.group("m"), m.group("d"))

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """
        Read a date as people write it, keeping only the parts it gives.

        ISO partial forms come first (``2024``, ``2023-07``, ``2019-12-30``);
        then day-first numeric forms (``27.12.2019``, ``12.2019``, also with
        ``/``); then words, read by python-dateutil with ``dayfirst=True``
        (``30 Dec 2019``, ``December 2019``, ``Dec. 30, 2019``).  Parts the
        input does not give stay unknown: nothing is filled from today or a
        default.

        >>> PartialDate.parse("27.12.2019")
        PartialDate(year=2019, month=12, day=27)
        >>> str(PartialDate.parse("July 2023"))
        '2023-07'

        Raises:
            DateParseError: The text is not a date, has no four-digit year,
                or gives a day without a month.
            InvalidTypeError: *text* is not a ``str``.
        """
        if not isinstance(text, str):
            raise InvalidTypeError("text", text, "a str")
        s = text.strip()
        if not s:
            raise DateParseError(text, "it is empty")
        if len(s) > _MAX_INPUT:
            raise DateParseError(text[:_MAX_INPUT] + "...", "it is too long")
        for pattern in (_ISO, _DOTTED):
            m = pattern.fullmatch(s)
            if m:
                return _build(text, m.group("y"), m.group("m"), m.group("d"))
        return _parse_words(text, s)


def _build(text: str, y: str, m: str | None, d: str | None) -> PartialDate:
    try:
        return PartialDate(int(y), None if m is None else int(m), None if d is None else int(d))
    except InvalidRecordError as e:
        raise DateParseError(text, f"{e.field.split('.')[-1]} {e.value} is out of range") from None


def _parse_words(text: str, s: str) -> PartialDate:
    from dateutil import parser  # noqa: PLC0415 - keep dateutil out of `import kzreforms`

    try:
        a = parser.parse(s, default=_DEFAULT_A, dayfirst=True)
        b = parser.parse(s, default=_DEFAULT_B, dayfirst=True)
    except (ValueError, OverflowError, TypeError, parser.ParserError):
        raise DateParseError(text, "it is not a date python-dateutil can read") from None
    except Exception as e:  # noqa: BLE001 - dateutil may raise anything on hostile text
        raise DateParseError(text, f"python-dateutil failed ({type(e).__name__})") from None
    if a.year != b.year:
        raise DateParseError(text, "it has no year")
    if not _FOUR_DIGITS.search(s) or str(a.year) not in s:
        raise DateParseError(text, "the year must be written with four digits")
    month = a.month if a.month == b.month else None
    day = a.day if a.day == b.day else None
    if month is None and day is not None:
        raise DateParseError(text, "it gives a day without a month")
    return PartialDate(a.year, month, day)


DateLike = PartialDate | dt.date | str
"""Anything :meth:`PartialDate.coerce` accepts."""


def _days(**values: object) -> None:
    """Round two: refuse a non-date with the library's error, not a raw TypeError."""
    for name, value in values.items():
        if not isinstance(value, dt.date):
            raise InvalidTypeError(name, value, "a datetime.date (or datetime)")
