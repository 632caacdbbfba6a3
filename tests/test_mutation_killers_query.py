# SPDX-License-Identifier: MIT
"""
Tests written to kill mutants of the query layer (``_collection``, ``_index``,
``_penalties``) that survived the rest of the fast suite
(``python tools/mutation.py --files query``; see docs/reliability.md).

They pin down what users read: what an error names (its field, the refused
value and what is accepted), exact reprs, the exact boundaries of the filters,
and the methods no other selected test calls (exports, pickling, the plot,
the notebook HTML).
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import os
import pickle
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest

import kzreforms
from kzreforms import (
    Citation,
    Confidence,
    Gravity,
    InvalidTypeError,
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
    Source,
    Stage,
    Term,
    Topic,
    UnknownNameError,
    UnknownSourceError,
    _index,
)
from kzreforms._articles import Code
from kzreforms._collection import DateMode, TimelineEntry
from kzreforms._model import CitationRef, SourceKind, fact_refs
from kzreforms._penalties import Effective, PenaltyEntry

Raiser = Callable[[], object]


def refused(fn: Raiser, cls: type[Exception], field: str, value: object, accepted: str) -> None:
    """*fn* raises exactly *cls*, naming *field*, the refused *value* and what is *accepted*."""
    with pytest.raises(cls) as info:
        fn()
    e = info.value
    assert cls is type(e)
    assert (field, value, accepted) == (e.field, e.value, e.accepted)  # type: ignore[attr-defined]


def query_error(fn: Raiser) -> str:
    """The message of the QueryError *fn* raises."""
    with pytest.raises(QueryError) as info:
        fn()
    assert QueryError is type(info.value)
    return str(info.value)


def make(
    rid: str,
    date: PartialDate | None = None,
    *,
    article: str | None = "CC 120(1)",
    after: Penalty | None = None,
    milestones: tuple[Milestone, ...] | None = None,
    source: str = "src-a",
) -> Reform:
    """A small law with one penalty change (the values do not matter unless given)."""
    return Reform(
        id=rid,
        title=f"Law {rid}",
        summary="A law.",
        kind=ReformKind.LAW,
        topics=frozenset({Topic.CRIMINAL_LAW}),
        milestones=milestones or (Milestone(Stage.SIGNED, date or PartialDate(2020, 1, 2)),),
        citations=(Citation(source, confidence=Confidence.HIGH),),
        bodies=("Senate",),
        penalty_changes=(
            PenaltyChange(
                f"offence of {rid}",
                after=after or Penalty(Liability.CRIMINAL, Gravity.GRAVE, Term.years(5, 8)),
                before=Penalty(Liability.CRIMINAL, Gravity.MEDIUM, Term.years(3, 5)),
                article=article,
            ),
        ),
    )


SOURCE = Source("own-source", "A report", "A publisher", SourceKind.NGO)


# ---------------------------------------------------------------------------
# _collection: ReformSet's display, pickling and errors
# ---------------------------------------------------------------------------


class TestReformSetRepr:
    """``repr`` names the first three ids and, past three, the total."""

    def test_empty(self) -> None:
        assert repr(ReformSet()) == "ReformSet([])"

    def test_one(self) -> None:
        assert repr(ReformSet([make("a")])) == "ReformSet([a])"

    def test_three_shown_whole(self) -> None:
        rs = ReformSet([make(x, PartialDate(2020, 1, i + 1)) for i, x in enumerate("abc")])
        assert repr(rs) == "ReformSet([a, b, c])"

    def test_four_shows_three_and_the_count(self) -> None:
        rs = ReformSet([make(x, PartialDate(2020, 1, i + 1)) for i, x in enumerate("abcd")])
        assert repr(rs) == "ReformSet([a, b, c, ... (4 reforms)])"


class TestReformSetPickle:
    """Pickles and copies give an equal collection citing the same sources."""

    def test_packaged_round_trip(self) -> None:
        rs = kzreforms.reforms()
        back = pickle.loads(pickle.dumps(rs))  # noqa: S301 - our own bytes
        assert rs == back
        assert dict(rs.sources) == dict(back.sources)

    def test_built_without_sources(self) -> None:
        """A collection built without sources cites the packaged ones, before and after."""
        from kzreforms._store import dataset

        rs = ReformSet([make("a")])
        for back in (pickle.loads(pickle.dumps(rs)), copy.copy(rs)):  # noqa: S301 - our own bytes
            assert rs == back
            assert back.sources is dataset().sources

    def test_own_sources_kept(self) -> None:
        rs = ReformSet([make("a", source="own-source")], sources=[SOURCE])
        for back in (pickle.loads(pickle.dumps(rs)), copy.copy(rs), copy.deepcopy(rs)):  # noqa: S301
            assert rs == back
            assert dict(back.sources) == {"own-source": SOURCE}
            assert back.cited_sources() == (SOURCE,)

    def test_filtered_round_trip(self) -> None:
        """A filtered collection pickles as its records (with its sources)."""
        rs = ReformSet(
            [make("a", PartialDate(2020)), make("b", PartialDate(2021))], sources=[SOURCE]
        )
        part = rs.since("2021")
        back = pickle.loads(pickle.dumps(part))  # noqa: S301 - our own bytes
        assert back.ids() == ("b",)
        assert dict(back.sources) == {"own-source": SOURCE}


class TestDateModeErrors:
    """An unknown date mode is named, with the accepted modes."""

    def test_parse(self) -> None:
        with pytest.raises(UnknownNameError) as info:
            DateMode.parse("withn")
        e = info.value
        assert (e.what, e.name, e.suggestions) == ("date mode", "withn", ["within"])
        assert str(e).startswith("unknown date mode 'withn'; did you mean 'within'?")

    def test_through_a_filter(self) -> None:
        with pytest.raises(UnknownNameError) as info:
            ReformSet([make("a")]).since("2020", mode="sideways")
        e = info.value
        assert (e.what, e.name) == ("date mode", "sideways")
        assert str(e) == "unknown date mode 'sideways'; accepted: overlaps, within"


class TestTimelineEntryRepr:
    """A timeline entry's repr names the reform by id."""

    def test_repr(self) -> None:
        r = make("a", PartialDate(2020, 5))
        (entry,) = ReformSet([r]).timeline()
        assert TimelineEntry(PartialDate(2020, 5), Stage.SIGNED, r) == entry
        assert repr(entry) == "TimelineEntry(date='2020-05', stage='signed', reform='a')"


class TestBodyErrors:
    """body() says what was wrong with the name."""

    def test_no_name(self) -> None:
        rs = ReformSet([make("a")])
        assert query_error(rs.body) == "body(): give at least one name"

    @pytest.mark.parametrize("bad", [5, "", "   ", None])
    def test_bad_name(self, bad: Any) -> None:
        rs = ReformSet([make("a")])
        refused(lambda: rs.body(bad), InvalidTypeError, "name", bad, "a non-empty str")

    def test_too_long(self) -> None:
        rs = ReformSet([make("a")])
        msg = query_error(lambda: rs.body("x" * 201))
        assert (
            msg == "body(): the text is 201 characters long; accepted: at most 200 characters "
            "(MAX_QUERY_CHARS)"
        )

    def test_found(self) -> None:
        rs = ReformSet([make("a")])
        assert rs.body("sen").ids() == ("a",)


class TestCitesErrors:
    """cites() names the refused source and what is accepted."""

    def test_no_source(self) -> None:
        rs = ReformSet([make("a")])
        assert query_error(rs.cites) == "cites(): give at least one source id"

    @pytest.mark.parametrize("bad", [5, None, b"src-a"])
    def test_bad_type(self, bad: Any) -> None:
        rs = ReformSet([make("a")])
        refused(
            lambda: rs.cites(bad), InvalidTypeError, "source", bad, "a source id (str) or a Source"
        )

    def test_unknown_id(self) -> None:
        rs = ReformSet([make("a", source="own-source")], sources=[SOURCE])
        with pytest.raises(UnknownSourceError) as info:
            rs.cites("own-sourse")
        e = info.value
        assert (e.what, e.name, e.suggestions) == ("source id", "own-sourse", ["own-source"])
        assert str(e) == "unknown source id 'own-sourse'; did you mean 'own-source'?"

    def test_source_record_and_id_agree(self) -> None:
        rs = ReformSet([make("a", source="own-source"), make("b")], sources=[SOURCE])
        assert rs.cites(SOURCE).ids() == ("a",)
        assert rs.cites("own-source").ids() == ("a",)


class TestCitesPassages:
    """A passage no fact here cites is refused, naming it."""

    def test_source_cited_by_no_fact(self) -> None:
        rs = kzreforms.reforms()
        cited = {ref.source for r in rs for _, ref in fact_refs(r)}
        ref = CitationRef("no-such-source", "p. 1")
        assert ref.source not in cited
        with pytest.raises(UnknownSourceError) as info:
            rs.cites(ref)
        e = info.value
        assert (e.what, e.name) == ("cited passage", "no-such-source, p. 1")
        assert set(e.suggestions) <= cited

    def test_other_locator_of_a_cited_source(self) -> None:
        rs = kzreforms.reforms()
        ref = next(ref for r in rs for _, ref in fact_refs(r))
        wrong = CitationRef(ref.source, ref.locator + "x")
        with pytest.raises(UnknownSourceError) as info:
            rs.cites(wrong)
        assert ("cited passage", str(wrong)) == (info.value.what, info.value.name)
        assert str(ref) in info.value.suggestions

    def test_passage_found(self) -> None:
        rs = kzreforms.reforms()
        ref = next(ref for r in rs for _, ref in fact_refs(r))
        expected = {r.id for r in rs if any(x == ref for _, x in fact_refs(r))}
        assert expected == set(rs.cites(ref).ids())


class TestStatusErrors:
    """in_force() and superseded() name the argument a bad day was given to."""

    @pytest.mark.parametrize(
        ("call", "what"),
        [
            (lambda rs, on: rs.in_force(on), "in_force(on=...)"),
            (lambda rs, on: rs.superseded(on), "superseded(on=...)"),
        ],
    )
    def test_not_a_day(self, call: Callable[[ReformSet, Any], object], what: str) -> None:
        rs = ReformSet([make("a")])
        msg = query_error(lambda: call(rs, "2020-07"))
        assert msg.startswith(f"{what}: '2020-07' is a month, not a day; accepted: a day")
        refused(
            lambda: call(rs, 5),
            InvalidTypeError,
            what,
            5,
            "a day: a date, a day-precision PartialDate or 'YYYY-MM-DD'",
        )

    @pytest.mark.parametrize("bad", [1, 0, None, "yes"])
    def test_include_uncertain_is_a_bool(self, bad: Any) -> None:
        rs = ReformSet([make("a")])
        refused(
            lambda: rs.in_force("2020-01-02", include_uncertain=bad),
            InvalidTypeError,
            "include_uncertain",
            bad,
            "True or False",
        )


class TestCite:
    """cite() takes a record or an id, and both give the same citation."""

    def test_record_or_id(self) -> None:
        rs = kzreforms.reforms()
        r = rs[0]
        assert rs.cite(r.id) == rs.cite(r)

    def test_record_outside_the_collection(self) -> None:
        """A record need not be in the collection to be cited (only an id is looked up)."""
        r = make("not-here", source="own-source")
        text = ReformSet(sources=[SOURCE]).cite(r)
        assert "A report" in text


class TestJsonExports:
    """to_json() and to_jsonl() give the data format, and write it when given a path."""

    def test_to_json(self, tmp_path: Path) -> None:
        rs = kzreforms.reforms()[:5]
        text = rs.to_json()
        assert rs.to_records() == json.loads(text)
        path = tmp_path / "out.json"
        assert text == rs.to_json(path)
        assert text == path.read_text(encoding="utf-8")
        assert rs == kzreforms.load(path)

    def test_to_jsonl(self, tmp_path: Path) -> None:
        rs = kzreforms.reforms()[:5]
        text = rs.to_jsonl()
        assert rs.to_records() == [json.loads(line) for line in text.splitlines()]
        path = tmp_path / "out.jsonl"
        assert text == rs.to_jsonl(path)
        assert text == path.read_text(encoding="utf-8")


class TestTableExports:
    """to_csv() and to_arrow() export the table asked for (the reforms by default)."""

    def test_csv_table_and_path(self, tmp_path: Path) -> None:
        rs = kzreforms.reforms()[:10]
        path = tmp_path / "penalties.csv"
        text = rs.to_csv(path, table="penalties")
        assert text == path.read_bytes().decode("utf-8")
        header = next(csv.reader(io.StringIO(text)))
        assert list(rs.rows("penalties")[0]) == header
        assert text == rs.penalties().to_csv()

    def test_csv_default_table(self) -> None:
        rs = kzreforms.reforms()[:10]
        header = next(csv.reader(io.StringIO(rs.to_csv())))
        assert list(rs.rows()[0]) == header

    def test_arrow(self) -> None:
        pytest.importorskip("pyarrow")
        rs = kzreforms.reforms()[:10]
        default = rs.to_arrow()
        assert len(rs) == default.num_rows
        assert list(rs.rows()[0]) == default.column_names
        assert rs.ids() == tuple(default.column("id").to_pylist())
        pen = rs.to_arrow("penalties")
        assert len(rs.penalties()) == pen.num_rows
        assert list(rs.rows("penalties")[0]) == pen.column_names

    def test_penalty_csv_path(self, tmp_path: Path) -> None:
        pv = kzreforms.reforms().penalties()
        path = tmp_path / "pv.csv"
        text = pv.to_csv(path)
        assert text == path.read_bytes().decode("utf-8")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert len(pv) == len(rows)


class TestNotebookHtml:
    """The notebook HTML of a collection and of a penalty view says what it shows."""

    def test_reform_set(self) -> None:
        rs = ReformSet([make("a"), make("b", PartialDate(2021))])
        html = rs._repr_html_()
        assert "ReformSet: 2 reforms" in html
        assert "a" in html
        assert "Law b" in html

    def test_penalty_view(self) -> None:
        rs = ReformSet([make("a"), make("b", PartialDate(2021))])
        html = rs.penalties()._repr_html_()
        assert "PenaltyView: 2 penalty changes" in html
        assert "offence of a" in html
        assert "offence of b" in html


class TestPlotTimeline:
    """plot_timeline() draws on the axes given (or new ones) and passes options on."""

    def test_new_and_given_axes(self) -> None:
        matplotlib = pytest.importorskip("matplotlib")
        matplotlib.use("Agg")
        from matplotlib.figure import Figure

        rs = kzreforms.reforms()[:5]
        ax = rs.plot_timeline()
        assert ax.get_title() == "Milestones by topic"
        assert ax.lines or ax.collections or ax.patches
        given = Figure().add_subplot()
        got = rs.plot_timeline(given, title="Five reforms", start="2000")
        assert given is got
        assert got.get_title() == "Five reforms"
        assert got.lines or got.collections or got.patches


# ---------------------------------------------------------------------------
# _penalties
# ---------------------------------------------------------------------------


class TestEffectiveText:
    """str() of an effective date says where it comes from, or why it is unknown."""

    def test_known(self) -> None:
        assert str(Effective(PartialDate(2020, 1, 2), "change")) == "2020-01-02 (from the change)"
        assert str(Effective(PartialDate(2020), "reform")) == "2020 (from the reform)"

    def test_unknown(self) -> None:
        assert str(Effective(None, "unknown", "no date")) == "unknown (no date)"


class TestPenaltyEntryRepr:
    """A penalty entry's repr names the reform by id and the change in short."""

    def test_repr(self) -> None:
        (entry,) = ReformSet([make("a")]).penalties()
        after = str(entry.change.after)
        assert (
            f"PenaltyEntry(reform='a', offence='offence of a', article='CC 120(1)', "
            f"after={after!r})" == repr(entry)
        )

    def test_repr_without_article(self) -> None:
        (entry,) = ReformSet([make("a", article=None)]).penalties()
        assert "article=None" in repr(entry)


class TestPenaltyViewHash:
    """Equal views hash alike (usable as keys); different views hash apart."""

    def test_hash(self) -> None:
        pv = kzreforms.reforms().penalties()
        assert hash(pv) == hash(pv[:])
        assert hash(pv) == hash(PenaltyView(list(pv)))
        assert {pv: 1}[PenaltyView(list(pv))] == 1
        views = [pv[:n] for n in range(1, 8)]
        assert len(views) == len({hash(v) for v in views})


class TestPenaltyViewArticle:
    """A code alone matches every change to that code, and only those."""

    @pytest.mark.parametrize("code", [Code.CC, "CC", Code.ADMC, "AdmC"])
    def test_code(self, code: Code | str) -> None:
        pv = kzreforms.reforms().penalties()
        want = Code.parse(code) if isinstance(code, str) else code
        expected = [e for e in pv if e.change.article is not None and e.change.article.code is want]
        assert expected
        assert expected == list(pv.article(code))

    def test_no_article_never_matches(self) -> None:
        pv = ReformSet([make("a", article=None), make("b", article="AdmC 73")]).penalties()
        assert [e.reform.id for e in pv.article(Code.ADMC)] == ["b"]
        assert list(pv.article("CC")) == []


class TestPenaltyViewOffenceErrors:
    """offence() names a refused argument."""

    @pytest.mark.parametrize("bad", [5, None, b"rape"])
    def test_not_text(self, bad: Any) -> None:
        pv = ReformSet([make("a")]).penalties()
        refused(lambda: pv.offence(bad), InvalidTypeError, "text", bad, "a str")

    @pytest.mark.parametrize("blank", ["", "  "])
    def test_blank(self, blank: str) -> None:
        pv = ReformSet([make("a")]).penalties()
        assert query_error(lambda: pv.offence(blank)) == "offence(): give some text to look for"


# ---------------------------------------------------------------------------
# _index
# ---------------------------------------------------------------------------


def _nested_classes() -> tuple[type, type]:
    """A FrozenRecord subclass and its attrs twin, both defined two functions deep."""

    def outer() -> tuple[type, type]:
        def inner() -> tuple[type, type]:
            class Point(_index.FrozenRecord):
                __slots__ = ("x", "y")
                __match_args__ = ("x", "y")

                def __init__(self, x: int, y: int) -> None:
                    object.__setattr__(self, "x", x)
                    object.__setattr__(self, "y", y)

            @attrs.frozen
            class AttrsPoint:
                x: int
                y: int

            return Point, AttrsPoint

        return inner()

    return outer()


class TestFrozenRecord:
    """Hand-written records show and hash as attrs classes do."""

    def test_repr_of_a_class_defined_in_functions(self) -> None:
        """As attrs: the class's own name, not its qualified path through the functions."""
        point, attrs_point = _nested_classes()
        assert "<locals>" in point.__qualname__
        assert repr(attrs_point(1, 2)).replace("AttrsPoint", "Point") == repr(point(1, 2))
        assert repr(point(1, 2)) == "Point(x=1, y=2)"

    def test_hash_follows_the_fields(self) -> None:
        records = [Effective(PartialDate(2020, 1, d), "change") for d in range(1, 8)]
        assert len(records) == len({hash(e) for e in records})
        assert hash(Effective(PartialDate(2020, 1, 1), "change")) == hash(records[0])


class TestAfterFork:
    """A child forked while another thread holds the cache lock can still query."""

    @pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX only")
    def test_child_queries_while_lock_held(self) -> None:
        held, release = threading.Event(), threading.Event()

        def hold() -> None:
            with _index._CACHE_LOCK:
                held.set()
                release.wait(30)

        t = threading.Thread(target=hold)
        t.start()
        try:
            assert held.wait(10)
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child
                code = 1
                try:
                    rs = ReformSet([make("a"), make("b", PartialDate(2021))])
                    code = 0 if rs.get("b").id == "b" and len(rs.penalties()) == 2 else 1
                finally:
                    os._exit(code)
            deadline = time.monotonic() + 20
            status = None
            while time.monotonic() < deadline:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    break
                time.sleep(0.02)
            else:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
                pytest.fail("the forked child hung on the cache lock")
            assert os.waitstatus_to_exitcode(status) == 0
        finally:
            release.set()
            t.join()


class TestBodyUnknown:
    """A name no body here contains is refused as an unknown body."""

    def test_unknown_body(self) -> None:
        rs = ReformSet([make("a")])
        with pytest.raises(UnknownNameError) as info:
            rs.body("Senat3")
        e = info.value
        assert (e.what, e.name, e.suggestions) == ("body", "Senat3", ["Senate"])
        assert str(e) == "unknown body 'Senat3'; did you mean 'Senate'?"


# ---------------------------------------------------------------------------
# _penalties: PenaltyView's construction, indexing and filters
# ---------------------------------------------------------------------------


def _view(*afters: Penalty) -> PenaltyView:
    """A view of one change per penalty after, reform ids p0, p1... in that order."""
    return ReformSet(
        [make(f"p{i}", PartialDate(2020, 1, i + 1), after=a) for i, a in enumerate(afters)]
    ).penalties()


def _crim(months: int | None = None, **kw: Any) -> Penalty:
    """A criminal penalty after (gravity not given), up to *months* in prison when given."""
    term = None if months is None else Term(None, months)
    return Penalty(Liability.CRIMINAL, None, term, **kw)


class TestPenaltyViewConstruction:
    """PenaltyView() takes PenaltyEntry objects and names anything else."""

    @pytest.mark.parametrize("bad", ["abc", b"abc", 5, None])
    def test_not_an_iterable_of_entries(self, bad: Any) -> None:
        refused(
            lambda: PenaltyView(bad),
            InvalidTypeError,
            "entries",
            bad,
            "an iterable of PenaltyEntry",
        )

    @pytest.mark.parametrize("bad", [1, "x", None])
    def test_an_item_is_not_an_entry(self, bad: Any) -> None:
        pv = _view(_crim(12))
        refused(
            lambda: PenaltyView([*pv, bad]),
            InvalidTypeError,
            "entries",
            bad,
            "PenaltyEntry objects",
        )

    def test_sorted_most_severe_first(self) -> None:
        pv = _view(_crim(12), _crim(36))
        assert [e.reform.id for e in PenaltyView(list(pv)[::-1])] == ["p1", "p0"]


class TestPenaltyViewIndex:
    """Indexing takes an int or a slice, nothing else (not even a bool)."""

    @pytest.mark.parametrize("bad", [True, False, "0", 1.0, None])
    def test_bad_index(self, bad: Any) -> None:
        pv = _view(_crim(12), _crim(36))
        refused(lambda: pv[bad], InvalidTypeError, "index", bad, "an int or a slice")

    def test_int_and_slice(self) -> None:
        pv = _view(_crim(12), _crim(36))
        assert pv[-1].reform.id == "p0"
        assert [e.reform.id for e in pv[1:]] == ["p0"]


class TestMaxTermAtLeast:
    """max_term_at_least() keeps the changes whose maximum term reaches years * 12 + months."""

    def _ids(self, pv: PenaltyView) -> set[str]:
        return {e.reform.id for e in pv}

    def test_boundaries(self) -> None:
        pv = _view(_crim(35), _crim(36), _crim(37), _crim(None))
        assert self._ids(pv.max_term_at_least(years=3)) == {"p1", "p2"}
        assert self._ids(pv.max_term_at_least(years=2, months=12)) == {"p1", "p2"}
        assert self._ids(pv.max_term_at_least(months=36)) == {"p1", "p2"}
        assert self._ids(pv.max_term_at_least(years=3, months=1)) == {"p2"}
        assert self._ids(pv.max_term_at_least(years=2, months=11)) == {"p0", "p1", "p2"}

    def test_defaults_keep_every_prison_term(self) -> None:
        pv = _view(_crim(1), _crim(36), _crim(None))
        assert self._ids(pv.max_term_at_least()) == {"p0", "p1"}
        assert self._ids(pv.max_term_at_least(months=1)) == {"p0", "p1"}
        assert self._ids(pv.max_term_at_least(months=2)) == {"p1"}

    def test_life_and_death_count_at_any_length(self) -> None:
        pv = _view(_crim(life=True), _crim(death=True), _crim(12))
        assert self._ids(pv.max_term_at_least(years=30)) == {"p0", "p1"}

    @pytest.mark.parametrize("bad", [-1, True, 1.5, "3", None])
    @pytest.mark.parametrize("name", ["years", "months"])
    def test_bad_length(self, name: str, bad: Any) -> None:
        pv = _view(_crim(12))
        refused(
            lambda: pv.max_term_at_least(**{name: bad}),
            InvalidTypeError,
            name,
            bad,
            "a whole number >= 0",
        )


class TestPenaltyViewWhere:
    """where() takes a callable and names anything else."""

    @pytest.mark.parametrize("bad", [5, "x", None])
    def test_not_callable(self, bad: Any) -> None:
        pv = _view(_crim(12))
        refused(
            lambda: pv.where(bad),
            InvalidTypeError,
            "predicate",
            bad,
            "a callable taking a PenaltyEntry",
        )

    def test_filters(self) -> None:
        pv = _view(_crim(12), _crim(36))
        assert [e.reform.id for e in pv.where(lambda e: e.reform.id == "p0")] == ["p0"]


class TestPenaltyViewReforms:
    """reforms() gives the reforms of the changes, also for a view built by hand."""

    def test_hand_built_view(self) -> None:
        pv = _view(_crim(12), _crim(36))
        own = PenaltyView([pv[0]])
        assert own.reforms().ids() == (pv[0].reform.id,)
        assert PenaltyView().reforms() == ReformSet()

    def test_view_of_a_collection(self) -> None:
        rs = ReformSet([make("a"), make("b", PartialDate(2021))], sources=[SOURCE])
        part = rs.penalties().where(lambda e: e.reform.id == "b")
        got = part.reforms()
        assert got.ids() == ("b",)
        assert dict(got.sources) == {"own-source": SOURCE}


# ---------------------------------------------------------------------------
# _index: the cost model of date ranges (date_count against date_hits)
# ---------------------------------------------------------------------------


class TestDateCount:
    """
    date_count() is what a date range reads from the indexes: exactly the
    hits for overlaps (aligned periods), and an upper bound on the hits for
    within (the entries starting in the range).  A derived collection uses it
    to choose between its root's index and a scan.
    """

    DATES: ClassVar[list[PartialDate]] = [
        PartialDate(2019),
        PartialDate(2020),
        PartialDate(2020, 2),
        PartialDate(2020, 3),
        PartialDate(2020, 3, 1),
        PartialDate(2020, 3, 15),
        PartialDate(2020, 3, 31),
        PartialDate(2020, 4, 1),
        PartialDate(2021, 1),
    ]

    @pytest.mark.parametrize(
        ("lo", "hi"),
        [
            ((2020, 3, 1), (2020, 3, 31)),
            ((2020, 3, 15), (2020, 3, 15)),
            ((2020, 3, 2), (2020, 4, 1)),
            ((2020, 1, 1), (2020, 12, 31)),
            ((2019, 6, 1), (2021, 1, 31)),
            ((2022, 1, 1), (2022, 12, 31)),
        ],
    )
    def test_against_hits(self, lo: tuple[int, int, int], hi: tuple[int, int, int]) -> None:

        a, b = dt.date(*lo), dt.date(*hi)
        idx = _index.build_date_index((d, i) for i, d in enumerate(self.DATES))
        overlaps = {i for i, d in enumerate(self.DATES) if d.overlaps(a, b)}
        within = {i for i, d in enumerate(self.DATES) if d.within(a, b)}
        starting = sum(1 for d in self.DATES if a <= d.earliest <= b)
        assert sorted(overlaps) == sorted(_index.date_hits(idx, a, b, within=False))
        assert sorted(within) == sorted(_index.date_hits(idx, a, b, within=True))
        assert len(overlaps) == _index.date_count(idx, a, b, within=False)
        assert starting == _index.date_count(idx, a, b, within=True)


# ---------------------------------------------------------------------------
# _collection: every error names what was wrong and what is accepted
# ---------------------------------------------------------------------------

DATE_LIKE = "a datetime.date, datetime.datetime, PartialDate or str"


class TestConstructionErrors:
    """ReformSet() names a refused argument, item or clash."""

    @pytest.mark.parametrize("bad", ["abc", b"abc", 5, None])
    def test_records_not_iterable(self, bad: Any) -> None:
        refused(lambda: ReformSet(bad), InvalidTypeError, "records", bad, "an iterable of Reform")

    @pytest.mark.parametrize("bad", [1, "a", None])
    def test_record_not_a_reform(self, bad: Any) -> None:
        refused(
            lambda: ReformSet([make("a"), bad]), InvalidTypeError, "records", bad, "Reform records"
        )

    def test_clashing_ids(self) -> None:
        a = make("a")
        other = attrs.evolve(a, title="Other")
        msg = query_error(lambda: ReformSet([a, other]))
        assert msg == "two different records share the id 'a'"

    @pytest.mark.parametrize("bad", ["abc", b"abc", 5])
    def test_sources_not_iterable(self, bad: Any) -> None:
        refused(
            lambda: ReformSet([], sources=bad),
            InvalidTypeError,
            "sources",
            bad,
            "an iterable of Source records, or None",
        )

    @pytest.mark.parametrize("bad", [1, "own-source", None])
    def test_source_not_a_source(self, bad: Any) -> None:
        refused(
            lambda: ReformSet([], sources=[SOURCE, bad]),
            InvalidTypeError,
            "sources",
            bad,
            "Source records",
        )

    def test_clashing_sources(self) -> None:
        other = attrs.evolve(SOURCE, title="Another report")
        msg = query_error(lambda: ReformSet([], sources=[SOURCE, other]))
        assert msg == "two different sources share the id 'own-source'"
        assert dict(ReformSet([], sources=[SOURCE, SOURCE]).sources) == {"own-source": SOURCE}

    def test_sources_sorted_by_id(self) -> None:
        b = attrs.evolve(SOURCE, id="b-source")
        a = attrs.evolve(SOURCE, id="a-source")
        assert list(ReformSet([], sources=[b, SOURCE, a]).sources) == [
            "a-source",
            "b-source",
            "own-source",
        ]


class TestLookupErrors:
    """Indexing, get() and set algebra name what they refuse."""

    @pytest.mark.parametrize("bad", ["a", True, 1.0, None])
    def test_bad_index(self, bad: Any) -> None:
        rs = ReformSet([make("a")])
        refused(
            lambda: rs[bad],
            InvalidTypeError,
            "index",
            bad,
            "an int or a slice (use .get(id) for ids)",
        )

    @pytest.mark.parametrize("bad", [3, None, make("a")])
    def test_get_needs_an_id(self, bad: Any) -> None:
        rs = ReformSet([make("a")])
        refused(lambda: rs.get(bad), InvalidTypeError, "id", bad, "a reform id (str)")

    def test_get_unknown(self) -> None:
        rs = ReformSet([make("domestic-violence-law")])
        with pytest.raises(kzreforms.UnknownReformError) as info:
            rs.get("domestic-violence-law2")
        e = info.value
        assert (e.what, e.name) == ("reform id", "domestic-violence-law2")
        assert e.suggestions == ["domestic-violence-law"]

    @pytest.mark.parametrize("op", ["|", "&", "-"])
    def test_operand_not_a_set(self, op: str) -> None:
        rs = ReformSet([make("a")])
        calls = {"|": rs.__or__, "&": rs.__and__, "-": rs.__sub__}
        bad: Any = [make("a")]
        refused(lambda: calls[op](bad), InvalidTypeError, f"operand of {op}", bad, "a ReformSet")

    @pytest.mark.parametrize("op", ["|", "&", "-"])
    def test_clashing_records(self, op: str) -> None:
        a = make("a")
        left, right = ReformSet([a]), ReformSet([attrs.evolve(a, title="Other")])
        calls = {"|": left.__or__, "&": left.__and__, "-": left.__sub__}
        msg = query_error(lambda: calls[op](right))
        assert msg == "the two collections hold different records with id 'a'"


class TestContains:
    """``in`` takes a reform (that very record) or an id."""

    def test_contains(self) -> None:
        a = make("a")
        rs = ReformSet([a, make("b", PartialDate(2021))])
        assert a in rs
        assert "a" in rs  # type: ignore[comparison-overlap]
        assert attrs.evolve(a, title="Other") not in rs
        assert make("c") not in rs
        assert "c" not in rs  # type: ignore[comparison-overlap]
        assert 5 not in rs  # type: ignore[comparison-overlap]


class TestDateArgumentErrors:
    """Date filters name the argument that is not a date, mode or stage."""

    @pytest.mark.parametrize(
        ("call", "field"),
        [
            (lambda rs, v: rs.since(v), "start"),
            (lambda rs, v: rs.until(v), "end"),
            (lambda rs, v: rs.between(v, "2030"), "start"),
            (lambda rs, v: rs.between("2000", v), "end"),
            (lambda rs, v: rs.during(v), "period"),
            (lambda rs, v: rs.timeline(since=v), "since"),
            (lambda rs, v: rs.timeline(until=v), "until"),
            (lambda rs, v: rs.timeline(during=v), "during"),
        ],
    )
    @pytest.mark.parametrize("bad", [2020, None, 1.5])
    def test_not_a_date(
        self, call: Callable[[ReformSet, Any], object], field: str, bad: Any
    ) -> None:
        rs = ReformSet([make("a")])
        if bad is None and field in ("since", "until", "during"):
            return  # None means no limit there
        refused(lambda: call(rs, bad), InvalidTypeError, field, bad, DATE_LIKE)

    @pytest.mark.parametrize(
        "call",
        [
            lambda rs, m: rs.since("2020", mode=m),
            lambda rs, m: rs.until("2020", mode=m),
            lambda rs, m: rs.between("2020", "2021", mode=m),
            lambda rs, m: rs.during("2020", mode=m),
            lambda rs, m: rs.timeline(mode=m),
        ],
    )
    def test_bad_mode(self, call: Callable[[ReformSet, Any], object]) -> None:
        rs = ReformSet([make("a")])
        accepted = "'within', 'overlaps' or a DateMode"
        refused(lambda: call(rs, 3), InvalidTypeError, "mode", 3, accepted)
        with pytest.raises(UnknownNameError) as info:
            call(rs, "inside")
        assert (info.value.what, info.value.name) == ("date mode", "inside")

    @pytest.mark.parametrize(
        "call",
        [
            lambda rs, on: rs.since("2020", on=on),
            lambda rs, on: rs.until("2020", on=on),
            lambda rs, on: rs.between("2020", "2021", on=on),
            lambda rs, on: rs.during("2020", on=on),
        ],
    )
    def test_bad_stages(self, call: Callable[[ReformSet, Any], object]) -> None:
        rs = ReformSet([make("a")])
        accepted = "'key', 'any', a Stage, a stage name, or several of them"
        refused(lambda: call(rs, 5), InvalidTypeError, "on", 5, accepted)
        assert query_error(lambda: call(rs, [])) == "on: give at least one stage, or 'key' / 'any'"
        with pytest.raises(UnknownNameError) as info:
            call(rs, "singed")
        assert info.value.name == "singed"

    def test_reversed_range(self) -> None:
        rs = ReformSet([make("a")])
        msg = query_error(lambda: rs.between("2021", "2020-06"))
        assert msg == "the range starts (2021) after it ends (2020-06)"
        assert rs.between("2020-01-02", "2020-01-02").ids() == ("a",)

    def test_timeline_limits_that_do_not_meet(self) -> None:
        rs = ReformSet([make("a")])
        msg = query_error(lambda: rs.timeline(since="2021", until="2020"))
        assert msg == (
            "timeline(): since=2021, until=2020 leave no date to show; the limits must overlap"
        )
        msg = query_error(lambda: rs.timeline(since="2021", during="2020"))
        assert msg == (
            "timeline(): since=2021, during=2020 leave no date to show; the limits must overlap"
        )
        msg = query_error(lambda: rs.timeline(until="2019", during="2020"))
        assert msg == (
            "timeline(): until=2019, during=2020 leave no date to show; the limits must overlap"
        )
        one_day = rs.timeline(since="2020-01-02", until="2020-01-02")
        assert [e.reform.id for e in one_day] == ["a"]

    @pytest.mark.parametrize("bad", ["signed", Stage.SIGNED, 5])
    def test_timeline_stages(self, bad: Any) -> None:
        rs = ReformSet([make("a")])
        accepted = "None or an iterable of stages (e.g. ['signed'])"
        refused(lambda: rs.timeline(bad), InvalidTypeError, "stages", bad, accepted)


class TestOtherFilterErrors:
    """topic(), kind(), where(), search() and group_by() name what they refuse."""

    def test_empty_calls(self) -> None:
        rs = ReformSet([make("a")])
        assert query_error(rs.topic) == "topic(): give at least one topic"
        assert query_error(rs.kind) == "kind(): give at least one kind"

    @pytest.mark.parametrize("bad", [5, "x", None])
    def test_where_needs_a_callable(self, bad: Any) -> None:
        rs = ReformSet([make("a")])
        accepted = "a callable taking a Reform"
        refused(lambda: rs.where(bad), InvalidTypeError, "predicate", bad, accepted)

    @pytest.mark.parametrize("bad", [5, None, b"law"])
    def test_search_needs_text(self, bad: Any) -> None:
        rs = ReformSet([make("a")])
        refused(lambda: rs.search(bad), InvalidTypeError, "text", bad, "a str")

    @pytest.mark.parametrize("blank", ["", "   "])
    def test_search_blank(self, blank: str) -> None:
        rs = ReformSet([make("a")])
        assert query_error(lambda: rs.search(blank)) == "search(): give some text to look for"

    def test_search_limits(self) -> None:
        from kzreforms._text import fold

        rs = ReformSet([make("a")])
        assert rs.search("x " * 19 + "law").ids() == ()
        assert query_error(lambda: rs.search("w " * 21)) == (
            "search(): 21 words is too many; accepted: at most 20 words (MAX_QUERY_WORDS)"
        )
        assert rs.search("x" * 200).ids() == ()
        assert query_error(lambda: rs.search("x" * 201)) == (
            "search(): the text is 201 characters long; accepted: at most 200 characters "
            "(MAX_QUERY_CHARS)"
        )
        wide = "\ufdfa" * 12  # one character that folds to eighteen
        n = len(fold(wide))
        assert n > 200
        assert query_error(lambda: rs.search(wide)) == (
            f"search(): the text is {n:,} characters long once folded (compatibility forms "
            "expanded); accepted: at most 200 characters (MAX_QUERY_CHARS)"
        )

    def test_group_by_unknown(self) -> None:
        rs = ReformSet([make("a")])
        with pytest.raises(UnknownNameError) as info:
            rs.group_by("yaer")  # type: ignore[call-overload]
        e = info.value
        assert (e.what, e.name, e.suggestions) == ("grouping", "yaer", ["year"])

    @pytest.mark.parametrize(("key", "near"), [("topc", "topic"), ("knd", "kind")])
    def test_group_by_suggests(self, key: str, near: str) -> None:
        with pytest.raises(UnknownNameError) as info:
            ReformSet([make("a")]).group_by(key)  # type: ignore[call-overload]
        assert info.value.suggestions == [near]

    def test_group_by_lists_the_keys(self) -> None:
        with pytest.raises(UnknownNameError) as info:
            ReformSet([make("a")]).group_by("colour")  # type: ignore[call-overload]
        assert str(info.value) == "unknown grouping 'colour'; accepted: kind, topic, year"


class TestDateModes:
    """
    within: every day of a record's date lies in the range; overlaps: some
    day does.  Checked on a small collection (scanned), a large one (indexed)
    and a part of the large one (using its root's index).
    """

    RECORDS: ClassVar[dict[str, PartialDate]] = {
        "feb": PartialDate(2020, 2),
        "mar": PartialDate(2020, 3),
        "mid": PartialDate(2020, 3, 15),
        "year": PartialDate(2020),
        "apr1": PartialDate(2020, 4, 1),
    }

    @staticmethod
    def _own(rs: ReformSet) -> set[str]:
        """The ids of the records above found in *rs* (the filler dated 1990 left out)."""
        return {r.id for r in rs if not r.id.startswith("old-")}

    @staticmethod
    def _collections() -> list[ReformSet]:
        own = [make(k, d) for k, d in TestDateModes.RECORDS.items()]
        filler = [make(f"old-{i}", PartialDate(1990, 1 + i % 12, 1 + i // 12)) for i in range(60)]
        big = ReformSet([*own, *filler])
        # scanned, indexed, derived and scanned, derived and using its root's index, a copy
        return [ReformSet(own), big, big.since("2000"), big.until("2030"), big[:]]

    @pytest.mark.parametrize(
        ("call", "within", "overlaps"),
        [
            (lambda rs, m: rs.since("2020-03-10", mode=m), {"mid", "apr1"}, set(RECORDS) - {"feb"}),
            (lambda rs, m: rs.until("2020-03-15", mode=m), {"feb", "mid"}, set(RECORDS) - {"apr1"}),
            (lambda rs, m: rs.during("2020-03", mode=m), {"mar", "mid"}, {"mar", "mid", "year"}),
            (
                lambda rs, m: rs.between("2020-03-15", "2020-04-01", mode=m),
                {"mid", "apr1"},
                {"mar", "mid", "year", "apr1"},
            ),
            (lambda rs, m: rs.during("2020-03-31", mode=m), set(), {"mar", "year"}),
            (lambda rs, m: rs.until("2020-02-29", mode=m), {"feb"}, {"feb", "year"}),
            (lambda rs, m: rs.since("2020-04-01", mode=m), {"apr1"}, {"apr1", "year"}),
        ],
    )
    def test_modes(
        self,
        call: Callable[[ReformSet, Any], ReformSet],
        within: set[str],
        overlaps: set[str],
    ) -> None:
        for rs in self._collections():
            for mode in ("within", DateMode.WITHIN):
                assert within == self._own(call(rs, mode))
            for mode in ("overlaps", DateMode.OVERLAPS):
                assert overlaps == self._own(call(rs, mode))

    def test_timeline_modes(self) -> None:
        rs = ReformSet([make(k, d) for k, d in self.RECORDS.items()])
        within = {e.reform.id for e in rs.timeline(during="2020-03", mode="within")}
        overlaps = {e.reform.id for e in rs.timeline(during="2020-03")}
        assert within == {"mar", "mid"}
        assert overlaps == {"mar", "mid", "year"}
        since = {e.reform.id for e in rs.timeline(since="2020-03-10", mode="within")}
        assert since == {"mid", "apr1"}


# ---------------------------------------------------------------------------
# _penalties: filters' errors and boundaries, effective dates, order
# ---------------------------------------------------------------------------


class TestPenaltyFilterErrors:
    """liability() and of_kind() name what they refuse."""

    def test_empty_calls(self) -> None:
        pv = _view(_crim(12))
        assert query_error(pv.liability) == "liability(): give at least one level"
        assert query_error(pv.of_kind) == "of_kind(): give at least one kind"

    @pytest.mark.parametrize("bad", [5, None])
    def test_kind_not_text(self, bad: Any) -> None:
        pv = _view(_crim(12))
        accepted = "one of new, criminalisation, decriminalisation, harsher, milder"
        refused(lambda: pv.of_kind(bad), InvalidTypeError, "kind", bad, accepted)

    def test_unknown_kind(self) -> None:
        pv = _view(_crim(12))
        with pytest.raises(UnknownNameError) as info:
            pv.of_kind("harsh")  # type: ignore[arg-type]
        e = info.value
        assert (e.what, e.name, e.suggestions) == ("penalty change kind", "harsh", ["harsher"])


class TestMinGravity:
    """min_gravity() keeps the changes at least that grave, the boundary included."""

    def test_boundaries(self) -> None:
        grav = [
            Gravity.CRIMINAL_MISDEMEANOUR,
            Gravity.MINOR,
            Gravity.MEDIUM,
            Gravity.GRAVE,
            Gravity.ESPECIALLY_GRAVE,
        ]
        afters = [Penalty(Liability.CRIMINAL, g) for g in grav]
        pv = _view(*afters, Penalty(Liability.ADMINISTRATIVE), _crim(None))
        for i, g in enumerate(grav):
            want = {f"p{j}" for j in range(i, len(grav))}
            assert want == {e.reform.id for e in pv.min_gravity(g)}
            assert want == {e.reform.id for e in pv.min_gravity(g.value)}


class TestEffective:
    """A change's effective date: its own, else the reform's in force, else unknown with why."""

    def test_sources_of_the_date(self) -> None:
        signed = Milestone(Stage.SIGNED, PartialDate(2020, 1, 2))
        in_force = Milestone(Stage.IN_FORCE, PartialDate(2020, 2))
        with_force = make("a", milestones=(signed, in_force))
        bare = make("b", milestones=(signed,))
        change = with_force.penalty_changes[0]
        assert with_force.penalty_changes
        own = attrs.evolve(change, in_force=PartialDate(2020, 3, 1))
        unknown = attrs.evolve(change, in_force_unknown="not published")
        assert PenaltyEntry(with_force, own).effective == Effective(
            PartialDate(2020, 3, 1), "change"
        )
        assert PenaltyEntry(bare, unknown).effective == Effective(None, "unknown", "not published")
        got = PenaltyEntry(with_force, change).effective
        assert got == Effective(PartialDate(2020, 2), "reform")
        assert got.known
        none = PenaltyEntry(bare, change).effective
        assert none == Effective(
            None, "unknown", "the change has no date and reform b has no in-force milestone"
        )
        assert not none.known

    def test_severity_is_the_penalty_after(self) -> None:
        (entry,) = _view(_crim(36))
        assert entry.severity == entry.change.after.severity


class TestPenaltyOrder:
    """Most severe first; ties in chronological order, then by article, then by offence."""

    def test_order(self) -> None:
        same = _crim(36)
        early = make("early", PartialDate(2019), after=same)
        late = make("late", PartialDate(2021), after=same)
        worse = make("worse", PartialDate(2022), after=_crim(60))
        change = late.penalty_changes[0]
        two = attrs.evolve(
            late,
            penalty_changes=(
                attrs.evolve(change, article="CC 121", offence="b"),
                attrs.evolve(change, article="CC 120", offence="z"),
                attrs.evolve(change, article="CC 120", offence="a"),
            ),
        )
        pv = ReformSet([two, early, worse]).penalties()
        got = [(e.reform.id, str(e.change.article), e.change.offence) for e in pv]
        assert got == [
            ("worse", "CC 120(1)", "offence of worse"),
            ("early", "CC 120(1)", "offence of early"),
            ("late", "CC 120", "a"),
            ("late", "CC 120", "z"),
            ("late", "CC 121", "b"),
        ]
        assert list(PenaltyView(list(pv)[::-1])) == list(pv)


# ---------------------------------------------------------------------------
# _collection: accessors, status filters, grouping, the timeline, exports
# ---------------------------------------------------------------------------


class TestAccessors:
    """first(), last(), ids(), hashing and equality of collections."""

    def test_first_last_ids(self) -> None:
        a, b = make("a", PartialDate(2019)), make("b", PartialDate(2021))
        rs = ReformSet([b, a])
        assert (rs.first(), rs.last(), rs.ids()) == (a, b, ("a", "b"))
        assert (ReformSet().first(), ReformSet().last(), ReformSet().ids()) == (None, None, ())

    def test_hash_and_equality(self) -> None:
        a, b = make("a", PartialDate(2019)), make("b", PartialDate(2021))
        assert hash(ReformSet([a, b])) == hash(ReformSet([b, a]))
        sets = [ReformSet([a]), ReformSet([b]), ReformSet([a, b]), ReformSet()]
        assert len({hash(s) for s in sets}) == len(sets)
        assert ReformSet([a]) != [a]
        assert ReformSet([a]) != ReformSet([b])


class TestSources:
    """Collections cite the packaged sources unless given their own; merging joins them."""

    def test_packaged_by_default(self) -> None:
        from kzreforms._store import dataset

        assert ReformSet([make("a")]).sources is dataset().sources

    def test_cited_sources(self) -> None:
        b = attrs.evolve(SOURCE, id="b-source")
        rs = ReformSet(
            [
                make("x", source="own-source"),
                make("y", source="b-source"),
                make("z", source="gone"),
            ],
            sources=[SOURCE, b],
        )
        assert rs.cited_sources() == (b, SOURCE)

    def test_parts_keep_the_sources(self) -> None:
        """Slices, filters and filters of filters cite the same sources as the whole."""
        rs = ReformSet(
            [make("a", PartialDate(2019), source="own-source"), make("b", PartialDate(2021))],
            sources=[SOURCE],
        )
        parts = [
            rs[:1],
            rs.since("2020"),
            rs.since("2018").until("2020"),
            rs.where(lambda r: r.id == "a"),
            rs.search("law a"),
            rs.topic("criminal-law"),
            rs.group_by("year")[2019],
            rs.penalties().reforms(),
        ]
        for part in parts:
            assert dict(part.sources) == {"own-source": SOURCE}
        assert rs.since("2018").until("2020").ids() == ("a",)
        assert rs.since("2018").until("2020").cited_sources() == (SOURCE,)

    def test_merged_sources(self) -> None:
        from kzreforms._store import dataset

        own = ReformSet([make("a", source="own-source")], sources=[SOURCE])
        packaged = ReformSet([make("b", PartialDate(2021))])
        for merged in (own | packaged, packaged | own, own & packaged, own - packaged):
            assert dict(merged.sources) == {**dataset().sources, "own-source": SOURCE}
        assert (own | own).sources == own.sources
        assert (packaged | packaged).sources is dataset().sources


class TestStatusFilters:
    """in_force() passes include_uncertain on; superseded() with and without a day."""

    def test_in_force_certain_and_possible(self) -> None:
        signed = Milestone(Stage.SIGNED, PartialDate(2020, 1, 2))
        month = make("month", milestones=(signed, Milestone(Stage.IN_FORCE, PartialDate(2020, 3))))
        day = make("day", milestones=(signed, Milestone(Stage.IN_FORCE, PartialDate(2020, 3, 1))))
        never = make("never", milestones=(signed,))
        rs = ReformSet([month, day, never])
        assert rs.in_force("2020-03-15").ids() == ("day",)
        assert set(rs.in_force("2020-03-15", include_uncertain=True).ids()) == {"day", "month"}
        assert set(rs.in_force("2020-04-01").ids()) == {"day", "month"}
        assert rs.in_force("2020-02-29", include_uncertain=True).ids() == ()

    def test_superseded(self) -> None:
        signed = Milestone(Stage.SIGNED, PartialDate(2020, 1, 2))
        ended = make(
            "ended", milestones=(signed, Milestone(Stage.REPEALED, PartialDate(2021, 6, 1)))
        )
        rs = ReformSet([ended, make("open")])
        assert rs.superseded().ids() == ("ended",)
        assert rs.superseded("2021-06-01").ids() == ("ended",)
        assert rs.superseded("2021-05-31").ids() == ()

    def test_background(self) -> None:
        old = attrs.evolve(make("old", PartialDate(2018, 12, 31)), background=True)
        rs = ReformSet([old, make("new", PartialDate(2019))])
        assert rs.background().ids() == ("old",)


class TestGroupBy:
    """Groups by year, top-level topic or kind, keys ascending."""

    def test_year(self) -> None:
        rs = ReformSet([make("b", PartialDate(2021)), make("a", PartialDate(2019))])
        groups = rs.group_by("year")
        assert list(groups) == [2019, 2021]
        assert [g.ids() for g in groups.values()] == [("a",), ("b",)]

    def test_topic_and_kind(self) -> None:
        child = next(t for t in Topic if t.parent is not None)
        parent = child.parent
        assert parent is not None
        other = next(t for t in Topic if t.parent is None and t is not parent)
        a = attrs.evolve(make("a"), topics=frozenset({child}))
        b = attrs.evolve(make("b", PartialDate(2021)), topics=frozenset({other, parent}))
        c = attrs.evolve(
            make("c", PartialDate(2022)), kind=ReformKind.DECREE, topics=frozenset({child})
        )
        rs = ReformSet([a, b, c])
        topics = rs.group_by("topic")
        assert list(topics) == sorted(topics, key=lambda t: t.value)
        assert topics[parent].ids() == ("a", "b", "c")
        assert topics[other].ids() == ("b",)
        assert child not in topics
        kinds = rs.group_by("kind")
        assert list(kinds) == sorted(kinds, key=lambda k: k.value)
        assert (kinds[ReformKind.LAW].ids(), kinds[ReformKind.DECREE].ids()) == (("a", "b"), ("c",))


class TestTimeline:
    """Milestones in date order, then stage order, then id; stages and notes kept."""

    def test_order_and_stages(self) -> None:
        d = PartialDate(2020, 1, 2)
        a = make(
            "a",
            milestones=(
                Milestone(Stage.SIGNED, d),
                Milestone(Stage.IN_FORCE, PartialDate(2020, 2, 1), note="ten days later"),
            ),
        )
        b = make("b", milestones=(Milestone(Stage.ADOPTED, d), Milestone(Stage.SIGNED, d)))
        rs = ReformSet([a, b])
        got = [(e.reform.id, e.stage, str(e.date), e.note) for e in rs.timeline()]
        assert got == [
            ("b", Stage.ADOPTED, "2020-01-02", None),
            ("a", Stage.SIGNED, "2020-01-02", None),
            ("b", Stage.SIGNED, "2020-01-02", None),
            ("a", Stage.IN_FORCE, "2020-02-01", "ten days later"),
        ]
        only = [(e.reform.id, e.stage) for e in rs.timeline(["in-force", Stage.ADOPTED])]
        assert only == [("b", Stage.ADOPTED), ("a", Stage.IN_FORCE)]


class TestMoreExports:
    """The frame, Parquet, SQLite and Data Package exports take the table asked for."""

    def test_pandas(self) -> None:
        pytest.importorskip("pandas")
        rs = kzreforms.reforms()[:6]
        assert list(rs.to_pandas().columns) == list(rs.rows()[0])
        assert list(rs.to_pandas("penalties").columns) == list(rs.rows("penalties")[0])
        assert len(rs.to_pandas("penalties")) == len(rs.penalties())
        pv = rs.penalties()
        assert len(pv.to_pandas()) == len(pv)
        assert list(pv.to_pandas().columns) == list(pv.rows()[0])

    def test_arrow_and_parquet(self, tmp_path: Path) -> None:
        pq = pytest.importorskip("pyarrow.parquet")
        rs = kzreforms.reforms()[:6]
        pv = rs.penalties()
        assert pv.to_arrow().column_names == list(pv.rows()[0])
        assert pv.to_arrow().num_rows == len(pv)
        path = rs.to_parquet(tmp_path / "r.parquet")
        assert pq.read_table(path).column("id").to_pylist() == list(rs.ids())
        path = rs.to_parquet(tmp_path / "p.parquet", table="penalties")
        assert pq.read_table(path).num_rows == len(pv)
        path = pv.to_parquet(tmp_path / "v.parquet")
        assert pq.read_table(path).column_names == list(pv.rows()[0])

    @pytest.mark.publish  # polars comes with the tests-publish extra: deselected, not skipped
    def test_polars(self) -> None:
        rs = kzreforms.reforms()[:6]
        assert rs.to_polars().columns == list(rs.rows()[0])
        assert rs.to_polars()["id"].to_list() == list(rs.ids())
        assert rs.to_polars("penalties").height == len(rs.penalties())
        assert rs.penalties().to_polars().columns == list(rs.rows("penalties")[0])

    def test_sqlite_and_datapackage(self, tmp_path: Path) -> None:
        import sqlite3

        rs = kzreforms.reforms()[:6]
        db = rs.to_sqlite(tmp_path / "r.sqlite")
        with sqlite3.connect(db) as con:
            ids = [row[0] for row in con.execute("SELECT id FROM reforms ORDER BY id")]
        con.close()
        assert ids == sorted(rs.ids())
        folder = rs.to_datapackage(tmp_path / "pkg")
        meta = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        assert "reforms" in [res["name"] for res in meta["resources"]]

    def test_records_and_rows(self) -> None:
        rs = kzreforms.reforms()[:3]
        assert [rec["id"] for rec in rs.to_records()] == list(rs.ids())
        assert [row["id"] for row in rs.rows()] == list(rs.ids())
        assert len(rs.rows("timeline")) == len(rs.timeline())
        assert len(rs.penalties().rows()) == len(rs.penalties())


# ---------------------------------------------------------------------------
# Search: every field is searched, on scanned, indexed and derived collections
# ---------------------------------------------------------------------------


def _full_record() -> Reform:
    """A record with a distinct word in each searched field."""
    from kzreforms import ActKind, LegalAct
    from kzreforms._model import Measure, OfficialTitle, TitleLang

    r = make("kilo-law", PartialDate(2020, 6, 1))
    change = attrs.evolve(r.penalty_changes[0], offence="foxtrot dealing", article="CC 777")
    act = LegalAct(
        ActKind.LAW,
        "Law golf",
        number="12-VII",
        official_titles=(OfficialTitle(TitleLang.RU, "Закон хотел"),),
        adilet="Z2400000999",
    )
    return attrs.evolve(
        r,
        summary="A bravo law.",
        measures=(Measure("charlie measure"),),
        notes=("delta note",),
        bodies=("Echo chamber",),
        acts=(act,),
        penalty_changes=(change,),
    )


def _search_sets() -> list[ReformSet]:
    """The record above alone (scanned), among 60 others (indexed), and in a part of those."""
    full = _full_record()
    filler = [make(f"old-{i}", PartialDate(1990, 1 + i % 12, 1 + i // 12)) for i in range(60)]
    big = ReformSet([full, *filler])
    return [ReformSet([full]), big, big.since("2000"), big.until("2021")]


class TestSearchFields:
    """search() reads ids, titles, summaries, measures, notes, bodies, offences, articles, acts."""

    @pytest.mark.parametrize(
        "text",
        [
            "kilo-law",
            "bravo",
            "charlie",
            "delta",
            "echo",
            "foxtrot",
            "CC 777",
            "golf",
            "12-VII",
            "хотел",
            "Z2400000999",
            "golf No. 12-VII",
            "ECHO CHAMBER",
            "fox",
            "foxtrot dealing",
        ],
    )
    def test_each_field(self, text: str) -> None:
        for rs in _search_sets():
            assert rs.search(text).ids() == ("kilo-law",), rs

    def test_one_word_with_punctuation(self) -> None:
        """A word with a stop after it is matched as written (every summary ends "law.")."""
        for rs in _search_sets():
            assert rs.search("law.").ids() == rs.ids()
            assert rs.search("bravo law.").ids() == ("kilo-law",)
            assert rs.search("law..").ids() == ()

    @pytest.mark.parametrize("text", ["oxtrot", "dealing foxtrot", "zulu", "golf hotel", "777 CC"])
    def test_not_found(self, text: str) -> None:
        for rs in _search_sets():
            assert rs.search(text).ids() == (), rs

    def test_prefix_of_several_words(self) -> None:
        """A prefix shared by several words finds every record holding any of them."""
        a = attrs.evolve(make("a"), summary="lawful")
        b = attrs.evolve(make("b", PartialDate(2021)), summary="lawyers")
        c = attrs.evolve(make("c", PartialDate(2022)), summary="outlaws")
        filler = [make(f"old-{i}", PartialDate(1990, 1 + i % 12, 1 + i // 12)) for i in range(60)]
        for rs in (ReformSet([a, b, c]), ReformSet([a, b, c, *filler])):
            assert rs.search("lawy").ids() == ("b",)
            assert rs.search("lawf").ids() == ("a",)
            assert set(rs.search("law").ids()) >= {"a", "b", "c"}  # titles say "Law ..."
            assert rs.search("outl").ids() == ("c",)
            assert rs.search("a lawful").ids() == ()
            assert rs.search("law a").ids() == ("a",)


class TestStageChoice:
    """on= picks the dates tested: the key date, any milestone, or given stages."""

    def test_on(self) -> None:
        signed = Milestone(Stage.SIGNED, PartialDate(2020, 1, 2))
        force = Milestone(Stage.IN_FORCE, PartialDate(2021, 1, 1))
        a = make("a", milestones=(signed, force))
        b = make("b", PartialDate(2021, 1, 1))
        filler = [make(f"old-{i}", PartialDate(1990, 1 + i % 12, 1 + i // 12)) for i in range(60)]
        big = ReformSet([a, b, *filler])
        for rs in (ReformSet([a, b]), big, big.until("2030")):
            assert rs.during("2021").ids() == ("b",)
            assert rs.during("2021", on="key").ids() == ("b",)
            assert rs.during("2021", on="in-force").ids() == ("a",)
            assert rs.during("2021", on=Stage.IN_FORCE).ids() == ("a",)
            assert rs.during("2021", on=["in-force", "signed"]).ids() == ("a", "b")
            assert rs.during("2021", on="any").ids() == ("a", "b")
            assert rs.during("2020", on="any").ids() == ("a",)
            assert rs.during("2020", on="signed").ids() == ("a",)
            assert rs.during("2020", on="in-force").ids() == ()


class TestTimelineLimits:
    """since, until and during combine: a milestone must lie in all of them."""

    def test_combined(self) -> None:
        rs = ReformSet([make(k, d) for k, d in TestDateModes.RECORDS.items()])

        def ids(**kw: Any) -> set[str]:
            return {e.reform.id for e in rs.timeline(**kw)}

        assert ids(since="2020-03-10", during="2020-03") == {"mar", "mid", "year"}
        assert ids(since="2020-03-10", during="2020-03", mode="within") == {"mid"}
        assert ids(until="2020-03-15", during="2020-03", mode="within") == {"mid"}
        assert ids(until="2020-03-14", during="2020-03", mode="within") == set()
        assert ids(since="2020-02-15", until="2020-03-31", mode="within") == {"mar", "mid"}
        assert ids(until="2020-02-29", mode="within") == {"feb"}
        assert ids(since="2020-04-01", mode="within") == {"apr1"}
        assert ids(since="2020-04-02") == {"year"}
        assert ids(during="2020-04-01") == {"apr1", "year"}
        assert ids(during="2020") == set(TestDateModes.RECORDS)
        assert ids() == set(TestDateModes.RECORDS)


class TestCitationsOfASet:
    """bibtex() and csl() cover the sources the records cite; article() their changes."""

    def test_bibtex_and_csl(self) -> None:
        rs = ReformSet([make("a", source="own-source")], sources=[SOURCE])
        assert "A report" in rs.bibtex()
        assert [item["id"] for item in rs.csl()] == ["own-source"]
        assert ReformSet(sources=[SOURCE]).csl() == []

    def test_article(self) -> None:
        rs = ReformSet([make("a"), make("b", PartialDate(2021), article="CC 121")])
        history = rs.article("CC 120(1)")
        assert [e.reform.id for e in history] == ["a"]


class TestPostingFilters:
    """topic() and kind() on scanned, indexed and derived collections."""

    def test_topic_and_kind(self) -> None:
        child = next(t for t in Topic if t.parent not in (None, Topic.CRIMINAL_LAW))
        parent = child.parent
        assert parent is not None
        a = attrs.evolve(make("a"), topics=frozenset({child}))
        b = attrs.evolve(make("b", PartialDate(2021)), topics=frozenset({parent}))
        c = attrs.evolve(make("c", PartialDate(2022)), kind=ReformKind.DECREE)
        filler = [
            attrs.evolve(
                make(f"old-{i}", PartialDate(1990, 1 + i % 12, 1 + i // 12)),
                kind=ReformKind.CODE_AMENDMENT,
            )
            for i in range(60)
        ]
        big = ReformSet([a, b, c, *filler])
        for rs in (ReformSet([a, b, c]), big, big.since("2000"), big.until("2030")):
            assert rs.topic(parent).ids() == ("a", "b")
            assert rs.topic(child).ids() == ("a",)
            assert {"a", "c"} <= set(rs.topic(child, "criminal-law").ids())
            assert rs.kind("decree").ids() == ("c",)
            assert rs.kind(ReformKind.LAW, "decree").ids() == ("a", "b", "c")
            assert set(rs.kind("law").ids()) == {"a", "b"}


class TestCacheLifetime:
    """
    Indexes are cached per collection and dropped with it: a new collection
    that happens to get a freed one's identity never sees its indexes.
    """

    def test_no_stale_cache(self) -> None:
        for i in range(300):
            rs = ReformSet([make(f"r{i}")])
            assert rs.get(f"r{i}").id == f"r{i}"
            assert f"r{i}" in rs  # type: ignore[comparison-overlap]
            assert rs.penalties()[0].reform.id == f"r{i}"
            del rs


class TestChangeKinds:
    """change_kinds() names every kind a change is, in display order."""

    def test_kinds(self) -> None:
        from kzreforms._penalties import change_kinds

        new = PenaltyChange("x", after=_crim(12))
        assert change_kinds(new) == ["new", "criminalisation", "harsher"]
        milder = PenaltyChange("x", after=Penalty(Liability.ADMINISTRATIVE), before=_crim(12))
        assert change_kinds(milder) == ["decriminalisation", "milder"]


class TestDuplicates:
    """The same record twice is kept once."""

    def test_same_record_twice(self) -> None:
        a = make("a")
        assert ReformSet([a, a]).ids() == ("a",)
