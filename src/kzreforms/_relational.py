# SPDX-License-Identifier: MIT
"""
The relational tables: the whole records as linked tables with primary and
foreign keys, the shape of the SQLite database and of the Data Package.

The flat tables of :mod:`kzreforms._tables` are one row per reform (or
penalty change, milestone, source) with lists joined in one cell; a
database wants every fact in its own row.  Each table here is a
:class:`Relation`: a :class:`~kzreforms._tables.TableSpec` (typed columns
with getters, as every other output uses), its primary key, its foreign
keys, and the function that lists its items.  ``reforms`` and ``sources``
are the flat tables' specs unchanged; the others are one row per fact of a
record (``milestones``, ``acts``, ``penalty_changes``, ``figures``,
``citations``, ``discrepancies``, ``reform_topics``) or per topic of the
taxonomy (``topics``).

A fact's row is read from a :class:`Part` (the reform, the fact's position
in the reform's list, the fact).  Every column's getter lives in one place
per table below, so a change to the model is a change to one spec.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from ._collection import ReformSet
from ._errors import UnknownNameError, UnknownSourceError
from ._model import ActKind, Confidence, Reform, Source, Stage
from ._penalties import PenaltyEntry
from ._tables import (
    PENALTIES,
    REFORMS,
    SOURCES,
    Column,
    TableSpec,
    _category,
    _date,
    _int,
    _list,
    _spec,
    _text,
    as_reform_set,
)
from ._topics import Topic

__all__ = ["RELATIONS", "Part", "Relation", "relation", "relation_items"]


@attrs.frozen
class Part:
    """One fact of a record: the reform, the fact's position in its list (from 0), the fact."""

    reform: Reform
    position: int
    value: Any


@attrs.frozen
class ForeignKey:
    """Columns of a table that name the primary key of another table."""

    columns: tuple[str, ...]
    table: str
    references: tuple[str, ...]


@attrs.frozen
class Relation:
    """
    One table of the database: its :class:`TableSpec`, its keys, the columns
    that hold exact decimal numbers written as text (:attr:`numbers`), and
    the function that lists its items for a collection.
    """

    spec: TableSpec
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    items: Callable[[ReformSet], list[Any]] = attrs.field(eq=False, repr=False)
    numbers: frozenset[str] = frozenset()

    @property
    def name(self) -> str:
        """The table name."""
        return self.spec.name


def _parts(field: str) -> Callable[[ReformSet], list[Part]]:
    def get(rs: ReformSet) -> list[Part]:
        return [Part(r, i, v) for r in rs for i, v in enumerate(getattr(r, field))]

    return get


def _sources(rs: ReformSet) -> list[Source]:
    """Every source the records cite; a cited id the collection does not carry is an error."""
    registry = rs.sources
    ids = sorted({s for r in rs for s in r.sources})
    missing = [i for i in ids if i not in registry]
    if missing:
        raise UnknownSourceError(
            "source",
            missing[0],
            sorted(registry),
            hint=(
                f"{len(missing)} cited source id(s) are not among the sources this collection "
                "carries; load your data with its sources (kzreforms.load) so that every "
                "citation has its source row"
            ),
        )
    return [registry[i] for i in ids]


_REFORM_ID = _text("reform_id", lambda p: p.reform.id, "the reform (`reforms.id`)")
_POSITION = _int(
    "position", lambda p: p.position, "the fact's place in the record's list, from 0 (as in Python)"
)
_FACT_SOURCES = _list(
    "sources",
    lambda p: tuple(sorted(p.value.sources)),
    "ids of the sources for this fact, sorted",
)
_TO_REFORM = ForeignKey(("reform_id",), "reforms", ("id",))
_FACT_KEY = ("reform_id", "position")


def _of_change(col: Column) -> Column:
    """A column of the flat ``penalties`` table, read from a :class:`Part` instead."""
    get = col.get
    return attrs.evolve(col, get=lambda p: get(PenaltyEntry(p.reform, p.value)))


MILESTONES = _spec(
    "milestones",
    "one milestone",
    (("reform_id", "position", "stage", "date"),) * 2,
    _REFORM_ID,
    _POSITION,
    _category("stage", Stage, lambda p: p.value.stage, "the lifecycle stage", ordered=False),
    _date("date", lambda p: p.value.date, "the milestone's date"),
    _text("note", lambda p: p.value.note, "a note on the milestone"),
    _FACT_SOURCES,
)

ACTS = _spec(
    "acts",
    "one legal act",
    (("reform_id", "position", "kind", "title"),) * 2,
    _REFORM_ID,
    _POSITION,
    _category("kind", ActKind, lambda p: p.value.kind, "`law`, `code`, `order`...", ordered=False),
    _text("title", lambda p: p.value.title, "the act's title"),
    _text("number", lambda p: p.value.number, "its number, if any"),
    _date("date", lambda p: p.value.date, "its date, if known"),
    _text("url", lambda p: p.value.url, "its address, if any"),
    _FACT_SOURCES,
)

PENALTY_CHANGES = _spec(
    "penalty_changes",
    "one penalty change",
    (("reform_id", "position", "offence", "after_text"),) * 2,
    _REFORM_ID,
    _POSITION,
    [_of_change(c) for c in PENALTIES.columns if not c.name.startswith("reform_")],
)

FIGURES = _spec(
    "figures",
    "one figure",
    (("reform_id", "position", "label", "value", "unit"),) * 2,
    _REFORM_ID,
    _POSITION,
    _text("label", lambda p: p.value.label, "what is counted"),
    _text(
        "value",
        lambda p: str(p.value.value),
        "the number, exact (a decimal number: `NUMERIC` in SQLite, `number` in the Data Package)",
    ),
    _text("unit", lambda p: p.value.unit, "its unit"),
    _date("as_of", lambda p: p.value.as_of, "the date the figure is for, if known"),
    _text("note", lambda p: p.value.note, "a note on the figure"),
    _FACT_SOURCES,
)

CITATIONS = _spec(
    "citations",
    "one citation",
    (("reform_id", "position", "source", "confidence"),) * 2,
    _REFORM_ID,
    _POSITION,
    _text("source", lambda p: p.value.source, "the source (`sources.id`)"),
    _text("locator", lambda p: p.value.locator, "where in the source"),
    _category(
        "confidence",
        Confidence,
        lambda p: p.value.confidence,
        "`low` < `medium` < `high`",
        ordered=True,
    ),
)

DISCREPANCIES = _spec(
    "discrepancies",
    "one discrepancy between sources",
    (("reform_id", "position", "subject", "source"),) * 2,
    _REFORM_ID,
    _POSITION,
    _text("subject", lambda p: p.value.subject, "what the sources disagree on"),
    _text(
        "source", lambda p: p.value.citation.source, "the source making the claim (`sources.id`)"
    ),
    _text("locator", lambda p: p.value.citation.locator, "where in that source"),
    _category(
        "confidence",
        Confidence,
        lambda p: p.value.citation.confidence,
        "how sure the citation is",
        ordered=True,
    ),
    _text("claim", lambda p: p.value.claim, "what that source claims"),
    _text("note", lambda p: p.value.note, "what the record keeps, and why"),
)

TOPICS = _spec(
    "topics",
    "one topic of the taxonomy",
    (("id", "parent"),) * 2,
    _text("id", lambda t: t.value, "the topic slug"),
    _text(
        "parent",
        lambda t: None if t.parent is None else t.parent.value,
        "its parent topic (`topics.id`), empty for a top-level topic",
    ),
)

REFORM_TOPICS = _spec(
    "reform_topics",
    "one topic of one reform",
    (("reform_id", "topic"),) * 2,
    _text("reform_id", lambda p: p[0].id, "the reform (`reforms.id`)"),
    _text("topic", lambda p: p[1].value, "one of its own (most specific) topics (`topics.id`)"),
)


def _reform_topics(rs: ReformSet) -> list[tuple[Reform, Topic]]:
    return [(r, t) for r in rs for t in sorted(r.topics, key=lambda t: t.value)]


def _topics(_rs: ReformSet) -> list[Topic]:
    return sorted(Topic, key=lambda t: (t.parent is not None, t.value))


_R = "reforms"
RELATIONS: Mapping[str, Relation] = MappingProxyType(
    {
        r.name: r
        for r in (
            Relation(REFORMS, ("id",), (), list),
            Relation(SOURCES, ("id",), (), _sources),
            Relation(TOPICS, ("id",), (ForeignKey(("parent",), "topics", ("id",)),), _topics),
            Relation(
                REFORM_TOPICS,
                ("reform_id", "topic"),
                (_TO_REFORM, ForeignKey(("topic",), "topics", ("id",))),
                _reform_topics,
            ),
            Relation(MILESTONES, _FACT_KEY, (_TO_REFORM,), _parts("milestones")),
            Relation(ACTS, _FACT_KEY, (_TO_REFORM,), _parts("acts")),
            Relation(PENALTY_CHANGES, _FACT_KEY, (_TO_REFORM,), _parts("penalty_changes")),
            Relation(FIGURES, _FACT_KEY, (_TO_REFORM,), _parts("figures"), frozenset({"value"})),
            Relation(
                CITATIONS,
                _FACT_KEY,
                (_TO_REFORM, ForeignKey(("source",), "sources", ("id",))),
                _parts("citations"),
            ),
            Relation(
                DISCREPANCIES,
                _FACT_KEY,
                (_TO_REFORM, ForeignKey(("source",), "sources", ("id",))),
                _parts("discrepancies"),
            ),
        )
    }
)
"""Every table of the database, parents before children (the order they are written in)."""


def relation(name: str) -> Relation:
    """The :class:`Relation` called *name*."""
    if name not in RELATIONS:
        raise UnknownNameError("database table", name, list(RELATIONS))
    return RELATIONS[name]


def relation_items(data: object | Iterable[Reform], name: str) -> list[Any]:
    """The items *name* makes one row each from, for *data* (a collection, a view or reforms)."""
    return relation(name).items(as_reform_set(data))
