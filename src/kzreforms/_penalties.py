# SPDX-License-Identifier: MIT
"""
Penalty changes as a view: :class:`PenaltyEntry` (a change with the reform
that made it) and :class:`PenaltyView`, sorted most severe first, with
filters by gravity, liability, term, life imprisonment, article and kind of
change.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, Literal, overload

import attrs

from ._articles import ArticleRef, Code
from ._dates import PartialDate
from ._errors import ArticleParseError, InvalidTypeError, QueryError, UnknownNameError
from ._index import FrozenRecord, FrozenSlots
from ._model import Gravity, Liability, PenaltyChange, Reform, Stage, chrono_key
from ._text import fold, phrase_in
from ._vocab import ChangeKind

if TYPE_CHECKING:
    from pathlib import Path  # PERF (benchmarks/): not imported by a first query

    import pandas as pd
    import polars as pl
    import pyarrow as pa

    from ._collection import ReformSet
    from ._tables import PenaltyRow

__all__ = [
    "CHANGE_KINDS",
    "ChangeKind",
    "Effective",
    "PenaltyEntry",
    "PenaltyView",
    "change_kinds",
    "sort_entries",
]


CHANGE_KINDS: Mapping[ChangeKind, Callable[[PenaltyChange], bool]] = MappingProxyType(
    {
        "new": lambda c: c.is_new,
        "criminalisation": lambda c: c.is_criminalisation,
        "decriminalisation": lambda c: c.is_decriminalisation,
        "harsher": lambda c: c.is_harsher,
        "milder": lambda c: c.is_milder,
    }
)
"""Each kind of change, in display order, with its test."""


def change_kinds(c: PenaltyChange) -> list[str]:
    """The names of the kinds of change (``new``, ``harsher``...) that apply to *c*."""
    return [name for name, test in CHANGE_KINDS.items() if test(c)]


def _is_code(text: str) -> bool:
    try:
        Code.parse(text)
    except ArticleParseError:
        return False
    return True


class Effective(FrozenRecord):
    """
    When a penalty change applied, and how that is known.

    ``basis`` is ``"change"`` (the change carries its own date), ``"reform"``
    (the reform's in-force milestone) or ``"unknown"`` (no date is known;
    ``reason`` says why).  Never a guess: an unknown date is ``None``.

    Frozen, compared and hashed by its fields (a hand-written record, not an
    attrs class: see :class:`kzreforms._index.FrozenRecord`).

    .. versionadded:: 0.2.0
    """

    __slots__ = ("__weakref__", "basis", "date", "reason")
    __match_args__ = ("date", "basis", "reason")
    date: PartialDate | None
    basis: Literal["change", "reform", "unknown"]
    reason: str | None

    def __init__(
        self,
        date: PartialDate | None,
        basis: Literal["change", "reform", "unknown"],
        reason: str | None = None,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "date", date)
        set_(self, "basis", basis)
        set_(self, "reason", reason)

    @property
    def known(self) -> bool:
        """Whether a date is known."""
        return self.date is not None

    def __str__(self) -> str:
        if self.date is None:
            return f"unknown ({self.reason})"
        return f"{self.date} (from the {self.basis})"


def effective(reform: Reform, change: PenaltyChange) -> Effective:
    """
    The date *change* applied from: its own :attr:`PenaltyChange.in_force`,
    else *reform*'s in-force milestone, else unknown (with the reason).
    """
    if change.in_force is not None:
        return Effective(change.in_force, "change")
    if change.in_force_unknown is not None:
        return Effective(None, "unknown", change.in_force_unknown)
    m = reform.milestone(Stage.IN_FORCE)
    if m is not None:
        return Effective(m.date, "reform")
    return Effective(
        None,
        "unknown",
        f"the change has no date and reform {reform.id} has no in-force milestone",
    )


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

    @property
    def effective(self) -> Effective:
        """
        When the change applied: its own date, else the reform's in-force
        milestone, else explicitly unknown (:class:`Effective`).

        .. versionadded:: 0.2.0
        """
        return effective(self.reform, self.change)

    def __repr__(self) -> str:
        from ._display import penalty_entry_repr  # noqa: PLC0415 - display on first use

        return penalty_entry_repr(self)


class PenaltyView(FrozenSlots, Sequence[PenaltyEntry]):
    """
    An immutable view of penalty changes, most severe (after the change)
    first; ties keep chronological order.

    .. versionadded:: 0.1.0
    """

    # A view made by a collection remembers it (its origin), so that
    # reforms() returns part of that collection, with its sources.
    __slots__ = ("_entries", "_origin")
    _entries: tuple[PenaltyEntry, ...]
    _origin: ReformSet | None
    KINDS: ClassVar[tuple[str, ...]] = tuple(CHANGE_KINDS)

    def __init__(self, entries: Iterable[PenaltyEntry] = ()) -> None:
        if isinstance(entries, (str, bytes)) or not isinstance(entries, Iterable):
            raise InvalidTypeError("entries", entries, "an iterable of PenaltyEntry")
        items = tuple(entries)
        for e in items:
            if not isinstance(e, PenaltyEntry):
                raise InvalidTypeError("entries", e, "PenaltyEntry objects")
        object.__setattr__(self, "_entries", sort_entries(items))
        object.__setattr__(self, "_origin", None)

    @classmethod
    def _of(cls, entries: Iterable[PenaltyEntry], origin: ReformSet | None) -> PenaltyView:
        """A view of *entries*, already in order, made from *origin*."""
        new = cls.__new__(cls)
        object.__setattr__(new, "_entries", tuple(entries))
        object.__setattr__(new, "_origin", origin)
        return new

    def _keep(self, entries: Iterable[PenaltyEntry]) -> PenaltyView:
        return PenaltyView._of(entries, self._origin)

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
            return self._keep(self._entries[index])
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
        return self._keep(e for e in self._entries if pred(e))

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
        return self._keep(self._entries[:end])

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
                raise InvalidTypeError("kind", k, "one of " + ", ".join(CHANGE_KINDS))
            if k not in CHANGE_KINDS:
                raise UnknownNameError("penalty change kind", k, list(CHANGE_KINDS))
            tests.append(CHANGE_KINDS[k])
        return self._filter(lambda e: any(t(e.change) for t in tests))

    def article(self, ref: ArticleRef | Code | str) -> PenaltyView:
        """
        Changes to the provision *ref* or to any part of it, structurally:
        ``"CC 128"`` matches ``CC 128(1)`` but not ``CC 12``'s parts, and
        ``"CC 12"`` does not match ``CC 128``.  A code alone (``"CC"``,
        ``Code.ADMC``) matches every change to that code.  Any spelling
        :meth:`ArticleRef.parse` reads is accepted.

        .. versionchanged:: 0.2.0
           Structural instead of a string prefix; ``"128"`` without a code
           is an error.

        Raises:
            ArticleParseError: *ref* is not a code or a reference (the
                message lists the accepted forms).
        """
        if isinstance(ref, Code):
            code = ref
        elif isinstance(ref, str) and _is_code(ref):
            code = Code.parse(ref)
        else:
            want = ArticleRef.parse(ref)
            return self._filter(
                lambda e: e.change.article is not None and want.contains(e.change.article)
            )
        return self._filter(
            lambda e: e.change.article is not None and e.change.article.code is code
        )

    def offence(self, text: str) -> PenaltyView:
        """
        Changes whose offence contains *text*, folded like
        :meth:`ReformSet.search <kzreforms.ReformSet.search>` (case, accents
        and typographic quotes ignored; matched from the start of a word):
        ``offence("trafficking")``.

        Raises:
            QueryError: *text* is empty or blank.
        """
        if not isinstance(text, str):
            raise InvalidTypeError("text", text, "a str")
        q = fold(text).strip()
        if not q:
            raise QueryError("offence(): give some text to look for")
        return self._filter(lambda e: phrase_in(q, fold(e.change.offence)))

    def where(self, predicate: Callable[[PenaltyEntry], bool]) -> PenaltyView:
        """Changes for which *predicate* returns true."""
        if not callable(predicate):
            raise InvalidTypeError("predicate", predicate, "a callable taking a PenaltyEntry")
        return self._filter(predicate)

    def reforms(self) -> ReformSet:
        """
        The reforms these changes belong to (with the sources of the
        collection the view came from).
        """
        ids = {e.reform.id: e.reform for e in self._entries}
        if self._origin is not None:
            return self._origin._with_ids(ids)
        from ._collection import ReformSet  # noqa: PLC0415 - named upward step (see tests)

        return ReformSet(ids.values())

    def rows(self) -> list[PenaltyRow]:
        """One flat dict per penalty change (columns in docs/exports.md)."""
        from ._tables import penalty_rows  # noqa: PLC0415 - tables load on first use

        return penalty_rows(self)

    def to_csv(self, path: str | Path | None = None, *, escape_formulas: bool = True) -> str:
        """
        The penalty table as CSV text; also written to *path* (atomically) when
        given.  Cells a spreadsheet would run as a formula get a ``'`` in front
        unless *escape_formulas* is false.
        """
        from ._formats import to_csv  # noqa: PLC0415

        return to_csv(self, path, table="penalties", escape_formulas=escape_formulas)

    def to_pandas(self) -> pd.DataFrame:
        """The penalty table as a typed pandas DataFrame (needs the ``pandas`` extra)."""
        from ._formats import to_pandas  # noqa: PLC0415

        frame: pd.DataFrame = to_pandas(self, "penalties")
        return frame

    def to_arrow(self) -> pa.Table:
        """The penalty table as a pyarrow Table (needs the ``pyarrow`` extra)."""
        from ._formats import to_arrow  # noqa: PLC0415

        table: pa.Table = to_arrow(self, "penalties")
        return table

    def to_parquet(self, path: str | Path) -> Path:
        """Write the penalty table to a Parquet file, atomically (needs the ``pyarrow`` extra)."""
        from ._formats import write_parquet  # noqa: PLC0415

        return write_parquet(self, path, table="penalties")

    def to_polars(self) -> pl.DataFrame:
        """
        The penalty table as a typed polars DataFrame (needs the ``polars`` extra),
        typed like ``ReformSet.to_polars("penalties")``.

        .. versionadded:: 0.2.0
        """
        from ._publish import to_polars  # noqa: PLC0415

        return to_polars(self, "penalties")

    def _repr_html_(self) -> str:
        from ._display import penalty_view_html  # noqa: PLC0415

        return penalty_view_html(self)


def sort_entries(entries: tuple[PenaltyEntry, ...]) -> tuple[PenaltyEntry, ...]:
    def key(e: PenaltyEntry) -> tuple[Any, ...]:
        return (
            tuple(-x for x in e.severity),
            chrono_key(e.reform),
            e.change.article.key if e.change.article else (),
            e.change.offence,
        )

    return tuple(sorted(entries, key=key))
