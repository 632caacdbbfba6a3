# SPDX-License-Identifier: MIT
"""
Rich display in Jupyter (``_repr_html_``) and readable reprs.

Every piece of record text is HTML-escaped; source links are only made for
``http(s)`` addresses.  Nothing here imports a third-party package.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ._errors import KzReformsError
from ._tables import Column, Table, cell, items, spec

if TYPE_CHECKING:
    from ._collection import ReformSet, TimelineEntry
    from ._model import Reform, Source
    from ._penalties import PenaltyEntry, PenaltyView

__all__ = [
    "MAX_ROWS",
    "penalty_entry_repr",
    "penalty_view_html",
    "reform_html",
    "reform_set_html",
    "timeline_entry_repr",
]

MAX_ROWS = 30
"""Rows shown before a table is cut short (the rest is counted)."""

_STYLE = (
    "<style>"
    ".kzreforms table{border-collapse:collapse;font-size:90%}"
    ".kzreforms th,.kzreforms td{text-align:left;vertical-align:top;padding:2px 6px}"
    ".kzreforms caption{text-align:left;font-weight:bold}"
    "</style>"
)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _registry(
    sources: Mapping[str, Source] | None, rs: ReformSet | None = None
) -> Mapping[str, Source]:
    """*sources*, else those *rs* carries, else the packaged ones (ids only if unreadable)."""
    if sources is not None:
        return sources
    try:
        if rs is not None:
            return rs.sources
        from ._store import dataset  # noqa: PLC0415 - the packaged data on first use

        return dataset().sources
    except KzReformsError:  # the packaged data failed to load: show ids only
        return {}


def _link(sid: str, registry: Mapping[str, Source]) -> str:
    src = registry.get(sid)
    if src is None:
        return f"<code>{_e(sid)}</code>"
    tip = f"{src.title} ({src.publisher}"
    tip += f", {src.published})" if src.published else ")"
    url = src.url or ""
    if url.startswith(("https://", "http://")):
        return f'<a href="{_e(url)}" title="{_e(tip)}" target="_blank" rel="noopener">{_e(sid)}</a>'
    return f'<span title="{_e(tip)}">{_e(sid)}</span>'


def _links(ids: Iterable[str], registry: Mapping[str, Source]) -> str:
    return ", ".join(_link(s, registry) for s in ids)


def _table(caption: str, header: list[str], rows: list[list[str]], more: int) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    tail = f'<tr><td colspan="{len(header)}">... and {more} more</td></tr>' if more > 0 else ""
    return (
        f'<div class="kzreforms">{_STYLE}<table><caption>{_e(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}{tail}</tbody></table></div>"
    )


_REFORM_HEADER = ["date", "id", "title", "kind", "topics", "sources"]


def _reform_row(r: Reform, registry: Mapping[str, Source]) -> list[str]:
    return [
        f"<nobr>{_e(r.date)}</nobr>",
        f"<code>{_e(r.id)}</code>",
        _e(r.title),
        _e(r.kind.value),
        _e(", ".join(sorted(t.value for t in r.topics))),
        _links((c.source for c in r.citations), registry),
    ]


def reform_html(r: Reform, sources: Mapping[str, Source] | None = None) -> str:
    """HTML for one reform: the compact row, then its summary and milestones."""
    registry = _registry(sources)
    table = _table(f"Reform {r.id}", _REFORM_HEADER, [_reform_row(r, registry)], 0)
    steps = "".join(
        f"<li>{_e(m.date)} {_e(m.stage.value)}" + (f": {_e(m.note)}" if m.note else "") + "</li>"
        for m in r.milestones
    )
    return table.removesuffix("</div>") + f"<p>{_e(r.summary)}</p><ul>{steps}</ul></div>"


def _html_cell(col: Column, value: Any, registry: Mapping[str, Source]) -> str:
    """One cell of a table spec's column, escaped; source ids become links."""
    if value is None:
        return ""
    if col.name == "sources":
        return _links(value, registry)
    if col.type == "date":
        return f"<nobr>{_e(value)}</nobr>"
    if col.name in ("id", "reform_id"):
        return f"<code>{_e(value)}</code>"
    if col.type == "list":
        return _e(", ".join(value))
    return _e(cell(col, value))


def _spec_html(
    caption: str, table: Table, things: list[Any], total: int, registry: Mapping[str, Source]
) -> str:
    """The :attr:`TableSpec.html` columns of *table* for *things* (the first rows of *total*)."""
    sp = spec(table)
    cols = [sp.column(n) for n in sp.html]
    rows = [[_html_cell(c, c.get(x), registry) for c in cols] for x in items(things, table)]
    return _table(caption, [c.name for c in cols], rows, total - len(things))


def reform_set_html(
    rs: ReformSet, sources: Mapping[str, Source] | None = None, max_rows: int = MAX_ROWS
) -> str:
    """HTML for a collection: one row per reform, at most *max_rows* rows."""
    registry = _registry(sources, rs)
    caption = f"ReformSet: {len(rs)} reform{'s' if len(rs) != 1 else ''}"
    return _spec_html(caption, "reforms", list(rs[:max_rows]), len(rs), registry)


def penalty_view_html(
    pv: PenaltyView, sources: Mapping[str, Source] | None = None, max_rows: int = MAX_ROWS
) -> str:
    """HTML for penalty changes, most severe first, at most *max_rows* rows."""
    registry = _registry(sources, pv._origin)
    caption = f"PenaltyView: {len(pv)} penalty change{'s' if len(pv) != 1 else ''}"
    return _spec_html(caption, "penalties", list(pv[:max_rows]), len(pv), registry)


def penalty_entry_repr(e: PenaltyEntry) -> str:
    """A one-line repr naming the reform by id instead of printing it whole."""
    c = e.change
    return (
        f"PenaltyEntry(reform={e.reform.id!r}, offence={c.offence!r}, "
        f"article={c.article!r}, after={str(c.after)!r})"
    )


def timeline_entry_repr(e: TimelineEntry) -> str:
    """A one-line repr naming the reform by id instead of printing it whole."""
    return f"TimelineEntry(date={str(e.date)!r}, stage={e.stage.value!r}, reform={e.reform.id!r})"
