# SPDX-License-Identifier: MIT
from __future__ import annotations

import contextlib
import math
from collections.abc import Callable
from typing import TypeVar

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from kzreforms import (
    Citation,
    CitationRef,
    Confidence,
    Discrepancy,
    Figure,
    Gravity,
    InvalidRecordError,
    InvalidTypeError,
    KzReformsError,
    Liability,
    Milestone,
    PartialDate,
    Penalty,
    PenaltyChange,
    Quantity,
    Reform,
    ReformKind,
    Stage,
    Term,
    Topic,
    UnknownNameError,
)
from kzreforms import strategies as kst

CRIM = Liability.CRIMINAL
T = TypeVar("T")
# Criminal penalties with a term up to 5 years (and maybe life): overlapping
# terms of one gravity class, where the order's rules decide.
PRISON_TERMS = st.builds(
    lambda term, life: Penalty(CRIM, imprisonment=term, life=life), kst.terms(60), st.booleans()
)
# kzreforms.strategies build new composite strategies on every draw (and
# hypothesis reads each one's source), so whole records and penalties are slow
# to generate: tests of them run a third of the profile's examples.
FEWER = settings(max_examples=max(10, settings().max_examples // 3))
CITE = Citation("src", "¶1", confidence=Confidence.HIGH)


def reform(**kw: object) -> Reform:
    base: dict[str, object] = {
        "id": "a-law",
        "title": "A law",
        "summary": "It does things.",
        "kind": ReformKind.LAW,
        "topics": frozenset({Topic.CRIMINAL_LAW}),
        "milestones": (Milestone(Stage.SIGNED, PartialDate(2020, 1, 2)),),
        "citations": (CITE,),
    }
    base.update(kw)
    return Reform(**base)  # type: ignore[arg-type]


class TestTerm:
    @given(kst.terms())
    def test_bounds_ordered(self, t: Term) -> None:
        """min <= max whenever both are known; at least one is known."""
        assert t.min_months is not None or t.max_months is not None
        if t.min_months is not None and t.max_months is not None:
            assert t.min_months <= t.max_months

    @pytest.mark.parametrize(
        ("args", "exc"),
        [
            ((-1, 5), InvalidRecordError),
            ((10, 5), InvalidRecordError),
            ((None, None), InvalidRecordError),
            ((1.5, 5), InvalidTypeError),
            ((True, 5), InvalidTypeError),
        ],
    )
    def test_invalid(self, args: tuple[object, object], exc: type[Exception]) -> None:
        """Negative, inverted, empty and non-integer terms raise our errors."""
        with pytest.raises(exc) as ei:
            Term(*args)  # type: ignore[arg-type]
        assert isinstance(ei.value, KzReformsError)
        assert "Term." in str(ei.value)

    def test_years_and_str(self) -> None:
        """Term.years converts to months; str() reads naturally."""
        assert Term(60, 96) == Term.years(5, 8)
        assert str(Term.years(5, 8)) == "5 y to 8 y"
        assert str(Term(None, 18)) == "up to 1 y 6 mo"
        assert str(Term(6, None)) == "at least 6 mo"
        assert str(Term(24, 24)) == "2 y"
        assert Term.years(None, 3) == Term(None, 36)

    def test_quantity(self) -> None:
        """Quantity has the same bound rules."""
        assert str(Quantity(None, 80)) == "up to 80"
        assert Quantity(5, None).upper == 5
        with pytest.raises(InvalidRecordError):
            Quantity(9, 3)


class TestGravity:
    @pytest.mark.parametrize(
        ("months", "expected"),
        [
            (24, Gravity.MINOR),
            (25, Gravity.MEDIUM),
            (60, Gravity.MEDIUM),
            (61, Gravity.GRAVE),
            (144, Gravity.GRAVE),
            (145, Gravity.ESPECIALLY_GRAVE),
        ],
    )
    def test_thresholds(self, months: int, expected: Gravity) -> None:
        """Art. 11 thresholds for intentional crimes."""
        assert expected == Gravity.for_term(months)

    def test_negligent_and_life(self) -> None:
        """Negligent crimes: up to 5 years minor, above medium; life is especially grave."""
        assert Gravity.for_term(60, negligent=True) == Gravity.MINOR
        assert Gravity.for_term(61, negligent=True) == Gravity.MEDIUM
        assert Gravity.for_term(None, life=True) == Gravity.ESPECIALLY_GRAVE
        assert Gravity.for_term(None) is None
        assert Gravity.for_term(None, negligent=True) is None

    @FEWER
    @given(kst.penalties())
    def test_gravity_agrees_with_term(self, p: Penalty) -> None:
        """Wherever the Code ties them, a stated gravity equals the term's class."""
        if p.gravity is not None and p.gravity is not Gravity.CRIMINAL_MISDEMEANOUR:
            tied = p.term_gravity
            assert tied is None or tied is p.gravity

    def test_mismatch_refused(self) -> None:
        """A base rape term of 5-8 years cannot be 'medium' (it is grave)."""
        with pytest.raises(InvalidRecordError, match="'grave'"):
            Penalty(CRIM, Gravity.MEDIUM, Term.years(5, 8))

    def test_order(self) -> None:
        """Gravity classes are ordered least to most grave."""
        assert Gravity.CRIMINAL_MISDEMEANOUR < Gravity.MINOR < Gravity.ESPECIALLY_GRAVE
        assert max(Gravity) is Gravity.ESPECIALLY_GRAVE
        assert Gravity.MINOR.__lt__(Liability.CRIMINAL) is NotImplemented


class TestPenalty:
    @pytest.mark.parametrize(
        "kw",
        [
            {"liability": Liability.ADMINISTRATIVE, "gravity": Gravity.MINOR},
            {"liability": Liability.ADMINISTRATIVE, "imprisonment": Term(1, 2)},
            {"liability": Liability.CIVIL, "life": True},
            {
                "liability": CRIM,
                "gravity": Gravity.CRIMINAL_MISDEMEANOUR,
                "imprisonment": Term(1, 2),
            },
            {"liability": CRIM, "gravity": Gravity.CRIMINAL_MISDEMEANOUR, "life": True},
            {"liability": "criminal"},
        ],
    )
    def test_invalid(self, kw: dict[str, object]) -> None:
        """Sanctions must fit the liability and the gravity class."""
        with pytest.raises(KzReformsError):
            Penalty(**kw)  # type: ignore[arg-type]

    @given(st.lists(kst.penalties(), max_size=4), st.lists(PRISON_TERMS, max_size=16))
    def test_severity_follows_documented_rules(
        self, some: list[Penalty], prison: list[Penalty]
    ) -> None:
        """
        Sorted by severity, penalties are in the documented order: liability
        first, then life, then the upper bound, then the lower bound (life
        counts as an unbounded term), wherever the term fixes the gravity:
        no death penalty, not negligent, a term or life given.
        """

        def documented(p: Penalty) -> tuple[int, bool, float, float]:
            imp = p.imprisonment
            upper = math.inf if p.life else (imp.upper if imp else 0)
            lower = math.inf if p.life_only else ((imp.min_months or 0) if imp else 0)
            return (p.liability.rank, p.life, upper, lower)

        def gravity_known(p: Penalty) -> bool:
            if p.liability is not CRIM:
                return True  # no prison term or life: the liability alone decides
            return not p.death and not p.negligent and p.effective_gravity is not None

        ranked = sorted(filter(gravity_known, some + prison), key=lambda p: p.severity)
        keys = [documented(p) for p in ranked]
        assert sorted(keys) == keys

    @FEWER
    @given(kst.penalties(), kst.penalties())
    def test_liability_dominates(self, a: Penalty, b: Penalty) -> None:
        """A more serious liability is always more severe."""
        if a.liability < b.liability:
            assert a.severity < b.severity

    def test_documented_order(self) -> None:
        """Liability, then life, then upper bound, then lower bound."""
        adm = Penalty(Liability.ADMINISTRATIVE, fine_mci=Quantity(None, 10**5))
        low = Penalty(CRIM, imprisonment=Term.years(3, 5))
        high_min = Penalty(CRIM, imprisonment=Term.years(4, 5))
        higher = Penalty(CRIM, imprisonment=Term.years(1, 8))
        life = Penalty(CRIM, imprisonment=Term.years(15, 20), life=True)
        life_only = Penalty(CRIM, life=True)
        death = Penalty(CRIM, life=True, death=True)
        life_20 = Penalty(CRIM, imprisonment=Term.years(20, 20), life=True)
        ladder = [adm, low, high_min, higher, life, life_20, life_only, death]
        assert ladder == sorted(ladder, key=lambda p: p.severity)
        assert life_only.life_only
        assert not life.life_only

    def test_str(self) -> None:
        """str() summarises the sanction."""
        p = Penalty(
            CRIM,
            Gravity.ESPECIALLY_GRAVE,
            Term.years(20, 20),
            life=True,
            fine_mci=Quantity(None, 5),
        )
        assert str(p) == "criminal (especially-grave) prison 20 y or life fine up to 5 MCI"
        assert str(Penalty(CRIM, life=True, death=True, arrest_days=Quantity(None, 5))) == (
            "criminal life or death arrest up to 5 days"
        )


class TestPenaltyChange:
    def test_kinds(self) -> None:
        """Derived kinds follow the liability and severity of before/after."""
        adm = Penalty(Liability.ADMINISTRATIVE)
        mis = Penalty(CRIM, Gravity.CRIMINAL_MISDEMEANOUR)
        grave = Penalty(CRIM, Gravity.GRAVE, Term.years(5, 8))
        medium = Penalty(CRIM, Gravity.MEDIUM, Term.years(3, 5))
        crim = PenaltyChange("battery", after=mis, before=adm)
        assert (crim.is_criminalisation, crim.is_harsher, crim.is_new) == (True, True, False)
        new = PenaltyChange("stalking", after=mis)
        assert (new.is_new, new.is_criminalisation, new.is_harsher, new.is_milder) == (
            True,
            True,
            True,
            False,
        )
        decrim = PenaltyChange("defamation", after=adm, before=medium)
        assert (decrim.is_decriminalisation, decrim.is_milder, decrim.is_criminalisation) == (
            True,
            True,
            False,
        )
        up = PenaltyChange("rape", after=grave, before=medium)
        assert (up.is_harsher, up.is_milder, up.is_criminalisation) == (True, False, False)
        life_only = PenaltyChange(
            "child murder",
            after=Penalty(CRIM, life=True),
            before=Penalty(CRIM, imprisonment=Term.years(20, 20), life=True),
        )
        assert (life_only.is_harsher, life_only.is_milder) == (True, False)
        unknown = PenaltyChange("torture", after=grave, before=Penalty(CRIM))
        assert (unknown.is_comparable, unknown.is_harsher, unknown.is_milder) == (
            False,
            False,
            False,
        )

    @FEWER
    @given(kst.penalty_changes())
    def test_harsher_agrees_with_severity(self, pc: PenaltyChange) -> None:
        """is_harsher / is_milder are exactly the severity comparison; never both."""
        assert not (pc.is_harsher and pc.is_milder)
        if pc.before is not None and pc.is_comparable:
            assert pc.is_harsher == (pc.after.severity > pc.before.severity)
            assert pc.is_milder == (pc.after.severity < pc.before.severity)
        if pc.before is not None and not pc.is_comparable:
            assert not pc.is_harsher
            assert not pc.is_milder
        assert pc.is_criminalisation == (
            pc.after.liability is CRIM and (pc.before is None or pc.before.liability is not CRIM)
        )


def missing(
    strategy: st.SearchStrategy[T], features: Callable[[T], set[str]], wanted: set[str]
) -> set[str]:
    """The *wanted* features no value among 5000 generated by *strategy* shows."""
    seen: set[str] = set()

    def all_seen(value: T) -> bool:
        seen.update(features(value))
        return wanted <= seen

    quick = settings(max_examples=5000, database=None, derandomize=True, phases=[Phase.generate])
    with contextlib.suppress(NoSuchExample):
        find(strategy, all_seen, settings=quick)
    return wanted - seen


@pytest.mark.slow
class TestStrategies:
    """
    kzreforms.strategies generate every kind of value the model allows (their
    validity needs no test: the records check themselves when built).
    """

    def test_penalties_reach_every_class(self) -> None:
        """Every liability and gravity, stated and implied gravity, life, death, negligence."""

        def features(p: Penalty) -> set[str]:
            found = {p.liability.value, f"gravity {p.effective_gravity}"}
            flags = {"stated": p.gravity is not None, "term": p.imprisonment is not None}
            flags |= {"life": p.life, "death": p.death, "negligent": p.negligent}
            return found | {name for name, on in flags.items() if on}

        wanted = {lb.value for lb in Liability} | {f"gravity {g}" for g in (*Gravity, None)}
        wanted |= {"stated", "term", "life", "death", "negligent"}
        assert set() == missing(kst.penalties(), features, wanted)

    def test_reforms_reach_every_kind_and_part(self) -> None:
        """Every reform kind and stage, each optional part, parts citing a source."""

        def features(r: Reform) -> set[str]:
            found = {r.kind.value, *(m.stage.value for m in r.milestones)}
            parts = {
                "acts": r.acts,
                "penalty_changes": r.penalty_changes,
                "figures": r.figures,
                "measures": r.measures,
                "bodies": r.bodies,
                "related": r.related,
                "discrepancies": r.discrepancies,
                "milestone sources": [m for m in r.milestones if m.sources],
                "measure citations": [m for m in r.measures if m.citations],
                "notes": r.notes,
            }
            return found | {name for name, values in parts.items() if values}

        wanted = {k.value for k in ReformKind} | {s.value for s in Stage}
        wanted |= {"acts", "penalty_changes", "figures", "measures", "bodies", "related"}
        wanted |= {"discrepancies", "milestone sources", "measure citations", "notes"}
        assert set() == missing(kst.reforms(), features, wanted)


class TestReform:
    def test_minimal(self) -> None:
        """A minimal reform is valid and exposes its key date."""
        r = reform()
        assert PartialDate(2020, 1, 2) == r.date
        assert frozenset({"src"}) == r.sources
        assert frozenset({Topic.CRIMINAL_LAW, Topic.JUSTICE}) == r.all_topics
        assert str(r) == "2020-01-02 a-law: A law"

    def test_key_date_prefers_signed_then_adopted(self) -> None:
        """date: signed, else adopted, else the earliest milestone."""
        ms = (
            Milestone(Stage.ANNOUNCED, PartialDate(2019)),
            Milestone(Stage.ADOPTED, PartialDate(2020, 2)),
            Milestone(Stage.SIGNED, PartialDate(2020, 3)),
        )
        assert PartialDate(2020, 3) == reform(milestones=ms).date
        assert PartialDate(2020, 2) == reform(milestones=ms[:2]).date
        assert PartialDate(2019) == reform(milestones=ms[:1]).date
        vote = (ms[0], Milestone(Stage.REFERENDUM, PartialDate(2022, 6, 5)))
        assert PartialDate(2022, 6, 5) == reform(milestones=vote).date
        assert reform(milestones=ms).milestone(Stage.IN_FORCE) is None
        assert (PartialDate(2020, 2),) == reform(milestones=ms).dates([Stage.ADOPTED])

    @pytest.mark.parametrize(
        ("kw", "field"),
        [
            ({"topics": frozenset()}, "Reform.topics"),
            ({"citations": ()}, "Reform.citations"),
            ({"milestones": ()}, "Reform.milestones"),
            ({"id": "Not A Slug"}, "Reform.id"),
            ({"title": ""}, "Reform.title"),
            ({"title": " padded"}, "Reform.title"),
            ({"title": "Cafe\u0301"}, "Reform.title"),
            ({"topics": ["criminal-law"]}, "Reform.topics"),
            ({"measures": ["a list"]}, "Reform.measures"),
            ({"related": ("a-law",)}, "Reform.related"),
            ({"related": ("b", "b")}, "Reform.related"),
        ],
    )
    def test_invalid(self, kw: dict[str, object], field: str) -> None:
        """Invalid records raise the library's errors naming the field."""
        with pytest.raises(KzReformsError) as ei:
            reform(**kw)
        assert field in str(ei.value)

    def test_milestones_out_of_order(self) -> None:
        """Milestones must be chronological."""
        ms = (
            Milestone(Stage.SIGNED, PartialDate(2020, 5)),
            Milestone(Stage.ANNOUNCED, PartialDate(2019)),
        )
        with pytest.raises(InvalidRecordError, match="chronological"):
            reform(milestones=ms)

    def test_lifecycle_never_backwards(self) -> None:
        """In-force before signing is refused even when listed by date."""
        ms = (
            Milestone(Stage.IN_FORCE, PartialDate(2020, 1)),
            Milestone(Stage.SIGNED, PartialDate(2020, 3)),
        )
        with pytest.raises(InvalidRecordError, match="backwards"):
            reform(milestones=ms)

    def test_overlapping_partial_dates_allowed(self) -> None:
        """A year-precision in-force date may sit beside a day-precision signature."""
        ms = (
            Milestone(Stage.IN_FORCE, PartialDate(2020)),
            Milestone(Stage.SIGNED, PartialDate(2020, 3, 1)),
        )
        assert reform(milestones=ms).date == PartialDate(2020, 3, 1)

    def test_part_sources_must_be_cited(self) -> None:
        """A milestone may only cite passages the record cites."""
        ms = (Milestone(Stage.SIGNED, PartialDate(2020), citations=(CitationRef("other", "p"),)),)
        with pytest.raises(InvalidRecordError, match=r"milestones\[0\]\.citations"):
            reform(milestones=ms)
        d = Discrepancy(
            "date", Citation("other", confidence=Confidence.LOW), "x", "y", path="summary"
        )
        with pytest.raises(InvalidRecordError, match="discrepancies"):
            reform(discrepancies=(d,))

    def test_figure_values(self) -> None:
        """Figures take ints or finite Decimals, never floats."""
        from decimal import Decimal

        assert Figure("x", Decimal("4.2"), "percent").value == Decimal("4.2")
        with pytest.raises(InvalidTypeError):
            Figure("x", 4.2, "percent")  # type: ignore[arg-type]
        with pytest.raises(InvalidRecordError):
            Figure("x", Decimal("NaN"), "percent")


class TestEnums:
    def test_parse(self) -> None:
        """Enum names and slugs are accepted; unknown ones suggest close matches."""
        assert Stage.IN_FORCE is Stage.parse("in-force")
        assert Stage.IN_FORCE is Stage.parse("IN_FORCE")
        assert Stage.IN_FORCE is Stage.parse(Stage.IN_FORCE)
        with pytest.raises(UnknownNameError, match="did you mean 'signed'"):
            Stage.parse("sigend")
        with pytest.raises(InvalidTypeError):
            Stage.parse(3)  # type: ignore[arg-type]
        assert str(Stage.IN_FORCE) == "in-force"

    def test_chain(self) -> None:
        """The lifecycle chain follows ELI's dates in order."""
        chain = [s for s in Stage if s.in_chain]
        assert chain[-5:] == [
            Stage.SIGNED,
            Stage.PUBLISHED,
            Stage.IN_FORCE,
            Stage.APPLICABLE,
            Stage.REPEALED,
        ]
        assert not Stage.REFERENDUM.in_chain
