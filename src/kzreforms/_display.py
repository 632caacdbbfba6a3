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
from ._penalties import change_kinds
from ._tables import Column, Table, cell, items, spec

if TYPE_CHECKING:
    from ._collection import ReformSet, TimelineEntry
    from ._model import CitationRef, Penalty, Reform, Source
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
MAX_LINKS = 3
"""Source links shown in one cell of a collection table (the rest is counted)."""

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
        from ._store import packaged_sources  # noqa: PLC0415 - the packaged data on first use

        return packaged_sources()
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


_BRIEF_STYLE = (
    "<style>"
    ".kzreforms-brief h3{margin:0.2em 0}"
    ".kzreforms-brief h4{margin:0.8em 0 0.2em 0}"
    ".kzreforms-brief .kz-meta{color:#555;font-size:90%}"
    ".kzreforms-brief ul,.kzreforms-brief ol{margin-top:0.2em}"
    "</style>"
)


def _url_or_text(text: str, url: str | None) -> str:
    """*text* escaped, linked to *url* only if it is an http(s) address."""
    if url and url.startswith(("https://", "http://")):
        return f'<a href="{_e(url)}" target="_blank" rel="noopener">{_e(text)}</a>'
    return _e(text)


def _cite_groups(r: Reform, refs: Iterable[CitationRef]) -> list[tuple[str, int | None, str]]:
    """``(source id, its number in the record's sources, locators)`` per cited source."""
    numbers = {sid: n for n, sid in enumerate(dict.fromkeys(c.source for c in r.citations), 1)}
    groups: dict[str, list[str]] = {}
    for ref in refs:
        groups.setdefault(ref.source, []).append(ref.locator)
    return [(sid, numbers.get(sid), ", ".join(locs)) for sid, locs in groups.items()]


def cited_text(r: Reform, refs: Iterable[CitationRef]) -> str:
    """
    A fact's citations in plain text, compactly: the number of each source in
    the record's list of sources, then the passages: ``[1: ¶6, ¶8; 3: §2]``
    (empty when there are none).
    """
    groups = _cite_groups(r, refs)
    if not groups:
        return ""
    return "[" + "; ".join(f"{n or sid}: {locs}" for sid, n, locs in groups) + "]"


def _cited(r: Reform, refs: Iterable[CitationRef]) -> str:
    """:func:`cited_text` in HTML, each source's id shown on hover."""
    groups = _cite_groups(r, refs)
    if not groups:
        return ""
    parts = [
        f'<abbr title="{_e(sid)}">{_e(n or sid)}</abbr>: {_e(locs)}' for sid, n, locs in groups
    ]
    return f' <span class="kz-meta">[{"; ".join(parts)}]</span>'


def _section(title: str, body: str) -> str:
    return f"<h4>{_e(title)}</h4>{body}" if body else ""


def _brief_milestones(r: Reform) -> str:
    rows = [
        [
            f"<nobr>{_e(m.date)}</nobr>",
            _e(m.stage.value),
            _e(m.note or "") + _cited(r, m.citations),
        ]
        for m in r.milestones
    ]
    return _plain_table(["date", "stage", "note"], rows)


def _plain_table(header: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return ""
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _brief_acts(r: Reform) -> str:
    items = []
    for a in r.acts:
        text = _url_or_text(a.title, a.url)
        if a.number:
            text += f" No.&nbsp;{_e(a.number)}"
        if a.date:
            text += f" of {_e(a.date)}"
        items.append(f"<li>{text} ({_e(a.kind.value)}){_cited(r, a.citations)}</li>")
    return f"<ul>{''.join(items)}</ul>" if items else ""


def _brief_penalties(r: Reform) -> str:
    rows = [
        [
            _e(c.article or ""),
            _e(c.offence)
            + (f'<br><span class="kz-meta">{_e(c.note)}</span>' if c.note else "")
            + _cited(r, c.citations),
            _e(_penalty(c.before)),
            _e(_penalty(c.after)),
            _e(", ".join(change_kinds(c))),
        ]
        for c in r.penalty_changes
    ]
    return _plain_table(["article", "offence", "before", "after", "change"], rows)


def _brief_figures(r: Reform) -> str:
    items = [
        f"<li>{_e(f.label)}: <b>{_e(f.value)}</b> {_e(f.unit)}"
        + (f" (as of {_e(f.as_of)})" if f.as_of else "")
        + (f" &mdash; {_e(f.note)}" if f.note else "")
        + f"{_cited(r, f.citations)}</li>"
        for f in r.figures
    ]
    return f"<ul>{''.join(items)}</ul>" if items else ""


def _brief_measures(r: Reform) -> str:
    items = [f"<li>{_e(m.text)}{_cited(r, m.citations)}</li>" for m in r.measures]
    return f"<ul>{''.join(items)}</ul>" if items else ""


def _brief_list(texts: Iterable[str]) -> str:
    items = [f"<li>{_e(t)}</li>" for t in texts]
    return f"<ul>{''.join(items)}</ul>" if items else ""


def _brief_discrepancies(r: Reform, registry: Mapping[str, Source]) -> str:
    items = []
    for d in r.discrepancies:
        who = _link(d.citation.source, registry)
        src = registry.get(d.citation.source)
        if src is not None:
            who = f"{_e(src.publisher)} ({who})"
        at = f", {_e(d.citation.locator)}" if d.citation.locator else ""
        items.append(
            f"<li><b>{_e(d.subject)}</b>: {who}{at} says: {_e(d.claim)}<br>Kept: {_e(d.note)}"
            f' <span class="kz-meta">(disputes <code>{_e(d.path)}</code>)</span></li>'
        )
    return f"<ul>{''.join(items)}</ul>" if items else ""


def _brief_sources(r: Reform, registry: Mapping[str, Source]) -> str:
    from ._cite import citations_by_source, format_source, where_cited  # noqa: PLC0415

    items = []
    for sid, cits in citations_by_source(r):
        src = registry.get(sid)
        text = _e(format_source(src)) if src is not None else "(not in the source registry)"
        items.append(
            f"<li>{_link(sid, registry)}: {text}"
            f'<br><span class="kz-meta">{_e(where_cited(cits))}</span></li>'
        )
    return f"<ol>{''.join(items)}</ol>"


def reform_html(r: Reform, sources: Mapping[str, Source] | None = None) -> str:
    """
    HTML for one reform, as a briefing: title, summary, key dates, acts,
    penalty changes (before and after), figures, measures, the disagreements
    between sources, and the sources, each once with its locators and
    confidence.  Every piece of text is escaped; links are made only for
    ``http(s)`` addresses.
    """
    registry = _registry(sources)
    meta = [
        f"<code>{_e(r.id)}</code>",
        _e(r.kind.value),
        f"key date {_e(r.date)}",
        "topics: " + _e(", ".join(sorted(t.value for t in r.topics))),
    ]
    if r.bodies:
        meta.append("bodies: " + _e(", ".join(r.bodies)))
    if r.related:
        meta.append("related: " + _e(", ".join(r.related)))
    n = len({c.source for c in r.citations})
    parts = [
        f'<div class="kzreforms kzreforms-brief">{_STYLE}{_BRIEF_STYLE}',
        f"<h3>{_e(r.title)}</h3>",
        f'<p class="kz-meta">{" &middot; ".join(meta)}</p>',
        f"<p>{_e(r.summary)}</p>",
        _section("Key dates", _brief_milestones(r)),
        _section("Legal acts", _brief_acts(r)),
        _section("Penalty changes", _brief_penalties(r)),
        _section("Figures", _brief_figures(r)),
        _section("Measures", _brief_measures(r)),
        _section("Notes", _brief_list(r.notes)),
        _section("Disagreements between sources", _brief_discrepancies(r, registry)),
        _section(f"Sources ({n})", _brief_sources(r, registry)),
        "</div>",
    ]
    return "".join(parts)


def _html_cell(col: Column, value: Any, registry: Mapping[str, Source]) -> str:
    """One cell of a table spec's column, escaped; source ids become links."""
    if value is None:
        return ""
    if col.name == "sources":
        # Each source once, and at most a few per row, so that a collection
        # of 100+ records stays readable (the record's own display lists all).
        ids = list(dict.fromkeys(value))
        shown = _links(ids[:MAX_LINKS], registry)
        more = len(ids) - MAX_LINKS
        return shown + (f" <small>+{more} more</small>" if more > 0 else "")
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
        f"article={None if c.article is None else str(c.article)!r}, after={str(c.after)!r})"
    )


def timeline_entry_repr(e: TimelineEntry) -> str:
    """A one-line repr naming the reform by id instead of printing it whole."""
    return f"TimelineEntry(date={str(e.date)!r}, stage={e.stage.value!r}, reform={e.reform.id!r})"


def _penalty(p: Penalty | None) -> str:
    return "(none)" if p is None else str(p)
