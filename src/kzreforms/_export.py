# SPDX-License-Identifier: MIT
"""
Exports: plain records, JSON, JSON Lines, CSV, pandas, Arrow / Parquet, and
the JSON Schema of the data format.

Two flat tables are offered (see ``docs/exports.md`` for every column):

- ``"reforms"``: one row per reform (:data:`REFORM_COLUMNS`);
- ``"penalties"``: one row per penalty change (:data:`PENALTY_COLUMNS`).

pandas and pyarrow are optional extras, imported only when asked for.
Writing to a path is atomic: the data goes to a temporary file in the same
directory, which then replaces the target, so a failure never leaves a
partial file behind.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import contextlib
import csv
import enum
import errno
import io
import json
import os
import sys
import tempfile
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

import attrs

from ._dates import PartialDate
from ._errors import InvalidTypeError, UnknownNameError
from ._model import (
    Citation,
    Discrepancy,
    Figure,
    LegalAct,
    Milestone,
    Penalty,
    PenaltyChange,
    Quantity,
    Reform,
    Source,
    Stage,
    Term,
)

if TYPE_CHECKING:
    from ._query import PenaltyEntry, PenaltyView, ReformSet

__all__ = [
    "DATE_COLUMNS",
    "PENALTY_COLUMNS",
    "REFORM_COLUMNS",
    "TABLES",
    "atomic_write",
    "build_json_schema",
    "json_schema",
    "penalty_rows",
    "reform_rows",
    "rows",
    "to_arrow",
    "to_csv",
    "to_json",
    "to_jsonl",
    "to_pandas",
    "to_records",
    "write_parquet",
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


def _reform_set(data: object) -> ReformSet:
    from ._query import PenaltyView, ReformSet  # noqa: PLC0415 - avoid a cycle at import

    if isinstance(data, ReformSet):
        return data
    if isinstance(data, PenaltyView):
        return data.reforms()
    if isinstance(data, Reform):
        return ReformSet([data])
    if isinstance(data, Iterable) and not isinstance(data, (str, bytes)):
        return ReformSet(data)
    raise InvalidTypeError("data", data, "a ReformSet, a PenaltyView or an iterable of Reform")


def _penalty_view(data: object) -> PenaltyView:
    from ._query import PenaltyView  # noqa: PLC0415

    if isinstance(data, PenaltyView):
        return data
    return _reform_set(data).penalties()


def _check_table(table: object) -> Table:
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

    out: list[dict[str, Any]] = to_jsonable(list(_reform_set(data)))
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
    for r in _reform_set(data):
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
        "article": c.article,
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
    return [penalty_row(e) for e in _penalty_view(data)]


def rows(
    data: ReformSet | PenaltyView | Iterable[Reform], table: Table = "reforms"
) -> list[dict[str, Any]]:
    """The flat rows of *table* (``"reforms"`` or ``"penalties"``)."""
    if _check_table(table) == "reforms":
        return reform_rows(data)
    return penalty_rows(data)


def columns(table: Table) -> tuple[str, ...]:
    """The column names of *table*, in order."""
    return REFORM_COLUMNS if _check_table(table) == "reforms" else PENALTY_COLUMNS


# ---------------------------------------------------------------------------
# Atomic writing
# ---------------------------------------------------------------------------


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: str | os.PathLike[str], write: Callable[[Path], None]) -> Path:
    """
    Call ``write(tmp)`` to fill a temporary file next to *path*, then move it
    over *path* in one step.  On any failure the temporary file is removed
    and *path* is left as it was.

    Returns:
        The target path.

    Raises:
        OSError: The directory is missing or not writable (nothing written).
    """
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "Is a directory", str(target))
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as e:
        raise type(e)(e.errno, e.strerror, str(target)) from e
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        tmp.chmod(0o666 & ~_umask())
        tmp.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return target


def _write_text(path: str | os.PathLike[str], text: str) -> Path:
    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())

    return atomic_write(path, write)


def _emit(text: str, path: str | os.PathLike[str] | IO[str] | None) -> str:
    if path is None:
        return text
    if isinstance(path, (str, os.PathLike)):
        _write_text(path, text)
    else:
        path.write(text)
    return text


# ---------------------------------------------------------------------------
# Text formats
# ---------------------------------------------------------------------------


def to_json(
    data: ReformSet | PenaltyView | Iterable[Reform],
    path: str | os.PathLike[str] | IO[str] | None = None,
    *,
    sources: Iterable[Source] = (),
) -> str:
    """
    The reforms as a JSON list in the data format (readable back by
    :func:`kzreforms.load` and ``kzreforms validate``).  With *sources*,
    an object ``{"reforms": [...], "sources": [...]}`` instead, for data
    that cites sources outside the packaged registry.

    Written to *path* (atomically) or to an open text stream when given;
    the text is returned either way.
    """
    from ._convert import dumps, to_jsonable  # noqa: PLC0415

    srcs = sorted(sources, key=lambda s: s.id)
    if not srcs:
        return _emit(dumps(list(_reform_set(data))), path)
    doc = {"reforms": to_records(data), "sources": to_jsonable(srcs)}
    return _emit(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", path)


def to_jsonl(
    data: ReformSet | PenaltyView | Iterable[Reform],
    path: str | os.PathLike[str] | IO[str] | None = None,
) -> str:
    """The reforms in the data format, one compact JSON object per line."""
    lines = [
        json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n"
        for rec in to_records(data)
    ]
    return _emit("".join(lines), path)


def _csv_value(v: object) -> object:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def to_csv(
    data: ReformSet | PenaltyView | Iterable[Reform],
    path: str | os.PathLike[str] | IO[str] | None = None,
    *,
    table: Table = "reforms",
) -> str:
    """
    The flat *table* as CSV (RFC 4180: CRLF line ends, a header row).

    Empty cells are missing values; booleans are ``true`` / ``false``; list
    cells are joined with ``;`` (ids) or `` | `` (free text).
    """
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(columns(table)))
    w.writeheader()
    for row in rows(data, table):
        w.writerow({k: _csv_value(v) for k, v in row.items()})
    return _emit(buf.getvalue(), path)


# ---------------------------------------------------------------------------
# Data frames: the optional pandas and pyarrow extras
# ---------------------------------------------------------------------------


def _need(module: str, extra: str) -> Any:
    import importlib  # noqa: PLC0415

    try:
        return importlib.import_module(module)
    except ImportError as e:
        msg = f'this needs {module.split(".", maxsplit=1)[0]}: pip install "kzreforms[{extra}]"'
        raise ImportError(msg, name=module) from e


def to_pandas(data: ReformSet | PenaltyView | Iterable[Reform], table: Table = "reforms") -> Any:
    """
    The flat *table* as a :class:`pandas.DataFrame` with proper dtypes.

    The columns are typed so:

    - each date column holds the earliest day the partial date can mean
      (``datetime64``), beside a categorical ``<column>_precision``
      (``year`` / ``month`` / ``day``);
    - enums (kind, liability, gravity, confidence) are categoricals, ordered
      where the library orders them;
    - counts and term bounds are nullable ``Int64``, flags nullable
      ``boolean``, text ``string``.

    Needs the ``pandas`` extra: ``pip install "kzreforms[pandas]"``.
    """
    pd = _need("pandas", "pandas")
    table = _check_table(table)
    recs = _with_days(rows(data, table), table)
    frame = pd.DataFrame.from_records(recs, columns=list(columns(table)))
    return _pandas_types(pd, frame, table)


def _with_days(recs: list[dict[str, Any]], table: Table) -> list[dict[str, Any]]:
    """Replace ISO partial dates by their earliest day (a datetime.date)."""
    for rec in recs:
        for col in DATE_COLUMNS[table]:
            v = rec[col]
            rec[col] = None if v is None else PartialDate.parse(v).earliest
    return recs


def _categories(column: str) -> tuple[list[str], bool]:
    from ._model import Confidence, Gravity, Liability, ReformKind  # noqa: PLC0415

    if column.endswith("liability"):
        return [m.value for m in Liability], True
    if column.endswith("gravity"):
        return [m.value for m in Gravity], True
    if column.endswith("confidence"):
        return [m.value for m in Confidence], True
    if column.endswith("kind"):
        return [m.value for m in ReformKind], False
    return ["year", "month", "day"], True  # *_precision


def _pandas_types(pd: Any, frame: Any, table: Table) -> Any:
    for col in DATE_COLUMNS[table]:
        frame[col] = pd.to_datetime(frame[col]).astype("datetime64[ns]")
        cats, ordered = _categories(f"{col}_precision")
        frame[f"{col}_precision"] = pd.Categorical(
            frame[f"{col}_precision"], categories=cats, ordered=ordered
        )
    for col in _CATEGORY_COLUMNS[table]:
        cats, ordered = _categories(col)
        frame[col] = pd.Categorical(frame[col], categories=cats, ordered=ordered)
    for col in _INT_COLUMNS[table]:
        frame[col] = frame[col].astype("Int64")
    for col in _BOOL_COLUMNS[table]:
        frame[col] = frame[col].astype("boolean")
    typed = {
        *DATE_COLUMNS[table],
        *(f"{c}_precision" for c in DATE_COLUMNS[table]),
        *_CATEGORY_COLUMNS[table],
        *_INT_COLUMNS[table],
        *_BOOL_COLUMNS[table],
    }
    for col in frame.columns:
        if col not in typed:
            frame[col] = frame[col].astype("string")
    return frame


def _arrow_type(pa: Any, table: Table, col: str) -> Any:
    if col in DATE_COLUMNS[table]:
        return pa.date32()
    if col in _INT_COLUMNS[table]:
        return pa.int64()
    if col in _BOOL_COLUMNS[table]:
        return pa.bool_()
    if col in _CATEGORY_COLUMNS[table] or col.endswith("_precision"):
        return pa.dictionary(pa.int8(), pa.string())
    return pa.string()


def to_arrow(data: ReformSet | PenaltyView | Iterable[Reform], table: Table = "reforms") -> Any:
    """
    The flat *table* as a :class:`pyarrow.Table`: date columns as ``date32``
    (earliest day) with a dictionary-encoded ``<column>_precision``; enums
    dictionary-encoded; counts ``int64``; flags ``bool``; text ``string``.

    Needs the ``pyarrow`` extra: ``pip install "kzreforms[pyarrow]"``.
    """
    pa = _need("pyarrow", "pyarrow")
    table = _check_table(table)
    recs = _with_days(rows(data, table), table)
    arrays = []
    fields = []
    for col in columns(table):
        values = [rec[col] for rec in recs]
        tp = _arrow_type(pa, table, col)
        if pa.types.is_dictionary(tp):
            arr = pa.array(values, type=pa.string()).dictionary_encode()
            arr = arr.cast(tp)
        else:
            arr = pa.array(values, type=tp)
        arrays.append(arr)
        fields.append(pa.field(col, tp))
    meta = {
        b"kzreforms.table": table.encode(),
        b"kzreforms.docs": b"https://github.com/kzreforms/kzreforms/tree/main/docs/exports.md",
    }
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields, metadata=meta))


def write_parquet(
    data: ReformSet | PenaltyView | Iterable[Reform],
    path: str | os.PathLike[str],
    *,
    table: Table = "reforms",
) -> Path:
    """
    Write the flat *table* to a Parquet file at *path* (atomically).

    Needs the ``pyarrow`` extra: ``pip install "kzreforms[pyarrow]"``.
    """
    tbl = to_arrow(data, table)
    pq = _need("pyarrow.parquet", "pyarrow")
    return atomic_write(path, lambda tmp: pq.write_table(tbl, str(tmp)))


# ---------------------------------------------------------------------------
# JSON Schema of the data format
# ---------------------------------------------------------------------------

SCHEMA_ID = (
    "https://github.com/kzreforms/kzreforms/blob/main/src/kzreforms/data/schema/reform.schema.json"
)
_SLUG_PATTERN = "^[a-z0-9]+(?:-[a-z0-9]+)*$"
_TEXT_PATTERN = "^\\S(?:[\\s\\S]*\\S)?$"
_DATE_PATTERN = "^[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?$"
_DECIMAL_PATTERN = "^-?[0-9]+(?:\\.[0-9]+)?$"
_SCHEMA_TYPES: tuple[type[Any], ...] = (
    Reform,
    Milestone,
    Citation,
    LegalAct,
    PenaltyChange,
    Penalty,
    Term,
    Quantity,
    Figure,
    Discrepancy,
    Source,
)
# Lists the validators require to be non-empty.
_NONEMPTY = {("Reform", "topics"), ("Reform", "milestones"), ("Reform", "citations")}
# Fields whose values (or items) are slugs: ids and source ids.
_SLUG_FIELDS = {"id", "source", "sources", "related"}


def _doc(cls: type[Any]) -> str:
    text = (cls.__doc__ or "").strip()
    para = text.split("\n\n", 1)[0]
    return " ".join(para.split())


_SCALARS: Mapping[Any, Mapping[str, Any]] = {
    str: {"type": "string", "minLength": 1, "pattern": _TEXT_PATTERN},
    bool: {"type": "boolean"},
    int: {"type": "integer", "minimum": 0},
    PartialDate: {"$ref": "#/$defs/PartialDate"},
}


def _union_schema(args: tuple[Any, ...], owner: str, field: str) -> dict[str, Any]:
    members = [a for a in args if a is not type(None)]
    if set(members) == {int, Decimal}:
        inner: dict[str, Any] = {
            "anyOf": [{"type": "integer"}, {"type": "string", "pattern": _DECIMAL_PATTERN}]
        }
    else:
        inner = _type_schema(members[0], owner, field)
    if type(None) in args:
        return {"anyOf": [inner, {"type": "null"}]}
    return inner


def _type_schema(tp: Any, owner: str, field: str) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return _union_schema(args, owner, field)
    if origin in (tuple, frozenset):
        items = _type_schema(args[0], owner, field)
        out: dict[str, Any] = {"type": "array", "items": items}
        if origin is frozenset:
            out["uniqueItems"] = True
        if (owner, field) in _NONEMPTY:
            out["minItems"] = 1
        return out
    if tp is str and field in _SLUG_FIELDS:
        return {"type": "string", "pattern": _SLUG_PATTERN}
    if tp in _SCALARS:
        return dict(_SCALARS[tp])
    if (isinstance(tp, type) and issubclass(tp, enum.Enum)) or attrs.has(tp):
        return {"$ref": f"#/$defs/{tp.__name__}"}
    raise TypeError(f"no JSON Schema for {tp!r} ({owner}.{field})")  # pragma: no cover


def _class_schema(cls: type[Any], enums: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    props: dict[str, Any] = {}
    required: list[str] = []
    for a in attrs.fields(cls):
        tp = hints[a.name]
        for t in (tp, *typing.get_args(tp)):
            for u in (t, *typing.get_args(t)):
                if isinstance(u, type) and issubclass(u, enum.Enum):
                    enums[u.__name__] = u
        props[a.name] = _type_schema(tp, cls.__name__, a.name)
        if a.default is attrs.NOTHING:
            required.append(a.name)
    return {
        "type": "object",
        "description": _doc(cls),
        "properties": props,
        "required": required,
        "additionalProperties": False,
    }


def build_json_schema() -> dict[str, Any]:
    """
    Generate the JSON Schema (draft 2020-12) of one reform record in the data
    format from the attrs model.  The result is what
    ``data/schema/reform.schema.json`` holds.

    The schema checks shapes, names, patterns and required fields; the
    cross-field rules (chronological milestones, gravity matching the term,
    cited sources...) are checked by :func:`kzreforms.load`.
    """
    enums: dict[str, Any] = {}
    defs: dict[str, Any] = {cls.__name__: _class_schema(cls, enums) for cls in _SCHEMA_TYPES}
    defs["PartialDate"] = {
        "type": "string",
        "description": "An ISO partial date: '2024', '2023-07' or '2019-12-30'.",
        "pattern": _DATE_PATTERN,
    }
    for name in sorted(enums):
        e = enums[name]
        defs[name] = {
            "type": "string",
            "description": _doc(e),
            "enum": [str(m.value) for m in e],
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "kzreforms reform record",
        "description": (
            "One reform in the kzreforms data format (a file under data/reforms/). "
            "Source records (data/sources/) are described by $defs/Source."
        ),
        "$ref": "#/$defs/Reform",
        "$defs": dict(sorted(defs.items())),
    }


def schema_text() -> str:
    """The canonical text of the schema file (two-space indent, final newline)."""
    return json.dumps(build_json_schema(), ensure_ascii=False, indent=2) + "\n"


def json_schema() -> dict[str, Any]:
    """
    The JSON Schema of a reform record, as shipped in
    ``kzreforms/data/schema/reform.schema.json``.

    >>> from kzreforms._export import json_schema
    >>> json_schema()["$ref"]
    '#/$defs/Reform'
    """
    path = resources.files("kzreforms").joinpath("data/schema/reform.schema.json")
    out: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return out


def write_schema(path: str | os.PathLike[str] | None = None) -> Path:
    """Regenerate the shipped schema file (or write it to *path*)."""
    if path is None:
        path = Path(str(resources.files("kzreforms").joinpath("data/schema"))) / (
            "reform.schema.json"
        )
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    return _write_text(path, schema_text())


def _main(argv: Sequence[str] | None = None) -> int:  # pragma: no cover - maintenance helper
    """``python -m kzreforms._export``: regenerate the shipped schema file."""
    args = list(sys.argv[1:] if argv is None else argv)
    target = write_schema(args[0] if args else None)
    sys.stdout.write(f"wrote {target}\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_main())
