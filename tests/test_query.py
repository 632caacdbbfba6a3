# SPDX-License-Identifier: MIT
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import Any
from unittest import mock

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import kzreforms
from kzreforms import (
    ActKind,
    Citation,
    Confidence,
    DateParseError,
    Gravity,
    InvalidTypeError,
    LegalAct,
    Liability,
    Milestone,
    PartialDate,
    Penalty,
    PenaltyChange,
    PenaltyView,
    QueryError,
    Reform,
    ReformKind,
    ReformSet,
    Stage,
    Term,
    Topic,
    UnknownNameError,
    UnknownReformError,
    UnknownSourceError,
    UnknownTopicError,
    _collection,
)
from kzreforms import strategies as kst

WORDS = ["law", "Senate", "Mäjilis", "сенат", "code", "plan", "women", "children", "ombudsman"]
WORDS += ["outlaws", "by-law", "Сенатом"]  # "law" is found at the start of a word only
BODIES = ["Senate", "Mäjilis", "Ministry of Justice"]
ACTS = [
    LegalAct(ActKind.CODE, "Criminal Code"),
    LegalAct(ActKind.LAW, "Law on the Ombudsman", number="12-VII"),
]


def _pool() -> list[PenaltyChange]:
    """Penalty changes of every kind, built once (generating them is the slow part)."""
    crim, adm = Liability.CRIMINAL, Liability.ADMINISTRATIVE
    ladder: list[Penalty] = [
        Penalty(adm),
        Penalty(crim, Gravity.CRIMINAL_MISDEMEANOUR),
        Penalty(crim, imprisonment=Term.years(None, 2)),
        Penalty(crim, Gravity.MEDIUM, Term.years(3, 5)),
        Penalty(crim, Gravity.GRAVE, Term.years(5, 8)),
        Penalty(crim, imprisonment=Term.years(15, 20), life=True),
        Penalty(crim, life=True),
        Penalty(crim),
    ]
    befores: list[Penalty | None] = [None, *ladder]
    return [
        PenaltyChange(f"offence {i}-{j}", after=a, before=b, article=f"CC {100 + i}({j + 1})")
        for i, b in enumerate(befores)
        for j, a in enumerate(ladder)
    ]


PENALTY_POOL = _pool()
POOL_INDEX = st.integers(0, len(PENALTY_POOL) - 1)  # (a short repr, unlike the records)
DATES = kst.partial_dates(1990, 2035)
TOPICS = kst.topics()


@st.composite
def lite_milestones(draw: st.DrawFn) -> tuple[Milestone, ...]:
    """
    1-3 milestones as kst.milestones() draws them (lifecycle stages paired in
    order with sorted dates, the rest anywhere), with every strategy built
    once: kst.milestones() builds new composite strategies on each draw, and
    hypothesis inspects each one's source, which made generating collections
    of a few hundred reforms the slowest part of the suite.
    """
    stages = draw(st.lists(st.sampled_from(list(Stage)), min_size=1, max_size=3))
    chain = sorted(s for s in stages if s.in_chain)
    dates = [draw(DATES) for _ in stages]
    chain_dates = sorted(dates[: len(chain)])
    rows = [
        *(Milestone(s, d) for s, d in zip(chain, chain_dates, strict=True)),
        *(
            Milestone(s, d)
            for s, d in zip((s for s in stages if not s.in_chain), dates[len(chain) :], strict=True)
        ),
    ]
    rows.sort(key=lambda m: (m.date.sort_key, m.stage.rank))
    return tuple(rows)


MILESTONES = lite_milestones()


def _parts(names: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "milestones": MILESTONES,
            "penalty_changes": st.lists(POOL_INDEX, max_size=2).map(
                lambda ix: tuple(PENALTY_POOL[i] for i in ix)
            ),
            "title": st.lists(st.sampled_from(names), min_size=1, max_size=4).map(" ".join),
            "kind": st.sampled_from(list(ReformKind)),
            "topics": TOPICS,
            "measures": st.lists(st.sampled_from(names), max_size=1).map(tuple),
            "bodies": st.lists(st.sampled_from(BODIES), max_size=2, unique=True).map(tuple),
            "acts": st.lists(st.sampled_from(ACTS), max_size=1).map(tuple),
        }
    )


PARTS = _parts(WORDS)


def lite_reform(rid: str, parts: dict[str, Any]) -> Reform:
    """A cheap valid reform: enough variety for the query algebra."""
    cite = Citation("src-a", confidence=Confidence.HIGH)
    return Reform(id=rid, summary="A reform.", citations=(cite,), **parts)


def lite_sets(max_size: int) -> st.SearchStrategy[ReformSet]:
    """Collections of lite reforms with ids r<n> (every strategy built once, at import)."""
    rows = st.lists(
        st.tuples(st.integers(0, 10**6), PARTS), max_size=max_size, unique_by=lambda x: x[0]
    )
    return rows.map(lambda rs: ReformSet(lite_reform(f"r{n}", parts) for n, parts in rs))


sets = lite_sets(25)
big_sets = lite_sets(300)
dates = DATES
stages = st.sampled_from(["key", "any", "signed", "in-force", ("adopted", "signed")])
modes = st.sampled_from(["within", "overlaps"])
days = st.dates(dt.date(1990, 1, 1), dt.date(2035, 12, 31))


def ids(rs: ReformSet) -> set[str]:
    return set(rs.ids())


def naive_range(rs: ReformSet, lo: dt.date, hi: dt.date, mode: str, on: Any) -> list[str]:
    """The specification: a plain scan."""

    def dates_of(r: Reform) -> list[PartialDate]:
        if on == "key":
            return [r.date]
        if on == "any":
            return [m.date for m in r.milestones]
        wanted = {Stage.parse(s) for s in ((on,) if isinstance(on, str) else on)}
        return [m.date for m in r.milestones if m.stage in wanted]

    test = PartialDate.within if mode == "within" else PartialDate.overlaps
    return [r.id for r in rs if any(test(d, lo, hi) for d in dates_of(r))]


def chrono(rs: ReformSet) -> bool:
    keys = [(r.date.sort_key, r.id) for r in rs]
    return keys == sorted(keys)


class TestCollection:
    @given(sets)
    def test_ordered_and_sequence(self, rs: ReformSet) -> None:
        """Collections are chronological and behave as sequences."""
        assert chrono(rs)
        assert len(rs) == len(list(rs)) == len(rs.ids())
        listed = list(rs)
        for i in range(len(rs)):
            r = rs[i]
            assert r is listed[i]
            assert r in rs
            assert r.id in rs  # type: ignore[comparison-overlap]
            assert rs.get(r.id) == r
        assert rs[:2] == ReformSet(list(rs)[:2])
        assert rs.first() == (rs[0] if len(rs) else None)
        assert rs.last() == (rs[-1] if len(rs) else None)
        assert 5 not in rs  # type: ignore[comparison-overlap]

    @given(sets)
    def test_order_independent_construction(self, rs: ReformSet) -> None:
        """Building from records in any order gives an equal collection."""
        assert ReformSet(reversed(list(rs))) == rs
        assert hash(ReformSet(list(rs))) == hash(rs)

    def test_immutable(self) -> None:
        """Attributes cannot be set or deleted."""
        rs = ReformSet()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            rs._records = ()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            del rs._records
        assert repr(rs) == "ReformSet([])"

    def test_bad_construction(self) -> None:
        """Non-reforms, strings and conflicting ids are refused."""
        with pytest.raises(InvalidTypeError):
            ReformSet("abc")  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            ReformSet([1])  # type: ignore[list-item]
        with pytest.raises(InvalidTypeError):
            ReformSet(5)  # type: ignore[arg-type]
        a = make("a")
        with pytest.raises(QueryError, match="share the id"):
            ReformSet([a, attrs.evolve(a, title="Other")])
        assert len(ReformSet([a, a])) == 1

    def test_get_unknown(self) -> None:
        """An unknown id raises with close matches."""
        rs = ReformSet([make("domestic-violence-law")])
        with pytest.raises(UnknownReformError, match="did you mean 'domestic-violence-law'"):
            rs.get("domestic-violence-law2")
        with pytest.raises(InvalidTypeError):
            rs.get(3)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            rs["domestic-violence-law"]  # type: ignore[call-overload]


class TestSetAlgebra:
    @given(sets, sets)
    def test_matches_python_sets(self, a: ReformSet, b: ReformSet) -> None:
        """|, & and - agree with set semantics on ids, and stay chronological."""
        b = ReformSet(r for r in b if r.id not in a.ids() or a.get(r.id) == r)
        assert ids(a | b) == ids(a) | ids(b)
        assert ids(a & b) == ids(a) & ids(b)
        assert ids(a - b) == ids(a) - ids(b)
        for c in (a | b, a & b, a - b):
            assert chrono(c)

    def test_conflicting_ids(self) -> None:
        """Combining collections that disagree on a record raises."""
        a = make("x")
        with pytest.raises(QueryError):
            _ = ReformSet([a]) | ReformSet([attrs.evolve(a, title="Y")])
        with pytest.raises(InvalidTypeError):
            _ = ReformSet([a]) | [a]  # type: ignore[operator]


class TestDateFilters:
    @given(sets, dates, dates, modes, stages)
    def test_equals_naive_scan(
        self, rs: ReformSet, a: PartialDate, b: PartialDate, mode: str, on: Any
    ) -> None:
        """between() equals the specification, for every mode and milestone choice."""
        lo, hi = min(a, b), max(a, b)
        assume(lo.earliest <= hi.latest)
        got = rs.between(lo, hi, mode=mode, on=on)
        assert list(got.ids()) == naive_range(rs, lo.earliest, hi.latest, mode, on)

    @given(big_sets, dates, dates, modes, stages)
    def test_indexed_equals_naive_scan(
        self, rs: ReformSet, a: PartialDate, b: PartialDate, mode: str, on: Any
    ) -> None:
        """The index path (large collections) equals a plain scan."""
        lo, hi = min(a, b), max(a, b)
        assume(lo.earliest <= hi.latest)
        with mock.patch.object(_collection, "SCAN_BELOW", 0):
            got = rs.between(lo, hi, mode=mode, on=on)
            assert list(got.ids()) == naive_range(rs, lo.earliest, hi.latest, mode, on)
            assert list(rs.since(lo, mode=mode, on=on).ids()) == naive_range(
                rs, lo.earliest, dt.date.max, mode, on
            )

    @given(sets, dates, dates, stages)
    def test_within_subset_of_overlaps(
        self, rs: ReformSet, a: PartialDate, b: PartialDate, on: Any
    ) -> None:
        """within ⊆ overlaps ⊆ the collection."""
        lo, hi = min(a, b), max(a, b)
        w = rs.between(lo, hi, mode="within", on=on)
        o = rs.between(lo, hi, mode="overlaps", on=on)
        assert ids(w) <= ids(o) <= ids(rs)

    @given(sets, st.lists(days, min_size=4, max_size=4), modes, stages)
    def test_widening_never_drops(
        self, rs: ReformSet, ds: list[dt.date], mode: str, on: Any
    ) -> None:
        """A wider range (in days) keeps every result of a narrower one."""
        d = sorted(ds)
        narrow = rs.between(d[1], d[2], mode=mode, on=on)
        assert ids(narrow) <= ids(rs.between(d[0], d[3], mode=mode, on=on))

    @given(
        sets,
        st.dates(dt.date(1990, 1, 1), dt.date(2035, 12, 31)),
        st.dates(dt.date(1990, 1, 1), dt.date(2035, 12, 31)),
        st.dates(dt.date(1990, 1, 1), dt.date(2035, 12, 31)),
    )
    def test_split_preserves_union(self, rs: ReformSet, a: dt.date, b: dt.date, c: dt.date) -> None:
        """Under overlaps, [lo, hi] == [lo, mid] ∪ [mid+1, hi]."""
        lo, mid, hi = sorted((a, b, c))
        assume(mid < hi)
        whole = rs.between(lo, hi)
        parts = rs.between(lo, mid) | rs.between(mid + dt.timedelta(days=1), hi)
        assert whole == parts

    @given(sets, dates)
    def test_open_ranges(self, rs: ReformSet, d: PartialDate) -> None:
        """since/until/during agree with between on the same bounds."""
        assert rs.since(d) == rs.between(d, PartialDate(9999))
        assert rs.until(d) == rs.between(PartialDate(1), d)
        assert rs.during(d) == rs.between(d, d)
        assert ids(rs.since(d)) | ids(rs.until(d)) == ids(rs)

    @given(sets, dates, dates)
    def test_filters_commute(self, rs: ReformSet, a: PartialDate, b: PartialDate) -> None:
        """Date, topic and kind filters commute and compose as intersection."""
        lo, hi = min(a, b), max(a, b)
        x = rs.between(lo, hi).topic("justice").kind("law", "decree")
        y = rs.kind("law", "decree").topic("justice").between(lo, hi)
        assert x == y
        assert x == rs.between(lo, hi) & rs.topic("justice") & rs.kind("law", "decree")

    def test_date_inputs(self) -> None:
        """date, datetime, PartialDate and strings are accepted alike."""
        rs = ReformSet([make("a", PartialDate(2020, 3, 5))])
        for v in (
            dt.date(2020, 3, 5),
            dt.datetime(2020, 3, 5, 10),
            PartialDate(2020, 3),
            "2020",
            "05.03.2020",
        ):
            assert rs.during(v).ids() == ("a",)

    def test_datetime_string_is_year_first(self) -> None:
        """str(datetime(2019, 7, 1)) bounds a query at 1 July 2019, as the datetime does.

        It was read day first (7 January 2019), which added the reforms of
        January to June 2019 to since() without a word.
        """
        rs = kzreforms.reforms()
        when = dt.datetime(2019, 7, 1)
        expected = rs.since(when)
        assert expected == rs.since(str(when))
        assert expected == rs.since("2019-07-01T00:00:00Z")
        assert expected != rs.since(dt.date(2019, 1, 7))  # the old, wrong reading differs

    def test_bad_inputs(self) -> None:
        """Reversed ranges, bad dates, modes and stages raise; nothing is silently empty."""
        rs = ReformSet([make("a")])
        with pytest.raises(QueryError, match="after it ends"):
            rs.between("2021", "2020")
        with pytest.raises(DateParseError):
            rs.since("next tuesday")
        with pytest.raises(InvalidTypeError):
            rs.since(2020)  # type: ignore[arg-type]
        with pytest.raises(UnknownNameError, match="within"):
            rs.since("2020", mode="inside")
        with pytest.raises(InvalidTypeError):
            rs.since("2020", mode=3)  # type: ignore[arg-type]
        with pytest.raises(UnknownNameError, match="did you mean 'signed'"):
            rs.since("2020", on="singed")
        with pytest.raises(QueryError):
            rs.since("2020", on=[])
        with pytest.raises(InvalidTypeError):
            rs.since("2020", on=5)  # type: ignore[arg-type]


class TestDerivedCollections:
    """Queries on filtered collections may run on their root's indexes."""

    @given(big_sets, dates, dates, modes, stages, st.sampled_from(["children", "justice", "women"]))
    def test_chains_equal_naive(
        self, rs: ReformSet, a: PartialDate, b: PartialDate, mode: str, on: Any, topic: str
    ) -> None:
        """Every filter on a derived collection equals the same filter by scan."""
        lo, hi = min(a, b), max(a, b)
        assume(lo.earliest <= hi.latest)
        with mock.patch.object(_collection, "SCAN_BELOW", 0):
            derived = rs.where(lambda r: len(r.id) % 3 != 0)
            by_date = derived.between(lo, hi, mode=mode, on=on)
            assert list(by_date.ids()) == naive_range(derived, lo.earliest, hi.latest, mode, on)
            by_topic = derived.topic(topic)
            assert ids(by_topic) == {r.id for r in derived if Topic.parse(topic) in r.all_topics}
            by_kind = derived.kind("law")
            assert ids(by_kind) == {r.id for r in derived if r.kind is ReformKind.LAW}
            found = by_topic.search("law")
            assert ids(found) == naive_search(by_topic, "law")
            for c in (by_date, by_topic, by_kind, found):
                assert chrono(c)
                assert c._root is rs
                assert [rs[p] for p in c._rpos] == list(c)


class TestOtherFilters:
    @given(sets)
    def test_topic_parent_includes_children(self, rs: ReformSet) -> None:
        """topic(parent) ⊇ topic(child), and equals a scan over all_topics."""
        for parent in (Topic.JUSTICE, Topic.CHILDREN, Topic.WOMEN):
            got = rs.topic(parent)
            for child in parent.children:
                assert ids(rs.topic(child)) <= ids(got)
            assert ids(got) == {r.id for r in rs if parent in r.all_topics}

    @given(big_sets)
    def test_indexed_topic_and_kind(self, rs: ReformSet) -> None:
        """Posting indexes equal scans on large collections."""
        with mock.patch.object(_collection, "SCAN_BELOW", 0):
            self._check_indexed(rs)

    def _check_indexed(self, rs: ReformSet) -> None:
        assert ids(rs.topic("children", "drugs")) == {
            r.id for r in rs if r.all_topics & {Topic.CHILDREN, Topic.DRUGS}
        }
        assert ids(rs.kind(ReformKind.LAW)) == {r.id for r in rs if r.kind is ReformKind.LAW}
        assert ids(rs.search("law")) == naive_search(rs, "law")

    @given(sets, st.sampled_from(["law", "Senate", "mäjilis", "MAJILIS", "сенат", "code plan"]))
    def test_search_equals_scan(self, rs: ReformSet, q: str) -> None:
        """Search is case- and accent-insensitive and equals a scan."""
        assert ids(rs.search(q)) == naive_search(rs, q)

    @given(
        big_sets,
        st.sampled_from(
            ["law", "mäjilis", "сенат", "code plan", "women chi", "ombudsman", "zzz", "!!"]
        ),
    )
    def test_indexed_search_equals_scan(self, rs: ReformSet, q: str) -> None:
        """The word index gives the same results as a scan."""
        with mock.patch.object(_collection, "SCAN_BELOW", 0):
            got = ids(rs.search(q))
        assert got == naive_search(rs, q)

    def test_bad_names(self) -> None:
        """Unknown topics, kinds, bodies and sources raise with suggestions."""
        rs = ReformSet([make("a")])
        with pytest.raises(UnknownTopicError, match="did you mean 'drugs'"):
            rs.topic("drug")
        with pytest.raises(UnknownNameError, match="did you mean 'decree'"):
            rs.kind("decre")
        with pytest.raises(UnknownNameError, match="Senate"):
            rs.body("Senat x")
        with pytest.raises(UnknownSourceError):
            rs.cites("no-such-source")
        for call in (rs.topic, rs.kind):
            with pytest.raises(QueryError):
                call()
        with pytest.raises(QueryError):
            rs.search("  ")
        with pytest.raises(InvalidTypeError):
            rs.search(5)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            rs.where("x")  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            rs.body("")
        with pytest.raises(UnknownNameError):
            rs.group_by("month")  # type: ignore[call-overload]

    def test_body_and_cites(self) -> None:
        """body() matches name parts; cites() finds records by source id."""
        rs = ReformSet([make("a")])
        assert rs.body("senate").ids() == ("a",)
        assert rs.cites("src-a").ids() == ("a",)
        assert rs.where(lambda r: r.id == "a").ids() == ("a",)
        assert rs.with_discrepancies().ids() == ()


class TestViews:
    @given(sets)
    def test_group_by_partitions(self, rs: ReformSet) -> None:
        """Year and kind groups partition the collection; topic groups cover it."""
        for key in ("year", "kind"):
            groups = rs.group_by(key)
            assert sum(len(g) for g in groups.values()) == len(rs)
            assert set().union(*(ids(g) for g in groups.values())) == ids(rs)
            assert list(groups) == sorted(groups, key=str)
        topics = rs.group_by("topic")
        assert set().union(*(ids(g) for g in topics.values())) == ids(rs)

    @given(sets)
    def test_timeline_ordered(self, rs: ReformSet) -> None:
        """The timeline lists every milestone in date order."""
        tl = rs.timeline()
        assert len(tl) == sum(len(r.milestones) for r in rs)
        keys = [e.date.sort_key for e in tl]
        assert keys == sorted(keys)
        signed = rs.timeline(["signed"])
        assert all(e.stage is Stage.SIGNED for e in signed)


class TestPenaltyView:
    @given(sets)
    def test_sorted_by_severity(self, rs: ReformSet) -> None:
        """Most severe first; every change of every reform appears once."""
        pv = rs.penalties()
        sev = [e.severity for e in pv]
        assert sev == sorted(sev, reverse=True)
        assert len(pv) == sum(len(r.penalty_changes) for r in rs)

    @given(sets, st.sampled_from(list(Gravity)), st.sampled_from(list(Gravity)))
    def test_min_gravity_monotone(self, rs: ReformSet, g1: Gravity, g2: Gravity) -> None:
        """A higher minimum gravity never adds results."""
        lo, hi = min(g1, g2), max(g1, g2)
        pv = rs.penalties()
        assert set(pv.min_gravity(hi)) <= set(pv.min_gravity(lo))
        assert all(
            e.change.after.effective_gravity is not None and e.change.after.effective_gravity >= hi
            for e in pv.min_gravity(hi)
        )

    @given(sets, st.integers(0, 30), st.integers(0, 30))
    def test_term_filter_monotone(self, rs: ReformSet, a: int, b: int) -> None:
        """Asking for a longer maximum term never adds results."""
        pv = rs.penalties()
        assert set(pv.max_term_at_least(years=max(a, b))) <= set(
            pv.max_term_at_least(years=min(a, b))
        )

    @given(sets)
    def test_kinds_and_filters(self, rs: ReformSet) -> None:
        """Kind filters match the derived flags; views stay sorted subsets."""
        pv = rs.penalties()
        for kind, flag in (
            ("new", "is_new"),
            ("criminalisation", "is_criminalisation"),
            ("decriminalisation", "is_decriminalisation"),
            ("harsher", "is_harsher"),
            ("milder", "is_milder"),
        ):
            got = pv.of_kind(kind)  # type: ignore[arg-type]
            assert list(got) == [e for e in pv if getattr(e.change, flag)]
        assert list(pv.life()) == [e for e in pv if e.change.after.life]
        assert list(pv.liability("criminal")) == [
            e for e in pv if e.change.after.liability is Liability.CRIMINAL
        ]
        assert ids(pv.reforms()) <= ids(rs)
        assert list(pv.where(lambda _e: True)) == list(pv)
        assert pv[:1] == PenaltyView(list(pv)[:1])

    def test_bad_inputs(self) -> None:
        """Unknown kinds and bad numbers raise."""
        pv = ReformSet([make("a")]).penalties()
        with pytest.raises(UnknownNameError, match="did you mean 'harsher'"):
            pv.of_kind("harsh")  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            pv.max_term_at_least(years=-1)
        with pytest.raises(UnknownNameError):
            pv.min_gravity("serious")
        with pytest.raises(QueryError):
            pv.of_kind()
        with pytest.raises(QueryError):
            pv.liability()
        with pytest.raises(InvalidTypeError):
            pv.article(5)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            PenaltyView([1])  # type: ignore[list-item]
        assert pv.article("cc 120").reforms().ids() == ("a",)
        assert repr(pv) == "PenaltyView(1 penalty changes)"


# The folding rules ReformSet.search documents, written apart from kzreforms._text.
_PLAIN_QUOTES = str.maketrans(dict.fromkeys("‘’‛ʼ′`´", "'") | dict.fromkeys("“”„«»", '"'))
_KAZAKH_LETTERS = str.maketrans("әғқңөұүһіё", "агкноуухие")
_NUMBER_MARK = re.compile(r"(?:\b(?:no|nr)\.?|№|#)\s*(?=\d)")


def _fold(text: str) -> str:
    """
    The search form: plain quotes, casefold, number markers dropped before
    digits, Kazakh letters as their Russian-keyboard substitutes, accents and
    compatibility forms removed.
    """
    s = _NUMBER_MARK.sub("", text.translate(_PLAIN_QUOTES).casefold())
    s = unicodedata.normalize("NFKD", s.translate(_KAZAKH_LETTERS))
    return "".join(c for c in s if not unicodedata.combining(c))


def naive_search(rs: Iterable[Reform], text: str) -> set[str]:
    """
    The specification of ReformSet.search, written apart from its code: the
    folded text, at the start of a word (no letter or digit just before it),
    in one of the fields its docstring lists (title, summary, measures,
    bodies, offences, articles, acts).
    """
    pattern = re.compile(r"(?<![^\W_])" + re.escape(_fold(text).strip()))

    def fields(r: Reform) -> list[str]:
        offences = [pc.offence for pc in r.penalty_changes]
        articles = [str(pc.article) for pc in r.penalty_changes if pc.article]
        texts = [m.text for m in r.measures]
        return [
            r.title,
            r.summary,
            *texts,
            *r.notes,
            *r.bodies,
            *offences,
            *articles,
            *map(str, r.acts),
        ]

    return {r.id for r in rs if any(pattern.search(_fold(f)) for f in fields(r))}


def make(rid: str, date: PartialDate | None = None) -> Reform:
    return Reform(
        id=rid,
        title=f"Law {rid}",
        summary="A law.",
        kind=ReformKind.LAW,
        topics=frozenset({Topic.CRIMINAL_LAW}),
        milestones=(Milestone(Stage.SIGNED, date or PartialDate(2020, 1, 2)),),
        citations=(Citation("src-a", confidence=Confidence.HIGH),),
        bodies=("Senate",),
        penalty_changes=(
            PenaltyChange(
                "rape",
                after=Penalty(Liability.CRIMINAL, Gravity.GRAVE, Term.years(5, 8)),
                before=Penalty(Liability.CRIMINAL, Gravity.MEDIUM, Term.years(3, 5)),
                article="CC 120(1)",
            ),
        ),
    )
