# SPDX-License-Identifier: MIT
"""
What a new user trips over, in Python: stage names in ``Reform.milestone`` /
``Reform.dates``, timelines limited by date, several sources or bodies at
once, penalty changes by offence, search folding on the packaged data, and
``load()`` reporting every cross-record problem in one run.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kzreforms
from kzreforms import (
    DataLoadError,
    DateParseError,
    InvalidTypeError,
    PartialDate,
    QueryError,
    Stage,
    UnknownNameError,
    UnknownSourceError,
)
from kzreforms._convert import to_jsonable
from kzreforms._text import fold

RS = kzreforms.reforms()
LAW_72 = "women-children-safety-law-2024"
YEARS = st.integers(2000, 2027)


class TestStageNames:
    """``milestone()`` and ``dates()`` take stage names like every collection method."""

    def test_milestone_by_name(self) -> None:
        """``milestone("signed")`` finds the signed milestone (it returned None)."""
        r = kzreforms.get(LAW_72)
        expected = r.milestone(Stage.SIGNED)
        assert expected is not None
        assert expected == r.milestone("signed")
        assert expected == r.milestone("SIGNED")

    def test_dates_by_name(self) -> None:
        """``dates(["signed"])`` gives the signed date (it gave ())."""
        r = kzreforms.get(LAW_72)
        assert (PartialDate(2024, 4, 15),) == r.dates(["signed"])
        assert r.dates([Stage.SIGNED, Stage.IN_FORCE]) == r.dates(["signed", "in-force"])

    def test_dates_one_stage(self) -> None:
        """One stage alone, as a name or a member, is one stage (not its letters)."""
        r = kzreforms.get(LAW_72)
        assert r.dates([Stage.SIGNED]) == r.dates("signed")
        assert r.dates([Stage.SIGNED]) == r.dates(Stage.SIGNED)

    @given(st.sampled_from([(r, m.stage) for r in RS for m in r.milestones]))
    def test_names_equal_members(self, pair: tuple[kzreforms.Reform, Stage]) -> None:
        """For every milestone of every record, its stage's name finds it like the member."""
        r, stage = pair
        assert r.milestone(stage) is not None
        assert r.milestone(stage) == r.milestone(stage.value)
        assert r.dates([stage])
        assert r.dates([stage]) == r.dates([stage.value])

    @given(st.sampled_from(list(RS)), st.sampled_from(list(Stage)))
    def test_missing_stage(self, r: kzreforms.Reform, stage: Stage) -> None:
        """A stage the record lacks gives None and (), by name or member alike."""
        assert r.milestone(stage) == r.milestone(stage.value)
        assert r.dates([stage]) == r.dates([stage.value])

    def test_unknown_stage_name(self) -> None:
        """An unknown name raises, with close matches (it returned None / ())."""
        r = kzreforms.get(LAW_72)
        with pytest.raises(UnknownNameError, match="did you mean 'signed'"):
            r.milestone("signd")
        with pytest.raises(UnknownNameError, match="did you mean 'signed'"):
            r.dates(["signd"])

    def test_dates_bad_type(self) -> None:
        """A non-iterable is an error of the library, saying what is accepted."""
        with pytest.raises(InvalidTypeError, match="iterable of stages"):
            kzreforms.get(LAW_72).dates(5)  # type: ignore[arg-type]


def _overlapping(lo: dt.date, hi: dt.date) -> tuple[kzreforms.TimelineEntry, ...]:
    return tuple(e for e in RS.timeline() if e.date.overlaps(lo, hi))


class TestTimelineLimits:
    """``timeline(since=, until=, during=)`` limits the milestones themselves."""

    def test_during(self) -> None:
        """Only 2022 milestones of the constitution reforms (it ran 2002-2023)."""
        entries = RS.topic("constitution").timeline(during="2022")
        assert entries
        assert {2022} == {e.date.year for e in entries}
        expected = tuple(e for e in RS.topic("constitution").timeline() if e.date.year == 2022)
        assert expected == entries

    @given(YEARS, YEARS)
    def test_since_until_overlap(self, a: int, b: int) -> None:
        """since/until keep the milestones whose date overlaps the range."""
        lo, hi = min(a, b), max(a, b)
        expected = _overlapping(dt.date(lo, 1, 1), dt.date(hi, 12, 31))
        assert expected == RS.timeline(since=str(lo), until=str(hi))

    @given(YEARS, YEARS, YEARS)
    def test_all_three_intersect(self, a: int, b: int, c: int) -> None:
        """since, until and during together keep their intersection, or raise when empty."""
        lo, hi = min(a, b), max(a, b)
        limits = {"since": str(lo), "until": str(hi), "during": str(c)}
        if lo <= c <= hi:
            assert RS.timeline(during=str(c)) == RS.timeline(**limits)
        else:
            with pytest.raises(QueryError, match="leave no date"):
                RS.timeline(**limits)

    def test_within_is_subset(self) -> None:
        """``mode="within"`` drops milestones only partly in the range."""
        overlaps = RS.timeline(during="2025-06")
        within = RS.timeline(during="2025-06", mode="within")
        assert set(within) <= set(overlaps)
        june = (dt.date(2025, 6, 1), dt.date(2025, 6, 30))
        assert all(june[0] <= e.date.earliest and e.date.latest <= june[1] for e in within)
        assert any(not e.date.within(*june) for e in overlaps)

    def test_with_stages(self) -> None:
        """Stages and dates combine."""
        entries = RS.timeline(["signed"], since="2024")
        assert entries
        assert all(e.stage is Stage.SIGNED and e.date.year >= 2024 for e in entries)

    def test_empty_range(self) -> None:
        """Limits that leave no date raise, naming them."""
        with pytest.raises(QueryError, match=r"during=2024, until=2023|until=2023, during=2024"):
            RS.timeline(during="2024", until="2023")
        with pytest.raises(QueryError, match="since=2025"):
            RS.timeline(since="2025", until="2024")

    def test_bad_date(self) -> None:
        """A limit that is not a date raises DateParseError."""
        with pytest.raises(DateParseError):
            RS.timeline(since="last year")

    def test_no_limits_unchanged(self) -> None:
        """Without limits, every milestone."""
        assert sum(len(r.milestones) for r in RS) == len(RS.timeline())


class TestSeveral:
    """``cites()`` and ``body()`` take several values, like ``topic()`` and ``kind()``."""

    def test_cites_several(self) -> None:
        """Any of the sources."""
        a, b = "news-2024-04-women-children-law", "gnews-tokayev-signs-women-children-laws"
        assert RS.cites(a) | RS.cites(b) == RS.cites(a, b)
        assert RS.cites(a) == RS.cites(RS.sources[a])

    def test_body_several(self) -> None:
        """Any of the bodies."""
        assert RS.body("Senate") | RS.body("Mazhilis") == RS.body("Senate", "Mazhilis")
        assert len(RS.body("Senate", "Mazhilis")) > len(RS.body("Senate"))

    def test_none_given(self) -> None:
        """No value at all is an error, not everything."""
        with pytest.raises(QueryError, match="at least one"):
            RS.cites()
        with pytest.raises(QueryError, match="at least one"):
            RS.body()

    def test_one_unknown_among_several(self) -> None:
        """One unknown value raises, naming it."""
        with pytest.raises(UnknownSourceError, match="no-such-src"):
            RS.cites("news-2024-04-women-children-law", "no-such-src")
        with pytest.raises(UnknownNameError, match="no-such-body"):
            RS.body("Senate", "no-such-body")
        with pytest.raises(InvalidTypeError, match="non-empty"):
            RS.body("Senate", " ")


class TestOffence:
    """``PenaltyView.offence()`` selects penalty changes, not reforms."""

    def test_trafficking(self) -> None:
        """Only trafficking offences (search selects whole reforms: rape, drugs...)."""
        by_offence = RS.penalties().offence("trafficking")
        assert by_offence
        assert all("trafficking" in fold(e.change.offence) for e in by_offence)
        by_search = RS.search("trafficking").penalties()
        assert len(by_offence) < len(by_search)
        assert any("trafficking" not in fold(e.change.offence) for e in by_search)

    def test_folded(self) -> None:
        """Case and accents do not matter; matches start at a word."""
        pv = RS.penalties()
        assert pv.offence("trafficking") == pv.offence("TRAFFICKING")
        assert pv.offence("trafficking") == pv.offence("traffícking")
        assert not pv.offence("rafficking")

    @given(st.sampled_from([e.change.offence for e in RS.penalties()]))
    def test_own_offence_found(self, offence: str) -> None:
        """Every penalty change is found by its own offence text."""
        assert any(e.change.offence == offence for e in RS.penalties().offence(offence))

    def test_bad_input(self) -> None:
        """Blank text and non-strings are errors."""
        with pytest.raises(QueryError, match="give some text"):
            RS.penalties().offence("  ")
        with pytest.raises(InvalidTypeError):
            RS.penalties().offence(3)  # type: ignore[arg-type]


class TestSearchFolding:
    """Typographic apostrophes and number markers, on the packaged data."""

    def test_typographic_apostrophe(self) -> None:
        """women’s rights finds what women's rights finds."""
        plain = RS.search("women's rights")
        assert plain
        assert plain == RS.search("women\u2019s rights")

    @pytest.mark.parametrize("query", ["№72-VIII", "Law 72", "No. 72-VIII", "law no 72"])
    def test_law_number(self, query: str) -> None:
        """The ways people write Law No. 72-VIII all find it."""
        assert LAW_72 in RS.search(query).ids()


def _record(rid: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = to_jsonable(kzreforms.get(LAW_72))
    text = json.dumps({**data, "id": rid, "related": [], **changes})
    return dict(json.loads(text.replace('"news-2024-04-women-children-law"', '"news-2024-04-wcl"')))


class TestLoadAllAtOnce:
    """``load()`` reports cross-record problems of every record in one run."""

    @pytest.fixture
    def bad(self, tmp_path: Path) -> Path:
        path = tmp_path / "bad.json"
        records = [
            _record("broken-one", topics=["no-such-topic"]),
            _record("fine-two", related=["women-children-safty-law-2024"]),
        ]
        path.write_text(json.dumps(records), encoding="utf-8")
        return path

    def test_unknown_source_of_unstructured_record(self, bad: Path) -> None:
        """The record with a bad topic still gets its unknown source reported."""
        with pytest.raises(DataLoadError) as info:
            kzreforms.load(bad)
        problems = info.value.problems
        assert any("no-such-topic" in p for p in problems)
        assert any(p.startswith("reform broken-one: cites unknown source") for p in problems)
        assert any(p.startswith("reform fine-two: cites unknown source") for p in problems)

    def test_one_line_per_unknown_source(self, bad: Path) -> None:
        """A source cited many times is reported once per record."""
        with pytest.raises(DataLoadError) as info:
            kzreforms.load(bad)
        lines = [p for p in info.value.problems if p.startswith("reform fine-two: cites")]
        assert len(lines) == 1

    def test_close_matches(self, bad: Path) -> None:
        """Unknown source ids and related ids suggest close matches."""
        with pytest.raises(DataLoadError) as info:
            kzreforms.load(bad)
        text = "\n".join(info.value.problems)
        assert "'news-2024-04-wcl' (did you mean 'news-2024-04-women-children-law'" in text
        assert (
            "related id 'women-children-safty-law-2024' does not exist "
            "(did you mean 'women-children-safety-law-2024'?)"
        ) in text

    def test_related_to_unstructured_record_exists(self, tmp_path: Path) -> None:
        """A related id naming a record that failed to structure is not 'missing'."""
        path = tmp_path / "bad.json"
        records = [
            _record("broken-one", topics=["no-such-topic"], related=["fine-two"]),
            _record("fine-two", related=["broken-one"]),
        ]
        path.write_text(json.dumps(records), encoding="utf-8")
        with pytest.raises(DataLoadError) as info:
            kzreforms.load(path)
        assert not [p for p in info.value.problems if "does not exist" in p]

    def test_milestone_order_with_bad_field(self, tmp_path: Path) -> None:
        """A bad topic no longer hides the same record's milestone order."""
        data = _record("broken-one", topics=["no-such-topic"])
        data["milestones"] = list(reversed(data["milestones"]))
        only_order = _record("order-two")
        only_order["milestones"] = list(reversed(only_order["milestones"]))
        path = tmp_path / "bad.json"
        path.write_text(json.dumps([data, only_order]), encoding="utf-8")
        with pytest.raises(DataLoadError) as info:
            kzreforms.load(path)
        problems = info.value.problems
        assert any("(broken-one)" in p and "no-such-topic" in p for p in problems)
        assert any("(broken-one)" in p and "chronological order" in p for p in problems)
        order_two = [p for p in problems if "(order-two)" in p]
        assert len(order_two) == 1
        assert "chronological order" in order_two[0]


class TestShortMessages:
    """Errors say what was wrong without repeating whole inputs."""

    def test_set_algebra_with_a_list(self) -> None:
        rs = kzreforms.reforms()
        with pytest.raises(kzreforms.InvalidTypeError) as info:
            rs | [rs[0]]  # type: ignore[operator]
        text = str(info.value)
        assert len(text) < 300, len(text)
        assert "expected a ReformSet" in text

    def test_cites_with_a_type(self) -> None:
        with pytest.raises(kzreforms.InvalidTypeError) as info:
            kzreforms.reforms().cites(list)  # type: ignore[arg-type]
        assert len(str(info.value)) < 200
        assert "a source id (str) or a Source" in str(info.value)
