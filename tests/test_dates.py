# SPDX-License-Identifier: MIT
from __future__ import annotations

import datetime as dt
import subprocess
import sys
import warnings
from collections.abc import Callable

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import kzreforms
from kzreforms import DateParseError, InvalidRecordError, InvalidTypeError, PartialDate, Precision
from kzreforms import strategies as kst
from kzreforms._errors import DATE_FORMS, EXCERPT_LIMIT, ISO_DATE_FORMS, excerpt

# strftime's %Y does not pad years before 1000 on every platform ("5/01/01"),
# so the strftime-based properties start at 1000; isoformat() pads always.
MODERN = st.dates(min_value=dt.date(1000, 1, 1))
# The longest message any refused date can give: prefix, excerpt, reason, forms.
MESSAGE_BOUND = 1500


class TestConstruction:
    def test_precisions(self) -> None:
        """Each constructor shape gives the matching precision."""
        assert PartialDate(2024).precision == Precision.YEAR
        assert PartialDate(2024, 7).precision == Precision.MONTH
        assert PartialDate(2024, 7, 1).precision == Precision.DAY

    @pytest.mark.parametrize(
        ("args", "field"),
        [
            ((2024, None, 3), "PartialDate.day"),  # day without month
            ((2021, 2, 29), "PartialDate.day"),  # not a leap year
            ((2020, 2, 30), "PartialDate.day"),  # Feb 30
            ((2020, 13), "PartialDate.month"),
            ((2020, 0), "PartialDate.month"),
            ((0,), "PartialDate.year"),
            ((10000,), "PartialDate.year"),
        ],
    )
    def test_invalid(self, args: tuple[int, ...], field: str) -> None:
        """Impossible dates raise InvalidRecordError naming the field."""
        with pytest.raises(InvalidRecordError) as ei:
            PartialDate(*args)
        assert field == ei.value.field
        assert field in str(ei.value)

    @pytest.mark.parametrize("bad", [2020.0, "2020", True, None])
    def test_wrong_type(self, bad: object) -> None:
        """A non-int year is a TypeError (and our own InvalidTypeError)."""
        with pytest.raises(InvalidTypeError, match=r"PartialDate\.year"):
            PartialDate(bad)  # type: ignore[arg-type]

    def test_immutable(self) -> None:
        """Partial dates are frozen."""
        d = PartialDate(2020)
        with pytest.raises(AttributeError):
            d.year = 2021  # type: ignore[misc]


class TestParse:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2024", PartialDate(2024)),
            ("2023-07", PartialDate(2023, 7)),
            ("2019-12-30", PartialDate(2019, 12, 30)),
            ("27.12.2019", PartialDate(2019, 12, 27)),
            ("03.04.2020", PartialDate(2020, 4, 3)),  # day first, never month first
            ("12.2019", PartialDate(2019, 12)),
            ("1/3/2020", PartialDate(2020, 3, 1)),
            ("30 Dec 2019", PartialDate(2019, 12, 30)),
            ("December 2019", PartialDate(2019, 12)),
            ("Dec. 30, 2019", PartialDate(2019, 12, 30)),
            ("  2020 ", PartialDate(2020)),
            ("29 Feb 2020", PartialDate(2020, 2, 29)),
        ],
    )
    def test_accepted(self, text: str, expected: PartialDate) -> None:
        """ISO, day-first dotted and worded dates keep exactly the parts given."""
        assert expected == PartialDate.parse(text)

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "   ",
            "hello",
            "Dec 30",
            "19",
            "30.02.2020",
            "2019-13",
            "Feb 30 2020",
            "30.12.19",
            "x" * 500,
        ],
    )
    def test_refused(self, text: str) -> None:
        """Non-dates, dates without a year, impossible and two-digit-year dates raise."""
        with pytest.raises(DateParseError) as ei:
            PartialDate.parse(text)
        assert isinstance(ei.value, ValueError)
        # Issue: long inputs are quoted as a short excerpt (was: the first 100
        # characters; now the first 80 and the total length).
        assert excerpt(text) in str(ei.value)
        assert text == ei.value.text

    def test_not_a_string(self) -> None:
        """parse() takes text only."""
        with pytest.raises(InvalidTypeError):
            PartialDate.parse(20200101)  # type: ignore[arg-type]

    def test_no_default_filling(self) -> None:
        """A month-only input never gains a day, whatever today is."""
        d = PartialDate.parse("July 2023")
        assert d.day is None
        assert d.month == 7

    @given(kst.partial_dates(1, 9999))
    def test_round_trip(self, d: PartialDate) -> None:
        """parse(str(d)) == d."""
        assert d == PartialDate.parse(str(d))

    @given(st.text(max_size=40))
    def test_fuzz_only_documented_errors(self, text: str) -> None:
        """Arbitrary text gives a PartialDate or a DateParseError, nothing else."""
        try:
            d = PartialDate.parse(text)
        except DateParseError:
            return
        assert isinstance(d, PartialDate)
        assert str(d.year) in text


class TestOrder:
    @given(kst.partial_dates())
    def test_earliest_le_latest(self, d: PartialDate) -> None:
        """earliest <= latest, equal only at day precision."""
        assert d.earliest <= d.latest
        assert (d.earliest == d.latest) == (d.precision is Precision.DAY)

    @given(kst.partial_dates(), kst.partial_dates())
    def test_total_and_consistent_with_eq(self, a: PartialDate, b: PartialDate) -> None:
        """Exactly one of <, ==, > holds, and == agrees with the sort key."""
        assert [a < b, a == b, a > b].count(True) == 1
        assert (a == b) == (a.sort_key == b.sort_key)
        assert (a <= b) == (a < b or a == b)
        assert (a >= b) == (a > b or a == b)

    @given(kst.partial_dates(), kst.partial_dates(), kst.partial_dates())
    def test_transitive(self, a: PartialDate, b: PartialDate, c: PartialDate) -> None:
        """The order is transitive."""
        if a <= b <= c:
            assert a <= c

    def test_same_start_narrower_first(self) -> None:
        """Dates starting on the same day sort by their last day: day, month, year."""
        assert PartialDate(2020, 1, 1) < PartialDate(2020, 1) < PartialDate(2020)
        assert PartialDate(2020) < PartialDate(2020, 2)

    def test_compare_other_types(self) -> None:
        """Comparing with a non-PartialDate is a TypeError, equality is False."""
        assert PartialDate(2020) != "2020"  # type: ignore[comparison-overlap]
        with pytest.raises(TypeError):
            _ = PartialDate(2020) < "2021"
        for op in ("__lt__", "__le__", "__gt__", "__ge__"):
            assert getattr(PartialDate(2020), op)(1) is NotImplemented

    @given(kst.partial_dates(), st.dates())
    def test_contains_matches_bounds(self, d: PartialDate, day: dt.date) -> None:
        """contains() is exactly earliest <= day <= latest."""
        assert d.contains(day) == (d.earliest <= day <= d.latest)

    @given(kst.partial_dates(), st.dates(), st.dates())
    def test_within_implies_overlaps(self, d: PartialDate, a: dt.date, b: dt.date) -> None:
        """within ⊆ overlaps."""
        lo, hi = min(a, b), max(a, b)
        if d.within(lo, hi):
            assert d.overlaps(lo, hi)


class TestFromIsoformat:
    @given(kst.partial_dates(1, 9999))
    def test_round_trip(self, d: PartialDate) -> None:
        """fromisoformat(str(d)) == d."""
        assert d == PartialDate.fromisoformat(str(d))

    @pytest.mark.parametrize("text", ["2019/12/30", "30.12.2019", "Dec 2019", " 2019", "2019-13"])
    def test_refuses_other_forms(self, text: str) -> None:
        """Only ISO partial forms are read; other forms name what is accepted."""
        with pytest.raises(DateParseError) as ei:
            PartialDate.fromisoformat(text)
        assert repr(text) in str(ei.value)

    def test_not_a_string(self) -> None:
        """A non-string is a TypeError."""
        with pytest.raises(InvalidTypeError):
            PartialDate.fromisoformat(2019)  # type: ignore[arg-type]


class TestCoerce:
    def test_accepts_date_likes(self) -> None:
        """date, datetime, PartialDate and str are accepted."""
        expected = PartialDate(2020, 1, 2)
        assert expected == PartialDate.coerce(dt.date(2020, 1, 2))
        assert expected == PartialDate.coerce(dt.datetime(2020, 1, 2, 13, 5))
        assert expected == PartialDate.coerce(expected)
        assert expected == PartialDate.coerce("02.01.2020")
        assert expected == PartialDate.from_date(dt.date(2020, 1, 2))

    @given(st.datetimes())
    def test_datetime_is_day_precision(self, when: dt.datetime) -> None:
        """A datetime gives its day, whatever its time; its str() gives the same day."""
        expected = PartialDate(when.year, when.month, when.day)
        assert expected == PartialDate.coerce(when)
        assert Precision.DAY is PartialDate.coerce(when).precision
        assert expected == PartialDate.coerce(str(when))

    def test_str_of_datetime_is_year_first(self) -> None:
        """str(datetime(2019, 7, 1)) is 1 July, not 7 January (was read day first)."""
        assert PartialDate(2019, 7, 1) == PartialDate.coerce(str(dt.datetime(2019, 7, 1)))

    def test_refuses_others(self) -> None:
        """Numbers are refused with the accepted types named."""
        with pytest.raises(InvalidTypeError, match=r"datetime\.date"):
            PartialDate.coerce(2020)  # type: ignore[arg-type]


class TestYearFirst:
    """A four-digit year first is always year, month, day: never swapped, whatever the day."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2019-07-01", PartialDate(2019, 7, 1)),
            ("2019-7-1", PartialDate(2019, 7, 1)),
            ("2019-07-1", PartialDate(2019, 7, 1)),
            ("2019/07/01", PartialDate(2019, 7, 1)),
            ("2019.07.01", PartialDate(2019, 7, 1)),
            ("20190701", PartialDate(2019, 7, 1)),
            ("2019-07", PartialDate(2019, 7)),
            ("2019-7", PartialDate(2019, 7)),
            ("2019.07", PartialDate(2019, 7)),  # was 2019, the month dropped
            ("2019/07", PartialDate(2019, 7)),
            ("2019-07-01T00:00", PartialDate(2019, 7, 1)),
            ("2019-07-01 00:00:00", PartialDate(2019, 7, 1)),  # str(datetime)
            ("2019-07-01 13:45:59.123456", PartialDate(2019, 7, 1)),
            ("2019-12-05T00:00:00Z", PartialDate(2019, 12, 5)),  # was 2019-05-12
            ("2019-12-05t00:00:00z", PartialDate(2019, 12, 5)),
            ("2019-12-05T23:59:59+05:00", PartialDate(2019, 12, 5)),  # the date as written
            ("2019-12-05T00:00-0500", PartialDate(2019, 12, 5)),
            ("2019-12-05T00:00+05", PartialDate(2019, 12, 5)),
            ("20191205T000000Z", PartialDate(2019, 12, 5)),
            ("2019/12/05 10:00", PartialDate(2019, 12, 5)),
            ("2019.12.05T10:00", PartialDate(2019, 12, 5)),
            (" 2019-12-05T10:00 ", PartialDate(2019, 12, 5)),
        ],
    )
    def test_accepted(self, text: str, expected: PartialDate) -> None:
        """Each year-first form gives the date as written, to the precision written."""
        got = PartialDate.parse(text)
        assert expected == got
        assert expected.precision is got.precision

    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ("2019-13-01", "month 13 is out of range"),
            ("2019-02-30", "day 30 is out of range"),
            ("2019/30/12", "month 30 is out of range"),  # never swapped to fit
            ("20191301", "month 13 is out of range"),
            ("2019-13-01T00:00", "month 13 is out of range"),
            ("2019-07-01T24:00", "the time is out of range (24 > 23)"),
            ("2019-07-01T10:60", "the time is out of range (60 > 59)"),
            ("2019-07-01 10:00:60", "the time is out of range (60 > 59)"),
            ("2019-07-01T10:00+24:00", "the UTC offset is out of range (24 > 23)"),
            ("2019-07-01T10:00+05:60", "the UTC offset is out of range (60 > 59)"),
            ("2019-07-01T10:0000", "the time is not an ISO time (10:00, 10:00:00Z, 10:00+05:00)"),
            ("2019-07-01T1000:00", "the time is not an ISO time (10:00, 10:00:00Z, 10:00+05:00)"),
            ("2019-07-01T10", "the time is not an ISO time (10:00, 10:00:00Z, 10:00+05:00)"),
            ("2019-07-01 10", "the time is not an ISO time (10:00, 10:00:00Z, 10:00+05:00)"),
            (
                "2019-07T10:00",
                "with words, the month must be a word too (30 Dec 2019); numbers only: 2019-12-30",
            ),
            (
                "2019-07-01 Monday",
                "with words, the month must be a word too (30 Dec 2019); numbers only: 2019-12-30",
            ),
            ("2019-07/01", "it is not one of the numeric forms accepted"),
            ("2019-007-01", "it is not one of the numeric forms accepted"),
        ],
    )
    def test_refused(self, text: str, reason: str) -> None:
        """Impossible parts and malformed times are refused with the reason and the forms."""
        with pytest.raises(DateParseError) as ei:
            PartialDate.parse(text)
        assert reason == ei.value.reason
        assert text == ei.value.text
        assert ei.value.accepted == DATE_FORMS
        assert f"cannot read {text!r} as a date: {reason}. Accepted: {DATE_FORMS}" == str(ei.value)

    @given(st.dates())
    @example(dt.date(2019, 7, 1))
    @example(dt.date(2019, 12, 5))
    def test_isoformat(self, d: dt.date) -> None:
        """parse(d.isoformat()) is d, at day precision."""
        assert PartialDate.from_date(d) == PartialDate.parse(d.isoformat())

    @given(st.dates(), st.times())
    @example(dt.date(2019, 7, 1), dt.time())
    def test_datetime_str_and_isoformat(self, d: dt.date, t: dt.time) -> None:
        """str() and isoformat() of a datetime give its date; the time is dropped."""
        when = dt.datetime.combine(d, t)
        assert PartialDate.from_date(d) == PartialDate.parse(str(when))
        assert PartialDate.from_date(d) == PartialDate.parse(when.isoformat(timespec="minutes"))

    @given(st.dates(), st.times(), st.integers(-23 * 60 - 59, 23 * 60 + 59))
    def test_aware_datetime(self, d: dt.date, t: dt.time, offset: int) -> None:
        """A UTC offset (or Z) does not move the date: it is taken as written."""
        zone = dt.timezone(dt.timedelta(minutes=offset))
        when = dt.datetime.combine(d, t, tzinfo=zone)
        assert PartialDate.from_date(d) == PartialDate.parse(str(when))
        assert PartialDate.from_date(d) == PartialDate.parse(
            when.isoformat().replace("+00:00", "Z")
        )

    @given(MODERN)
    def test_slashed_dotted_and_basic(self, d: dt.date) -> None:
        """2019/07/01, 2019.07.01 and 20190701 are d, whatever its day."""
        expected = PartialDate.from_date(d)
        assert expected == PartialDate.parse(f"{d:%Y/%m/%d}")
        assert expected == PartialDate.parse(f"{d:%Y.%m.%d}")
        assert expected == PartialDate.parse(f"{d:%Y%m%d}")
        assert expected == PartialDate.parse(f"{d.year}-{d.month}-{d.day}")

    @given(kst.partial_dates(1, 9999))
    def test_str_round_trip(self, d: PartialDate) -> None:
        """parse(str(d)) == d and fromisoformat(str(d)) == d, at every precision."""
        assert d == PartialDate.parse(str(d))
        assert d == PartialDate.fromisoformat(str(d))
        assert str(d) == str(PartialDate.parse(str(d)))


class TestDayFirst:
    """Day first only with '.' or '/' and a four-digit year at the end."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("27.12.2019", PartialDate(2019, 12, 27)),
            ("27/12/2019", PartialDate(2019, 12, 27)),
            ("01.07.2019", PartialDate(2019, 7, 1)),
            ("1.7.2019", PartialDate(2019, 7, 1)),
            ("01/07/2019", PartialDate(2019, 7, 1)),
            ("12.2019", PartialDate(2019, 12)),
            ("7/2019", PartialDate(2019, 7)),
        ],
    )
    def test_accepted(self, text: str, expected: PartialDate) -> None:
        """Day, month, year; month, year."""
        got = PartialDate.parse(text)
        assert expected == got
        assert expected.precision is got.precision

    @given(MODERN)
    def test_dotted_and_slashed(self, d: dt.date) -> None:
        """parse(f"{d:%d.%m.%Y}") and the slashed form are d."""
        assert PartialDate.from_date(d) == PartialDate.parse(f"{d:%d.%m.%Y}")
        assert PartialDate.from_date(d) == PartialDate.parse(f"{d:%d/%m/%Y}")

    TWO_DIGIT = "a two-digit year is ambiguous; write the year with four digits (27.12.2019)"
    OTHER_SEP = "a numeric day-first date uses '.' or '/' (27.12.2019), not '-' or spaces"
    NOT_A_FORM = "it is not one of the numeric forms accepted"

    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ("27.12.19", TWO_DIGIT),
            ("01.07.19", TWO_DIGIT),
            ("1/7/19", TWO_DIGIT),
            ("05-06-2019", OTHER_SEP),  # was 5 June through dateutil
            ("27-12-2019", OTHER_SEP),
            ("1 2 2019", OTHER_SEP),  # was 1 February through dateutil
            ("27.12/2019", NOT_A_FORM),  # one separator per date
            ("27.12.02019", NOT_A_FORM),
            ("12.19", NOT_A_FORM),
            ("30.02.2020", "day 30 is out of range"),
            ("31.04.2021", "day 31 is out of range"),
            ("13.2019", "month 13 is out of range"),
        ],
    )
    def test_refused(self, text: str, reason: str) -> None:
        """Two-digit years, '-' or spaces, mixed separators and impossible days are refused."""
        with pytest.raises(DateParseError) as ei:
            PartialDate.parse(text)
        assert reason == ei.value.reason
        assert f"cannot read {text!r} as a date: {reason}. Accepted: {DATE_FORMS}" == str(ei.value)


class TestLenient:
    """Inputs that used to be read by dropping or guessing a part are refused."""

    NOT_A_FORM = "it is not one of the numeric forms accepted"

    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ("2019,07", NOT_A_FORM),  # was 2019, the month dropped
            ("2019, 07", NOT_A_FORM),
            ("-2019", NOT_A_FORM),
            ("2019-", NOT_A_FORM),
            ("--2019", NOT_A_FORM),
            ("2019.", NOT_A_FORM),
            ("2019-07-", NOT_A_FORM),
            ("201907", NOT_A_FORM),  # YYYYMM or YYMMDD: ambiguous
            ("2019 07 01", NOT_A_FORM),
            ("19", NOT_A_FORM),
            ("\x002019", "it contains control or invisible characters"),
            ("2019\x00", "it contains control or invisible characters"),
            ("2019\x00\x00", "it contains control or invisible characters"),
            ("2019-07\u200b", "it contains control or invisible characters"),
            ("2019-0\uff17", "only the ASCII digits 0-9 are read"),  # fullwidth 7, was July
            ("\uff12\uff10\uff11\uff19", "only the ASCII digits 0-9 are read"),
            ("2019-07-0\u0661", "only the ASCII digits 0-9 are read"),
            ("December \u0662\u0660\u0661\u0669", "only the ASCII digits 0-9 are read"),
            ("2019\u00b2", "only the ASCII digits 0-9 are read"),
        ],
    )
    def test_refused(self, text: str, reason: str) -> None:
        """Refused with a reason, the input quoted and the accepted forms."""
        with pytest.raises(DateParseError) as ei:
            PartialDate.parse(text)
        assert reason == ei.value.reason
        assert f"cannot read {text!r} as a date: {reason}. Accepted: {DATE_FORMS}" == str(ei.value)

    @given(
        st.sampled_from(["2019", "2019-07", "2019-07-01", "27.12.2019"]),
        st.sampled_from(["-", "--", ".", ",", "/", "\x00", "+"]),
        st.booleans(),
    )
    def test_stray_punctuation(self, date: str, stray: str, before: bool) -> None:
        """A numeric date with a stray mark before or after it is refused, never trimmed."""
        text = stray + date if before else date + stray
        with pytest.raises(DateParseError):
            PartialDate.parse(text)


class TestWords:
    """Worded dates go through python-dateutil; parts are never invented."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("30 Dec 2019", PartialDate(2019, 12, 30)),
            ("1 Jul 2019", PartialDate(2019, 7, 1)),
            ("Jul 1 2019", PartialDate(2019, 7, 1)),
            ("December 2019", PartialDate(2019, 12)),
            ("Dec. 30, 2019", PartialDate(2019, 12, 30)),
            ("2019 December 30", PartialDate(2019, 12, 30)),
            ("AD 2019", PartialDate(2019)),
            ("30 Dec 2019 10:00", PartialDate(2019, 12, 30)),
            ("30 Dec 2019 10:00 ALMT", PartialDate(2019, 12, 30)),  # unknown zone: dropped
            ("30 Dec 2019 10:00 +05:00", PartialDate(2019, 12, 30)),
            ("Mon, 30 Dec 2019 10:00:00 GMT", PartialDate(2019, 12, 30)),
        ],
    )
    def test_accepted(self, text: str, expected: PartialDate) -> None:
        """Only the parts written are kept."""
        got = PartialDate.parse(text)
        assert expected == got
        assert expected.precision is got.precision

    @pytest.mark.parametrize(
        "text", ["30 Dec 2019 10:00 ALMT", "30 December 2019 10:00 EST", "2019-12-05T00:00:00Z"]
    )
    def test_same_under_warnings_as_errors(self, text: str) -> None:
        """No warning is raised (dateutil's UnknownTimezoneWarning): same result under -W error."""
        expected = PartialDate.parse(text)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert expected == PartialDate.parse(text)
        assert [str(w.message) for w in caught] == []
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert expected == PartialDate.parse(text)

    def test_warnings_as_errors_in_a_fresh_interpreter(self) -> None:
        """`python -W error`: a time-zone name neither fails the date nor writes to stderr."""
        code = (
            "from kzreforms import PartialDate; print(PartialDate.parse('30 Dec 2019 10:00 ALMT'))"
        )
        run = subprocess.run(
            [sys.executable, "-W", "error", "-c", code],
            capture_output=True,
            text=True,
            check=False,
        )
        assert (run.stdout, run.stderr) == ("2019-12-30\n", "")

    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ("Dec 30", "it has no year"),
            ("30 Dec 19", "the year must be written with four digits"),
            (
                "2019-07 AD",
                "with words, the month must be a word too (30 Dec 2019); numbers only: 2019-12-30",
            ),
            (
                "on 01/07/2019",
                "with words, the month must be a word too (30 Dec 2019); numbers only: 2019-12-30",
            ),
        ],
    )
    def test_refused(self, text: str, reason: str) -> None:
        """No year, a two-digit year, or a numeric month among words are refused."""
        with pytest.raises(DateParseError) as ei:
            PartialDate.parse(text)
        assert reason == ei.value.reason


class TestMessages:
    """Messages quote a short excerpt of the input and the forms accepted where it was read."""

    def test_excerpt_short_values_unchanged(self) -> None:
        """Up to the limit, excerpt() is repr()."""
        assert excerpt("2019") == "'2019'"
        assert repr("x" * EXCERPT_LIMIT) == excerpt("x" * EXCERPT_LIMIT)
        assert repr(b"ab") == excerpt(b"ab")
        assert excerpt([1, 2]) == "[1, 2]"

    def test_excerpt_long_values_cut(self) -> None:
        """Past the limit: the repr of the start, an ellipsis and the total length."""
        assert repr("1" * 80) + "... (10000000 characters)" == excerpt("1" * 10_000_000)
        assert repr("ab" * 5) + "... (21 characters)" == excerpt("ab" * 10 + "c", limit=10)
        assert repr(b"x" * 80) + "... (81 bytes)" == excerpt(b"x" * 81)
        long_list = list(range(100))
        assert repr(long_list)[:80] + f"... (repr of {len(repr(long_list))} characters)" == excerpt(
            long_list
        )

    def test_fromisoformat_huge_input(self) -> None:
        """A 10 MB input gives a short message; the attribute keeps the input whole."""
        text = "1" * 10_000_000
        with pytest.raises(DateParseError) as ei:
            PartialDate.fromisoformat(text)
        assert len(str(ei.value)) < MESSAGE_BOUND
        assert "... (10000000 characters)" in str(ei.value)
        assert ei.value.text is text

    def test_parse_huge_input(self) -> None:
        """parse() refuses a huge input by length, quoting an excerpt, keeping the input."""
        text = "30 December 2019 " * 100_000
        with pytest.raises(DateParseError) as ei:
            PartialDate.parse(text)
        assert ei.value.reason == "it is too long (over 100 characters)"
        assert len(str(ei.value)) < MESSAGE_BOUND
        assert ei.value.text is text

    def test_record_and_type_errors_cut(self) -> None:
        """InvalidRecordError and InvalidTypeError quote an excerpt; .value is whole."""
        big = 10**2000
        with pytest.raises(InvalidRecordError) as rec:
            PartialDate(big)
        assert rec.value.value == big
        assert len(str(rec.value)) < MESSAGE_BOUND
        assert f"(repr of {len(repr(big))} characters)" in str(rec.value)
        text = "9" * 1_000_000
        with pytest.raises(InvalidTypeError) as typ:
            PartialDate(text)  # type: ignore[arg-type]
        assert typ.value.value is text
        assert f"PartialDate.year: got str {excerpt(text)}; expected an int" == str(typ.value)

    @given(
        st.text(max_size=300)
        | st.builds(lambda t, n: t * n, st.text(min_size=1, max_size=20), st.integers(1, 50_000))
    )
    @example("1" * 1_000_000)
    @example("\x00" * 5000)
    def test_length_bounded(self, text: str) -> None:
        """Whatever the input's length, a DateParseError's message stays short."""
        for read in (PartialDate.parse, PartialDate.fromisoformat):
            message = _message(read, text)
            assert len(message) < MESSAGE_BOUND
            assert message == "" or excerpt(text) in message

    @pytest.mark.parametrize("text", ["2019/12/30", "30.12.2019", "Dec 2019", " 2019", "2019-13"])
    def test_fromisoformat_lists_iso_forms_only(self, text: str) -> None:
        """fromisoformat() (and data files) name only the ISO partial forms."""
        with pytest.raises(DateParseError) as ei:
            PartialDate.fromisoformat(text)
        assert ei.value.accepted == ISO_DATE_FORMS
        assert str(ei.value).endswith(f"Accepted: {ISO_DATE_FORMS}")
        assert "27.12.2019" not in str(ei.value)
        assert "'30 Dec 2019'" not in str(ei.value)

    def test_data_file_lists_iso_forms_only(self) -> None:
        """A data file's bad date names only the ISO forms in its problem line."""
        with pytest.raises(kzreforms.DataLoadError) as ei:
            kzreforms.loads('{"stage": "signed", "date": "30.12.2019"}', kzreforms.Milestone)
        line = (
            "<data>: cannot read '30.12.2019' as a date: data files use ISO partial dates"
            f" only. Accepted: {ISO_DATE_FORMS} @ $.date"
        )
        assert [line] == list(ei.value.problems)

    def test_parse_lists_every_form(self) -> None:
        """parse() names the year-first, day-first and worded forms."""
        with pytest.raises(DateParseError) as ei:
            PartialDate.parse("hello")
        assert ei.value.accepted == DATE_FORMS
        for form in (
            "2019-12-30",
            "2019/12/30",
            "20191230",
            "27.12.2019",
            "12.2019",
            "30 Dec 2019",
        ):
            assert repr(form) in str(ei.value)

    def test_accepted_default(self) -> None:
        """DateParseError built without `accepted` lists parse()'s forms."""
        assert DateParseError("x", "why").accepted == DATE_FORMS
        assert DateParseError("x", "why", ISO_DATE_FORMS).accepted == ISO_DATE_FORMS


def _message(read: Callable[[str], PartialDate], text: str) -> str:
    """The message of the DateParseError read(text) raises, or "" when it reads a date."""
    try:
        read(text)
    except DateParseError as e:
        return str(e)
    return ""
