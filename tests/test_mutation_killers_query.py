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
import io
import json
import os
import pickle
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
from kzreforms._penalties import Effective

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
