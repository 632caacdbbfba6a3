# SPDX-License-Identifier: MIT
"""
:class:`ReformSet`: an immutable, chronologically ordered collection of
reforms with chainable filters, set algebra and views, carrying the sources
its records cite.

Every filter returns a new collection; nothing is mutated.  The indexes that
make selective filters cheap live in :mod:`kzreforms._index`.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, overload

import attrs

from ._dates import DateLike, PartialDate
from ._enums import Named, sealed
from ._errors import (
    InvalidTypeError,
    QueryError,
    UnknownNameError,
    UnknownReformError,
    UnknownSourceError,
)
from ._index import (
    SCAN_BELOW,
    DateIndex,
    FrozenSlots,
    WordIndex,
    blob,
    build_date_index,
    build_postings,
    build_word_index,
    cached,
    date_count,
    date_hits,
    is_built,
    word_range,
)
from ._store import LazyRecords
from ._text import MAX_QUERY_CHARS, MAX_QUERY_WORDS, fold, phrase_in, words
from ._topics import Topic

# PERF (benchmarks/, issue #14): the record classes (_model), article
# histories and penalty views are imported by the methods that need them, so
# a first query on the packaged data (answered from its index, LazyRecords)
# never defines the records' attrs classes.
from ._vocab import ReformKind, Stage

if TYPE_CHECKING:
    from pathlib import Path  # PERF (benchmarks/): not imported by a first query

    import pandas as pd
    import polars as pl
    import pyarrow as pa
    from matplotlib.axes import Axes
    from typing_extensions import Self

    from ._articles import ArticleRef
    from ._history import ArticleHistory
    from ._model import CitationRef, Reform, Source
    from ._penalties import PenaltyView
    from ._status import ActMatch
    from ._tables import (
        DiscrepancyRow,
        HistoryRow,
        PenaltyRow,
        ReformRow,
        SourceRow,
        Table,
        TimelineRow,
        TopicRow,
    )

__all__ = ["DateMode", "ReformSet", "StageChoice", "TimelineEntry"]

StageChoice = Stage | str | Iterable[Stage | str]
"""A stage, a stage name, several of them, or ``"key"`` / ``"any"``."""


@sealed
class DateMode(Named):
    """
    How a partial date is matched against a range.

    - ``within``: every day the date can mean lies in the range;
    - ``overlaps``: at least one day does.

    ``within`` results are always a subset of ``overlaps`` results.

    .. versionadded:: 0.1.0
    """

    WITHIN = "within"
    OVERLAPS = "overlaps"

    @classmethod
    def _unknown(cls, name: str) -> UnknownNameError:
        return UnknownNameError("date mode", name, [m.value for m in cls])


def _coerce_date(value: object, what: str) -> PartialDate:
    if isinstance(value, (PartialDate, dt.date, str)):
        return PartialDate.coerce(value, what=what)
    raise InvalidTypeError(what, value, "a datetime.date, datetime.datetime, PartialDate or str")


def _coerce_mode(mode: DateMode | str) -> DateMode:
    if isinstance(mode, DateMode):
        return mode
    if isinstance(mode, str):
        return DateMode.parse(mode)
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


def _milestone_test(
    since: DateLike | None, until: DateLike | None, during: DateLike | None, mode: DateMode
) -> Callable[[PartialDate], bool]:
    """Whether a milestone date lies in the range the limits leave (see ``timeline``)."""
    if since is None and until is None and during is None:
        return lambda _d: True
    lo, hi = dt.date.min, dt.date.max
    if since is not None:
        lo = _coerce_date(since, "since").earliest
    if until is not None:
        hi = _coerce_date(until, "until").latest
    if during is not None:
        period = _coerce_date(during, "during")
        lo, hi = max(lo, period.earliest), min(hi, period.latest)
    if lo > hi:
        given = ", ".join(
            f"{k}={v!s}"
            for k, v in (("since", since), ("until", until), ("during", during))
            if v is not None
        )
        raise QueryError(f"timeline(): {given} leave no date to show; the limits must overlap")
    test = PartialDate.within if mode is DateMode.WITHIN else PartialDate.overlaps
    return lambda d: test(d, lo, hi)


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


def _all_topics(r: Reform) -> frozenset[Topic]:
    return r.all_topics


def _own_topics(r: Reform) -> frozenset[Topic]:
    return r.topics


def _kind_of(r: Reform) -> tuple[ReformKind]:
    return (r.kind,)


_FACETS: Mapping[Callable[[Reform], Iterable[Any]], Callable[[LazyRecords], Iterable[Any]]] = {
    _all_topics: LazyRecords.all_topics,
    _own_topics: LazyRecords.topics,
    _kind_of: LazyRecords.kind_tuples,
}
"""What the packaged data's index gives for each key function (``_keys``)."""


def _date_key(stages: frozenset[Stage] | str) -> str:
    return "dates:" + (
        stages if isinstance(stages, str) else ",".join(sorted(s.value for s in stages))
    )


def _registry_of(sources: Iterable[Source] | None) -> Mapping[str, Source] | None:
    if sources is None:
        return None
    if isinstance(sources, (str, bytes)) or not isinstance(sources, Iterable):
        raise InvalidTypeError("sources", sources, "an iterable of Source records, or None")
    from ._model import Source  # noqa: PLC0415

    out: dict[str, Source] = {}
    for s in sources:
        if not isinstance(s, Source):
            raise InvalidTypeError("sources", s, "Source records")
        if s.id in out and out[s.id] != s:
            raise QueryError(f"two different sources share the id {s.id!r}")
        out[s.id] = s
    return MappingProxyType(dict(sorted(out.items())))


def _merge_registries(
    a: Mapping[str, Source] | None, b: Mapping[str, Source] | None
) -> Mapping[str, Source] | None:
    if a is None and b is None:
        return None
    if a is b:
        return a
    from ._store import packaged_sources  # noqa: PLC0415 - the packaged data on first use

    left = a if a is not None else packaged_sources()
    right = b if b is not None else packaged_sources()
    return _registry_of([*left.values(), *right.values()])


def _rebuild(records: tuple[Reform, ...], sources: tuple[Source, ...] | None) -> ReformSet:
    return ReformSet(records, sources=sources)


class ReformSet(FrozenSlots, Sequence["Reform"]):
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
    __slots__ = ("__weakref__", "_records", "_registry", "_root", "_rpos")
    # A tuple, or for the packaged data (and what is derived from it) the
    # records at some positions of the bundle, built when read (LazyRecords).
    _records: Sequence[Reform]
    # The sources the records cite, by id: the packaged registry (None: taken
    # from the store on first use), or a user's own sources after load().
    _registry: Mapping[str, Source] | None
    # A collection derived by filtering remembers the collection it came from
    # (its root) and where its records stand there, so a query on it can use
    # the root's indexes instead of building its own (see _via_root).
    _root: ReformSet | None
    _rpos: tuple[int, ...]

    def __init__(
        self, records: Iterable[Reform] = (), *, sources: Iterable[Source] | None = None
    ) -> None:
        if isinstance(records, (str, bytes)) or not isinstance(records, Iterable):
            raise InvalidTypeError("records", records, "an iterable of Reform")
        from ._model import Reform, chrono_key  # noqa: PLC0415

        items = tuple(records)
        seen: dict[str, Reform] = {}
        for r in items:
            if not isinstance(r, Reform):
                raise InvalidTypeError("records", r, "Reform records")
            if r.id in seen and seen[r.id] != r:
                raise QueryError(f"two different records share the id {r.id!r}")
            seen[r.id] = r
        ordered = tuple(sorted(seen.values(), key=chrono_key))
        self._init(ordered, _registry_of(sources))

    def _init(
        self,
        ordered: Sequence[Reform],
        registry: Mapping[str, Source] | None,
        root: ReformSet | None = None,
        rpos: tuple[int, ...] = (),
    ) -> None:
        object.__setattr__(self, "_records", ordered)
        object.__setattr__(self, "_registry", registry)
        object.__setattr__(self, "_root", root)
        object.__setattr__(self, "_rpos", rpos)

    @classmethod
    def _trusted(
        cls, ordered: Sequence[Reform], registry: Mapping[str, Source] | None = None
    ) -> Self:
        """Wrap records already in chronological order with unique ids."""
        new = cls.__new__(cls)
        new._init(ordered, registry)
        return new

    def _derived(self, ordered: Sequence[Reform]) -> ReformSet:
        """A new root collection of *ordered* records, with this one's sources."""
        return ReformSet._trusted(ordered, self._registry)

    def _with_ids(self, ids: Iterable[str]) -> ReformSet:
        """The records of this collection with these ids."""
        wanted = frozenset(ids)
        return self._take_sorted(i for i, r in enumerate(self._records) if r.id in wanted)

    @property
    def sources(self) -> Mapping[str, Source]:
        """
        Every source this collection can cite, by id: the packaged registry,
        or for data read with :func:`kzreforms.load` the user's own sources
        as well.  Citations, the display and exports take sources from here.

        .. versionadded:: 0.2.0
        """
        if self._registry is not None:
            return self._registry
        from ._store import packaged_sources  # noqa: PLC0415 - the packaged data on first use

        return packaged_sources()

    def cited_sources(self) -> tuple[Source, ...]:
        """
        The sources the records of this collection cite, sorted by id (ids
        missing from :attr:`sources` are left out).

        .. versionadded:: 0.2.0
        """
        registry = self.sources
        ids = sorted({s for r in self._records for s in r.sources})
        return tuple(registry[i] for i in ids if i in registry)

    @property
    def _by_id(self) -> Mapping[str, int]:
        # PERF (benchmarks/): built on first use rather than for every filtered
        # collection (most results are only iterated or filtered further).
        by_id: Mapping[str, int] = cached(
            self, "by_id", lambda: MappingProxyType({rid: i for i, rid in enumerate(self.ids())})
        )
        return by_id

    def _take(self, positions: Iterable[int]) -> ReformSet:
        return self._take_sorted(sorted(set(positions)))

    def _take_sorted(self, positions: Iterable[int]) -> ReformSet:
        """Like :meth:`_take` for positions already ascending and unique."""
        pos = tuple(positions)
        new = ReformSet.__new__(ReformSet)
        recs = self._records
        records = (
            recs.take(pos) if isinstance(recs, LazyRecords) else tuple(map(recs.__getitem__, pos))
        )
        if self._root is None:
            new._init(records, self._registry, self, pos)
        else:
            new._init(records, self._registry, self._root, tuple(map(self._rpos.__getitem__, pos)))
        return new

    def _via_root(self, key: str, count: Callable[[ReformSet], int]) -> ReformSet | None:
        """
        The root collection to run a query on instead of this one, or None.

        Worth it when this collection has no index *key* yet and the root's
        candidates (*count*, cheap to compute from the root's index) are not
        many more than this collection's records: intersecting them costs
        less than building an index here.
        """
        root = self._root
        if root is None or is_built(self, key) or len(self) < SCAN_BELOW:
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
        if is_built(self, key):
            return False
        return len(self) < SCAN_BELOW or self._root is not None

    def _restrict(self, root_positions: Iterable[int]) -> ReformSet:
        """The records of this collection among *root_positions* of its root."""
        mine: frozenset[int] = cached(self, "rposset", lambda: frozenset(self._rpos))
        assert self._root is not None  # noqa: S101 - only called on derived collections
        return self._root._take(p for p in root_positions if p in mine)

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
            return self._derived(self._records[index])
        if isinstance(index, bool) or not isinstance(index, int):
            raise InvalidTypeError("index", index, "an int or a slice (use .get(id) for ids)")
        return self._records[index]

    def __contains__(self, item: object) -> bool:
        from ._model import Reform  # noqa: PLC0415

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
        head = ", ".join(self[:3].ids())
        more = f", ... ({len(self)} reforms)" if len(self) > 3 else ""  # noqa: PLR2004
        return f"ReformSet([{head}{more}])"

    def __reduce__(self) -> tuple[Any, ...]:
        own = None if self._registry is None else tuple(self._registry.values())
        return (_rebuild, (tuple(self._records), own))

    # -- set algebra -----------------------------------------------------------

    def _merge(self, other: object, op: str) -> ReformSet:
        if not isinstance(other, ReformSet):
            raise InvalidTypeError(f"operand of {op}", other, "a ReformSet")
        for rid, i in other._by_id.items():
            j = self._by_id.get(rid)
            if j is not None and self._records[j] != other._records[i]:
                raise QueryError(f"the two collections hold different records with id {rid!r}")
        registry = _merge_registries(self._registry, other._registry)
        if op == "|":
            from ._model import chrono_key  # noqa: PLC0415

            merged = {r.id: r for r in (*self._records, *other._records)}
            ordered = tuple(sorted(merged.values(), key=chrono_key))
        elif op == "&":
            ordered = tuple(r for r in self._records if r.id in other._by_id)
        else:
            ordered = tuple(r for r in self._records if r.id not in other._by_id)
        return ReformSet._trusted(ordered, registry)

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
        recs = self._records
        if isinstance(recs, LazyRecords):
            return recs.ids()
        return tuple(r.id for r in recs)

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
        recs = self._records
        if stages == "key" and isinstance(recs, LazyRecords):
            yield from zip(recs.key_dates(), range(len(recs)), strict=True)
            return
        for i, r in enumerate(recs):
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
        return date_count(self._date_index(stages), lo, hi, within=mode is DateMode.WITHIN)

    def _date_index(self, stages: frozenset[Stage] | str) -> tuple[DateIndex, ...]:
        key = _date_key(stages)
        idx: tuple[DateIndex, ...] = cached(
            self, key, lambda: build_date_index(self._dated(stages))
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
        hits = date_hits(self._date_index(stages), lo, hi, within=mode is DateMode.WITHIN)
        if stages == "key":  # PERF: one key date per reform, so no duplicates
            hits.sort()
            return self._take_sorted(hits)
        return self._take(hits)

    # -- postings filters ---------------------------------------------------------

    def _keys(self, of: Callable[[Reform], Iterable[Any]]) -> Iterable[Iterable[Any]]:
        """
        ``of(record)`` for each record in order: for the packaged data's
        topics and kinds straight from its index, without building a record.
        """
        recs = self._records
        if isinstance(recs, LazyRecords):
            facet = _FACETS.get(of)
            if facet is not None:
                return facet(recs)
        return map(of, recs)

    def _postings(
        self, name: str, keys: Callable[[Reform], Iterable[Any]]
    ) -> Mapping[Any, tuple[int, ...]]:
        result: Mapping[Any, tuple[int, ...]] = cached(
            self, name, lambda: build_postings(self._keys(keys))
        )
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
                i for i, ks in enumerate(self._keys(of)) if not wanted.isdisjoint(ks)
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

    def body(self, *names: str) -> ReformSet:
        """
        Reforms involving a body whose name contains any of *names* (case-
        and accent-insensitive), e.g. ``body("Senate")`` or
        ``body("Senate", "Mazhilis")``.

        Raises:
            UnknownNameError: No body in this collection matches one of *names*.
        """
        if not names:
            raise QueryError("body(): give at least one name")
        postings = self._postings("body", lambda r: (fold(b) for b in r.bodies))
        keys: list[str] = []
        for name in names:
            if not isinstance(name, str) or not name.strip():
                raise InvalidTypeError("name", name, "a non-empty str")
            q = _fold_query(name.strip(), "body()")
            found = [k for k in postings if q in k]
            if not found:
                bodies = sorted({b for r in self._records for b in r.bodies})
                raise UnknownNameError("body", name, bodies)
            keys.extend(k for k in found if k not in keys)
        return self._union(postings, keys)

    def cites(self, *sources: str | Source | CitationRef) -> ReformSet:
        """
        Reforms citing any of the sources with these ids (or these
        :class:`Source` records), e.g. ``cites("un-hrc-2024")``; a
        :class:`CitationRef` finds the reforms with a fact or measure that
        cites that very passage.

        Raises:
            UnknownSourceError: An id is neither a packaged source nor cited
                in this collection, or no fact here cites the passage.
        """
        from ._model import CitationRef, Source  # noqa: PLC0415

        if not sources:
            raise QueryError("cites(): give at least one source id")
        refs = [s for s in sources if isinstance(s, CitationRef)]
        if refs:
            found = self._passages(refs)
            rest = tuple(s for s in sources if not isinstance(s, CitationRef))
            return found | self.cites(*rest) if rest else found
        postings = self._postings("source", lambda r: r.sources)
        sids: list[str] = []
        for source in sources:
            sid = source.id if isinstance(source, Source) else source
            if not isinstance(sid, str):
                raise InvalidTypeError("source", source, "a source id (str) or a Source")
            if sid not in postings and sid not in self.sources:
                raise UnknownSourceError("source id", sid, sorted({*postings, *self.sources}))
            if sid not in sids:
                sids.append(sid)
        return self._union(postings, sids)

    def _passages(self, refs: list[CitationRef]) -> ReformSet:
        """Reforms with a fact citing any of *refs* (each must be cited by some fact here)."""
        from ._model import fact_refs  # noqa: PLC0415

        postings = self._postings("passage", lambda r: (ref for _, ref in fact_refs(r)))
        for ref in refs:
            if ref not in postings:
                choices = sorted(str(k) for k in postings if k.source == ref.source)
                raise UnknownSourceError(
                    "cited passage", str(ref), choices or sorted({k.source for k in postings})
                )
        return self._union(postings, dict.fromkeys(refs))

    def search(self, text: str) -> ReformSet:
        """
        Reforms whose id, title, summary, measures, bodies, offences,
        articles or acts contain *text*, ignoring case and accents.  Several words must
        appear as written (after folding), starting at the start of a word:
        ``search("law")`` finds "lawyers" and "by-law" but not "outlaw".

        Folding also makes typographic quotes and apostrophes plain
        (``women’s`` finds ``women's``), reads Kazakh letters as the Russian
        letters typed for them (``қ`` as ``к``...), and drops number markers
        before digits, so ``№72-VIII`` and ``Law 72`` find ``Law No. 72-VIII``.
        Queries are limited to 200 characters and 20 words.
        """
        if not isinstance(text, str):
            raise InvalidTypeError("text", text, "a str")
        q = _fold_query(text, "search()").strip()
        if not q:
            raise QueryError("search(): give some text to look for")
        found_words = words(q)
        if len(found_words) > MAX_QUERY_WORDS:
            raise QueryError(
                f"search(): {len(found_words)} words is too many; accepted: at most "
                f"{MAX_QUERY_WORDS} words (MAX_QUERY_WORDS)"
            )
        if found_words:
            root = self._via_root("words", lambda r: r._search_count(found_words))
            if root is not None:
                return self._restrict(root.search(text)._rpos)
        blobs = self._blobs()
        if not found_words or self._scans("words"):
            return self._take(i for i, b in enumerate(blobs) if phrase_in(q, b))
        return self._search_indexed(q, found_words, blobs)

    def _search_indexed(self, q: str, terms: list[str], blobs: tuple[str, ...]) -> ReformSet:
        vocab, post = self._word_index(blobs)
        if len(terms) == 1 and terms[0] == q:
            # PERF (benchmarks/): one plain word; its postings are the answer,
            # no phrase check needed (and one vocabulary entry is already sorted).
            span = word_range(vocab, q)
            if len(span) == 1:
                return self._take_sorted(post[span[0]])
            return self._take(i for j in span for i in post[j])
        candidates: set[int] | None = None
        for w in terms:
            found: set[int] = set()
            for j in word_range(vocab, w):
                found.update(post[j])
            candidates = found if candidates is None else candidates & found
            if not candidates:
                break
        return self._take(i for i in (candidates or ()) if phrase_in(q, blobs[i]))

    def _blobs(self) -> tuple[str, ...]:
        """Folded search text per record (a derived collection takes its root's)."""
        root = self._root
        if root is not None:
            from_root = root._blobs()
            blobs: tuple[str, ...] = cached(
                self, "blobs", lambda: tuple(map(from_root.__getitem__, self._rpos))
            )
            return blobs
        own: tuple[str, ...] = cached(self, "blobs", lambda: tuple(blob(r) for r in self._records))
        return own

    def _search_count(self, terms: list[str]) -> int:
        """An upper bound on search hits: the rarest word's postings."""
        vocab, post = self._word_index(self._blobs())
        best = len(self)
        for w in terms:
            best = min(best, sum(len(post[j]) for j in word_range(vocab, w)))
        return best

    def _word_index(self, blobs: tuple[str, ...]) -> WordIndex:
        idx: WordIndex = cached(self, "words", lambda: build_word_index(blobs))
        return idx

    # -- status over time (issue 11; the rules are in kzreforms._status) ----------

    def in_force(self, on: DateLike, *, include_uncertain: bool = False) -> ReformSet:
        """
        Reforms in force on the day *on*: their ``in-force`` milestone is on or
        before it, and no ``superseded_by`` link, ``repealed`` or ``replaced``
        milestone has ended them by then (an end takes effect on its day).

        A milestone known only to the month or year leaves the days of its
        period ambiguous, and the library does not guess: by default only
        reforms *known* to be in force are returned (the entry into force's
        whole period is over, and no end's period has begun); with
        ``include_uncertain=True``, every reform *possibly* in force.  A reform
        without an ``in-force`` milestone is never returned.

        Raises:
            QueryError: *on* is a year or a month, not a day.
            DateParseError: *on* is a string that is not a date.
        """
        from ._status import coerce_day, in_force_on  # noqa: PLC0415

        day = coerce_day(on, "in_force(on=...)")
        if not isinstance(include_uncertain, bool):
            raise InvalidTypeError("include_uncertain", include_uncertain, "True or False")
        return self._take(
            i
            for i, r in enumerate(self._records)
            if in_force_on(r, day, include_uncertain=include_uncertain)
        )

    def superseded(self, on: DateLike | None = None) -> ReformSet:
        """
        Reforms that have ended: superseded, repealed or replaced by another
        record (``superseded_by``) or by a ``repealed`` / ``replaced``
        milestone; with *on* (a day), only those certainly ended by that day.

        Raises:
            QueryError: *on* is a year or a month, not a day.
        """
        from ._status import coerce_day, end_dates, superseded_on  # noqa: PLC0415

        if on is None:
            return self._take(i for i, r in enumerate(self._records) if end_dates(r))
        day = coerce_day(on, "superseded(on=...)")
        return self._take(i for i, r in enumerate(self._records) if superseded_on(r, day))

    def background(self) -> ReformSet:
        """Reforms kept as background: their first milestone is before 2019."""
        return self._take(i for i, r in enumerate(self._records) if r.background)

    def act(self, query: str) -> ActMatch:
        """
        The act whose number or adilet code is *query*, in any common
        spelling (``"72-VIII"``, ``"№ 72-VIII"``, ``"Law No. 72-VIII"``,
        ``"No.72-VIII"``, ``"Z2400000110"``), with the records that carry it.

        Raises:
            UnknownNameError: No act has that number or code (close matches listed).
            QueryError: *query* holds no act number.
        """
        from ._status import find_act  # noqa: PLC0415

        return find_act(self._records, query)

    def where(self, predicate: Callable[[Reform], bool]) -> ReformSet:
        """Reforms for which *predicate* returns true."""
        if not callable(predicate):
            raise InvalidTypeError("predicate", predicate, "a callable taking a Reform")
        return self._take(i for i, r in enumerate(self._records) if predicate(r))

    def with_discrepancies(self) -> ReformSet:
        """Reforms that record at least one disagreement between sources."""
        return self._take(i for i, r in enumerate(self._records) if r.discrepancies)

    def disputed(self, path: str | None = None) -> ReformSet:
        """
        Reforms with a discrepancy that disputes *path* or something below
        it (:meth:`Reform.disputed`); ``None``: any discrepancy.  An index
        may be left out to mean any item: ``disputed("milestones.date")``
        finds the reforms where some milestone's date is disputed,
        ``disputed("penalty_changes")`` those with a disputed penalty change.

        Raises:
            InvalidRecordError: *path* is not a path into a record or names a
                field the model does not have (the message lists the fields).
        """
        from ._model import parse_path, path_covers, query_path  # noqa: PLC0415

        if path is None:
            return self.with_discrepancies()
        segs = query_path(path)
        return self._take(
            i
            for i, r in enumerate(self._records)
            if any(path_covers(segs, parse_path(d.path)) for d in r.discrepancies)
        )

    # -- views ---------------------------------------------------------------------

    def penalties(self) -> PenaltyView:
        """All penalty changes of these reforms, most severe first."""
        from ._penalties import PenaltyEntry, PenaltyView, sort_entries  # noqa: PLC0415

        # PERF (benchmarks/): sorted once per collection and cached, not on every call.
        entries: tuple[PenaltyEntry, ...] = cached(
            self,
            "penalties",
            lambda: sort_entries(
                tuple(PenaltyEntry(r, pc) for r in self._records for pc in r.penalty_changes)
            ),
        )
        return PenaltyView._of(entries, self)

    def article(self, ref: ArticleRef | str) -> ArticleHistory:
        """
        The recorded changes to the provision *ref* (e.g. ``"CC 128(1)"``)
        in order of their effective dates; ``.at(day)`` gives the penalty in
        force on a day (:class:`ArticleHistory`).

        Raises:
            UnknownNameError: No change to *ref* is recorded here (the message
                names its parts that have changes, or close matches).
            ArticleParseError: *ref* is not an article reference.

        .. versionadded:: 0.2.0
        """
        from ._history import history  # noqa: PLC0415

        return history(self.penalties(), ref)

    def timeline(
        self,
        stages: Iterable[Stage | str] | None = None,
        *,
        since: DateLike | None = None,
        until: DateLike | None = None,
        during: DateLike | None = None,
        mode: DateMode | str = DateMode.OVERLAPS,
    ) -> tuple[TimelineEntry, ...]:
        """
        Every milestone (or those at *stages*) in date order.

        *since*, *until* and *during* limit the milestones themselves (not
        the reforms): only milestones dated in the range are kept, each
        bound covering its whole period as in :meth:`between`.  With
        ``mode="overlaps"`` (the default) a milestone is kept when any day
        of its date lies in the range (a milestone dated ``2022`` is in
        ``during="2022-05"``); with ``"within"`` all of it must.

        Raises:
            QueryError: The limits leave no date (e.g. *since* after *until*).
            DateParseError: A limit is a string that is not a date.
        """
        if stages is not None and (
            isinstance(stages, (str, Stage)) or not isinstance(stages, Iterable)
        ):
            raise InvalidTypeError(
                "stages", stages, "None or an iterable of stages (e.g. ['signed'])"
            )
        wanted = None if stages is None else frozenset(Stage.parse(s) for s in stages)
        keep = _milestone_test(since, until, during, _coerce_mode(mode))
        rows = [
            TimelineEntry(m.date, m.stage, r, m.note)
            for r in self._records
            for m in r.milestones
            if (wanted is None or m.stage in wanted) and keep(m.date)
        ]
        rows.sort(key=lambda e: (e.date.sort_key, e.stage.rank, e.reform.id))
        return tuple(rows)

    @overload
    def group_by(self, key: Literal["year"]) -> Mapping[int, ReformSet]: ...
    @overload
    def group_by(self, key: Literal["topic"]) -> Mapping[Topic, ReformSet]: ...
    @overload
    def group_by(self, key: Literal["kind"]) -> Mapping[ReformKind, ReformSet]: ...

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

    # -- outputs (one-line steps up to the table and format layers) ------------

    def to_records(self) -> list[dict[str, Any]]:
        """Every reform as plain JSON-ready dicts (the data format)."""
        from ._convert import to_jsonable  # noqa: PLC0415 - cattrs on first use

        out: list[dict[str, Any]] = to_jsonable(list(self._records))
        return out

    def _data_records(self) -> list[dict[str, Any]]:
        """
        Each record in the data format (``_codec.unstructure``); for the
        packaged data decoded from the bundle, no record built.
        """
        recs = self._records
        if isinstance(recs, LazyRecords):
            return recs.raw()
        from ._codec import unstructure  # noqa: PLC0415

        return [unstructure(r) for r in recs]

    def to_json(self, path: str | Path | None = None) -> str:
        """
        The collection as canonical JSON text (a list of reforms); also
        written to *path* (atomically) when given.
        """
        from ._formats import to_json  # noqa: PLC0415 - exports load on first use

        return to_json(self, path)

    def to_jsonl(self, path: str | Path | None = None) -> str:
        """The reforms in the data format, one JSON object per line (see docs/exports.md)."""
        from ._formats import to_jsonl  # noqa: PLC0415

        return to_jsonl(self, path)

    @overload
    def rows(self, table: Literal["reforms"] = ...) -> list[ReformRow]: ...
    @overload
    def rows(self, table: Literal["penalties"]) -> list[PenaltyRow]: ...
    @overload
    def rows(self, table: Literal["timeline"]) -> list[TimelineRow]: ...
    @overload
    def rows(self, table: Literal["sources"]) -> list[SourceRow]: ...
    @overload
    def rows(self, table: Literal["discrepancies"]) -> list[DiscrepancyRow]: ...
    @overload
    def rows(self, table: Literal["history"]) -> list[HistoryRow]: ...
    @overload
    def rows(self, table: Literal["topics"]) -> list[TopicRow]: ...
    def rows(self, table: Table = "reforms") -> list[Any]:
        """
        The flat rows of *table* (``"reforms"``, ``"penalties"``,
        ``"timeline"``, ``"sources"``, ``"discrepancies"``, ``"history"``
        or ``"topics"``; columns in docs/exports.md).
        """
        from ._tables import rows  # noqa: PLC0415

        return rows(self, table)

    def to_csv(
        self,
        path: str | Path | None = None,
        *,
        table: Table = "reforms",
        escape_formulas: bool = True,
    ) -> str:
        """
        The flat *table* as CSV text; also written to *path* (atomically) when
        given.  Cells a spreadsheet would run as a formula get a ``'`` in front
        unless *escape_formulas* is false.
        """
        from ._formats import to_csv  # noqa: PLC0415

        return to_csv(self, path, table=table, escape_formulas=escape_formulas)

    def to_pandas(self, table: Table = "reforms") -> pd.DataFrame:
        """The flat *table* as a typed pandas DataFrame (needs the ``pandas`` extra)."""
        from ._formats import to_pandas  # noqa: PLC0415

        frame: pd.DataFrame = to_pandas(self, table)
        return frame

    def to_arrow(self, table: Table = "reforms") -> pa.Table:
        """The flat *table* as a pyarrow Table (needs the ``pyarrow`` extra)."""
        from ._formats import to_arrow  # noqa: PLC0415

        arrow: pa.Table = to_arrow(self, table)
        return arrow

    def to_parquet(self, path: str | Path, *, table: Table = "reforms") -> Path:
        """Write the flat *table* to a Parquet file, atomically (needs the ``pyarrow`` extra)."""
        from ._formats import write_parquet  # noqa: PLC0415

        return write_parquet(self, path, table=table)

    def to_polars(self, table: Table = "reforms") -> pl.DataFrame:
        """
        The flat *table* as a typed polars DataFrame (needs the ``polars`` extra).

        .. versionadded:: 0.2.0
        """
        from ._publish import to_polars  # noqa: PLC0415

        return to_polars(self, table)

    def to_sqlite(self, path: str | Path) -> Path:
        """
        Write the records as a SQLite database with keys and a full-text
        index, atomically (tables in docs/exports.md).

        .. versionadded:: 0.2.0
        """
        from ._publish import write_sqlite  # noqa: PLC0415

        return write_sqlite(self, path)

    def to_datapackage(self, path: str | Path) -> Path:
        """
        Write the records as a Frictionless Data Package (CSV files and
        ``datapackage.json``) in the directory *path*, atomically.

        .. versionadded:: 0.2.0
        """
        from ._publish import write_datapackage  # noqa: PLC0415

        return write_datapackage(self, path)

    def cite(self, reform: Reform | str) -> str:
        """
        A plain-text citation of *reform* (a record or an id in this
        collection), naming the sources this collection carries.

        .. versionadded:: 0.2.0
        """
        from ._cite import cite  # noqa: PLC0415 - citations load on first use
        from ._model import Reform  # noqa: PLC0415

        return cite(reform if isinstance(reform, Reform) else self.get(reform), self.sources)

    def bibtex(self) -> str:
        """
        BibTeX entries for every source these reforms cite, sorted by id,
        taken from :attr:`sources` (empty for an empty collection).

        .. versionadded:: 0.2.0
        """
        from ._cite import reform_set_bibtex  # noqa: PLC0415 - citations load on first use

        return reform_set_bibtex(self)

    def csl(self) -> list[dict[str, Any]]:
        """
        CSL-JSON items for every source these reforms cite, sorted by id,
        taken from :attr:`sources` (empty for an empty collection).

        .. versionadded:: 0.2.0
        """
        from ._cite import reform_set_csl  # noqa: PLC0415 - citations load on first use

        return reform_set_csl(self)

    def plot_timeline(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Milestones by top-level topic over time (needs the ``plot`` extra); returns the axes."""
        from ._plot import plot_timeline  # noqa: PLC0415

        return plot_timeline(self, ax, **kwargs)

    def _repr_html_(self) -> str:
        from ._display import reform_set_html  # noqa: PLC0415

        return reform_set_html(self)


def _fold_query(text: str, what: str) -> str:
    """
    The folded query, refused when longer than :data:`MAX_QUERY_CHARS`: checked
    before folding (so NFKD never sees a long input) and after (one character
    can fold to eighteen).
    """
    limit = f"accepted: at most {MAX_QUERY_CHARS} characters (MAX_QUERY_CHARS)"
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"{what}: the text is {len(text):,} characters long; {limit}")
    q = fold(text)
    if len(q) > MAX_QUERY_CHARS:
        raise QueryError(
            f"{what}: the text is {len(q):,} characters long once folded "
            f"(compatibility forms expanded); {limit}"
        )
    return q
