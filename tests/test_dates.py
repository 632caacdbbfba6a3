# SPDX-License-Identifier: MIT
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzreforms import DateParseError, InvalidRecordError, InvalidTypeError, PartialDate, Precision
from kzreforms import strategies as kst


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
        quoted = repr(text) if len(text) <= 100 else repr(text[:100] + "...")
        assert quoted in str(ei.value)

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

    def test_refuses_others(self) -> None:
        """Numbers are refused with the accepted types named."""
        with pytest.raises(InvalidTypeError, match=r"datetime\.date"):
            PartialDate.coerce(2020)  # type: ignore[arg-type]
