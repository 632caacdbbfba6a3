# SPDX-License-Identifier: MIT
"""
The index engine behind collections: per-collection caches, sorted date
indexes, postings and a word index for text search.

Indexes pay at the sizes users have (the packaged data, and user data up to
about 10^5 records): a selective query costs about O(log n + k) instead of a
scan (see ``benchmarks/`` and ``docs/performance.md``).  Small collections,
and collections derived by filtering, scan instead; the scan is the reference
every index path is tested against.

Everything built here is immutable (tuples, read-only mappings) and lives in
a private table keyed by the collection's identity, not on the collection, so
nothing mutable is reachable from a collection.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
import threading
import weakref
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ._dates import PartialDate, Precision
from ._text import fold, words

if TYPE_CHECKING:
    from ._model import Reform  # PERF (benchmarks/): no record classes on a first query

__all__ = [
    "SCAN_BELOW",
    "DateIndex",
    "FrozenRecord",
    "FrozenSlots",
    "blob",
    "build_date_index",
    "build_postings",
    "build_word_index",
    "cached",
    "date_count",
    "date_hits",
    "is_built",
    "word_range",
]

SCAN_BELOW = 48
"""Collections smaller than this are scanned, not indexed."""


class FrozenSlots:
    """Refuse attribute assignment once ``__init__`` has finished."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise attrs.exceptions.FrozenInstanceError

    def __delattr__(self, name: str) -> None:
        raise attrs.exceptions.FrozenInstanceError


class FrozenRecord(FrozenSlots):
    """
    A frozen, slotted record that behaves as an ``@attrs.frozen`` class does,
    for the classes every first query defines.

    PERF (benchmarks/): attrs writes and compiles the methods of each class
    when it is defined, on every cold start; these are written once, here.
    A subclass lists its fields in ``__slots__`` and ``__match_args__`` (the
    ``__init__`` order) and sets them with ``object.__setattr__``.  As with
    attrs: instances are equal when of the same class with equal fields,
    hashed by their fields, shown as ``Name(field=value, ...)``; setting or
    deleting an attribute raises ``attrs.exceptions.FrozenInstanceError``;
    copies and pickles are rebuilt through ``__init__``.  Unlike attrs
    classes they are not ``attrs.has`` (no ``attrs.evolve`` or
    ``attrs.fields``).
    """

    __slots__ = ()
    __match_args__: ClassVar[tuple[str, ...]] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__match_args__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((self.__class__.__qualname__, *self._values()))

    def __repr__(self) -> str:
        fields = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__match_args__)
        return f"{self.__class__.__qualname__.rsplit('>.', 1)[-1]}({fields})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (self.__class__, self._values())


# ---------------------------------------------------------------------------
# Caches
# ---------------------------------------------------------------------------

_CACHES: dict[int, dict[str, Any]] = {}
"""Per-collection indexes (tuples and read-only mappings), by ``id()``."""
_CACHE_LOCK = threading.RLock()


def _after_fork() -> None:
    # A child forked while another thread held the lock would wait forever
    # for a thread that does not exist in the child: start with a fresh lock.
    global _CACHE_LOCK  # noqa: PLW0603 - replaced in the child only
    _CACHE_LOCK = threading.RLock()


if hasattr(os, "register_at_fork"):  # pragma: no branch - POSIX
    os.register_at_fork(after_in_child=_after_fork)


def is_built(owner: object, key: str) -> bool:
    """Whether *owner* already has the cached value *key*."""
    cache = _CACHES.get(id(owner))
    return cache is not None and key in cache


def cached(owner: object, key: str, build: Callable[[], Any]) -> Any:
    """
    The immutable value *build* makes for *owner*, built once per owner.

    Double-checked under a lock, so concurrent first queries build once; the
    entry goes when *owner* is garbage-collected.
    """
    cache = _CACHES.get(id(owner))
    if cache is not None and key in cache:
        return cache[key]
    with _CACHE_LOCK:
        cache = _CACHES.get(id(owner))
        if cache is None:
            cache = _CACHES[id(owner)] = {}
            weakref.finalize(owner, _CACHES.pop, id(owner), None)
        if key not in cache:
            cache[key] = build()
        return cache[key]


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------


class DateIndex(FrozenRecord):
    """Milestone dates of one precision sorted by earliest day, with their positions."""

    __slots__ = ("__weakref__", "earliest", "latest", "pos", "precision")
    __match_args__ = ("precision", "earliest", "latest", "pos")
    precision: Precision
    earliest: tuple[dt.date, ...]
    latest: tuple[dt.date, ...]
    pos: tuple[int, ...]

    def __init__(
        self,
        precision: Precision,
        earliest: tuple[dt.date, ...],
        latest: tuple[dt.date, ...],
        pos: tuple[int, ...],
    ) -> None:
        set_ = object.__setattr__
        set_(self, "precision", precision)
        set_(self, "earliest", earliest)
        set_(self, "latest", latest)
        set_(self, "pos", pos)


def build_date_index(items: Iterable[tuple[PartialDate, int]]) -> tuple[DateIndex, ...]:
    """One :class:`DateIndex` per precision over ``(date, position)`` pairs."""
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
            DateIndex(
                prec,
                tuple(r[0] for r in rows),
                tuple(r[1] for r in rows),
                tuple(r[2] for r in rows),
            )
        )
    return tuple(out)


def period_start(day: dt.date, precision: Precision) -> dt.date:
    """The first day of the period of *precision* that contains *day*."""
    if precision is Precision.DAY:
        return day
    if precision is Precision.MONTH:
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def date_count(indexes: Iterable[DateIndex], lo: dt.date, hi: dt.date, *, within: bool) -> int:
    """How many index entries a date range reads (an upper bound on hits)."""
    n = 0
    for idx in indexes:
        b = bisect.bisect_right(idx.earliest, hi)
        start = lo if within else period_start(lo, idx.precision)
        n += b - bisect.bisect_left(idx.earliest, start)
    return n


def date_hits(indexes: Iterable[DateIndex], lo: dt.date, hi: dt.date, *, within: bool) -> list[int]:
    """Positions whose date lies in (``within``) or meets ``[lo, hi]``."""
    hits: list[int] = []
    for idx in indexes:
        b = bisect.bisect_right(idx.earliest, hi)
        if within:
            a = bisect.bisect_left(idx.earliest, lo)
            hits.extend(idx.pos[j] for j in range(a, b) if idx.latest[j] <= hi)
        else:  # exact for aligned periods, see build_date_index
            a = bisect.bisect_left(idx.earliest, period_start(lo, idx.precision))
            hits.extend(idx.pos[a:b])
    return hits


# ---------------------------------------------------------------------------
# Postings and words
# ---------------------------------------------------------------------------


def build_postings(keys: Iterable[Iterable[Any]]) -> Mapping[Any, tuple[int, ...]]:
    """For each key, the ascending positions of the records that have it (*keys*: per record)."""
    out: dict[Any, list[int]] = {}
    for i, ks in enumerate(keys):
        for k in set(ks):
            out.setdefault(k, []).append(i)
    return MappingProxyType({k: tuple(v) for k, v in out.items()})


def blob(r: Reform) -> str:
    """The folded search text of one record (see ``ReformSet.search``)."""
    parts: list[str] = [r.id, r.title, r.summary, *(m.text for m in r.measures), *r.notes]
    parts.extend(r.bodies)
    for pc in r.penalty_changes:
        parts.extend((pc.offence, str(pc.article or "")))
    parts.extend(str(a) for a in r.acts)
    for a in r.acts:  # issue 11: official Russian / Kazakh titles and adilet codes
        parts.extend(t.title for t in a.official_titles)
        if a.adilet:
            parts.append(a.adilet)
    return fold("\n".join(parts))


WordIndex = tuple[tuple[str, ...], tuple[tuple[int, ...], ...]]
"""A sorted vocabulary and, per word, the ascending positions holding it."""


def build_word_index(blobs: Iterable[str]) -> WordIndex:
    """The :data:`WordIndex` of folded texts."""
    post: dict[str, set[int]] = {}
    for i, b in enumerate(blobs):
        for w in words(b):
            post.setdefault(w, set()).add(i)
    vocab = tuple(sorted(post))
    return vocab, tuple(tuple(sorted(post[w])) for w in vocab)


def word_range(vocab: tuple[str, ...], prefix: str) -> range:
    """The vocabulary positions of the words starting with *prefix*."""
    a = bisect.bisect_left(vocab, prefix)
    b = bisect.bisect_left(vocab, prefix + "\U0010ffff")
    return range(a, b)
