# SPDX-License-Identifier: MIT
"""
One provision's penalty over time: :class:`ArticleHistory` (its recorded
changes in order of their effective dates) and :class:`ArticleState` (the
penalty on a day, or why it cannot be told).

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Literal, overload

import attrs

from ._articles import CODE_START, ArticleRef
from ._dates import PartialDate, Precision
from ._errors import InvalidTypeError, QueryError, UnknownNameError
from ._index import FrozenRecord
from ._model import Penalty
from ._penalties import PenaltyEntry

if TYPE_CHECKING:
    from pathlib import Path  # PERF (benchmarks/): not imported by a first query

    import pandas as pd

    from ._tables import HistoryRow

__all__ = ["ArticleHistory", "ArticleState", "history"]

Status = Literal["known", "ambiguous", "unknown"]


def _same(a: Penalty | None, b: Penalty | None) -> bool:
    """Equal penalties, notes aside (``None``: no offence)."""
    if a is None or b is None:
        return a is b
    return attrs.evolve(a, note=None) == attrs.evolve(b, note=None)


def _show(p: Penalty | None) -> str:
    return "no offence" if p is None else str(p)


class ArticleState(FrozenRecord):
    """
    The penalty a provision carried on one day.

    ``status`` is ``"known"`` (``penalty`` holds it; ``None`` there means the
    provision set no offence), ``"ambiguous"`` (``candidates`` lists every
    penalty that may have applied, because a change's date is known only to
    a month or a year, or not at all) or ``"unknown"`` (the library cannot
    say: e.g. a day before the Code took effect).  ``reason`` says which and
    why; ``since`` is the change that set a known penalty (``None`` before
    the first recorded change).

    Frozen, compared and hashed by its fields (a hand-written record, not an
    attrs class: see :class:`kzreforms._index.FrozenRecord`).

    .. versionadded:: 0.2.0
    """

    __slots__ = (
        "__weakref__",
        "candidates",
        "on",
        "penalty",
        "reason",
        "ref",
        "since",
        "status",
    )
    __match_args__ = ("ref", "on", "status", "penalty", "candidates", "since", "reason")
    ref: ArticleRef
    on: dt.date
    status: Status
    penalty: Penalty | None
    candidates: tuple[Penalty | None, ...]
    since: PenaltyEntry | None
    reason: str

    def __init__(  # noqa: PLR0917 - positional like the attrs class it was
        self,
        ref: ArticleRef,
        on: dt.date,
        status: Status,
        penalty: Penalty | None = None,
        candidates: tuple[Penalty | None, ...] = (),
        since: PenaltyEntry | None = None,
        reason: str = "",
    ) -> None:
        set_ = object.__setattr__
        set_(self, "ref", ref)
        set_(self, "on", on)
        set_(self, "status", status)
        set_(self, "penalty", penalty)
        set_(self, "candidates", candidates)
        set_(self, "since", since)
        set_(self, "reason", reason)

    @property
    def known(self) -> bool:
        """Whether the penalty on that day is known."""
        return self.status == "known"

    def __str__(self) -> str:
        head = f"{self.ref} on {self.on.isoformat()}"
        if self.status == "known":
            return f"{head}: {_show(self.penalty)} ({self.reason})"
        if self.status == "ambiguous":
            alts = " | ".join(_show(c) for c in self.candidates)
            return f"{head}: ambiguous, one of: {alts} ({self.reason})"
        return f"{head}: unknown ({self.reason})"


def _window(e: PenaltyEntry, later: Sequence[PenaltyEntry]) -> tuple[dt.date, dt.date | None, str]:
    """
    (earliest, latest or None when open-ended, why) of the day *e* applied from.

    An undated change applies no earlier than its reform's key date (the
    act's signing: a law is not in force before it exists), and no later than
    the key date of a later reform whose ``before`` records *e*'s ``after``
    (that reform found the change in force).
    """
    eff = e.effective
    if eff.date is not None:
        return eff.date.earliest, eff.date.latest, f"in force {eff.date}"
    seen = [n.reform.date.latest for n in later if _same(n.change.before, e.change.after)]
    high = min(seen) if seen else None
    return e.reform.date.earliest, high, f"date unknown: {eff.reason}"


def _order_key(e: PenaltyEntry) -> tuple[object, ...]:
    eff = e.effective
    key = eff.date.sort_key if eff.date is not None else e.reform.date.sort_key
    return (key, e.reform.date.sort_key, e.reform.id)


class ArticleHistory(Sequence[PenaltyEntry]):
    """
    The recorded changes to one provision, in order of their effective dates
    (an undated change sits at its reform's date).

    :meth:`at` gives the penalty in force on a day.  Build one with
    :func:`kzreforms.article` or :meth:`ReformSet.article`.

    .. versionadded:: 0.2.0
    """

    __slots__ = ("_entries", "_ref")

    def __init__(self, ref: ArticleRef | str, entries: Iterable[PenaltyEntry]) -> None:
        r = ArticleRef.parse(ref)
        items = tuple(entries)
        for e in items:
            if not isinstance(e, PenaltyEntry):
                raise InvalidTypeError("entries", e, "PenaltyEntry objects")
            if e.change.article != r:
                raise QueryError(f"ArticleHistory({r}): entry for {e.change.article} given")
        self._ref = r
        self._entries = tuple(sorted(items, key=_order_key))

    @property
    def ref(self) -> ArticleRef:
        """The provision."""
        return self._ref

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[PenaltyEntry]:
        return iter(self._entries)

    @overload
    def __getitem__(self, index: int) -> PenaltyEntry: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[PenaltyEntry, ...]: ...

    def __getitem__(self, index: int | slice) -> PenaltyEntry | tuple[PenaltyEntry, ...]:
        return self._entries[index]

    def __repr__(self) -> str:
        return f"ArticleHistory({str(self._ref)!r}, {len(self)} changes)"

    def __str__(self) -> str:
        lines = [f"{self._ref}: {len(self)} recorded change(s)"]
        for e in self._entries:
            before = "(none)" if e.change.before is None else str(e.change.before)
            lines.append(
                f"  {e.effective}  {e.reform.id}: {before} -> {e.change.after}"
                f"  [{e.change.offence}]"
            )
        return "\n".join(lines)

    def rows(self) -> list[HistoryRow]:
        """One flat dict per change, in order (the ``history`` table of docs/exports.md)."""
        from ._tables import rows  # noqa: PLC0415 - tables load on first use

        return rows(self, "history")

    def to_csv(self, path: str | Path | None = None, *, escape_formulas: bool = True) -> str:
        """
        The ``history`` table as CSV text; also written to *path* (atomically)
        when given.  Formula-like cells get a ``'`` in front unless
        *escape_formulas* is false.
        """
        from ._formats import to_csv  # noqa: PLC0415

        return to_csv(self, path, table="history", escape_formulas=escape_formulas)

    def to_pandas(self) -> pd.DataFrame:
        """The ``history`` table as a typed pandas DataFrame (needs the ``pandas`` extra)."""
        from ._formats import to_pandas  # noqa: PLC0415

        frame: pd.DataFrame = to_pandas(self, "history")
        return frame

    def at(self, on: dt.date | PartialDate | str) -> ArticleState:
        """
        The penalty in force on the day *on* (a date, or a str such as
        ``"2022-01-01"``).

        Before the first recorded change it is that change's ``before``.  A
        change whose date is known only to a month or a year makes days in
        that period ambiguous; a change with no known date makes every later
        day ambiguous, unless all candidates are the same penalty.  A day
        before the Code took effect is unknown.

        Raises:
            QueryError: *on* is not a single day (e.g. ``"2020"``).
            DateParseError: *on* is a str that is not a date.
        """
        day = _day(on)
        ref = self._ref
        start = CODE_START.get(ref.code)
        if start is not None and day < start:
            return ArticleState(
                ref,
                day,
                "unknown",
                reason=f"before the current {ref.code.title} took effect on {start.isoformat()}",
            )
        first = self._entries[0].change.before if self._entries else None
        base: Penalty | None = first
        base_entry: PenaltyEntry | None = None
        base_why = ""
        maybe: list[tuple[PenaltyEntry, str]] = []
        for i, e in enumerate(self._entries):
            low, high, why = _window(e, self._entries[i + 1 :])
            if high is not None and high <= day:
                # applied for certain by *day*: earlier doubts are settled
                base, base_entry, maybe = e.change.after, e, []
                base_why = why if e.effective.known else f"in force by {high} (exact date unknown)"
            elif day >= low:
                maybe.append((e, why))
        candidates: list[Penalty | None] = [base]
        for e, _ in maybe:
            if not any(_same(c, e.change.after) for c in candidates):
                candidates.append(e.change.after)
        if len(candidates) == 1:
            if base_entry is None:
                reason = (
                    "before the first recorded change"
                    if not maybe
                    else "every change that may have applied leaves it the same"
                )
            else:
                reason = f"set by {base_entry.reform.id}, {base_why}"
                if maybe:
                    reason += "; later changes that may have applied leave it the same"
            return ArticleState(ref, day, "known", base, (base,), base_entry, reason)
        why = "; ".join(f"{e.reform.id}: {w}" for e, w in maybe)
        return ArticleState(
            ref, day, "ambiguous", None, tuple(candidates), base_entry, f"may have changed ({why})"
        )


def _day(on: dt.date | PartialDate | str) -> dt.date:
    if isinstance(on, dt.datetime):
        return on.date()
    if isinstance(on, dt.date):
        return on
    p = PartialDate.coerce(on, what="on")
    if p.precision is not Precision.DAY:
        raise QueryError(
            f"at(): {on!r} is not a single day; give a day such as '2022-01-01' "
            "(the penalty may differ within a month or a year)"
        )
    return p.earliest


def history(entries: Iterable[PenaltyEntry], ref: ArticleRef | str) -> ArticleHistory:
    """
    The history of the provision *ref* among *entries*.

    Raises:
        UnknownNameError: No change to *ref* is recorded (the message names
            its parts that have changes, or close matches).
        ArticleParseError: *ref* is not an article reference.
    """
    r = ArticleRef.parse(ref)
    items = tuple(entries)
    mine = [e for e in items if e.change.article == r]
    if mine:
        return ArticleHistory(r, mine)
    known = sorted({e.change.article for e in items if e.change.article is not None})
    parts = [a for a in known if a != r and r.contains(a)]
    hint = None
    if parts:
        hint = f"{r} itself has no recorded change; its parts do: " + ", ".join(map(str, parts))
    else:
        around = [a for a in r.ancestors() if a in known]
        if around:
            hint = f"changes are recorded for {', '.join(map(str, around))}, which contains {r}"
    raise UnknownNameError(
        "article with recorded changes", str(r), [str(a) for a in known], hint=hint
    )
