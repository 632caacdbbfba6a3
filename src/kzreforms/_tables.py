# SPDX-License-Identifier: MIT
"""
The table layer: typed column specifications and the flat rows every
output is made from.

Four tables are offered, each described by a :class:`TableSpec` in
:data:`SPECS` (``docs/exports.md`` lists every column):

- ``"reforms"``: one row per reform (:class:`ReformRow`);
- ``"penalties"``: one row per penalty change, most severe first
  (:class:`PenaltyRow`);
- ``"timeline"``: one row per milestone, in date order (:class:`TimelineRow`);
- ``"sources"``: one row per source, by id (:class:`SourceRow`).

A :class:`Column` has a name, a type (text, int, bool, date, category,
list), a getter that reads the typed value straight from the record, and a
description.  A date column is written as the date plus a
``<name>_precision`` companion column.  Every writer (CSV, TSV, markdown,
JSON rows, pandas, Arrow / Parquet, the command line, the HTML tables) asks
the spec for its columns and the getters for its values: nothing is turned
into text and parsed back.

.. versionadded:: 0.1.0
.. versionchanged:: 0.2.0
   Typed column specifications; the ``timeline`` and ``sources`` tables;
   every sanction of a penalty in the ``penalties`` table.
"""

from __future__ import annotations

import enum
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Literal, TypedDict, overload

import attrs

from ._collection import ReformSet, TimelineEntry
from ._dates import PartialDate, Precision
from ._errors import InvalidTypeError, UnknownNameError
from ._history import ArticleHistory, ArticleState, _order_key
from ._model import (
    Confidence,
    Discrepancy,
    Gravity,
    Liability,
    Penalty,
    Quantity,
    Reform,
    ReformKind,
    Source,
    SourceKind,
    Stage,
    Term,
    TitleLang,
)
from ._penalties import PenaltyEntry, PenaltyView, change_kinds
from ._topics import TAXONOMY, Topic

__all__ = [
    "DATE_COLUMNS",
    "DISCREPANCY_COLUMNS",
    "HISTORY_COLUMNS",
    "PENALTY_COLUMNS",
    "REFORM_COLUMNS",
    "SOURCE_COLUMNS",
    "SPECS",
    "STATE_COLUMNS",
    "TABLES",
    "TIMELINE_COLUMNS",
    "TOPIC_COLUMNS",
    "Column",
    "ColumnType",
    "DiscrepancyEntry",
    "DiscrepancyRow",
    "HistoryRow",
    "PenaltyRow",
    "ReformRow",
    "SourceRow",
    "StateRow",
    "Table",
    "TableSpec",
    "TimelineRow",
    "TopicEntry",
    "TopicRow",
    "columns",
    "items",
    "penalty_row",
    "penalty_rows",
    "reform_rows",
    "rows",
    "spec",
    "to_records",
]

Table = Literal[
    "reforms", "penalties", "timeline", "sources", "discrepancies", "history", "states", "topics"
]
TABLES: tuple[str, ...] = (
    "reforms",
    "penalties",
    "timeline",
    "sources",
    "discrepancies",
    "history",
    "states",
    "topics",
)
LIST_SEP = ";"
"""Separator of slug lists (topics, source ids, related ids) in text cells."""
TEXT_SEP = " | "
"""Separator of free-text lists (acts, bodies, measures, bans) in text cells."""

ColumnType = Literal["text", "int", "bool", "date", "category", "list"]
"""The types a column can have (see :class:`Column`)."""


# ---------------------------------------------------------------------------
# Column specifications
# ---------------------------------------------------------------------------


@attrs.frozen
class Column:
    """
    One column of a flat table.

    Attributes:
        name: The column name, the same in every format.
        type: ``"text"``, ``"int"``, ``"bool"``, ``"date"`` (a
            :class:`PartialDate`; written beside a ``<name>_precision``
            category column), ``"category"`` (an enum member, with its
            :attr:`levels`, :attr:`ordered` where the enum is) or ``"list"``
            (a tuple of text, joined with :attr:`sep` in text cells).
        get: Reads the typed value (or ``None`` for missing) from one item
            of the table (a reform, a penalty entry, a timeline entry or a
            source).
        description: What the column holds (shown in ``docs/exports.md``).
        levels: The category levels, in the enum's order.
        ordered: Whether the levels are ordered (comparisons make sense).
        sep: The separator of a list in text cells.

    .. versionadded:: 0.2.0
    """

    name: str
    type: ColumnType
    get: Callable[[Any], Any] = attrs.field(eq=False, repr=False)
    description: str = ""
    levels: tuple[str, ...] = ()
    ordered: bool = False
    sep: str = LIST_SEP

    def plain(self, item: object) -> Any:
        """The JSON-ready value of this column for *item* (the value in :func:`rows`)."""
        return plain(self, self.get(item))

    def text(self, item: object) -> str:
        """The value of this column for *item* as one text cell ("" when missing)."""
        return cell(self, self.get(item))


@attrs.frozen
class TableSpec:
    """
    A flat table: its name, what one row is, its columns, the columns an
    aligned terminal table shows (:attr:`brief`) and those a notebook's HTML
    table shows (:attr:`html`).  Every other format has every column.

    .. versionadded:: 0.2.0
    """

    name: str
    row: str
    columns: tuple[Column, ...]
    brief: tuple[str, ...]
    html: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """The column names, in order."""
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        """The column called *name*."""
        for c in self.columns:
            if c.name == name:
                return c
        raise UnknownNameError(f"{self.name} column", name, list(self.names))

    def dates(self) -> tuple[str, ...]:
        """The names of the date columns (each has a ``_precision`` companion)."""
        return tuple(c.name for c in self.columns if c.type == "date")


def _levels(cls: type[enum.Enum]) -> tuple[str, ...]:
    return tuple(str(m.value) for m in cls)


def _text(name: str, get: Callable[[Any], Any], description: str) -> list[Column]:
    return [Column(name, "text", get, description)]


def _int(name: str, get: Callable[[Any], Any], description: str) -> list[Column]:
    return [Column(name, "int", get, description)]


def _bool(name: str, get: Callable[[Any], Any], description: str) -> list[Column]:
    return [Column(name, "bool", get, description)]


def _list(
    name: str, get: Callable[[Any], Any], description: str, sep: str = LIST_SEP
) -> list[Column]:
    return [Column(name, "list", get, description, sep=sep)]


def _category(
    name: str,
    cls: type[enum.Enum],
    get: Callable[[Any], Any],
    description: str,
    *,
    ordered: bool,
) -> list[Column]:
    return [Column(name, "category", get, description, _levels(cls), ordered)]


def _precision_of(get: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def precision(item: object) -> Precision | None:
        d = get(item)
        return None if d is None else d.precision

    return precision


def _date(name: str, get: Callable[[Any], Any], description: str) -> list[Column]:
    return [
        Column(name, "date", get, description),
        Column(
            f"{name}_precision",
            "category",
            _precision_of(get),
            f"how much of `{name}` is known: year, month or day",
            _levels(Precision),
            ordered=True,
        ),
    ]


def _spec(
    name: str, row: str, views: tuple[Sequence[str], Sequence[str]], *groups: list[Column]
) -> TableSpec:
    cols = tuple(c for g in groups for c in g)
    names = [c.name for c in cols]
    brief, html = views
    assert len(set(names)) == len(names), names  # noqa: S101 - a spec is built once, at import
    assert set(brief) | set(html) <= set(names), views  # noqa: S101
    return TableSpec(name, row, cols, tuple(brief), tuple(html))


# ---------------------------------------------------------------------------
# Values: plain (JSON-ready) and text cells
# ---------------------------------------------------------------------------


def plain(col: Column, value: Any) -> Any:
    """*value* of *col* as JSON-ready data: ISO dates, enum slugs, lists."""
    if value is None:
        return None
    if col.type == "date":
        return str(value)
    if col.type == "category":
        return str(value.value)
    if col.type == "list":
        return list(value)
    return value


def cell(col: Column, value: Any) -> str:
    """*value* of *col* as one text cell: "" for missing, ``true`` / ``false``, joined lists."""
    if value is None:
        return ""
    if col.type == "bool":
        return "true" if value else "false"
    if col.type == "category":
        return str(value.value)
    if col.type == "list":
        return col.sep.join(value)
    return str(value)


# ---------------------------------------------------------------------------
# The tables
# ---------------------------------------------------------------------------

_STAGE_COLUMNS: tuple[tuple[str, Stage], ...] = (
    ("announced", Stage.ANNOUNCED),
    ("adopted", Stage.ADOPTED),
    ("approved", Stage.APPROVED),
    ("signed", Stage.SIGNED),
    ("published", Stage.PUBLISHED),
    ("in_force", Stage.IN_FORCE),
    ("repealed", Stage.REPEALED),
)


def _stage_date(stage: Stage) -> Callable[[Reform], PartialDate | None]:
    def get(r: Reform) -> PartialDate | None:
        m = r.milestone(stage)
        return None if m is None else m.date

    return get


def _last_checked(r: Reform) -> PartialDate | None:
    d = r.last_checked
    return None if d is None else PartialDate(d.year, d.month, d.day)


def _titles(lang: TitleLang) -> Callable[[Reform], tuple[str, ...]]:
    def get(r: Reform) -> tuple[str, ...]:
        return tuple(t for a in r.acts for t in a.titles(lang))

    return get


def _min_confidence(r: Reform) -> Confidence | None:
    return min((c.confidence for c in r.citations), default=None)


REFORMS = _spec(
    "reforms",
    "one reform",
    (
        ("date", "id", "kind", "title", "topics"),
        ("date", "id", "title", "kind", "topics", "sources"),
    ),
    _text("id", lambda r: r.id, "the reform id"),
    _text("title", lambda r: r.title, "short title"),
    _category(
        "kind", ReformKind, lambda r: r.kind, "`law`, `decree`, `action-plan`...", ordered=False
    ),
    _date(
        "date",
        lambda r: r.date,
        "the key date (signed, else adopted, else approved, else the first substantive milestone)",
    ),
    _int("year", lambda r: r.date.year, "year of the key date"),
    _list(
        "topics", lambda r: tuple(sorted(t.value for t in r.topics)), "own (most specific) topics"
    ),
    _list(
        "top_topics",
        lambda r: tuple(sorted({(t.parent or t).value for t in r.topics})),
        "their top-level topics",
    ),
    *(
        _date(name, _stage_date(stage), f"the first milestone at stage `{stage.value}`, if any")
        for name, stage in _STAGE_COLUMNS
    ),
    _text("summary", lambda r: r.summary, "own-words summary"),
    _list(
        "acts",
        lambda r: tuple(str(a) for a in r.acts),
        'legal acts, as "Title No. number of date"',
        TEXT_SEP,
    ),
    _list("act_numbers", lambda r: tuple(a.number for a in r.acts if a.number), "their numbers"),
    _list("bodies", lambda r: tuple(r.bodies), "bodies involved", TEXT_SEP),
    _list(
        "measures", lambda r: tuple(m.text for m in r.measures), "what the reform does", TEXT_SEP
    ),
    _list("notes", lambda r: tuple(r.notes), "editorial caveats (not facts)", TEXT_SEP),
    _list("related", lambda r: tuple(r.related), "ids of related reforms"),
    _list(
        "sources",
        lambda r: tuple(c.source for c in r.citations),
        "ids of the cited sources, in citation order",
    ),
    _int("n_milestones", lambda r: len(r.milestones), "number of milestones"),
    _int("n_penalty_changes", lambda r: len(r.penalty_changes), "number of penalty changes"),
    _int("n_figures", lambda r: len(r.figures), "number of figures"),
    _int("n_discrepancies", lambda r: len(r.discrepancies), "number of recorded discrepancies"),
    _category(
        "min_confidence",
        Confidence,
        _min_confidence,
        "the weakest citation confidence (`low` < `medium` < `high`)",
        ordered=True,
    ),
    # issue 11: freshness, status links, official identifiers
    _date("last_checked", _last_checked, "the day the record's sources were last read"),
    _bool("background", lambda r: r.background, "kept as background (first milestone before 2019)"),
    _list("supersedes", lambda r: tuple(k.reform for k in r.supersedes), "ids of records it ends"),
    _list(
        "superseded_by",
        lambda r: tuple(k.reform for k in r.superseded_by),
        "ids of records that end it (superseded, repealed, replaced or stalled)",
    ),
    _list(
        "adilet", lambda r: tuple(a.adilet for a in r.acts if a.adilet), "adilet codes of its acts"
    ),
    _list("titles_ru", _titles(TitleLang.RU), "official Russian titles of its acts", TEXT_SEP),
    _list("titles_kk", _titles(TitleLang.KK), "official Kazakh titles of its acts", TEXT_SEP),
)


def _side(which: str) -> list[Column]:
    def pen(e: PenaltyEntry) -> Penalty | None:
        p: Penalty | None = getattr(e.change, which)
        return p

    def term(field: str, bound: str) -> Callable[[PenaltyEntry], int | None]:
        def get(e: PenaltyEntry) -> int | None:
            p = pen(e)
            t: Term | Quantity | None = None if p is None else getattr(p, field)
            return None if t is None else getattr(t, bound)

        return get

    def attr(field: str) -> Callable[[PenaltyEntry], Any]:
        def get(e: PenaltyEntry) -> Any:
            p = pen(e)
            return None if p is None else getattr(p, field)

        return get

    def bans(e: PenaltyEntry) -> tuple[str, ...] | None:
        p = pen(e)
        return None if p is None else p.bans

    def gravity(e: PenaltyEntry) -> Gravity | None:
        p = pen(e)
        return None if p is None else p.effective_gravity

    def text(e: PenaltyEntry) -> str | None:
        p = pen(e)
        return None if p is None else str(p)

    w = which
    groups: list[list[Column]] = [
        _category(
            f"{w}_liability",
            Liability,
            attr("liability"),
            "`none` < `civil` < `administrative` < `criminal`",
            ordered=True,
        ),
        _category(
            f"{w}_gravity",
            Gravity,
            gravity,
            "the class of crime, stated or implied by the prison term (Art. 11)",
            ordered=True,
        ),
        _int(f"{w}_min_months", term("imprisonment", "min_months"), "prison term, lower bound"),
        _int(f"{w}_max_months", term("imprisonment", "max_months"), "prison term, upper bound"),
        _bool(f"{w}_life", attr("life"), "life imprisonment available"),
        _bool(f"{w}_death", attr("death"), "death penalty available"),
        _bool(f"{w}_negligent", attr("negligent"), "a negligent crime"),
        _int(
            f"{w}_restriction_min_months",
            term("restriction_of_freedom", "min_months"),
            "restriction of freedom, lower bound in months",
        ),
        _int(
            f"{w}_restriction_max_months",
            term("restriction_of_freedom", "max_months"),
            "restriction of freedom, upper bound in months",
        ),
        _int(f"{w}_fine_min_mci", term("fine_mci", "min"), "fine, lower bound in MCI"),
        _int(f"{w}_fine_max_mci", term("fine_mci", "max"), "fine, upper bound in MCI"),
        _int(f"{w}_arrest_min_days", term("arrest_days", "min"), "arrest, lower bound in days"),
        _int(f"{w}_arrest_max_days", term("arrest_days", "max"), "arrest, upper bound in days"),
        _int(
            f"{w}_community_work_min_hours",
            term("community_work_hours", "min"),
            "community works, lower bound in hours",
        ),
        _int(
            f"{w}_community_work_max_hours",
            term("community_work_hours", "max"),
            "community works, upper bound in hours",
        ),
        _bool(f"{w}_correctional_works", attr("correctional_works"), "correctional works"),
        _int(
            f"{w}_licence_deprivation_min_months",
            term("licence_deprivation", "min_months"),
            "deprivation of a licence or right, lower bound in months",
        ),
        _int(
            f"{w}_licence_deprivation_max_months",
            term("licence_deprivation", "max_months"),
            "deprivation of a licence or right, upper bound in months",
        ),
        _list(f"{w}_bans", bans, "bans on posts or activities, in words", TEXT_SEP),
        _text(f"{w}_text", text, "the whole penalty in words"),
    ]
    return [c for g in groups for c in g]


def _effective() -> list[Column]:
    """When a penalty change applied, and where that date comes from (penalties, history)."""
    return [
        *_date(
            "effective",
            lambda e: e.effective.date,
            "when the change applied: its own date, else the reform's in-force date",
        ),
        *_text(
            "effective_basis",
            lambda e: e.effective.basis,
            "where `effective` comes from: `change`, `reform` or `unknown`",
        ),
    ]


PENALTIES = _spec(
    "penalties",
    "one penalty change",
    (
        (
            "article",
            "offence",
            "before_text",
            "after_text",
            "change_kinds",
            "reform_date",
            "reform_id",
        ),
        (
            "reform_date",
            "reform_id",
            "article",
            "offence",
            "before_text",
            "after_text",
            "change_kinds",
            "sources",
        ),
    ),
    _text("reform_id", lambda e: e.reform.id, "the reform that made the change"),
    _text("reform_title", lambda e: e.reform.title, "its title"),
    _category("reform_kind", ReformKind, lambda e: e.reform.kind, "its kind", ordered=False),
    _date("reform_date", lambda e: e.reform.date, "its key date"),
    _text("offence", lambda e: e.change.offence, "the offence"),
    _text(
        "article",
        lambda e: None if e.change.article is None else str(e.change.article),
        "the provision, canonical (`CC 120(4)`)",
    ),
    _text(
        "article_unknown",
        lambda e: e.change.article_unknown,
        "why the provision is unknown (empty when `article` is given)",
    ),
    _effective(),
    _side("before"),
    _side("after"),
    _bool("is_new", lambda e: e.change.is_new, "the offence did not exist before"),
    _bool("is_criminalisation", lambda e: e.change.is_criminalisation, "became criminal"),
    _bool(
        "is_decriminalisation", lambda e: e.change.is_decriminalisation, "stopped being criminal"
    ),
    _bool("is_harsher", lambda e: e.change.is_harsher, "more severe (or new)"),
    _bool("is_milder", lambda e: e.change.is_milder, "less severe"),
    _list(
        "change_kinds",
        lambda e: tuple(change_kinds(e.change)),
        "the kinds of change that apply, in the order above",
    ),
    _text("note", lambda e: e.change.note, "a note on the change"),
    _list("sources", lambda e: tuple(sorted(e.change.sources)), "ids of the sources, sorted"),
)

TIMELINE = _spec(
    "timeline",
    "one milestone",
    (("date", "stage", "reform_id", "title", "note"),) * 2,
    _date("date", lambda e: e.date, "the milestone's date"),
    _category("stage", Stage, lambda e: e.stage, "the lifecycle stage", ordered=False),
    _text("reform_id", lambda e: e.reform.id, "the reform"),
    _text("title", lambda e: e.reform.title, "its title"),
    _text("note", lambda e: e.note, "a note on the milestone"),
)

SOURCES = _spec(
    "sources",
    "one source",
    (("id", "kind", "published", "publisher", "title", "url"),) * 2,
    _text("id", lambda s: s.id, "the source id"),
    _category("kind", SourceKind, lambda s: s.kind, "the kind of source", ordered=False),
    _date("published", lambda s: s.published, "publication date, if known"),
    _text("publisher", lambda s: s.publisher, "who published it"),
    _text("title", lambda s: s.title, "its title"),
    _text("url", lambda s: s.url, "its address, if any"),
    _text("note", lambda s: s.note, "a note on the source"),
)


@attrs.frozen
class DiscrepancyEntry:
    """
    One recorded disagreement between sources, with the reform that keeps it:
    a row of the ``"discrepancies"`` table.

    .. versionadded:: 0.2.0
    """

    reform: Reform
    discrepancy: Discrepancy


@attrs.frozen
class TopicEntry:
    """
    One topic of the taxonomy with the number of reforms filed under it
    (for a top-level topic, under it or any of its subtopics): a row of the
    ``"topics"`` table.

    .. versionadded:: 0.2.0
    """

    topic: Topic
    parent: Topic | None
    n_reforms: int

    @property
    def level(self) -> int:
        """1 for a top-level topic, 2 for a subtopic."""
        return 1 if self.parent is None else 2


DISCREPANCIES = _spec(
    "discrepancies",
    "one discrepancy between sources",
    (
        ("reform_id", "subject", "source", "locator", "claim", "note"),
        ("reform_id", "subject", "source", "locator", "confidence", "claim", "note", "path"),
    ),
    _text("reform_id", lambda e: e.reform.id, "the reform that records it"),
    _text("reform_title", lambda e: e.reform.title, "its title"),
    _text("subject", lambda e: e.discrepancy.subject, "what the sources disagree on"),
    _text("source", lambda e: e.discrepancy.citation.source, "the source of the other claim"),
    _text("locator", lambda e: e.discrepancy.citation.locator, "where in it the claim stands"),
    _category(
        "confidence",
        Confidence,
        lambda e: e.discrepancy.citation.confidence,
        "how far that source is trusted (`low` < `medium` < `high`)",
        ordered=True,
    ),
    _text("claim", lambda e: e.discrepancy.claim, "what that source says"),
    _text("note", lambda e: e.discrepancy.note, "the value the record keeps, and why"),
    _text(
        "path",
        lambda e: e.discrepancy.path,
        "what it disputes: a path into the record (`milestones[0].date`)",
    ),
)

HISTORY = _spec(
    "history",
    "one recorded change to a provision",
    (("effective", "effective_basis", "reform_id", "before_text", "after_text", "change_kinds"),)
    * 2,
    _text("article", lambda e: str(e.change.article), "the provision, canonical (`CC 128(1)`)"),
    _effective(),
    _text("effective_reason", lambda e: e.effective.reason, "why `effective` is unknown"),
    _text("reform_id", lambda e: e.reform.id, "the reform that made the change"),
    _text("reform_title", lambda e: e.reform.title, "its title"),
    _text("offence", lambda e: e.change.offence, "the offence"),
    _text(
        "before_text",
        lambda e: None if e.change.before is None else str(e.change.before),
        "the penalty before, in words (empty: no offence before)",
    ),
    _text("after_text", lambda e: str(e.change.after), "the penalty after, in words"),
    _list(
        "change_kinds",
        lambda e: tuple(change_kinds(e.change)),
        "the kinds of change that apply (as in the penalties table)",
    ),
    _text("note", lambda e: e.change.note, "a note on the change"),
    _list("sources", lambda e: tuple(sorted(e.change.sources)), "ids of the sources, sorted"),
)


def _state_penalty(s: ArticleState) -> str | None:
    if s.status != "known":
        return None
    return "no offence" if s.penalty is None else str(s.penalty)


STATES = _spec(
    "states",
    "one provision on one day",
    (("article", "on", "status", "penalty", "candidates", "reason"),) * 2,
    _text("article", lambda s: str(s.ref), "the provision, canonical"),
    _date("on", lambda s: PartialDate.from_date(s.on), "the day asked about"),
    _text("status", lambda s: s.status, "`known`, `ambiguous` or `unknown`"),
    _text("penalty", _state_penalty, "the penalty in force that day, when `known`"),
    _list(
        "candidates",
        lambda s: tuple("no offence" if c is None else str(c) for c in s.candidates),
        "every penalty that may have applied, when `ambiguous`",
        TEXT_SEP,
    ),
    _text(
        "set_by",
        lambda s: None if s.since is None else s.since.reform.id,
        "the reform whose change set the known penalty",
    ),
    _text("reason", lambda s: s.reason, "why the answer is what it is"),
)

TOPICS = _spec(
    "topics",
    "one topic of the taxonomy",
    (("topic", "parent", "level", "n_reforms"),) * 2,
    _category("topic", Topic, lambda t: t.topic, "the topic", ordered=False),
    _category(
        "parent", Topic, lambda t: t.parent, "its top-level topic (empty: it is one)", ordered=False
    ),
    _int("level", lambda t: t.level, "1 for a top-level topic, 2 for a subtopic"),
    _int("n_reforms", lambda t: t.n_reforms, "reforms filed under it (or its subtopics)"),
)

SPECS: Mapping[str, TableSpec] = MappingProxyType(
    {
        s.name: s
        for s in (REFORMS, PENALTIES, TIMELINE, SOURCES, DISCREPANCIES, HISTORY, STATES, TOPICS)
    }
)
"""Every table's specification, by name."""

REFORM_COLUMNS: tuple[str, ...] = REFORMS.names
"""Columns of the ``"reforms"`` table, in order."""
PENALTY_COLUMNS: tuple[str, ...] = PENALTIES.names
"""Columns of the ``"penalties"`` table, in order."""
TIMELINE_COLUMNS: tuple[str, ...] = TIMELINE.names
"""Columns of the ``"timeline"`` table, in order."""
SOURCE_COLUMNS: tuple[str, ...] = SOURCES.names
"""Columns of the ``"sources"`` table, in order."""
DISCREPANCY_COLUMNS: tuple[str, ...] = DISCREPANCIES.names
"""Columns of the ``"discrepancies"`` table, in order."""
HISTORY_COLUMNS: tuple[str, ...] = HISTORY.names
"""Columns of the ``"history"`` table, in order."""
STATE_COLUMNS: tuple[str, ...] = STATES.names
"""Columns of the ``"states"`` table, in order."""
TOPIC_COLUMNS: tuple[str, ...] = TOPICS.names
"""Columns of the ``"topics"`` table, in order."""
DATE_COLUMNS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {s.name: s.dates() for s in SPECS.values()}
)
"""Date columns of each table; each has a ``<column>_precision`` companion."""


# ---------------------------------------------------------------------------
# Typed rows (what rows() returns; keys and order match the specs)
# ---------------------------------------------------------------------------


class ReformRow(TypedDict):
    """One row of the ``"reforms"`` table (see ``docs/exports.md``)."""

    id: str
    title: str
    kind: str
    date: str
    date_precision: str
    year: int
    topics: list[str]
    top_topics: list[str]
    announced: str | None
    announced_precision: str | None
    adopted: str | None
    adopted_precision: str | None
    approved: str | None
    approved_precision: str | None
    signed: str | None
    signed_precision: str | None
    published: str | None
    published_precision: str | None
    in_force: str | None
    in_force_precision: str | None
    repealed: str | None
    repealed_precision: str | None
    summary: str
    acts: list[str]
    act_numbers: list[str]
    bodies: list[str]
    measures: list[str]
    notes: list[str]
    related: list[str]
    sources: list[str]
    n_milestones: int
    n_penalty_changes: int
    n_figures: int
    n_discrepancies: int
    min_confidence: str | None
    last_checked: str | None
    last_checked_precision: str | None
    background: bool
    supersedes: list[str]
    superseded_by: list[str]
    adilet: list[str]
    titles_ru: list[str]
    titles_kk: list[str]


class PenaltyRow(TypedDict):
    """One row of the ``"penalties"`` table (see ``docs/exports.md``)."""

    reform_id: str
    reform_title: str
    reform_kind: str
    reform_date: str
    reform_date_precision: str
    offence: str
    article: str | None
    article_unknown: str | None
    effective: str | None
    effective_precision: str | None
    effective_basis: str
    before_liability: str | None
    before_gravity: str | None
    before_min_months: int | None
    before_max_months: int | None
    before_life: bool | None
    before_death: bool | None
    before_negligent: bool | None
    before_restriction_min_months: int | None
    before_restriction_max_months: int | None
    before_fine_min_mci: int | None
    before_fine_max_mci: int | None
    before_arrest_min_days: int | None
    before_arrest_max_days: int | None
    before_community_work_min_hours: int | None
    before_community_work_max_hours: int | None
    before_correctional_works: bool | None
    before_licence_deprivation_min_months: int | None
    before_licence_deprivation_max_months: int | None
    before_bans: list[str] | None
    before_text: str | None
    after_liability: str
    after_gravity: str | None
    after_min_months: int | None
    after_max_months: int | None
    after_life: bool
    after_death: bool
    after_negligent: bool
    after_restriction_min_months: int | None
    after_restriction_max_months: int | None
    after_fine_min_mci: int | None
    after_fine_max_mci: int | None
    after_arrest_min_days: int | None
    after_arrest_max_days: int | None
    after_community_work_min_hours: int | None
    after_community_work_max_hours: int | None
    after_correctional_works: bool
    after_licence_deprivation_min_months: int | None
    after_licence_deprivation_max_months: int | None
    after_bans: list[str]
    after_text: str
    is_new: bool
    is_criminalisation: bool
    is_decriminalisation: bool
    is_harsher: bool
    is_milder: bool
    change_kinds: list[str]
    note: str | None
    sources: list[str]


class TimelineRow(TypedDict):
    """One row of the ``"timeline"`` table (see ``docs/exports.md``)."""

    date: str
    date_precision: str
    stage: str
    reform_id: str
    title: str
    note: str | None


class SourceRow(TypedDict):
    """One row of the ``"sources"`` table (see ``docs/exports.md``)."""

    id: str
    kind: str
    published: str | None
    published_precision: str | None
    publisher: str
    title: str
    url: str | None
    note: str | None


class DiscrepancyRow(TypedDict):
    """One row of the ``"discrepancies"`` table (see ``docs/exports.md``)."""

    reform_id: str
    reform_title: str
    subject: str
    source: str
    locator: str | None
    confidence: str
    claim: str
    note: str
    path: str


class HistoryRow(TypedDict):
    """One row of the ``"history"`` table (see ``docs/exports.md``)."""

    article: str
    effective: str | None
    effective_precision: str | None
    effective_basis: str
    effective_reason: str | None
    reform_id: str
    reform_title: str
    offence: str
    before_text: str | None
    after_text: str
    change_kinds: list[str]
    note: str | None
    sources: list[str]


class StateRow(TypedDict):
    """One row of the ``"states"`` table (see ``docs/exports.md``)."""

    article: str
    on: str
    on_precision: str
    status: str
    penalty: str | None
    candidates: list[str]
    set_by: str | None
    reason: str


class TopicRow(TypedDict):
    """One row of the ``"topics"`` table (see ``docs/exports.md``)."""

    topic: str
    parent: str | None
    level: int
    n_reforms: int


ROW_TYPES: Mapping[str, type] = MappingProxyType(
    {
        "reforms": ReformRow,
        "penalties": PenaltyRow,
        "timeline": TimelineRow,
        "sources": SourceRow,
        "discrepancies": DiscrepancyRow,
        "history": HistoryRow,
        "states": StateRow,
        "topics": TopicRow,
    }
)
"""The TypedDict of each table's rows."""


# ---------------------------------------------------------------------------
# Input
# ---------------------------------------------------------------------------


def as_reform_set(data: object) -> ReformSet:
    """*data* (a collection, a penalty view, a reform or reforms) as a :class:`ReformSet`."""
    if isinstance(data, ReformSet):
        return data
    if isinstance(data, PenaltyView):
        return data.reforms()
    if isinstance(data, Reform):
        return ReformSet([data])
    if isinstance(data, Iterable) and not isinstance(data, (str, bytes, Mapping)):
        return ReformSet(data)
    raise InvalidTypeError("data", data, "a ReformSet, a PenaltyView or an iterable of Reform")


def as_penalty_view(data: object) -> PenaltyView:
    """*data* as a :class:`PenaltyView` (the penalty changes of its reforms)."""
    if isinstance(data, PenaltyView):
        return data
    return as_reform_set(data).penalties()


def check_table(table: object) -> Table:
    if table not in TABLES:
        raise UnknownNameError("table", table, list(TABLES))
    return typing.cast("Table", table)


def spec(table: Table) -> TableSpec:
    """The :class:`TableSpec` of *table*."""
    return SPECS[check_table(table)]


def _all_of(data: object, cls: type) -> list[Any] | None:
    """*data* as a list when it is a list or tuple of *cls* (and not empty), else None."""
    if isinstance(data, (list, tuple)) and data and all(isinstance(x, cls) for x in data):
        return list(data)
    return None


def items(data: object, table: Table) -> list[Any]:
    """
    The items *table* makes one row each from.

    - ``"reforms"``: the reforms of *data* (a ReformSet, a PenaltyView, a
      Reform or reforms);
    - ``"penalties"``: its penalty entries, most severe first (or *data*
      itself when it is a sequence of :class:`PenaltyEntry`);
    - ``"timeline"``: its milestones in date order (or *data* itself when it
      is a sequence of :class:`TimelineEntry`, like ``ReformSet.timeline()``);
    - ``"sources"``: the sources its reforms cite, by id (or *data* itself when
      it is a sequence of :class:`Source` or a mapping of ids to sources);
    - ``"discrepancies"``: the discrepancies its reforms record, reform by
      reform (or *data* itself when it is a sequence of :class:`DiscrepancyEntry`);
    - ``"history"``: an :class:`ArticleHistory`'s changes in order; for other
      data, every penalty change with a known provision, by provision and
      then in the order its history gives;
    - ``"states"``: an :class:`ArticleState` (``history.at(day)``) or a
      sequence of them;
    - ``"topics"``: every topic of the taxonomy, with how many of the reforms
      of *data* are filed under it (or *data* itself when it is a sequence of
      :class:`TopicEntry`).
    """
    return _ITEMS[check_table(table)](data)


def _penalty_items(data: object) -> list[Any]:
    own = _all_of(data, PenaltyEntry)
    return own if own is not None else list(as_penalty_view(data))


def _timeline_items(data: object) -> list[Any]:
    own = _all_of(data, TimelineEntry)
    return own if own is not None else list(as_reform_set(data).timeline())


def _source_items(data: object) -> list[Any]:
    if isinstance(data, Mapping):
        values = list(data.values())
        if all(isinstance(s, Source) for s in values):
            return sorted(values, key=lambda s: s.id)
        raise InvalidTypeError("data", data, "a mapping of source ids to Source")
    own = _all_of(data, Source)
    return own if own is not None else list(as_reform_set(data).cited_sources())


def _discrepancy_items(data: object) -> list[Any]:
    own = _all_of(data, DiscrepancyEntry)
    if own is not None:
        return own
    return [DiscrepancyEntry(r, d) for r in as_reform_set(data) for d in r.discrepancies]


def _history_items(data: object) -> list[PenaltyEntry]:
    if isinstance(data, ArticleHistory):
        return list(data)
    own = _all_of(data, PenaltyEntry)
    entries = own if own is not None else list(as_penalty_view(data))
    dated = [e for e in entries if e.change.article is not None]
    return sorted(dated, key=lambda e: (e.change.article, _order_key(e)))


def _state_items(data: object) -> list[ArticleState]:
    if isinstance(data, ArticleState):
        return [data]
    own = _all_of(data, ArticleState)
    if own is not None:
        return own
    if isinstance(data, (list, tuple)) and not data:
        return []
    raise InvalidTypeError(
        "data", data, "an ArticleState or a list of them (from kzreforms.article(ref).at(day))"
    )


def _topic_items(data: object) -> list[TopicEntry]:
    own = _all_of(data, TopicEntry)
    if own is not None:
        return own
    filed = [r.topics for r in as_reform_set(data)]
    out: list[TopicEntry] = []
    for top, children in TAXONOMY.items():
        family = {top, *children}
        out.append(TopicEntry(top, None, sum(1 for ts in filed if ts & family)))
        out.extend(TopicEntry(c, top, sum(1 for ts in filed if c in ts)) for c in children)
    return out


_ITEMS: Mapping[str, Callable[[object], list[Any]]] = MappingProxyType(
    {
        "reforms": lambda data: list(as_reform_set(data)),
        "penalties": _penalty_items,
        "timeline": _timeline_items,
        "sources": _source_items,
        "discrepancies": _discrepancy_items,
        "history": _history_items,
        "states": _state_items,
        "topics": _topic_items,
    }
)


# ---------------------------------------------------------------------------
# Plain records and flat rows
# ---------------------------------------------------------------------------


def to_records(data: ReformSet | PenaltyView | Iterable[Reform]) -> list[dict[str, Any]]:
    """
    Every reform as a plain, JSON-ready dict in the data format (the same
    nested shape as the packaged files and :func:`kzreforms.dumps`).
    """
    from ._convert import to_jsonable  # noqa: PLC0415 - cattrs on first use

    out: list[dict[str, Any]] = to_jsonable(list(as_reform_set(data)))
    return out


def spec_rows(sp: TableSpec, things: Iterable[Any]) -> list[dict[str, Any]]:
    """One JSON-ready dict per item, with the keys of *sp* in order."""
    cols = sp.columns
    return [{c.name: plain(c, c.get(x)) for c in cols} for x in things]


def reform_rows(data: ReformSet | PenaltyView | Iterable[Reform]) -> list[ReformRow]:
    """One flat dict per reform, with the keys of :data:`REFORM_COLUMNS`."""
    return typing.cast("list[ReformRow]", spec_rows(REFORMS, items(data, "reforms")))


def penalty_row(entry: PenaltyEntry) -> PenaltyRow:
    """One flat dict for one penalty change, keys of :data:`PENALTY_COLUMNS`."""
    return typing.cast("PenaltyRow", spec_rows(PENALTIES, [entry])[0])


def penalty_rows(data: ReformSet | PenaltyView | Iterable[Reform]) -> list[PenaltyRow]:
    """
    One flat dict per penalty change (most severe first), with the keys of
    :data:`PENALTY_COLUMNS`.
    """
    return typing.cast("list[PenaltyRow]", spec_rows(PENALTIES, items(data, "penalties")))


@overload
def rows(data: object, table: Literal["reforms"] = ...) -> list[ReformRow]: ...
@overload
def rows(data: object, table: Literal["penalties"]) -> list[PenaltyRow]: ...
@overload
def rows(data: object, table: Literal["timeline"]) -> list[TimelineRow]: ...
@overload
def rows(data: object, table: Literal["sources"]) -> list[SourceRow]: ...
@overload
def rows(data: object, table: Literal["discrepancies"]) -> list[DiscrepancyRow]: ...
@overload
def rows(data: object, table: Literal["history"]) -> list[HistoryRow]: ...
@overload
def rows(data: object, table: Literal["states"]) -> list[StateRow]: ...
@overload
def rows(data: object, table: Literal["topics"]) -> list[TopicRow]: ...
@overload
def rows(data: object, table: Table) -> list[Any]: ...
def rows(data: object, table: Table = "reforms") -> list[Any]:
    """
    The flat rows of *table* (one of :data:`TABLES`): JSON-ready dicts
    with the table's columns in order.
    Dates are ISO partial dates beside their precision, categories their
    slugs, lists lists of text, missing values ``None``.
    """
    sp = spec(table)
    return spec_rows(sp, items(data, typing.cast("Table", sp.name)))


def columns(table: Table) -> tuple[str, ...]:
    """The column names of *table*, in order."""
    return spec(table).names
