# SPDX-License-Identifier: MIT
"""
Hostile input: every public entry point fed arbitrary values (issue 7).

The only allowed outcomes are a correct result or one of the library's own
errors (a ``KzReformsError``; ``InvalidTypeError`` for a value of the wrong
type), each call within ``LIMIT`` seconds.  Any other exception fails the test.
``KZREFORMS_HYPOTHESIS_PROFILE=fuzz`` runs many more examples; see
docs/reliability.md for the figures of the last such run.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar
from unittest import mock

import attrs
import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

import kzreforms
from kzreforms import (
    DataLoadError,
    DateParseError,
    Gravity,
    InvalidTypeError,
    KzReformsError,
    Liability,
    PartialDate,
    PenaltyView,
    Reform,
    ReformKind,
    ReformSet,
    Source,
    Stage,
    Topic,
    _store,
)
from kzreforms import strategies as kst
from kzreforms._collection import DateMode
from kzreforms._convert import RECORD_TYPES, to_jsonable

LIMIT = 1.0  # seconds per call
ALL = kzreforms.reforms()  # 100+ records: the indexed code paths
SMALL = ALL[:12]  # under the indexing threshold: the scanning code paths
PENALTIES = ALL.penalties()
PACKAGED_SOURCES = frozenset(kzreforms.sources())


class Boom(Exception):  # noqa: N818 - a marker, not an error users see
    """Raised by fuzzed predicates: must reach the caller unchanged."""


def call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call *fn*; return its result or the library error it raised, timing it."""
    start = time.perf_counter()
    try:
        return fn(*args, **kwargs)
    except KzReformsError as e:
        return e
    finally:
        elapsed = time.perf_counter() - start
        assert elapsed < LIMIT, f"{getattr(fn, '__name__', fn)} took {elapsed:.2f} s"


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------

NAMES: list[str] = sorted(
    {
        *(t.value for t in Topic),
        *(s.value for s in Stage),
        *(k.value for k in ReformKind),
        *(g.value for g in Gravity),
        *(v.value for v in Liability),
        *(m.value for m in DateMode),
        *PenaltyView.KINDS,
        "key",
        "any",
        "year",
        "topic",
        "kind",
        "DOMESTIC_VIOLENCE",
        " In Force ",
        "Senate",
        "mazhilis",
        "CC 1",
        "2020",
        "2019-12",
        "2019-12-30",
        "27.12.2019",
        "December 2019",
        "",
        " ",
        *ALL.ids()[:8],
        *sorted(PACKAGED_SOURCES)[:8],
    }
)
MEMBERS: list[Any] = [
    *Topic,
    *Stage,
    *ReformKind,
    *Gravity,
    *Liability,
    *DateMode,
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(-3, 200),
    st.floats(),
    st.decimals(),
    st.text(),
    st.binary(max_size=8),
    st.sampled_from(NAMES),
    st.sampled_from(MEMBERS),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.just(dt.timezone.utc)),
    st.timedeltas(),
    kst.partial_dates(1, 9999),
    st.builds(object),
    st.just(ALL[0]),
    st.just(ALL),
    st.just(PENALTIES),
    st.just(Ellipsis),
    st.builds(slice, st.none() | st.integers(-5, 5), st.none() | st.integers(-5, 5)),
    st.sampled_from(list(kzreforms.sources().values())[:3]),
)


def _predicate(_x: object) -> bool:
    return True


ANY: st.SearchStrategy[Any] = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=3),
    st.tuples(SCALARS, SCALARS),
    st.frozensets(st.sampled_from(NAMES) | st.sampled_from(MEMBERS), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
    st.functions(like=_predicate, returns=st.booleans()),
)
MANY = st.lists(ANY, min_size=1, max_size=3)
DATE_TYPES = (PartialDate, dt.date, str)


def wrong_type(value: object, accepted: type | tuple[type, ...]) -> bool:
    """Whether *value* is not of an *accepted* type (a bool is never an int here)."""
    if isinstance(value, bool):
        accepted_t = accepted if isinstance(accepted, tuple) else (accepted,)
        return bool not in accepted_t
    return not isinstance(value, accepted)


def expect(
    out: Any, result_type: type | tuple[type, ...], *, wrong: bool, only: bool = True
) -> None:
    """
    A filter's outcome: a *result_type* or a library error.  With a value of
    the wrong type it must be an error: ``InvalidTypeError`` when that value
    is the *only* argument (with several, another may be refused first).
    """
    if wrong:
        assert isinstance(out, InvalidTypeError if only else KzReformsError), out
    else:
        assert isinstance(out, (result_type, KzReformsError)), out


# ---------------------------------------------------------------------------
# PartialDate.parse
# ---------------------------------------------------------------------------

DATE_WORDS = [
    "Jan",
    "January",
    "Dec.",
    "December",
    "Mai",
    "of",
    "th",
    "st",
    "T",
    "Z",
    "+",
    "am",
    "noon",
    "2019",
    "1999",
    "0000",
    "0001",
    "9999",
    "10000",
    "31",
    "29",
    "02",
    "٢٠١٩",
    "２０１９",
    "декабря",
]
DATEISH = st.lists(
    st.sampled_from(DATE_WORDS) | st.sampled_from(list("0123456789 .-/,:\t\n")), max_size=12
).map("".join)


@pytest.mark.slow
class TestParse:
    @given(st.text() | DATEISH | st.from_regex(r"\s*\d{1,5}([-./]\d{1,3}){0,2}\s*"))
    @example("0000")
    @example("2019-02-29")
    @example("31.04.2021")
    @example("  " * 60 + "2019")
    @example("December 30, 2019 2020")
    @example("\x00")
    def test_any_text(self, text: str) -> None:
        """A date that reads back from its own str(), or DateParseError quoting the input."""
        out = call(PartialDate.parse, text)
        if isinstance(out, KzReformsError):
            assert isinstance(out, DateParseError), out
            shown = out.text if isinstance(out.text, str) else ""
            assert shown.removesuffix("...") in text
            return
        assert isinstance(out, PartialDate)
        assert PartialDate.parse(str(out)) == out
        assert f"{out.year:04d}" in text or str(out.year) in text

    @given(ANY.filter(lambda v: not isinstance(v, str)))
    def test_not_text(self, value: object) -> None:
        assert isinstance(call(PartialDate.parse, value), InvalidTypeError)

    @given(ANY)
    def test_coerce(self, value: object) -> None:
        out = call(PartialDate.coerce, value)
        if wrong_type(value, DATE_TYPES):
            assert isinstance(out, InvalidTypeError)
        else:
            assert isinstance(out, (PartialDate, DateParseError, InvalidTypeError)), out


# ---------------------------------------------------------------------------
# loads / load on arbitrary and on mutated JSON
# ---------------------------------------------------------------------------

JSON_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(-(10**400), 10**400)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
    | st.sampled_from(NAMES)
)
JSON_VALUES: st.SearchStrategy[Any] = st.recursive(
    JSON_LEAVES,
    lambda kids: (
        st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=10), kids, max_size=4)
    ),
    max_leaves=25,
)
NUMBER_TEXT = st.from_regex(
    r"-?(0|[1-9][0-9]{0,30})(\.[0-9]{1,30})?([eE][-+]?[0-9]{1,25})?", fullmatch=True
)
FIELDS = sorted({a.name for cls in RECORD_TYPES if attrs.has(cls) for a in attrs.fields(cls)})
SHAPED = st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, max_size=12)


def check_loaded(out: Any, cls: type) -> None:
    """A record of *cls* that survives its own round trip, or a DataLoadError."""
    if isinstance(out, KzReformsError):
        assert isinstance(out, DataLoadError), out
        assert out.problems
        assert all(isinstance(p, str) and p for p in out.problems)
        return
    assert isinstance(out, cls)
    assert kzreforms.loads(kzreforms.dumps(out), cls) == out


@pytest.mark.slow
class TestLoadsArbitrary:
    @given(st.sampled_from(RECORD_TYPES), JSON_VALUES | SHAPED)
    def test_any_json(self, cls: type, data: Any) -> None:
        check_loaded(call(kzreforms.loads, json.dumps(data), cls), cls)

    @given(st.sampled_from(RECORD_TYPES), st.text() | st.binary())
    @example(Reform, "[" * 100_000)
    @example(Reform, '{"a":' * 5000)
    @example(Reform, "NaN")
    @example(Reform, b"\xff\xfe{}")
    @example(Reform, '{"id": 1, "id": 2}')
    @example(Reform, "1" * 5000)
    @example(Reform, "[1.5E9999999999999999999]")  # found by atheris: decimal.InvalidOperation
    def test_any_text(self, cls: type, text: str | bytes) -> None:
        check_loaded(call(kzreforms.loads, text, cls), cls)

    @given(st.sampled_from(RECORD_TYPES), st.lists(NUMBER_TEXT, min_size=1, max_size=3))
    def test_number_text(self, cls: type, numbers: list[str]) -> None:
        """Numbers as JSON can write them: huge or tiny exponents, many digits."""
        text = '{"value": %s, "min": %s, "x": [%s]}' % (numbers[0], numbers[-1], ",".join(numbers))  # noqa: UP031
        check_loaded(call(kzreforms.loads, text, cls), cls)
        check_loaded(call(kzreforms.loads, f"[{numbers[0]}]", cls), cls)

    @given(ANY.filter(lambda v: not isinstance(v, (str, bytes))))
    def test_not_text(self, value: object) -> None:
        assert isinstance(call(kzreforms.loads, value), InvalidTypeError)

    @given(ANY.filter(lambda v: v not in RECORD_TYPES))
    def test_not_a_record_type(self, cls: object) -> None:
        assert isinstance(call(kzreforms.loads, "{}", cls), InvalidTypeError)


# -- mutations of valid records ---------------------------------------------

Path_ = tuple[str | int, ...]
NAN, DUP = "\x00nan\x00", "\x00dup\x00"
HOSTILE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(-(10**400), 10**400).map(lambda n: n or 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(),
    st.text(st.characters(codec="utf-8"), min_size=1),
    st.sampled_from(["", " ", "x ", "e\u0301", "\ufeff", "\u202e", "\ud800", "NaN", "2019-13"]),
    st.sampled_from(NAMES),
    st.lists(st.integers() | st.text(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.just(NAN),
)


def paths(doc: Any, here: Path_ = ()) -> list[Path_]:
    """Every path in a JSON tree, the root first."""
    out = [here]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out.extend(paths(v, (*here, k)))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out.extend(paths(v, (*here, i)))
    return out


def at(doc: Any, path: Path_) -> Any:
    for p in path:
        doc = doc[p]
    return doc


@st.composite
def mutate(draw: st.DrawFn, doc: Any, steps: int = 3) -> tuple[Any, list[str]]:  # noqa: C901
    """Apply 1 to *steps* hostile edits to a copy of *doc*; return it and the edits made."""
    doc = json.loads(json.dumps(doc))
    done: list[str] = []
    for _ in range(draw(st.integers(1, steps))):
        path = draw(st.sampled_from(paths(doc)))
        op = draw(st.sampled_from(["delete", "replace", "nest", "unicode", "add", "dup", "huge"]))
        if not path:
            if op == "nest":
                doc = [doc]
            continue
        parent, key = at(doc, path[:-1]), path[-1]
        if op == "delete":
            del parent[key]
        elif op == "replace":
            parent[key] = draw(HOSTILE)
        elif op == "nest":
            for _ in range(draw(st.integers(1, 70))):
                parent[key] = [parent[key]] if draw(st.booleans()) else {"x": parent[key]}
        elif op == "unicode" and isinstance(parent[key], str):
            how, t = (
                draw(st.sampled_from(["prefix", "suffix", "replace"])),
                draw(st.text(min_size=1)),
            )
            v = parent[key]
            parent[key] = (t + v) if how == "prefix" else (v + t) if how == "suffix" else t
        elif op == "add" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = draw(HOSTILE)
        elif op == "dup" and isinstance(parent, dict) and isinstance(key, str):
            parent[DUP + key] = draw(HOSTILE)
        elif op == "huge":
            parent[key] = draw(st.sampled_from([10**30, -(10**30), 10**400, 2**63, -1]))
        else:
            continue
        done.append(f"{op} {path}")
    return doc, done


def to_text(doc: Any) -> str:
    """JSON text; the NaN and duplicated-key markers become the real thing."""
    text = json.dumps(doc, ensure_ascii=False)
    return text.replace(json.dumps(NAN), "NaN").replace(json.dumps(DUP)[:-1], '"')


@st.composite
def mutated_reforms(draw: st.DrawFn) -> tuple[str, Any, list[str]]:
    r = draw(kst.reforms())
    doc, done = draw(mutate(to_jsonable(r)))
    return to_text(doc), doc, done


@pytest.mark.slow
class TestLoadsMutated:
    @given(mutated_reforms())
    @example(('{"id": "a", "id": "a"}', {}, ["dup"]))
    def test_mutated_reform(self, case: tuple[str, Any, list[str]]) -> None:
        """Each hostile edit gives a valid Reform or a DataLoadError naming id and field path."""
        text, doc, _done = case
        out = call(kzreforms.loads, text)
        check_loaded(out, Reform)
        if isinstance(out, DataLoadError):
            rid = doc.get("id") if isinstance(doc, dict) else None
            for line in out.problems:
                if line.startswith("<data>"):  # structuring (not JSON syntax) problems
                    assert " @ $" in line, line  # the field path
                    if isinstance(rid, str):
                        assert line.startswith(f"<data> ({rid}):"), line

    @given(
        st.sampled_from([r for r in RECORD_TYPES if r is not Reform]).flatmap(
            lambda cls: st.tuples(st.just(cls), _strategy_for(cls))
        )
    )
    def test_mutated_parts(self, case: tuple[type, tuple[str, Any, list[str]]]) -> None:
        cls, (text, _doc, _done) = case
        check_loaded(call(kzreforms.loads, text, cls), cls)


def _strategy_for(cls: type) -> st.SearchStrategy[tuple[str, Any, list[str]]]:
    base: st.SearchStrategy[Any] = {
        Source: kst.sources(),
        kzreforms.Citation: kst.citations(),
        kzreforms.Discrepancy: kst.discrepancies(),
        kzreforms.Milestone: kst.milestones(1, 1).map(lambda t: t[0]),
        kzreforms.LegalAct: kst.legal_acts(),
        kzreforms.PenaltyChange: kst.penalty_changes(),
        kzreforms.Penalty: kst.penalties(),
        kzreforms.Term: kst.terms(),
        kzreforms.Quantity: kst.quantities(),
        kzreforms.Figure: kst.figures(),
        PartialDate: kst.partial_dates(),
        kzreforms.CitationRef: st.builds(kzreforms.CitationRef, kst.slugs(), kst.texts(3)),
        kzreforms.Measure: kst.measures(frozenset({"a"})),
    }[cls]

    @st.composite
    def build(draw: st.DrawFn) -> tuple[str, Any, list[str]]:
        doc, done = draw(mutate({"v": to_jsonable(draw(base))}))
        inner = doc.get("v") if isinstance(doc, dict) else doc
        return to_text(inner), inner, done

    return build()


# -- whole user files through kzreforms.load ------------------------------------


@st.composite
def user_docs(draw: st.DrawFn) -> dict[str, Any]:
    """A valid user file: 1-2 reforms (no related ids) and the sources they cite."""
    rs = draw(
        st.lists(
            kst.reforms().map(lambda r: attrs.evolve(r, related=())),
            min_size=1,
            max_size=2,
            unique_by=lambda r: r.id,
        )
    )
    cited = sorted({c.source for r in rs for c in r.citations})
    if PACKAGED_SOURCES & set(cited):
        rs = []  # a clash with a packaged source id: an empty, still valid file
        cited = []
    srcs = [attrs.evolve(draw(kst.sources()), id=sid) for sid in cited]
    return {"sources": to_jsonable(srcs), "reforms": to_jsonable(rs)}


@pytest.mark.slow
class TestLoadUserFiles:
    @given(user_docs())
    def test_valid_file_loads(self, doc: dict[str, Any]) -> None:
        """A valid file loads exactly; the same file with a repeated record does not."""
        before = _store.load_count()
        out = call(kzreforms.load_text, json.dumps(doc))
        assert isinstance(out, ReformSet), out
        assert sorted(out.ids()) == sorted(r["id"] for r in doc["reforms"])
        assert _store.load_count() == before
        if doc["reforms"]:
            doc["reforms"].append(doc["reforms"][0])
            out = call(kzreforms.load_text, json.dumps(doc))
            assert isinstance(out, DataLoadError)
            assert f"reform {doc['reforms'][0]['id']}: id used twice" in out.problems

    @given(user_docs().flatmap(lambda d: mutate(d, steps=4)), st.booleans())
    def test_mutated_file(self, case: tuple[Any, list[str]], as_bytes: bool) -> None:
        """Hostile edits (dropped sources, duplicated ids, wrong types...) never half-load."""
        doc, _done = case
        text = to_text(doc)
        before, packaged = _store.load_count(), kzreforms.reforms()
        out = call(kzreforms.load_text, text.encode("utf-8", "surrogatepass") if as_bytes else text)
        assert isinstance(out, (ReformSet, DataLoadError)), out
        if isinstance(out, ReformSet):
            assert kzreforms.ReformSet(out) == out
        assert _store.load_count() == before
        assert kzreforms.reforms() is packaged

    @given(ANY.filter(lambda v: not isinstance(v, (str, bytes, bytearray))))
    def test_not_data(self, value: object) -> None:
        assert isinstance(call(kzreforms.load, value), InvalidTypeError)


# ---------------------------------------------------------------------------
# Every ReformSet / PenaltyView filter on arbitrary values
# ---------------------------------------------------------------------------

COLLECTIONS = st.sampled_from([ALL, SMALL, ReformSet()])


def iterable_not_text(v: object) -> bool:
    return isinstance(v, Iterable) and not isinstance(v, (str, bytes))


@pytest.mark.slow
class TestReformSetFilters:
    @given(COLLECTIONS, ANY, ANY, ANY, ANY)
    def test_between(self, rs: ReformSet, start: Any, end: Any, mode: Any, on: Any) -> None:
        out = call(rs.between, start, end, mode=mode, on=on)
        wrong = (
            wrong_type(start, DATE_TYPES)
            or wrong_type(end, DATE_TYPES)
            or wrong_type(mode, (DateMode, str))
            or (wrong_type(on, (Stage, str)) and not iterable_not_text(on))
        )
        expect(out, ReformSet, wrong=wrong, only=False)

    @given(COLLECTIONS, st.sampled_from(["since", "until", "during"]), ANY)
    def test_one_date(self, rs: ReformSet, method: str, value: Any) -> None:
        out = call(getattr(rs, method), value)
        expect(out, ReformSet, wrong=wrong_type(value, DATE_TYPES))
        if isinstance(out, ReformSet):
            assert set(out.ids()) <= set(rs.ids())

    @given(COLLECTIONS, st.sampled_from(["since", "until", "during"]), ANY, ANY)
    def test_mode_and_on(self, rs: ReformSet, method: str, mode: Any, on: Any) -> None:
        out = call(getattr(rs, method), "2020", mode=mode, on=on)
        wrong = wrong_type(mode, (DateMode, str)) or (
            wrong_type(on, (Stage, str)) and not iterable_not_text(on)
        )
        expect(out, ReformSet, wrong=wrong, only=False)

    @given(COLLECTIONS, st.sampled_from(["topic", "kind"]), MANY)
    def test_names(self, rs: ReformSet, method: str, values: list[Any]) -> None:
        out = call(getattr(rs, method), *values)
        accepted = (Topic, str) if method == "topic" else (ReformKind, str)
        expect(out, ReformSet, wrong=any(wrong_type(v, accepted) for v in values), only=False)

    @given(COLLECTIONS, st.sampled_from(["body", "search", "get", "cites"]), ANY)
    def test_text_lookups(self, rs: ReformSet, method: str, value: Any) -> None:
        out = call(getattr(rs, method), value)
        accepted = (str, Source) if method == "cites" else str
        result = Reform if method == "get" else ReformSet
        expect(out, result, wrong=wrong_type(value, accepted))

    @given(COLLECTIONS, ANY)
    def test_where(self, rs: ReformSet, predicate: Any) -> None:
        out = call(rs.where, predicate)
        expect(out, ReformSet, wrong=not callable(predicate))

    @given(COLLECTIONS)
    def test_where_error_reaches_caller(self, rs: ReformSet) -> None:
        def boom(_r: object) -> bool:
            raise Boom

        if len(rs):
            with pytest.raises(Boom):
                rs.where(boom)
        else:
            assert rs.where(boom) == rs

    @given(COLLECTIONS, ANY)
    def test_protocols(self, rs: ReformSet, value: Any) -> None:
        """Indexing, ``in``, ``==``, set algebra, grouping and timelines."""
        assert isinstance(call(rs.__contains__, value), bool)
        assert call(rs.__eq__, value) in (True, False, NotImplemented)
        try:
            got = call(rs.__getitem__, value)
        except IndexError:
            assert isinstance(value, int)
            assert not -len(rs) <= value < len(rs)
        else:
            expect(got, (Reform, ReformSet), wrong=wrong_type(value, (int, slice)))
        for op in (rs.__or__, rs.__and__, rs.__sub__):
            expect(call(op, value), ReformSet, wrong=wrong_type(value, ReformSet))
        expect(call(ReformSet, value), ReformSet, wrong=not iterable_not_text(value))

    @given(COLLECTIONS, ANY)
    def test_group_by(self, rs: ReformSet, key: Any) -> None:
        out = call(rs.group_by, key)
        if key in ("year", "topic", "kind"):
            assert sum(len(v) for v in out.values()) >= len(rs)
        else:
            assert isinstance(out, KzReformsError), out

    @given(COLLECTIONS, ANY | MANY | st.frozensets(st.sampled_from(NAMES)))
    def test_timeline(self, rs: ReformSet, stages: Any) -> None:
        out = call(rs.timeline, stages)
        if stages is None:
            assert len(out) == sum(len(r.milestones) for r in rs)
        else:
            expect(out, tuple, wrong=not isinstance(stages, Iterable), only=False)


@pytest.mark.slow
class TestPenaltyViewFilters:
    VIEWS = st.sampled_from([PENALTIES, SMALL.penalties(), PenaltyView()])

    @given(VIEWS, st.sampled_from(["min_gravity", "article", "where"]), ANY)
    def test_one_value(self, pv: PenaltyView, method: str, value: Any) -> None:
        out = call(getattr(pv, method), value)
        if method == "where":
            wrong = not callable(value)
        else:
            wrong = wrong_type(value, (Gravity, str) if method == "min_gravity" else str)
        expect(out, PenaltyView, wrong=wrong)
        if isinstance(out, PenaltyView):
            assert set(out) <= set(pv)

    @given(VIEWS, st.sampled_from(["liability", "of_kind"]), MANY)
    def test_levels(self, pv: PenaltyView, method: str, values: list[Any]) -> None:
        out = call(getattr(pv, method), *values)
        accepted = (Liability, str) if method == "liability" else str
        expect(out, PenaltyView, wrong=any(wrong_type(v, accepted) for v in values), only=False)

    @given(VIEWS, ANY, ANY)
    def test_max_term(self, pv: PenaltyView, years: Any, months: Any) -> None:
        out = call(pv.max_term_at_least, years=years, months=months)
        wrong = wrong_type(years, int) or wrong_type(months, int)
        if wrong:
            assert isinstance(out, InvalidTypeError)
        else:
            assert isinstance(out, (PenaltyView, InvalidTypeError)), out
            if isinstance(out, PenaltyView):
                assert years >= 0
                assert months >= 0

    @given(VIEWS, ANY)
    def test_equality(self, pv: PenaltyView, value: Any) -> None:
        assert call(pv.__eq__, value) in (True, False, NotImplemented)
        assert call(pv.__eq__, value) is NotImplemented or isinstance(value, PenaltyView)

    @given(VIEWS, ANY | st.integers(), ANY)
    def test_protocols(self, pv: PenaltyView, value: Any, entries: Any) -> None:
        try:
            got = call(pv.__getitem__, value)
        except IndexError:
            assert isinstance(value, int)
            assert not -len(pv) <= value < len(pv)
        else:
            expect(
                got,
                (kzreforms.PenaltyEntry, PenaltyView),
                wrong=wrong_type(value, (int, slice)),
            )
        expect(call(PenaltyView, entries), PenaltyView, wrong=not iterable_not_text(entries))
        # Same entries in any order: same multiset, most severe first.  (Two
        # changes of one reform with equal severity and article keep their
        # input order, so the views need not be equal: see docs/reliability.md.)
        back = PenaltyView(reversed(pv))
        assert sorted(map(id, back)) == sorted(map(id, pv))
        keys = [e.severity for e in back]
        assert keys == sorted(keys, reverse=True)


class TestFormerGaps:
    """
    Wrong types the fuzzer once found passing as a plain TypeError (or a bool
    taken for an index): now refused with InvalidTypeError.
    """

    CASES: ClassVar[dict[str, Callable[[], object]]] = {
        "timeline(int)": lambda: ALL.timeline(5),  # type: ignore[arg-type]
        "timeline(Ellipsis)": lambda: ALL.timeline(...),  # type: ignore[arg-type]
        "of_kind(dict)": lambda: PENALTIES.of_kind({}),  # type: ignore[arg-type]
        "of_kind(None)": lambda: PENALTIES.of_kind(None),  # type: ignore[arg-type]
        "PenaltyView(int)": lambda: PenaltyView(0),  # type: ignore[arg-type]
        "PenaltyView[None]": lambda: PENALTIES[None],  # type: ignore[call-overload]
        "PenaltyView['x']": lambda: PENALTIES["x"],  # type: ignore[call-overload]
        "PenaltyView[False]": lambda: PENALTIES[False],
    }

    @pytest.mark.parametrize("case", sorted(CASES))
    def test_refused_with_invalid_type_error(self, case: str) -> None:
        with pytest.raises(InvalidTypeError):
            self.CASES[case]()


def test_decimal_figures_exact() -> None:
    """A decimal read from JSON text keeps every digit (no float rounding)."""
    fig = {"label": "x", "value": "99999999999999.999999", "unit": "percent"}
    out = kzreforms.loads(json.dumps(fig), kzreforms.Figure)
    assert out.value == Decimal("99999999999999.999999")


# ---------------------------------------------------------------------------
# The command line, in-process: every subcommand with arbitrary argv
# ---------------------------------------------------------------------------


def _cli_vocabulary() -> dict[str, list[str]]:
    """Each subcommand's option strings and choice values, read from the parser."""
    from kzreforms import _cli

    out: dict[str, list[str]] = {}
    parser = _cli.build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                words = ["--help"]
                for a in sub._actions:
                    words.extend(a.option_strings)
                    words.extend(str(c) for c in (a.choices or ()))
                out[name] = sorted(set(words))
    return out


CLI_WORDS = _cli_vocabulary()
CLI_VALUES = [
    "-",
    "2020",
    "2019-12",
    "2019-12-30",
    "31.12.2019",
    "2030",
    "0",
    "-1",
    "3",
    "justice",
    "bullying",
    "law",
    "signed",
    "key,any",
    "in-force,signed",
    "grave",
    "criminal",
    "harsher",
    "CC 120",
    "Senate",
    "out.json",
    "out.csv",
    "out.parquet",
    "out.txt",
    ".",
    "data.json",
    *ALL.ids()[:3],
    *sorted(PACKAGED_SOURCES)[:2],
]


def _safe(token: str) -> bool:
    """Arbitrary tokens must not name a path outside the scratch directory."""
    return not any(c in token for c in "/\\~\x00") and ".." not in token


CLI_TOKEN = st.one_of(
    st.sampled_from(CLI_VALUES),
    st.text(max_size=12).filter(_safe),
    st.sampled_from(["--data", "--version", "--help", "-h", "--", "--nope", "-x"]),
)


@st.composite
def cli_argv(draw: st.DrawFn) -> list[str]:
    if draw(st.integers(0, 9)) == 0:  # a few wholly arbitrary command lines
        return draw(st.lists(CLI_TOKEN, max_size=6))
    command = draw(st.sampled_from(sorted(CLI_WORDS)))
    words = st.sampled_from(CLI_WORDS[command]) | CLI_TOKEN
    return [command, *draw(st.lists(words, max_size=8))]


def run_cli(argv: list[str], cwd: Path) -> tuple[int, str, str]:
    """Run ``main(argv)`` in *cwd* with stdin empty; return (code, stdout, stderr)."""
    from kzreforms import _cli

    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.StringIO()
    old = Path.cwd()
    os.chdir(cwd)
    start = time.perf_counter()
    try:
        with (
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            mock.patch("sys.stdin", io.StringIO("")),
        ):
            try:
                code = _cli.main(argv)
            except SystemExit as e:  # only argparse may exit, and only with usage status
                code = -1 if e.code not in (0, 2) else int(e.code or 0)
        out.flush()
    finally:
        os.chdir(old)
    elapsed = time.perf_counter() - start
    assert elapsed < CLI_LIMIT, f"{argv} took {elapsed:.2f} s"
    buffer = out.buffer
    assert isinstance(buffer, io.BytesIO)
    return code, buffer.getvalue().decode("utf-8", "replace"), err.getvalue()


CLI_LIMIT = 10.0  # seconds: a whole command, exports included


@pytest.mark.slow
class TestCli:
    @given(cli_argv())
    @example(["list", "--since", "2030", "--fail-if-empty"])
    @example(["show", "no-such-id"])
    @example(["validate", "-"])
    @example(["export", "-o", "-", "--format", "csv"])
    @example(["--data", "nope.json", "list"])
    @example(["list", "--limit", "0"])
    def test_any_argv(self, argv: list[str]) -> None:
        """Exit status 0, 1 or 2, no traceback, a message on stderr for every failure."""
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "data.json").write_text("[]", encoding="utf-8")
            code, _out, err = run_cli(argv, Path(tmp))
        event(f"exit status {code}")
        assert code in (0, 1, 2), (code, err)
        assert "Traceback" not in err
        if code == 2:
            assert err.strip(), "usage errors must say what is wrong"
