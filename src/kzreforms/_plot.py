# SPDX-License-Identifier: MIT
"""
A timeline plot: every milestone, one row per top-level topic, over time.

Needs the ``plot`` extra (matplotlib), imported on first use.  No pyplot
state is touched when no axes are given: a bare :class:`matplotlib.figure.
Figure` is created, so the function is safe on headless machines (Agg) and in
threads.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ._dates import DateLike, PartialDate
from ._errors import MissingExtraError
from ._model import Reform, Stage
from ._topics import TAXONOMY, Topic

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_timeline"]

_MARKERS: dict[str, str] = {"key": "o", "chain": "|", "other": "x"}


def _matplotlib() -> tuple[Any, Any, Any]:
    try:
        import matplotlib.dates as mdates  # noqa: PLC0415
        from matplotlib.figure import Figure  # noqa: PLC0415
        from matplotlib.lines import Line2D  # noqa: PLC0415
    except ImportError as e:
        msg = 'plot_timeline() needs matplotlib: pip install "kzreforms[plot]"'
        raise MissingExtraError(msg, name="matplotlib", extra="plot") from e
    return Figure, mdates, Line2D


def _mid(earliest: dt.date, latest: dt.date) -> dt.date:
    return earliest + (latest - earliest) / 2


def plot_timeline(
    rs: Iterable[Reform],
    ax: Axes | None = None,
    *,
    start: DateLike | None = None,
    end: DateLike | None = None,
    title: str | None = "Milestones by topic",
) -> Axes:
    """
    Draw the milestones of *rs* on *ax* (a new figure's axes when ``None``)
    and return the axes.

    Each top-level topic is a row; a reform shows in the row of each of its
    topics' top-level parents.  Circles mark a reform's key date, ticks the
    other lifecycle steps, crosses the events outside the chain.  A date known
    only to the month or year is drawn as a bar over the whole period.

    *start* and *end* (anything date-like) limit the time axis; milestones
    wholly outside are left out.

    Needs the ``plot`` extra: ``pip install "kzreforms[plot]"``.

    >>> import kzreforms
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from kzreforms._plot import plot_timeline
    >>> ax = plot_timeline(kzreforms.reforms())
    >>> ax.get_title()
    'Milestones by topic'
    """
    figure_cls, mdates, Line2D = _matplotlib()  # noqa: N806 - a class
    lo = PartialDate.coerce(start, what="start").earliest if start is not None else dt.date.min
    hi = PartialDate.coerce(end, what="end").latest if end is not None else dt.date.max
    records = list(rs)
    if ax is None:
        fig = figure_cls(figsize=(11, 6), layout="constrained")
        ax = fig.add_subplot()
    return _draw(ax, records, lo, hi, (start, end, title), mdates, Line2D)


def _draw(  # noqa: PLR0917 - the parts of one drawing
    axes: Axes,
    records: list[Reform],
    lo: dt.date,
    hi: dt.date,
    options: tuple[DateLike | None, DateLike | None, str | None],
    mdates: Any,
    line2d: Any,
) -> Axes:
    start, end, title = options
    ax: Any = axes  # matplotlib's stubs take numbers where it accepts dates
    order = [t for t in TAXONOMY if any(t in r.all_topics for r in records)]
    rows: dict[Topic, int] = {t: i for i, t in enumerate(reversed(order))}
    colours = {t: f"C{i % 10}" for i, t in enumerate(order)}
    for r in records:
        key = r.date
        for top in {t.parent or t for t in r.topics}:
            y = rows[top]
            for m in r.milestones:
                d = m.date
                if not d.overlaps(lo, hi):
                    continue
                first, last = max(d.earliest, lo), min(d.latest, hi)
                if first != last:
                    ax.plot([first, last], [y, y], color=colours[top], alpha=0.35, linewidth=4)
                style = "key" if d == key else ("chain" if m.stage.in_chain else "other")
                ax.plot(
                    [_mid(first, last)],
                    [y],
                    marker=_MARKERS[style],
                    markersize=7 if style == "key" else 9,
                    color=colours[top],
                    linestyle="none",
                    alpha=0.9 if m.stage is not Stage.REPEALED else 0.4,
                )
    ax.set_yticks(list(rows.values()), [t.value for t in rows])
    ax.set_ylim(-0.8, max(len(rows) - 0.2, 0.8))
    locator = mdates.AutoDateLocator(maxticks=12)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if start is not None or end is not None:
        ax.set_xlim(left=lo if start is not None else None, right=hi if end is not None else None)
    ax.grid(axis="x", alpha=0.3)
    handles = [
        line2d([], [], marker=_MARKERS[k], color="0.3", linestyle="none", label=label)
        for k, label in (
            ("key", "key date"),
            ("chain", "other lifecycle step"),
            ("other", "event outside the chain"),
        )
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    if title:
        ax.set_title(title)
    return axes
