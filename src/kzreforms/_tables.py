# SPDX-License-Identifier: MIT
"""
The table layer: the flat tables every output is made from.

Two tables are offered (see ``docs/exports.md`` for every column):

- ``"reforms"``: one row per reform (:data:`REFORM_COLUMNS`);
- ``"penalties"``: one row per penalty change (:data:`PENALTY_COLUMNS`).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import typing
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from ._collection import ReformSet
from ._dates import PartialDate
from ._errors import InvalidTypeError, UnknownNameError
from ._model import Penalty, Reform, Stage
from ._penalties import PenaltyEntry, PenaltyView

__all__ = [
    "DATE_COLUMNS",
    "PENALTY_COLUMNS",
    "REFORM_COLUMNS",
    "TABLES",
    "Table",
    "columns",
    "penalty_row",
    "penalty_rows",
    "reform_rows",
    "rows",
    "to_records",
]

Table = Literal["reforms", "penalties"]
TABLES: tuple[str, ...] = ("reforms", "penalties")
LIST_SEP = ";"
"""Separator of slug lists (topics, source ids, related ids) in flat columns."""
TEXT_SEP = " | "
"""Separator of free-text lists (acts, bodies, measures) in flat columns."""

_STAGE_COLUMNS: tuple[tuple[str, Stage], ...] = (
    ("announced", Stage.ANNOUNCED),
    ("adopted", Stage.ADOPTED),
    ("approved", Stage.APPROVED),
    ("signed", Stage.SIGNED),
    ("published", Stage.PUBLISHED),
    ("in_force", Stage.IN_FORCE),
    ("repealed", Stage.REPEALED),
)

REFORM_COLUMNS: tuple[str, ...] = (
    "id",
    "title",
    "kind",
    "date",
    "date_precision",
    "year",
    "topics",
    "top_topics",
    *(c for name, _ in _STAGE_COLUMNS for c in (name, f"{name}_precision")),
    "summary",
    "acts",
    "act_numbers",
    "bodies",
    "measures",
    "related",
    "sources",
    "n_milestones",
    "n_penalty_changes",
    "n_figures",
    "n_discrepancies",
    "min_confidence",
)
"""Columns of the ``"reforms"`` table, in order."""

_SIDE_COLUMNS: tuple[str, ...] = (
    "liability",
    "gravity",
    "min_months",
    "max_months",
    "life",
    "death",
    "negligent",
    "fine_min_mci",
    "fine_max_mci",
    "arrest_min_days",
    "arrest_max_days",
    "community_work_max_hours",
    "restriction_max_months",
    "correctional_works",
    "text",
)

PENALTY_COLUMNS: tuple[str, ...] = (
    "reform_id",
    "reform_title",
    "reform_kind",
    "reform_date",
    "reform_date_precision",
    "offence",
    "article",
    *(f"before_{c}" for c in _SIDE_COLUMNS),
    *(f"after_{c}" for c in _SIDE_COLUMNS),
    "is_new",
    "is_criminalisation",
    "is_decriminalisation",
    "is_harsher",
    "is_milder",
    "note",
    "sources",
)
"""Columns of the ``"penalties"`` table, in order."""

DATE_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "reforms": ("date", *(name for name, _ in _STAGE_COLUMNS)),
    "penalties": ("reform_date",),
}
"""Date columns of each table; each has a ``<column>_precision`` companion."""

_INT_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "reforms": ("year", "n_milestones", "n_penalty_changes", "n_figures", "n_discrepancies"),
    "penalties": tuple(
        f"{side}_{c}"
        for side in ("before", "after")
        for c in _SIDE_COLUMNS
        if c.endswith(("_months", "_mci", "_days", "_hours"))
    ),
}
_BOOL_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "reforms": (),
    "penalties": (
        *(
            f"{side}_{c}"
            for side in ("before", "after")
            for c in ("life", "death", "negligent", "correctional_works")
        ),
        "is_new",
        "is_criminalisation",
        "is_decriminalisation",
        "is_harsher",
        "is_milder",
    ),
}
_CATEGORY_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "reforms": ("kind", "min_confidence"),
    "penalties": (
        "reform_kind",
        "before_liability",
        "before_gravity",
        "after_liability",
        "after_gravity",
    ),
}


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
    if isinstance(data, Iterable) and not isinstance(data, (str, bytes)):
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


def _date(d: PartialDate | None) -> str | None:
    return None if d is None else str(d)


def _precision(d: PartialDate | None) -> str | None:
    return None if d is None else str(d.precision)


def _min_confidence(r: Reform) -> str:
    return min(c.confidence for c in r.citations).value


def reform_rows(data: ReformSet | PenaltyView | Iterable[Reform]) -> list[dict[str, Any]]:
    """One flat dict per reform, with the keys of :data:`REFORM_COLUMNS`."""
    out: list[dict[str, Any]] = []
    for r in as_reform_set(data):
        row: dict[str, Any] = {
            "id": r.id,
            "title": r.title,
            "kind": r.kind.value,
            "date": _date(r.date),
            "date_precision": _precision(r.date),
            "year": r.date.year,
            "topics": LIST_SEP.join(sorted(t.value for t in r.topics)),
            "top_topics": LIST_SEP.join(sorted({(t.parent or t).value for t in r.topics})),
        }
        for name, stage in _STAGE_COLUMNS:
            m = r.milestone(stage)
            row[name] = _date(m.date if m else None)
            row[f"{name}_precision"] = _precision(m.date if m else None)
        row.update(
            {
                "summary": r.summary,
                "acts": TEXT_SEP.join(str(a) for a in r.acts),
                "act_numbers": LIST_SEP.join(a.number for a in r.acts if a.number),
                "bodies": TEXT_SEP.join(r.bodies),
                "measures": TEXT_SEP.join(r.measures),
                "related": LIST_SEP.join(r.related),
                "sources": LIST_SEP.join(c.source for c in r.citations),
                "n_milestones": len(r.milestones),
                "n_penalty_changes": len(r.penalty_changes),
                "n_figures": len(r.figures),
                "n_discrepancies": len(r.discrepancies),
                "min_confidence": _min_confidence(r),
            }
        )
        out.append(row)
    return out


def _side(p: Penalty | None) -> dict[str, Any]:
    if p is None:
        return dict.fromkeys(_SIDE_COLUMNS)
    g = p.effective_gravity
    imp = p.imprisonment
    return {
        "liability": p.liability.value,
        "gravity": None if g is None else g.value,
        "min_months": imp.min_months if imp else None,
        "max_months": imp.max_months if imp else None,
        "life": p.life,
        "death": p.death,
        "negligent": p.negligent,
        "fine_min_mci": p.fine_mci.min if p.fine_mci else None,
        "fine_max_mci": p.fine_mci.max if p.fine_mci else None,
        "arrest_min_days": p.arrest_days.min if p.arrest_days else None,
        "arrest_max_days": p.arrest_days.max if p.arrest_days else None,
        "community_work_max_hours": (
            p.community_work_hours.max if p.community_work_hours else None
        ),
        "restriction_max_months": (
            p.restriction_of_freedom.max_months if p.restriction_of_freedom else None
        ),
        "correctional_works": p.correctional_works,
        "text": str(p),
    }


def penalty_row(entry: PenaltyEntry) -> dict[str, Any]:
    """One flat dict for one penalty change, keys of :data:`PENALTY_COLUMNS`."""
    r, c = entry.reform, entry.change
    row: dict[str, Any] = {
        "reform_id": r.id,
        "reform_title": r.title,
        "reform_kind": r.kind.value,
        "reform_date": _date(r.date),
        "reform_date_precision": _precision(r.date),
        "offence": c.offence,
        "article": None if c.article is None else str(c.article),
    }
    row.update({f"before_{k}": v for k, v in _side(c.before).items()})
    row.update({f"after_{k}": v for k, v in _side(c.after).items()})
    row.update(
        {
            "is_new": c.is_new,
            "is_criminalisation": c.is_criminalisation,
            "is_decriminalisation": c.is_decriminalisation,
            "is_harsher": c.is_harsher,
            "is_milder": c.is_milder,
            "note": c.note,
            "sources": LIST_SEP.join(sorted(c.sources)),
        }
    )
    return row


def penalty_rows(data: ReformSet | PenaltyView | Iterable[Reform]) -> list[dict[str, Any]]:
    """
    One flat dict per penalty change (most severe first), with the keys of
    :data:`PENALTY_COLUMNS`.
    """
    return [penalty_row(e) for e in as_penalty_view(data)]


def rows(
    data: ReformSet | PenaltyView | Iterable[Reform], table: Table = "reforms"
) -> list[dict[str, Any]]:
    """The flat rows of *table* (``"reforms"`` or ``"penalties"``)."""
    if check_table(table) == "reforms":
        return reform_rows(data)
    return penalty_rows(data)


def columns(table: Table) -> tuple[str, ...]:
    """The column names of *table*, in order."""
    return REFORM_COLUMNS if check_table(table) == "reforms" else PENALTY_COLUMNS
