# SPDX-License-Identifier: MIT
"""
Queries: an immutable, chronologically ordered :class:`ReformSet` with
chainable, indexed filters, and a :class:`PenaltyView` of penalty changes.

Every filter returns a new collection of the same type; nothing is mutated.
Indexes (sorted dates, topic / kind / body / source postings, a word index
for text search) are built once per collection, on first use, so a selective
query costs about O(log n + k) instead of a scan.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import threading
import unicodedata
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, Literal, overload

import attrs

from ._dates import DateLike, PartialDate, Precision
from ._errors import (
    InvalidTypeError,
    QueryError,
    UnknownNameError,
    UnknownReformError,
    UnknownSourceError,
)
from ._model import (
    Gravity,
    Liability,
    PenaltyChange,
    Reform,
    ReformKind,
    Source,
    Stage,
)
from ._topics import Topic

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "DateMode",
    "PenaltyEntry",
    "PenaltyView",
    "ReformSet",
    "TimelineEntry",
    "get",
    "load",
    "reforms",
    "sources",
]

_SCAN_BELOW = 48  # collections smaller than this are scanned, not indexed

StageChoice = Stage | str | Iterable[Stage | str]
"""A stage, a stage name, several of them, or ``"key"`` / ``"any"``."""
ChangeKind = Literal["new", "criminalisation", "decriminalisation", "harsher", "milder"]


_DATEMODE_SEALED = False


class DateMode(enum.Enum):
    """
    How a partial date is matched against a range.

    - ``within``: every day the date can mean lies in the range;
    - ``overlaps``: at least one day does.

    ``within`` results are always a subset of ``overlaps`` results.

    .. versionadded:: 0.1.0
    """

    WITHIN = "within"
    OVERLAPS = "overlaps"

    # Members are shared process-wide: refuse changes once the class exists.
    def __setattr__(self, name: str, value: object) -> None:
        if _DATEMODE_SEALED:
            raise AttributeError(f"cannot set {name!r}: DateMode members are immutable")
        super().__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        if _DATEMODE_SEALED:
            raise AttributeError(f"cannot delete {name!r}: DateMode members are immutable")
        super().__delattr__(name)


_DATEMODE_SEALED = True


def _fold(text: str) -> str:
    """Case- and accent-insensitive form of *text*."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(folded: str) -> list[str]:
    out: list[str] = []
    cur: list[str] = []
    for ch in folded:
        if ch.isalnum():
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def _phrase_in(q: str, blob: str) -> bool:
    """Whether *q* occurs in *blob* starting at a word boundary (both folded)."""
    if not q[0].isalnum():
        return q in blob
    i = blob.find(q)
    while i != -1:
        if i == 0 or not blob[i - 1].isalnum():
            return True
        i = blob.find(q, i + 1)
    return False


def _blob(r: Reform) -> str:
    parts: list[str] = [r.id, r.title, r.summary, *r.measures, *r.bodies]
    for pc in r.penalty_changes:
        parts.extend((pc.offence, pc.article or ""))
    parts.extend(str(a) for a in r.acts)
    return _fold("\n".join(parts))


def _coerce_date(value: object, what: str) -> PartialDate:
    if isinstance(value, (PartialDate, dt.date, str)):
        return PartialDate.coerce(value, what=what)
    raise InvalidTypeError(what, value, "a datetime.date, datetime.datetime, PartialDate or str")


def _coerce_mode(mode: DateMode | str) -> DateMode:
    if isinstance(mode, DateMode):
        return mode
    if isinstance(mode, str):
        try:
            return DateMode(mode.strip().lower())
        except ValueError:
            raise UnknownNameError("date mode", mode, [m.value for m in DateMode]) from None
    raise InvalidTypeError("mode", mode, "'within', 'overlaps' or a DateMode")


def _coerce_stages(on: StageChoice) -> frozenset[Stage] | str:
    if isinstance(on, str) and on in ("key", "any"):
        return on
    if isinstance(on, (Stage, str)):
        return frozenset({Stage.parse(on)})
    if isinstance(on, Iterable):
        out = frozenset(Stage.parse(s) for s in on)
        if not out:
            raise QueryError("on: give at least one stage, or 'key' / 'any'")
        return out
    raise InvalidTypeError("on", on, "'key', 'any', a Stage, a stage name, or several of them")


@attrs.frozen
class TimelineEntry:
    """
    One milestone of one reform, for a chronological timeline.

    .. versionadded:: 0.1.0
    """

    date: PartialDate
    stage: Stage
    reform: Reform
    note: str | None = None

    def __repr__(self) -> str:
        from ._display import timeline_entry_repr  # noqa: PLC0415

        return timeline_entry_repr(self)


@attrs.frozen
class PenaltyEntry:
    """
    One penalty change together with the reform that made it.

    .. versionadded:: 0.1.0
    """

    reform: Reform
    change: PenaltyChange

    @property
    def severity(self) -> tuple[int, ...]:
        """The severity key of the penalty after the change."""
        return self.change.after.severity

    def __repr__(self) -> str:
        from ._display import penalty_entry_repr  # noqa: PLC0415

        return penalty_entry_repr(self)


class _Frozen:
    """Refuse attribute assignment once ``__init__`` has finished."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise attrs.exceptions.FrozenInstanceError

    def __delattr__(self, name: str) -> None:
        raise attrs.exceptions.FrozenInstanceError


@attrs.frozen
class _DateIndex:
    """Milestone dates of one precision sorted by earliest day, with their positions."""

    precision: Precision
    earliest: tuple[dt.date, ...]
    latest: tuple[dt.date, ...]
    pos: tuple[int, ...]


def _build_date_index(items: Iterable[tuple[PartialDate, int]]) -> tuple[_DateIndex, ...]:
    # PERF (benchmarks/): one index per precision.  Dates of one precision are
    # aligned periods (days, months, years), so a period overlaps [lo, hi]
    # exactly when it starts between the start of lo's period and hi: an
    # overlap query is two bisections per index, with no scan back over a
    # year of candidates (which made selective queries O(n / years)).
    by_prec: dict[Precision, list[tuple[dt.date, dt.date, int]]] = {}
    for d, p in items:
        by_prec.setdefault(d.precision, []).append((d.earliest, d.latest, p))
    out = []
    for prec in sorted(by_prec):
        rows = sorted(by_prec[prec])
        out.append(
            _DateIndex(
                prec,
                tuple(r[0] for r in rows),
                tuple(r[1] for r in rows),
                tuple(r[2] for r in rows),
            )
        )
    return tuple(out)


def _period_start(day: dt.date, precision: Precision) -> dt.date:
    """The first day of the period of *precision* that contains *day*."""
    if precision is Precision.DAY:
        return day
    if precision is Precision.MONTH:
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def _all_topics(r: Reform) -> frozenset[Topic]:
    return r.all_topics


def _own_topics(r: Reform) -> frozenset[Topic]:
    return r.topics


def _kind_of(r: Reform) -> tuple[ReformKind]:
    return (r.kind,)


def _date_key(stages: frozenset[Stage] | str) -> str:
    return "dates:" + (
        stages if isinstance(stages, str) else ",".join(sorted(s.value for s in stages))
    )


_CACHES: dict[int, dict[str, Any]] = {}
"""Per-collection indexes (tuples and read-only mappings), by ``id()``."""
_CACHE_LOCK = threading.RLock()


class ReformSet(_Frozen, Sequence[Reform]):
    """
    An immutable, chronologically ordered collection of reforms.

    Ordered by each reform's key date (:attr:`Reform.date`), then id.
    Filters return new ``ReformSet`` objects and can be chained::

        kzreforms.reforms().topic("child-protection").since("2022")

    Supports ``len``, iteration, indexing and slicing, ``in`` (a reform or
    an id), equality, and set algebra on ids (``|``, ``&``, ``-``).

    .. versionadded:: 0.1.0
    """

    # Indexes live in the module's private _CACHES table, keyed by identity,
    # not on the object: nothing mutable is reachable from a collection.
    __slots__ = ("__weakref__", "_records", "_root", "_rpos")
    _records: tuple[Reform, ...]
    # A collection derived by filtering remembers the collection it came from
    # (its root) and where its records stand there, so a query on it can use
    # the root's indexes instead of building its own (see _via_root).
    _root: ReformSet | None
    _rpos: tuple[int, ...]

    def __init__(self, records: Iterable[Reform] = ()) -> None:
        if isinstance(records, (str, bytes)) or not isinstance(records, Iterable):
            raise InvalidTypeError("records", records, "an iterable of Reform")
        items = tuple(records)
        seen: dict[str, Reform] = {}
        for r in items:
            if not isinstance(r, Reform):
                raise InvalidTypeError("records", r, "Reform records")
            if r.id in seen and seen[r.id] != r:
                raise QueryError(f"two different records share the id {r.id!r}")
            seen[r.id] = r
        ordered = tuple(sorted(seen.values(), key=_chrono))
        self._init(ordered)

    def _init(
        self, ordered: tuple[Reform, ...], root: ReformSet | None = None, rpos: tuple[int, ...] = ()
    ) -> None:
        object.__setattr__(self, "_records", ordered)
        object.__setattr__(self, "_root", root)
        object.__setattr__(self, "_rpos", rpos)

    @classmethod
    def _trusted(cls, ordered: tuple[Reform, ...]) -> Self:
        """Wrap records already in chronological order with unique ids."""
        new = cls.__new__(cls)
        new._init(ordered)
        return new

    @property
    def _by_id(self) -> Mapping[str, int]:
        # PERF (benchmarks/): built on first use rather than for every filtered
        # collection (most results are only iterated or filtered further).
        by_id: Mapping[str, int] = self._cached(
            "by_id", lambda: MappingProxyType({r.id: i for i, r in enumerate(self._records)})
        )
        return by_id

    def _take(self, positions: Iterable[int]) -> ReformSet:
        return self._take_sorted(sorted(set(positions)))

    def _take_sorted(self, positions: Iterable[int]) -> ReformSet:
        """Like :meth:`_take` for positions already ascending and unique."""
        pos = tuple(positions)
        new = ReformSet.__new__(ReformSet)
        records = tuple(map(self._records.__getitem__, pos))
        if self._root is None:
            new._init(records, self, pos)
        else:
            new._init(records, self._root, tuple(map(self._rpos.__getitem__, pos)))
        return new

    def _built(self, key: str) -> bool:
        cache = _CACHES.get(id(self))
        return cache is not None and key in cache

    def _via_root(self, key: str, count: Callable[[ReformSet], int]) -> ReformSet | None:
        """
        The root collection to run a query on instead of this one, or None.

        Worth it when this collection has no index *key* yet and the root's
        candidates (*count*, cheap to compute from the root's index) are not
        many more than this collection's records: intersecting them costs
        less than building an index here.
        """
        root = self._root
        if root is None or self._built(key) or len(self) < _SCAN_BELOW:
            return None
        return root if count(root) <= 4 * len(self) else None

    def _scans(self, key: str) -> bool:
        """
        Whether to answer by scanning rather than through an index *key*.

        Small collections scan.  So does a collection derived by filtering
        that has no such index yet and could not use its root's: building an
        index costs more than one scan, and derived collections are rarely
        queried the same way twice.  Only root collections build indexes.
        """
        if self._built(key):
            return False
        return len(self) < _SCAN_BELOW or self._root is not None

    def _restrict(self, root_positions: Iterable[int]) -> ReformSet:
        """The records of this collection among *root_positions* of its root."""
        mine: frozenset[int] = self._cached("rposset", lambda: frozenset(self._rpos))
        assert self._root is not None  # noqa: S101 - only called on derived collections
        return self._root._take(p for p in root_positions if p in mine)

    def _cached(self, key: str, build: Callable[[], Any]) -> Any:
        """
        The immutable value *build* makes, built once per collection.

        Double-checked under a lock, so concurrent first queries build once.
        """
        cache = _CACHES.get(id(self))
        if cache is not None and key in cache:
            return cache[key]
        with _CACHE_LOCK:
            cache = _CACHES.get(id(self))
            if cache is None:
                cache = _CACHES[id(self)] = {}
                weakref.finalize(self, _CACHES.pop, id(self), None)
            if key not in cache:
                cache[key] = build()
            return cache[key]

    # -- Sequence protocol --------------------------------------------------

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[Reform]:
        return iter(self._records)

    @overload
    def __getitem__(self, index: int) -> Reform: ...
    @overload
    def __getitem__(self, index: slice) -> ReformSet: ...

    def __getitem__(self, index: int | slice) -> Reform | ReformSet:
        if isinstance(index, slice):
            return ReformSet._trusted(self._records[index])
        if isinstance(index, bool) or not isinstance(index, int):
            raise InvalidTypeError("index", index, "an int or a slice (use .get(id) for ids)")
        return self._records[index]

    def __contains__(self, item: object) -> bool:
        if isinstance(item, Reform):
            i = self._by_id.get(item.id)
            return i is not None and self._records[i] == item
        if isinstance(item, str):
            return item in self._by_id
        return False

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ReformSet):
            return NotImplemented
        return self._records == other._records

    def __hash__(self) -> int:
        return hash(self._records)

    def __repr__(self) -> str:
        if not self._records:
            return "ReformSet([])"
        head = ", ".join(r.id for r in self._records[:3])
        more = f", ... ({len(self)} reforms)" if len(self) > 3 else ""  # noqa: PLR2004
        return f"ReformSet([{head}{more}])"

    def __reduce__(self) -> tuple[Any, ...]:
        return (ReformSet, (self._records,))

    # -- set algebra -----------------------------------------------------------

    def _merge(self, other: object, op: str) -> ReformSet:
        if not isinstance(other, ReformSet):
            raise InvalidTypeError(f"operand of {op}", other, "a ReformSet")
        for rid, i in other._by_id.items():
            j = self._by_id.get(rid)
            if j is not None and self._records[j] != other._records[i]:
                raise QueryError(f"the two collections hold different records with id {rid!r}")
        if op == "|":
            merged = {r.id: r for r in (*self._records, *other._records)}
            return ReformSet._trusted(tuple(sorted(merged.values(), key=_chrono)))
        if op == "&":
            return ReformSet._trusted(tuple(r for r in self._records if r.id in other._by_id))
        return ReformSet._trusted(tuple(r for r in self._records if r.id not in other._by_id))

    def __or__(self, other: ReformSet) -> ReformSet:
        return self._merge(other, "|")

    def __and__(self, other: ReformSet) -> ReformSet:
        return self._merge(other, "&")

    def __sub__(self, other: ReformSet) -> ReformSet:
        return self._merge(other, "-")

    # -- look-ups ----------------------------------------------------------------

    def get(self, rid: str) -> Reform:
        """
        The reform with id *rid*.

        Raises:
            UnknownReformError: No such id (the message lists close matches).
        """
        if not isinstance(rid, str):
            raise InvalidTypeError("id", rid, "a reform id (str)")
        i = self._by_id.get(rid)
        if i is None:
            raise UnknownReformError("reform id", rid, list(self._by_id))
        return self._records[i]

    def ids(self) -> tuple[str, ...]:
        """The ids, in chronological order."""
        return tuple(r.id for r in self._records)

    def first(self) -> Reform | None:
        """The earliest reform, or ``None`` when empty."""
        return self._records[0] if self._records else None

    def last(self) -> Reform | None:
        """The latest reform, or ``None`` when empty."""
        return self._records[-1] if self._records else None

    # -- date filters ------------------------------------------------------------

    def between(
        self,
        start: DateLike,
        end: DateLike,
        *,
        mode: DateMode | str = DateMode.OVERLAPS,
        on: StageChoice = "key",
    ) -> ReformSet:
        """
        Reforms dated from *start* to *end*, both inclusive.

        A partial bound covers its whole period: ``between("2020", "2021")``
        runs from 2020-01-01 to 2021-12-31.

        Args:
            start: Anything date-like (``date``, ``datetime``, ``PartialDate``
                or a string :meth:`PartialDate.parse` reads).
            end: Likewise.
            mode: ``"overlaps"`` (default: any day of the record's date lies
                in the range) or ``"within"`` (all of it does).
            on: Which date of a reform to test: ``"key"`` (default, the
                reform's key date), ``"any"`` (any milestone), a stage such as
                ``"signed"`` or ``"in-force"``, or several stages.

        Raises:
            QueryError: *start* is after *end*.
            DateParseError: A bound is a string that is not a date.
        """
        lo = _coerce_date(start, "start").earliest
        hi = _coerce_date(end, "end").latest
        if lo > hi:
            raise QueryError(f"the range starts ({start}) after it ends ({end})")
        return self._date_range(lo, hi, _coerce_mode(mode), _coerce_stages(on))

    def since(
        self, start: DateLike, *, mode: DateMode | str = DateMode.OVERLAPS, on: StageChoice = "key"
    ) -> ReformSet:
        """Reforms dated on or after *start* (see :meth:`between`)."""
        lo = _coerce_date(start, "start").earliest
        return self._date_range(lo, dt.date.max, _coerce_mode(mode), _coerce_stages(on))

    def until(
        self, end: DateLike, *, mode: DateMode | str = DateMode.OVERLAPS, on: StageChoice = "key"
    ) -> ReformSet:
        """Reforms dated on or before *end* (see :meth:`between`)."""
        hi = _coerce_date(end, "end").latest
        return self._date_range(dt.date.min, hi, _coerce_mode(mode), _coerce_stages(on))

    def during(
        self, period: DateLike, *, mode: DateMode | str = DateMode.OVERLAPS, on: StageChoice = "key"
    ) -> ReformSet:
        """
        Reforms dated in a day, month or year: ``during("2024")``,
        ``during("2023-07")``, ``during(date(2019, 12, 30))``.
        """
        p = _coerce_date(period, "period")
        return self._date_range(p.earliest, p.latest, _coerce_mode(mode), _coerce_stages(on))

    def _dated(self, stages: frozenset[Stage] | str) -> Iterator[tuple[PartialDate, int]]:
        for i, r in enumerate(self._records):
            if stages == "key":
                yield r.date, i
            else:
                for m in r.milestones:
                    if stages == "any" or m.stage in stages:
                        yield m.date, i

    def _date_count(
        self, lo: dt.date, hi: dt.date, mode: DateMode, stages: frozenset[Stage] | str
    ) -> int:
        """How many index entries a date range reads (an upper bound on hits)."""
        n = 0
        for idx in self._date_index(stages):
            b = bisect.bisect_right(idx.earliest, hi)
            start = lo if mode is DateMode.WITHIN else _period_start(lo, idx.precision)
            n += b - bisect.bisect_left(idx.earliest, start)
        return n

    def _date_index(self, stages: frozenset[Stage] | str) -> tuple[_DateIndex, ...]:
        key = _date_key(stages)
        idx: tuple[_DateIndex, ...] = self._cached(
            key, lambda: _build_date_index(self._dated(stages))
        )
        return idx

    def _date_range(
        self, lo: dt.date, hi: dt.date, mode: DateMode, stages: frozenset[Stage] | str
    ) -> ReformSet:
        key = _date_key(stages)
        root = self._via_root(key, lambda r: r._date_count(lo, hi, mode, stages))
        if root is not None:
            return self._restrict(root._date_range(lo, hi, mode, stages)._rpos)
        if self._scans(key):
            test = PartialDate.within if mode is DateMode.WITHIN else PartialDate.overlaps
            return self._take(i for d, i in self._dated(stages) if test(d, lo, hi))
        hits: list[int] = []
        for idx in self._date_index(stages):
            b = bisect.bisect_right(idx.earliest, hi)
            if mode is DateMode.WITHIN:
                a = bisect.bisect_left(idx.earliest, lo)
                hits.extend(idx.pos[j] for j in range(a, b) if idx.latest[j] <= hi)
            else:  # exact for aligned periods, see _build_date_index
                a = bisect.bisect_left(idx.earliest, _period_start(lo, idx.precision))
                hits.extend(idx.pos[a:b])
        if stages == "key":  # PERF: one key date per reform, so no duplicates
            hits.sort()
            return self._take_sorted(hits)
        return self._take(hits)

    # -- postings filters ---------------------------------------------------------

    def _postings(
        self, name: str, keys: Callable[[Reform], Iterable[Any]]
    ) -> Mapping[Any, tuple[int, ...]]:
        def build() -> Mapping[Any, tuple[int, ...]]:
            out: dict[Any, list[int]] = {}
            for i, r in enumerate(self._records):
                for k in set(keys(r)):
                    out.setdefault(k, []).append(i)
            return MappingProxyType({k: tuple(v) for k, v in out.items()})

        result: Mapping[Any, tuple[int, ...]] = self._cached(name, build)
        return result

    def _posting_filter(
        self,
        name: str,
        keys_of: Callable[[Reform], Iterable[Any]],
        keys: list[Any],
        scan: tuple[Callable[[Reform], Iterable[Any]], frozenset[Any]] | None = None,
    ) -> ReformSet:
        """
        Records with any of *keys* among ``keys_of(record)``, through the
        postings index *name*.  *scan*, when given, is an equivalent cheaper
        test for scans: (stored keys of a record, the wanted stored keys).
        """

        def count(root: ReformSet) -> int:
            postings = root._postings(name, keys_of)
            return sum(len(postings.get(k, ())) for k in keys)

        root = self._via_root(name, count)
        if root is not None:
            return self._restrict(root._posting_filter(name, keys_of, keys, scan)._rpos)
        if self._scans(name):
            of, wanted = scan if scan is not None else (keys_of, frozenset(keys))
            return self._take_sorted(
                i for i, r in enumerate(self._records) if not wanted.isdisjoint(of(r))
            )
        return self._union(self._postings(name, keys_of), keys)

    def _union(self, postings: Mapping[Any, tuple[int, ...]], keys: Iterable[Any]) -> ReformSet:
        found = [postings[k] for k in keys if k in postings]
        if len(found) == 1:  # PERF: one posting list is already ascending and unique
            return self._take_sorted(found[0])
        positions: set[int] = set()
        for p in found:
            positions.update(p)
        return self._take(positions)

    def topic(self, *topics: Topic | str) -> ReformSet:
        """
        Reforms tagged with any of *topics*; a parent topic includes its
        children (``topic("children")`` includes ``"bullying"``).

        Raises:
            UnknownTopicError: A name is not in the taxonomy.
        """
        if not topics:
            raise QueryError("topic(): give at least one topic")
        wanted = Topic.parse_many(topics)
        # A record's topics or their parents meet *wanted* exactly when its own
        # topics meet *wanted* with their descendants (cheaper to scan).
        below = frozenset().union(*(t.with_descendants() for t in wanted))
        return self._posting_filter("topic", _all_topics, list(wanted), (_own_topics, below))

    def kind(self, *kinds: ReformKind | str) -> ReformSet:
        """Reforms of any of *kinds* (``"law"``, ``"decree"``...)."""
        if not kinds:
            raise QueryError("kind(): give at least one kind")
        wanted = [ReformKind.parse(k) for k in kinds]
        return self._posting_filter("kind", _kind_of, wanted)

    def body(self, name: str) -> ReformSet:
        """
        Reforms involving a body whose name contains *name* (case- and
        accent-insensitive), e.g. ``body("Senate")``.

        Raises:
            UnknownNameError: No body in this collection matches *name*.
        """
        if not isinstance(name, str) or not name.strip():
            raise InvalidTypeError("name", name, "a non-empty str")
        postings = self._postings("body", lambda r: (_fold(b) for b in r.bodies))
        q = _fold(name.strip())
        keys = [k for k in postings if q in k]
        if not keys:
            names = sorted({b for r in self._records for b in r.bodies})
            raise UnknownNameError("body", name, names)
        return self._union(postings, keys)

    def cites(self, source: str | Source) -> ReformSet:
        """
        Reforms citing the source with this id.

        Raises:
            UnknownSourceError: The id is neither a packaged source nor cited
                in this collection.
        """
        sid = source.id if isinstance(source, Source) else source
        if not isinstance(sid, str):
            raise InvalidTypeError("source", source, "a source id (str) or a Source")
        postings = self._postings("source", lambda r: r.sources)
        if sid not in postings and sid not in sources():
            raise UnknownSourceError("source id", sid, sorted({*postings, *sources()}))
        return self._union(postings, (sid,))

    def search(self, text: str) -> ReformSet:
        """
        Reforms whose title, summary, measures, bodies, offences, articles or
        acts contain *text*, ignoring case and accents.  Several words must
        appear as written (after folding), starting at the start of a word:
        ``search("law")`` finds "lawyers" and "by-law" but not "outlaw".
        """
        if not isinstance(text, str):
            raise InvalidTypeError("text", text, "a str")
        q = _fold(text).strip()
        if not q:
            raise QueryError("search(): give some text to look for")
        words = _words(q)
        if words:
            root = self._via_root("words", lambda r: r._search_count(words))
            if root is not None:
                return self._restrict(root.search(text)._rpos)
        blobs = self._blobs()
        if not words or self._scans("words"):
            return self._take(i for i, b in enumerate(blobs) if _phrase_in(q, b))
        return self._search_indexed(q, words, blobs)

    def _search_indexed(self, q: str, words: list[str], blobs: tuple[str, ...]) -> ReformSet:
        vocab, post = self._word_index(blobs)
        if len(words) == 1 and words[0] == q:
            # PERF (benchmarks/): one plain word; its postings are the answer,
            # no phrase check needed (and one vocabulary entry is already sorted).
            a = bisect.bisect_left(vocab, q)
            b = bisect.bisect_left(vocab, q + "\U0010ffff")
            if b - a == 1:
                return self._take_sorted(post[a])
            return self._take(i for j in range(a, b) for i in post[j])
        candidates: set[int] | None = None
        for w in words:
            a = bisect.bisect_left(vocab, w)
            b = bisect.bisect_left(vocab, w + "\U0010ffff")
            found: set[int] = set()
            for j in range(a, b):
                found.update(post[j])
            candidates = found if candidates is None else candidates & found
            if not candidates:
                break
        return self._take(i for i in (candidates or ()) if _phrase_in(q, blobs[i]))

    def _blobs(self) -> tuple[str, ...]:
        """Folded search text per record (a derived collection takes its root's)."""
        root = self._root
        if root is not None:
            from_root = root._blobs()
            blobs: tuple[str, ...] = self._cached(
                "blobs", lambda: tuple(map(from_root.__getitem__, self._rpos))
            )
            return blobs
        own: tuple[str, ...] = self._cached("blobs", lambda: tuple(_blob(r) for r in self._records))
        return own

    def _search_count(self, words: list[str]) -> int:
        """An upper bound on search hits: the rarest word's postings."""
        vocab, post = self._word_index(self._blobs())
        best = len(self)
        for w in words:
            a = bisect.bisect_left(vocab, w)
            b = bisect.bisect_left(vocab, w + "\U0010ffff")
            best = min(best, sum(len(post[j]) for j in range(a, b)))
        return best

    def _word_index(
        self, blobs: tuple[str, ...]
    ) -> tuple[tuple[str, ...], tuple[tuple[int, ...], ...]]:
        def build() -> tuple[tuple[str, ...], tuple[tuple[int, ...], ...]]:
            post: dict[str, set[int]] = {}
            for i, b in enumerate(blobs):
                for w in _words(b):
                    post.setdefault(w, set()).add(i)
            vocab = tuple(sorted(post))
            return vocab, tuple(tuple(sorted(post[w])) for w in vocab)

        idx: tuple[tuple[str, ...], tuple[tuple[int, ...], ...]] = self._cached("words", build)
        return idx

    def where(self, predicate: Callable[[Reform], bool]) -> ReformSet:
        """Reforms for which *predicate* returns true."""
        if not callable(predicate):
            raise InvalidTypeError("predicate", predicate, "a callable taking a Reform")
        return self._take(i for i, r in enumerate(self._records) if predicate(r))

    def with_discrepancies(self) -> ReformSet:
        """Reforms that record at least one disagreement between sources."""
        return self._take(i for i, r in enumerate(self._records) if r.discrepancies)

    # -- views ---------------------------------------------------------------------

    def penalties(self) -> PenaltyView:
        """All penalty changes of these reforms, most severe first."""
        # PERF (benchmarks/): sorted once per collection and cached, not on every call.
        entries: tuple[PenaltyEntry, ...] = self._cached(
            "penalties",
            lambda: _sort_entries(
                tuple(PenaltyEntry(r, pc) for r in self._records for pc in r.penalty_changes)
            ),
        )
        return PenaltyView._keep(entries)

    def timeline(self, stages: Iterable[Stage | str] | None = None) -> tuple[TimelineEntry, ...]:
        """Every milestone (or those at *stages*) in date order."""
        if stages is not None and (
            isinstance(stages, (str, Stage)) or not isinstance(stages, Iterable)
        ):
            raise InvalidTypeError(
                "stages", stages, "None or an iterable of stages (e.g. ['signed'])"
            )
        wanted = None if stages is None else frozenset(Stage.parse(s) for s in stages)
        rows = [
            TimelineEntry(m.date, m.stage, r, m.note)
            for r in self._records
            for m in r.milestones
            if wanted is None or m.stage in wanted
        ]
        rows.sort(key=lambda e: (e.date.sort_key, e.stage.rank, e.reform.id))
        return tuple(rows)

    def group_by(self, key: Literal["year", "topic", "kind"]) -> Mapping[Any, ReformSet]:
        """
        Split into sub-collections by ``"year"`` (of the key date),
        ``"topic"`` (each top-level topic; a reform may appear under several)
        or ``"kind"``.  Keys are in ascending order.
        """
        groups: dict[Any, list[int]] = {}
        if key == "year":
            for i, r in enumerate(self._records):
                groups.setdefault(r.date.year, []).append(i)
            order = sorted(groups)
        elif key == "topic":
            for i, r in enumerate(self._records):
                for t in {t.parent or t for t in r.topics}:
                    groups.setdefault(t, []).append(i)
            order = sorted(groups, key=lambda t: t.value)
        elif key == "kind":
            for i, r in enumerate(self._records):
                groups.setdefault(r.kind, []).append(i)
            order = sorted(groups, key=lambda k: k.value)
        else:
            raise UnknownNameError("grouping", key, ["year", "topic", "kind"])
        return MappingProxyType({k: self._take(groups[k]) for k in order})

    # -- exports (lazy; see kzreforms._export) --------------------------------------

    def to_records(self) -> list[dict[str, Any]]:
        """Every reform as plain JSON-ready dicts (the data format)."""
        from ._convert import to_jsonable  # noqa: PLC0415 - cattrs on first use

        out: list[dict[str, Any]] = to_jsonable(list(self._records))
        return out

    def to_json(self, path: str | Path | None = None) -> str:
        """
        The collection as canonical JSON text (a list of reforms); also
        written to *path* (atomically) when given.
        """
        from ._export import to_json  # noqa: PLC0415 - exports load on first use

        return to_json(self, path)

    def to_jsonl(self, path: str | Path | None = None) -> str:
        """The reforms in the data format, one JSON object per line (see docs/exports.md)."""
        from ._export import to_jsonl  # noqa: PLC0415

        return to_jsonl(self, path)

    def rows(self, table: Literal["reforms", "penalties"] = "reforms") -> list[dict[str, Any]]:
        """The flat rows of *table* (columns in docs/exports.md)."""
        from ._export import rows  # noqa: PLC0415

        return rows(self, table)

    def to_csv(
        self, path: str | Path | None = None, *, table: Literal["reforms", "penalties"] = "reforms"
    ) -> str:
        """The flat *table* as CSV text; also written to *path* (atomically) when given."""
        from ._export import to_csv  # noqa: PLC0415

        return to_csv(self, path, table=table)

    def to_pandas(self, table: Literal["reforms", "penalties"] = "reforms") -> Any:
        """The flat *table* as a typed pandas DataFrame (needs the ``pandas`` extra)."""
        from ._export import to_pandas  # noqa: PLC0415

        return to_pandas(self, table)

    def to_arrow(self, table: Literal["reforms", "penalties"] = "reforms") -> Any:
        """The flat *table* as a pyarrow Table (needs the ``pyarrow`` extra)."""
        from ._export import to_arrow  # noqa: PLC0415

        return to_arrow(self, table)

    def to_parquet(
        self, path: str | Path, *, table: Literal["reforms", "penalties"] = "reforms"
    ) -> Path:
        """Write the flat *table* to a Parquet file, atomically (needs the ``pyarrow`` extra)."""
        from ._export import write_parquet  # noqa: PLC0415

        return write_parquet(self, path, table=table)

    def plot_timeline(self, ax: Any = None, **kwargs: Any) -> Any:
        """Milestones by top-level topic over time (needs the ``plot`` extra); returns the axes."""
        from ._plot import plot_timeline  # noqa: PLC0415

        return plot_timeline(self, ax, **kwargs)

    def _repr_html_(self) -> str:
        from ._display import reform_set_html  # noqa: PLC0415

        return reform_set_html(self)


def _chrono(r: Reform) -> tuple[Any, ...]:
    return (r.date.sort_key, r.id)


_CHANGE_KINDS: Mapping[str, Callable[[PenaltyChange], bool]] = MappingProxyType(
    {
        "new": lambda c: c.is_new,
        "criminalisation": lambda c: c.is_criminalisation,
        "decriminalisation": lambda c: c.is_decriminalisation,
        "harsher": lambda c: c.is_harsher,
        "milder": lambda c: c.is_milder,
    }
)


class PenaltyView(_Frozen, Sequence[PenaltyEntry]):
    """
    An immutable view of penalty changes, most severe (after the change)
    first; ties keep chronological order.

    .. versionadded:: 0.1.0
    """

    __slots__ = ("_entries",)
    _entries: tuple[PenaltyEntry, ...]
    KINDS: ClassVar[tuple[str, ...]] = tuple(_CHANGE_KINDS)

    def __init__(self, entries: Iterable[PenaltyEntry] = ()) -> None:
        if isinstance(entries, (str, bytes)) or not isinstance(entries, Iterable):
            raise InvalidTypeError("entries", entries, "an iterable of PenaltyEntry")
        items = tuple(entries)
        for e in items:
            if not isinstance(e, PenaltyEntry):
                raise InvalidTypeError("entries", e, "PenaltyEntry objects")
        object.__setattr__(self, "_entries", _sort_entries(items))

    @classmethod
    def _sorted(cls, entries: tuple[PenaltyEntry, ...]) -> PenaltyView:
        new = cls.__new__(cls)
        object.__setattr__(new, "_entries", _sort_entries(entries))
        return new

    @classmethod
    def _keep(cls, entries: Iterable[PenaltyEntry]) -> PenaltyView:
        new = cls.__new__(cls)
        object.__setattr__(new, "_entries", tuple(entries))
        return new

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[PenaltyEntry]:
        return iter(self._entries)

    @overload
    def __getitem__(self, index: int) -> PenaltyEntry: ...
    @overload
    def __getitem__(self, index: slice) -> PenaltyView: ...

    def __getitem__(self, index: int | slice) -> PenaltyEntry | PenaltyView:
        if isinstance(index, slice):
            return PenaltyView._keep(self._entries[index])
        if isinstance(index, bool) or not isinstance(index, int):
            raise InvalidTypeError("index", index, "an int or a slice")
        return self._entries[index]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PenaltyView):
            return NotImplemented
        return self._entries == other._entries

    def __hash__(self) -> int:
        return hash(self._entries)

    def __repr__(self) -> str:
        return f"PenaltyView({len(self)} penalty changes)"

    def _filter(self, pred: Callable[[PenaltyEntry], bool]) -> PenaltyView:
        return PenaltyView._keep(e for e in self._entries if pred(e))

    def min_gravity(self, gravity: Gravity | str) -> PenaltyView:
        """Changes whose penalty after is at least *gravity* (given or implied by the term)."""
        g = Gravity.parse(gravity)

        def miss(e: PenaltyEntry) -> int:
            eff = e.change.after.effective_gravity
            return 1 if eff is None or eff < g else 0

        # PERF (benchmarks/): entries are always sorted most severe first, and
        # severity starts with (liability rank, effective gravity rank); only
        # criminal penalties have a gravity, so the matches are a prefix and
        # one bisection finds its end (O(log n) instead of a scan).
        end = bisect.bisect_left(self._entries, 1, key=miss)
        return PenaltyView._keep(self._entries[:end])

    def liability(self, *levels: Liability | str) -> PenaltyView:
        """Changes whose liability after is one of *levels*."""
        if not levels:
            raise QueryError("liability(): give at least one level")
        wanted = frozenset(Liability.parse(x) for x in levels)
        return self._filter(lambda e: e.change.after.liability in wanted)

    def max_term_at_least(self, *, years: int = 0, months: int = 0) -> PenaltyView:
        """Changes whose maximum prison term after is at least this long (life counts)."""
        for name, v in (("years", years), ("months", months)):
            if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                raise InvalidTypeError(name, v, "a whole number >= 0")
        limit = years * 12 + months

        def ok(e: PenaltyEntry) -> bool:
            p = e.change.after
            if p.life or p.death:
                return True
            return p.imprisonment is not None and p.imprisonment.upper >= limit

        return self._filter(ok)

    def life(self) -> PenaltyView:
        """Changes after which life imprisonment is available."""
        return self._filter(lambda e: e.change.after.life)

    def of_kind(self, *kinds: ChangeKind) -> PenaltyView:
        """
        Changes of any of *kinds*: ``"new"``, ``"criminalisation"``,
        ``"decriminalisation"``, ``"harsher"``, ``"milder"``.
        """
        if not kinds:
            raise QueryError("of_kind(): give at least one kind")
        tests = []
        for k in kinds:
            if not isinstance(k, str):
                raise InvalidTypeError("kind", k, "one of " + ", ".join(_CHANGE_KINDS))
            if k not in _CHANGE_KINDS:
                raise UnknownNameError("penalty change kind", k, list(_CHANGE_KINDS))
            tests.append(_CHANGE_KINDS[k])
        return self._filter(lambda e: any(t(e.change) for t in tests))

    def article(self, prefix: str) -> PenaltyView:
        """Changes whose article starts with *prefix* (e.g. ``"CC 120"``)."""
        if not isinstance(prefix, str):
            raise InvalidTypeError("prefix", prefix, "a str")
        p = prefix.strip().casefold()
        return self._filter(lambda e: (e.change.article or "").casefold().startswith(p))

    def where(self, predicate: Callable[[PenaltyEntry], bool]) -> PenaltyView:
        """Changes for which *predicate* returns true."""
        if not callable(predicate):
            raise InvalidTypeError("predicate", predicate, "a callable taking a PenaltyEntry")
        return self._filter(predicate)

    def reforms(self) -> ReformSet:
        """The reforms these changes belong to."""
        return ReformSet({e.reform.id: e.reform for e in self._entries}.values())

    def rows(self) -> list[dict[str, Any]]:
        """One flat dict per penalty change (columns in docs/exports.md)."""
        from ._export import penalty_rows  # noqa: PLC0415 - exports load on first use

        return penalty_rows(self)

    def to_csv(self, path: str | Path | None = None) -> str:
        """The penalty table as CSV text; also written to *path* (atomically) when given."""
        from ._export import to_csv  # noqa: PLC0415

        return to_csv(self, path, table="penalties")

    def to_pandas(self) -> Any:
        """The penalty table as a typed pandas DataFrame (needs the ``pandas`` extra)."""
        from ._export import to_pandas  # noqa: PLC0415

        return to_pandas(self, "penalties")

    def to_arrow(self) -> Any:
        """The penalty table as a pyarrow Table (needs the ``pyarrow`` extra)."""
        from ._export import to_arrow  # noqa: PLC0415

        return to_arrow(self, "penalties")

    def to_parquet(self, path: str | Path) -> Path:
        """Write the penalty table to a Parquet file, atomically (needs the ``pyarrow`` extra)."""
        from ._export import write_parquet  # noqa: PLC0415

        return write_parquet(self, path, table="penalties")

    def _repr_html_(self) -> str:
        from ._display import penalty_view_html  # noqa: PLC0415

        return penalty_view_html(self)


def _sort_entries(entries: tuple[PenaltyEntry, ...]) -> tuple[PenaltyEntry, ...]:
    def key(e: PenaltyEntry) -> tuple[Any, ...]:
        return (
            tuple(-x for x in e.severity),
            _chrono(e.reform),
            e.change.article or "",
            e.change.offence,
        )

    return tuple(sorted(entries, key=key))


# ---------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------

_packaged: ReformSet | None = None
_packaged_lock = threading.Lock()


def reforms() -> ReformSet:
    """
    The whole packaged dataset, in chronological order.

    The data is read and validated on the first call (in any thread) and
    shared afterwards.

    .. versionadded:: 0.1.0
    """
    global _packaged  # noqa: PLW0603 - one shared, immutable collection
    rs = _packaged
    if rs is not None:
        return rs
    from ._db import dataset  # noqa: PLC0415

    with _packaged_lock:
        if _packaged is None:
            _packaged = ReformSet._trusted(dataset().reforms)
        return _packaged


def get(rid: str) -> Reform:
    """
    The packaged reform with id *rid*.

    Raises:
        UnknownReformError: No such id (close matches are suggested).

    .. versionadded:: 0.1.0
    """
    return reforms().get(rid)


def sources() -> Mapping[str, Source]:
    """
    The source registry: every source the packaged data cites, by id.

    .. versionadded:: 0.1.0
    """
    from ._db import dataset  # noqa: PLC0415

    return dataset().sources


def load(data: str | bytes | Path, *, with_packaged: bool = False) -> ReformSet:
    """
    Build a :class:`ReformSet` from your own records in the data format.

    *data* is a path to a JSON file (a list of reforms, or an object with
    ``"reforms"`` and optionally ``"sources"`` lists), a path to a directory
    laid out like the package data (``reforms/*.json``, ``sources/*.json``),
    or JSON text.  Loading is all or nothing: one bad record raises a
    :class:`~kzreforms.DataLoadError` naming every bad record and field.
    Citations must name a packaged source or one given with the data.

    With ``with_packaged=True`` the packaged reforms are included too (ids
    must not clash).

    .. versionadded:: 0.1.0
    """
    from ._db import build_from_items, dataset  # noqa: PLC0415
    from ._io import read_user_data  # noqa: PLC0415

    src_items, ref_items = read_user_data(data)
    packaged = dataset()
    ds = build_from_items(
        src_items,
        ref_items,
        known_sources=tuple(packaged.sources.values()),
        known_reforms=packaged.reforms if with_packaged else (),
        reference_ids=frozenset(packaged.by_id),
    )
    return ReformSet._trusted(ds.reforms)
