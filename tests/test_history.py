# SPDX-License-Identifier: MIT
"""ArticleHistory: one provision's penalty over time, never a guess."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kzreforms
from kzreforms import strategies as kst
from kzreforms._articles import ArticleRef
from kzreforms._collection import ReformSet
from kzreforms._dates import PartialDate
from kzreforms._errors import ArticleParseError, QueryError, UnknownNameError
from kzreforms._history import ArticleHistory
from kzreforms._model import (
    Citation,
    Confidence,
    Liability,
    Milestone,
    Penalty,
    PenaltyChange,
    Reform,
    ReformKind,
    Stage,
    Term,
)
from kzreforms._topics import Topic

CRIM = Liability.CRIMINAL
P35 = Penalty(CRIM, imprisonment=Term.years(3, 5))
P47 = Penalty(CRIM, imprisonment=Term.years(4, 7))
ADM = Penalty(Liability.ADMINISTRATIVE)


def reform(
    rid: str, signed: dt.date, *changes: PenaltyChange, in_force: PartialDate | None = None
) -> Reform:
    ms = [Milestone(Stage.SIGNED, PartialDate.from_date(signed))]
    if in_force is not None:
        ms.append(Milestone(Stage.IN_FORCE, in_force))
    return Reform(
        id=rid,
        title=f"Law {rid}",
        summary="A law.",
        kind=ReformKind.LAW,
        topics=frozenset({Topic.CRIMINAL_LAW}),
        milestones=tuple(ms),
        citations=(Citation("src-a", confidence=Confidence.HIGH),),
        penalty_changes=changes,
    )


class TestPackagedExamples:
    """The histories docs/articles.md shows."""

    def test_trafficking_across_2019_and_2024(self) -> None:
        """CC 128(1): 3-5 y, then 4-7 y from a 2020 day not recorded; known again by 2024."""
        h = kzreforms.article("CC 128(1)")
        assert [e.reform.id for e in h] == [
            "criminal-code-amendments-2019-12",
            "trafficking-penalties-law-2024",
        ]
        early = h.at("2016-01-01")
        assert (
            early.status,
            str(early.penalty),
        ) == ("known", "criminal (medium) prison 3 y to 5 y")
        mid = h.at("2022-01-01")
        assert mid.status == "ambiguous"
        assert [str(c) for c in mid.candidates] == [
            "criminal (medium) prison 3 y to 5 y",
            "criminal (grave) prison 4 y to 7 y",
        ]
        late = h.at(dt.date(2025, 1, 1))
        assert (late.status, str(late.penalty)) == ("known", "criminal (grave) prison 4 y to 7 y")
        assert "in force by 2024-07-05" in late.reason

    def test_rape_before_and_after_2019(self) -> None:
        """CC 120(1) before the 2019 law: 3-5 y; afterwards the date is not recorded."""
        h = kzreforms.article("CC 120(1)")
        assert str(h.at("2019-12-01").penalty) == "criminal (medium) prison 3 y to 5 y"
        assert h.at("2020-06-01").status == "ambiguous"

    def test_defamation_leaves_the_criminal_code(self) -> None:
        """CC 130: criminal before 2020, then administrative (date unknown)."""
        h = kzreforms.article("CC 130(1)")
        assert h.at("2019-01-01").penalty is not None
        assert h.at("2019-01-01").penalty.liability is CRIM  # type: ignore[union-attr]
        after = h.at("2021-01-01")
        assert after.status == "ambiguous"
        assert {c.liability for c in after.candidates if c} == {CRIM, Liability.ADMINISTRATIVE}

    def test_battery_returns_in_2024(self) -> None:
        """CC 109-1(1) from 16 June 2024: administrative before, a criminal misdemeanour after."""
        h = kzreforms.article("CC 109-1(1)")
        before = h.at("2024-06-15")
        assert before.status == "known"
        assert before.penalty is not None
        assert before.penalty.liability is Liability.ADMINISTRATIVE
        assert h.at("2024-06-16").penalty == h[0].change.after

    def test_child_rape_2024_life_only(self) -> None:
        """CC 120(4): life only from 16 June 2024."""
        h = kzreforms.article("CC 120(4)")
        assert str(h.at("2024-06-15").penalty) == "criminal (especially-grave) prison 20 y or life"
        assert str(h.at("2024-06-16").penalty) == "criminal (especially-grave) life"

    def test_year_precision_is_ambiguous_inside_the_year(self) -> None:
        """AdmC 608 changed 'in 2020': every day of 2020 is ambiguous, 2021 is known."""
        h = kzreforms.article("AdmC 608")
        state = h.at("2020-06-01")
        assert state.status == "ambiguous"
        assert len(state.candidates) == 2
        assert h.at("2021-01-01").status == "known"
        assert h.at("2019-12-31").status == "known"

    def test_before_the_code(self) -> None:
        """Before 1 January 2015 the state is explicitly unknown."""
        state = kzreforms.article("CC 128(1)").at("2014-12-31")
        assert (state.status, state.penalty, state.candidates) == ("unknown", None, ())
        assert "2015-01-01" in state.reason
        assert "unknown" in str(state)

    def test_reform_set_entry_point(self) -> None:
        """ReformSet.article is the same history, any spelling."""
        h = kzreforms.reforms().article("УК РК ст. 128 ч. 1")
        assert list(h) == list(kzreforms.article("CC 128(1)"))
        assert repr(h) == "ArticleHistory('CC 128(1)', 2 changes)"
        assert "trafficking-penalties-law-2024" in str(h)


class TestErrors:
    """Unknown provisions and bad days."""

    def test_parts_are_named(self) -> None:
        """A provision whose parts have changes names those parts."""
        with pytest.raises(UnknownNameError) as info:
            kzreforms.article("CC 128")
        assert "its parts do: CC 128(1), CC 128(2), CC 128(3), CC 128(4)" in str(info.value)

    def test_close_matches(self) -> None:
        """A provision with no change suggests close ones."""
        with pytest.raises(UnknownNameError, match="did you mean"):
            kzreforms.article("CC 128(9)")

    def test_containing_provision_is_named(self) -> None:
        """A part of a provision recorded whole says so."""
        with pytest.raises(UnknownNameError, match="changes are recorded for CC 130"):
            kzreforms.article("CC 130(2)")

    def test_bad_reference(self) -> None:
        """A reference without a code is a parse error."""
        with pytest.raises(ArticleParseError):
            kzreforms.article("128")

    @pytest.mark.parametrize("day", ["2020", "2020-05"])
    def test_not_a_day(self, day: str) -> None:
        """at() needs a single day."""
        with pytest.raises(QueryError, match="not a single day"):
            kzreforms.article("CC 128(1)").at(day)

    def test_wrong_entries(self) -> None:
        """A history holds one provision's entries only."""
        pv = kzreforms.reforms().penalties().article("CC 128")
        with pytest.raises(QueryError):
            ArticleHistory("CC 128(1)", pv)


def _chain(
    ref: ArticleRef, states: list[Penalty], days: list[dt.date]
) -> tuple[ArticleHistory, list[tuple[dt.date, Penalty]]]:
    rs = [
        reform(
            f"r{i}",
            days[i],
            PenaltyChange("x", before=states[i], after=states[i + 1], article=ref),
            in_force=PartialDate.from_date(days[i]),
        )
        for i in range(len(states) - 1)
    ]
    h = ReformSet(rs).article(ref)
    return h, [(days[i], states[i + 1]) for i in range(len(states) - 1)]


class TestProperties:
    """at() over generated day-dated chains."""

    @given(
        kst.article_refs(),
        st.lists(kst.penalties(), min_size=2, max_size=5),
        st.lists(
            st.dates(dt.date(2015, 1, 2), dt.date(2030, 1, 1)), min_size=4, max_size=4, unique=True
        ),
        st.dates(dt.date(2015, 1, 1), dt.date(2031, 1, 1)),
    )
    def test_latest_applicable_after(
        self, ref: ArticleRef, states: list[Penalty], days: list[dt.date], on: dt.date
    ) -> None:
        """With day-precise dates the state is the latest applicable change's after."""
        days = sorted(days)
        h, steps = _chain(ref, states, days)
        state = h.at(on)
        applied = [p for d, p in steps if d <= on]
        expected = applied[-1] if applied else states[0]
        assert ("known", expected) == (state.status, state.penalty)

    @given(
        kst.article_refs(),
        st.lists(kst.penalties(), min_size=2, max_size=4),
        st.lists(
            st.dates(dt.date(2015, 1, 2), dt.date(2030, 1, 1)), min_size=3, max_size=3, unique=True
        ),
        st.data(),
    )
    def test_piecewise_constant(
        self, ref: ArticleRef, states: list[Penalty], days: list[dt.date], data: st.DataObject
    ) -> None:
        """Between two consecutive change dates every day has the same state."""
        days = sorted(days)
        h, steps = _chain(ref, states, days)
        bounds = [dt.date(2015, 1, 1), *(d for d, _ in steps), dt.date(2031, 1, 1)]
        i = data.draw(st.integers(0, len(bounds) - 2))
        lo, hi = bounds[i], bounds[i + 1] - dt.timedelta(days=1)
        if lo > hi:
            return
        a = data.draw(st.dates(lo, hi))
        b = data.draw(st.dates(lo, hi))
        assert h.at(a).penalty == h.at(b).penalty
        assert h.at(a).status == h.at(b).status

    @given(st.integers(1, 11), st.integers(1, 28))
    def test_month_precision_is_ambiguous_within_the_month(self, month: int, day: int) -> None:
        """A change known to a month: days in that month list both candidates."""
        ref = ArticleRef.parse("CC 5")
        r = reform(
            "a",
            dt.date(2020, 1, 1),
            PenaltyChange(
                "x", before=P35, after=P47, article=ref, in_force=PartialDate(2020, month + 1)
            ),
        )
        h = ReformSet([r]).article(ref)
        inside = h.at(dt.date(2020, month + 1, day))
        assert (inside.status, inside.candidates) == ("ambiguous", (P35, P47))
        assert h.at(dt.date(2020, month, day)).penalty == P35
        assert h.at(dt.date(2021, 1, 1)).penalty == P47

    def test_unknown_date_is_ambiguous_until_a_later_reform_records_it(self) -> None:
        """An undated change: ambiguous from its signing until a later record found it in force."""
        ref = ArticleRef.parse("CC 5")
        a = reform(
            "a",
            dt.date(2020, 1, 1),
            PenaltyChange("x", before=P35, after=P47, article=ref, in_force_unknown="no date"),
        )
        b = reform(
            "b",
            dt.date(2022, 1, 1),
            PenaltyChange("x", before=P47, after=ADM, article=ref),
            in_force=PartialDate(2022, 3, 1),
        )
        h = ReformSet([a, b]).article(ref)
        assert h.at("2019-12-31").penalty == P35
        assert h.at("2021-01-01").status == "ambiguous"
        assert h.at("2022-02-01").penalty == P47
        assert h.at("2022-03-01").penalty == ADM
